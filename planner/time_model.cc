#include "planner/time_model.h"

#include <algorithm>
#include <limits>

#include "planner/core/engine.h"
#include "planner/core/units.h"
#include "strategies/calibration.h"
#include "strategies/checkpointing.h"
#include "strategies/offload.h"
#include "strategies/peft.h"
#include "strategies/precision.h"
#include "strategies/sharding.h"

namespace fitplan {

namespace {

double DpOverlapFraction(Engine engine) {
  switch (engine) {
    case Engine::kTorch:
      return calib::kDpOverlapTorch;
    case Engine::kDeepSpeed:
      return calib::kDpOverlapDeepSpeed;
    case Engine::kFsdp:
    case Engine::kTorchtitan:  // FSDP2 prefetches the next unit's all-gather the same way
    case Engine::kAutomodel:
      return calib::kDpOverlapFsdp;
    case Engine::kMegatron:
      break;
  }
  return calib::kDpOverlapMegatron;
}

}  // namespace

StepFlops StepFlopsFor(const Workload& w, const Plan& plan) {
  const ModelStats& s = w.stats;
  const double seq = plan.seq_len;
  const double tokens = double(w.job.global_batch) * seq;
  const double n = s.matmul_params_per_token;
  // Forward 2N per token; backward 4N (dgrad + wgrad), only dgrad 2N through frozen weights
  // (Megatron training.py num_floating_point_operations: each GEMM runs 3×, 2mnk FLOPs).
  double matmul_per_token = plan.uses_lora() ? 4 * n : 6 * n;
  if (plan.uses_lora()) {
    const bool attention_only = plan.lora_targets == LoraTargets::kAttention;
    matmul_per_token += 6 * w.model.layers * LoraParamsPerLayer(s, plan.lora_rank, attention_only);
  }
  // Attention: 4·L·q·s forward per token (PaLM 12·L·H·Q·T over fwd+bwd); causal kernels run
  // about half of it (cost-model.md §11.2).
  const double attn_fwd_dense = 4.0 * w.model.layers * s.attention_width * seq;
  // Eager attention computes every score and masks afterwards: the dense count.
  const double attn_fwd = w.job.attention == AttentionKind::kEager
                              ? attn_fwd_dense
                              : attn_fwd_dense * calib::kCausalAttentionFraction;
  StepFlops f;
  f.matmul = tokens * matmul_per_token;
  f.attention = tokens * 3 * attn_fwd;
  const double op_policy = 2 * OpPolicyRecomputedParamsPerToken(w.model);
  // Checkpointing wraps the decoder blocks, so the output projection (V·h) is not re-run
  // (Megatron transformer_block.py _checkpointed_forward; HF gradient_checkpointing_enable on
  // the decoder layers; torchtitan apply_ac per TransformerBlock).
  const double block_matmul = n - double(w.model.vocab) * w.model.hidden;
  const RecomputeFlops rerun = RecomputedForward(plan, 2 * block_matmul, attn_fwd, op_policy);
  f.recompute = tokens * (rerun.matmul + rerun.attention);
  f.recompute_attention = tokens * rerun.attention;
  // MFU counts what the method needs without recompute: for LoRA the frozen weights' forward
  // and dgrad (4N) plus the adapters, not the 6N of full training.
  f.model = tokens * (matmul_per_token + 3 * attn_fwd_dense);
  return f;
}

double MatmulEfficiency(double hidden, double tokens_per_micro_batch) {
  return calib::kMaxMatmulEfficiency * hidden / (hidden + calib::kHalfEfficiencyHidden) *
         tokens_per_micro_batch / (tokens_per_micro_batch + calib::kHalfEfficiencyTokens);
}

double LinearEfficiency(const Workload& w, const Plan& plan, double tokens_per_micro_batch) {
  const double dense = MatmulEfficiency(w.model.hidden, tokens_per_micro_batch);
  const double routed_share =
      w.stats.routed_matmul_params_per_token / w.stats.matmul_params_per_token;
  if (routed_share <= 0) return dense;
  // A routed expert's GEMMs are the same curve at their own shape: the narrower of h and the
  // expert width, and the tokens routed to one expert, T·k/E from each of the ep ranks that hold
  // a share of the experts (balanced routing; GShard, arXiv 2006.16668 §2.2). Fine-grained
  // experts (Qwen3-MoE: 128 of width 768, top-8) run far below their dense layers' efficiency.
  const ModelSpec& m = w.model;
  const double expert_tokens =
      tokens_per_micro_batch * double(m.experts_per_token) * plan.ep / double(m.experts);
  const double routed = MatmulEfficiency(double(std::min(m.hidden, m.moe_ffn)), expert_tokens);
  return 1.0 / ((1 - routed_share) / dense + routed_share / routed);  // time-weighted by FLOPs
}

namespace {

// ComputeRatesFor with the engine given: a search prefix has not settled it yet.
ComputeRates RatesOn(const Workload& w, const Plan& plan, Engine engine) {
  const GpuSpec& gpu = w.cluster.gpu;
  const double tokens_mb = double(plan.micro_batch) * plan.seq_len / plan.cp;
  ComputeRates r;
  // attention runs in 16 bit (TE default)
  r.attention = MfuPeakFlops(gpu) * MatmulEfficiency(w.model.hidden, tokens_mb);
  r.matmul = MatmulPeakFlops(gpu, plan.precision) * LinearEfficiency(w, plan, tokens_mb);
  if (gpu.hopper_or_later()) {  // calibration.h "Hopper and later": the curve was fitted on A100s
    r.matmul *= calib::kHopperMatmulFactor;
    // Megatron's cuDNN fused attention is built for Hopper: no deficit against the curve.
    if (engine != Engine::kMegatron) r.attention *= calib::kHopperFlashAttention2Factor;
  }
  if (plan.precision == Precision::kFp8Mixed) r.matmul *= calib::kFp8EfficiencyFactor;
  if (plan.method == Method::kQlora) r.matmul *= calib::kQloraMatmulEfficiencyFactor;
  return r;
}

}  // namespace

ComputeRates ComputeRatesFor(const Workload& w, const Plan& plan) {
  return RatesOn(w, plan, EngineFor(plan));
}

double StepSecondsLowerBound(const Workload& w, const Plan& prefix,
                             std::span<const int32_t> micro_batches, const LayoutLinks& links) {
  Plan p = prefix;
  p.checkpointing = Checkpointing::kNone;      // no recompute
  const StepFlops flops = StepFlopsFor(w, p);  // the same for every micro-batch size
  double compute_and_bubble = std::numeric_limits<double>::infinity();
  for (int32_t mb : micro_batches) {
    p.micro_batch = mb;
    p.grad_accum = int32_t(w.job.global_batch / (int64_t(mb) * p.dp));
    // The prefix's engine is not final (sharding comes later): Megatron's, the fastest attention.
    const ComputeRates rates = RatesOn(w, p, Engine::kMegatron);
    const double compute =
        (flops.matmul / rates.matmul + flops.attention / rates.attention) / double(p.gpus());
    compute_and_bubble = std::min(compute_and_bubble, compute * (1 + PipelineBubbleFraction(p)));
  }
  // p holds the largest micro-batch now: the fewest collectives.
  const StageParams stage = StageParamsFor(w, p, /*first_stage=*/true);
  const double act_bytes = ActivationBytes(p.precision);
  return compute_and_bubble +
         TpCommExposedFraction(w, p) *
             TensorParallelSeconds(w, p, stage, act_bytes, /*recompute_forward=*/false, links.tp) +
         PipelineSendSeconds(w, p, act_bytes, links.pp);
}

void ComputeTime(const Workload& w, const LayoutLinks& links, const Plan& plan,
                 const StageLoad& load, double paged_evicted_bytes, TimeLedger* time,
                 CostLedger* cost) {
  const GpuSpec& gpu = w.cluster.gpu;
  const double gpus = double(plan.gpus());
  const StepFlops flops = StepFlopsFor(w, plan);
  const ComputeRates rates = ComputeRatesFor(w, plan);
  const double mm_rate = rates.matmul, attn_rate = rates.attention;

  TimeBreakdown& t = time->breakdown;
  t.compute = (flops.matmul / mm_rate + flops.attention / attn_rate) / gpus;
  // Recomputed attention runs at the attention kernel's rate, not the (fp8) GEMMs' (torch
  // checkpoint re-runs the whole block, SDPA included; Korthikanti22 §5 recomputes the core): at
  // 64k+ tokens it is most of what full checkpointing re-runs (torchtitan's CP rows 295-297,
  // 303-305).
  t.recompute = ((flops.recompute - flops.recompute_attention) / mm_rate +
                 flops.recompute_attention / attn_rate) /
                gpus;
  // QLoRA dequantizes every Linear in each forward and backward, and what recompute reruns.
  const double passes = (2 + RecomputedLinearShare(w.model, plan)) * plan.grad_accum;
  t.compute += passes * DequantTrafficBytesPerPass(plan, load.stage) / gpu.hbm_bytes_per_s;

  const bool recompute_fwd = plan.checkpointing == Checkpointing::kFull;
  const double act_bytes = ActivationBytes(plan.precision);
  t.tp_comm = TpCommExposedFraction(w, plan) *
              TensorParallelSeconds(w, plan, load.stage, act_bytes, recompute_fwd, links.tp);
  t.ep_comm = ExpertParallelSeconds(w, plan, load.stage, act_bytes, recompute_fwd, links.ep);
  t.cp_comm = ContextParallelSeconds(w, plan, load.stage, act_bytes,
                                     flops.attention / attn_rate / gpus, links.cp);
  t.pp_comm = PipelineSendSeconds(w, plan, act_bytes, links.pp);
  t.pp_bubble = PipelineBubbleFraction(plan) * (t.compute + t.recompute + t.tp_comm);

  // Data-parallel traffic hides behind compute except what overlaps cannot cover
  // (calculon _compute_batch_stats; the last micro-step's backward hides the per-step sync).
  const DataParallelComm dp =
      DataParallelCommFor(w, plan, load.stage, links, load.gather_bytes_per_param,
                          load.trainable_params, load.grad_comm_bytes);
  const double busy_per_micro_step = (t.compute + t.recompute) / plan.grad_accum;
  const double backward_per_micro_step = busy_per_micro_step * 2 / 3;
  const double overlap = DpOverlapFraction(EngineFor(plan));
  t.dp_comm = plan.grad_accum * std::max(0.0, dp.per_micro_step_s - overlap * busy_per_micro_step) +
              std::max(0.0, dp.per_step_s - overlap * backward_per_micro_step) + dp.after_step_s;

  const double ranks_per_node = double(std::min<int64_t>(w.cluster.gpus_per_node, plan.gpus()));
  const double trainable_shard = load.trainable_params / load.optimizer_divisor;
  const double params_shard = (load.stage.block_params + load.stage.extra_params) /
                              ShardDivisorsFor(plan, w.cluster.gpus_per_node).weight;
  t.offload =
      OffloadTimeFor(w, plan, trainable_shard, params_shard, int64_t(ranks_per_node)).total();
  const double pcie = gpu.pcie_bytes_per_s * calib::kPcieEfficiency;
  t.offload += 2 * paged_evicted_bytes / pcie;
  if (load.optimizer_on_gpu) {
    t.optimizer = load.optimizer_traffic_bytes * trainable_shard / gpu.hbm_bytes_per_s;
  }

  time->step_seconds = t.Total();
  const double tokens_per_step = double(w.job.global_batch) * plan.seq_len;
  time->tokens_per_second = tokens_per_step / time->step_seconds;
  time->mfu = flops.model / (time->step_seconds * gpus * MfuPeakFlops(gpu));

  cost->training_hours = w.job.train_tokens / time->tokens_per_second / kSecondsPerHour;
  cost->gpu_hours = cost->training_hours * gpus;
  cost->usd = cost->gpu_hours * w.cluster.price_per_gpu_hour;
}

}  // namespace fitplan
