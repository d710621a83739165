#include "strategies/checkpointing.h"

#include "planner/core/engine.h"
#include "strategies/peft.h"
#include "strategies/precision.h"

namespace fitplan {
namespace {

// Widths of a block's projections per token: query a·d_h and key/value g·d_h.
double QueryWidth(const ModelSpec& m) { return double(m.heads) * m.head_dim; }
double KvWidth(const ModelSpec& m) { return double(m.kv_heads) * m.head_dim; }

}  // namespace

double TokenMlpWidth(const ModelSpec& m) {
  if (m.architecture != Architecture::kMoe || m.experts == 0) return double(m.ffn);
  const double moe_layers = double(m.layers - m.dense_layers);
  const double moe_width = double(m.moe_ffn) * double(m.experts_per_token + m.shared_experts);
  return (moe_layers * moe_width + double(m.dense_layers) * m.ffn) / m.layers;
}

LayerActivations LayerActivationBytes(const Workload& w, const Plan& plan) {
  const ModelSpec& m = w.model;
  const double alpha = ActivationBytes(plan.precision);
  const double seq = plan.seq_len > 0 ? plan.seq_len : w.job.seq_len;
  const double T = plan.micro_batch * seq / plan.cp;
  const double h = m.hidden, t = plan.tp;
  const double q = QueryWidth(m), kv = KvWidth(m);
  const double f = TokenMlpWidth(m);
  // Transformer Engine keeps a Linear's input only when its weight needs a gradient
  // (transformer_engine/pytorch/module/linear.py: saved_inputmat under weight.requires_grad), and
  // Megatron-Core's LoRA adapters keep the inputs of the Linears they wrap, in 16 bit. So a
  // Megatron LoRA plan keeps no input of an untargeted Linear (attention-only: the MLP's input and
  // the down projection's) and no FP8 copy of a targeted one.
  const bool megatron = EngineFor(plan) == Engine::kMegatron;
  const bool megatron_lora = plan.uses_lora() && megatron;
  const bool untargeted_mlp = megatron_lora && plan.lora_targets == LoraTargets::kAttention;
  // Eager SwiGLU: gate, up, act, product (the down projection's input); GELU: fc1 out, act out.
  // Megatron's fused SwiGLU keeps only its input, gate and up (megatron/core/fusions/
  // fused_bias_swiglu.py SwiGLUFunction: save_for_backward(input)), and recomputes the activation:
  // gate, up, product.
  const double gated_tensors = megatron ? 3 : 4;
  const double mlp_tensors = (m.gated_mlp ? gated_tensors : 2) - (untargeted_mlp ? 1 : 0);

  double replicated = alpha * T * (untargeted_mlp ? 3 : 4) * h;  // norm inputs, QKV in, MLP in
  // Eager RMSNorm (HF LlamaRMSNorm, torchtune, litgpt) upcasts its input to fp32 and autograd keeps
  // that copy for pow/rsqrt's backward: +4 B per element per norm. Fused norms (Megatron/TE,
  // nn.LayerNorm's kernel) keep only the input and rstd. Set by LIT-11/LIT-14 (Llama-2-7B, +7.2 GiB
  // per sequence of 1304 tokens measured vs 6.1 without it: 45 vs 37.5 bytes·h per token·layer).
  if (m.norm == NormKind::kRmsNorm && EngineFor(plan) != Engine::kMegatron) {
    replicated += 4.0 * T * h * double(m.norms_per_layer);
  }
  const double attention = alpha * T * (2 * q + 2 * kv) + 4 * double(m.heads) * T;
  double fp8_saving = 0;
  if (plan.precision == Precision::kFp8Mixed && !megatron_lora) {
    fp8_saving = 0.5 * alpha * T * (2 * h + q + f);
  }
  const double lora =  // already ÷ tp
      (LoraActivationBytesPerToken(w, plan) + QuantizedInputActivationBytesPerToken(w, plan)) * T;

  auto saved_with_mlp = [&](double mlp) {
    const double split = attention + alpha * T * mlp * f - fp8_saving;
    return (plan.sp ? (replicated + split) / t : replicated + split / t) + lora;
  };
  // Eager attention keeps the score matrix, heads·T·s elements a layer (every key of the
  // sequence per query). HF's eager path (transformers modeling_llama.py eager_attention_forward)
  // keeps softmax's fp32 output for its backward and the α-byte copy the value matmul saves,
  // 4 + α bytes (4 in fp32); the α-byte scores live until the softmax returns. Megatron's
  // unfused softmax keeps output, dropout mask and dropout output: 5 bytes (Korthikanti22 §4,
  // the 5as/h term).
  double scores_kept = 0, scores_running = 0;
  if (w.job.attention == AttentionKind::kEager) {
    const double elements = double(m.heads) / t * T * seq;
    scores_kept = (megatron ? 5 : 4 + (alpha < 4 ? alpha : 0)) * elements;
    scores_running = scores_kept + (megatron ? 0 : alpha * elements);
  }
  LayerActivations a;
  const double all_kept = saved_with_mlp(mlp_tensors);
  a.working_set = all_kept + scores_running;
  switch (plan.checkpointing) {
    case Checkpointing::kNone:
      a.saved = all_kept + scores_kept;
      break;
    case Checkpointing::kSelective:
      if (SavesEveryOtherMatmul(plan)) {
        // torchtitan's op policy: the layer input (the checkpoint's argument) and the outputs it
        // must save: wq, wv, w1 (and w2 when gated: the odd matmuls of wq wk wv wo w1 w3 w2),
        // attention's output and fp32 log-sum-exp. Norms, rotary, activation functions, the
        // even matmuls, eager attention's scores (batched matmuls and softmax, not aten.mm) and
        // LoRA's casts are recomputed (adapter outputs are r wide).
        const double split =
            alpha * T * (2 * q + kv + f + (m.gated_mlp ? h : 0)) + 4 * double(m.heads) * T;
        const double input = alpha * T * h;
        a.saved = plan.sp ? (input + split) / t : input + split / t;
      } else {
        // Megatron recomputes the core attention (--recompute-modules core_attn): with eager
        // attention that frees the scores (Korthikanti22's point); a FlashAttention kernel keeps
        // only Q, K, V, O and the log-sum-exp, all counted above, so there it frees nothing
        // (cost-model.md §6.2) and only costs time.
        a.saved = all_kept;
      }
      break;
    case Checkpointing::kFull:
      a.saved = alpha * T * h / (plan.sp ? t : 1);
      break;
  }
  a.backward_transient = alpha * T * (2 * h + 2 * f) / t;
  return a;
}

bool SavesEveryOtherMatmul(const Plan& plan) {
  return plan.checkpointing == Checkpointing::kSelective && EngineFor(plan) != Engine::kMegatron;
}

double OpPolicyRecomputedParamsPerToken(const ModelSpec& m) {
  const double h = m.hidden;
  return double(m.layers) * (h * KvWidth(m) + QueryWidth(m) * h + h * TokenMlpWidth(m));
}

double RecomputedLinearShare(const ModelSpec& m, const Plan& plan) {
  if (plan.checkpointing == Checkpointing::kFull) return 1;
  if (!SavesEveryOtherMatmul(plan)) return 0;
  const double h = m.hidden;
  const double block = 2 * h * QueryWidth(m) + 2 * h * KvWidth(m) +  // wq, wo; wk, wv
                       (m.gated_mlp ? 3 : 2) * h * TokenMlpWidth(m);
  return OpPolicyRecomputedParamsPerToken(m) / (double(m.layers) * block);
}

RecomputeFlops RecomputedForward(const Plan& plan, double forward_matmul, double forward_attention,
                                 double op_policy_matmul) {
  switch (plan.checkpointing) {
    case Checkpointing::kNone:
      break;
    case Checkpointing::kSelective:
      if (SavesEveryOtherMatmul(plan)) return {op_policy_matmul, 0};
      return {0, forward_attention};
    case Checkpointing::kFull:
      return {forward_matmul, forward_attention};
  }
  return {};
}

}  // namespace fitplan
