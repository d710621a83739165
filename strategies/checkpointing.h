// Activation memory per decoder layer and activation checkpointing (none / selective / full)
// (Korthikanti22 arXiv:2205.05198 §4 Table 2; shared/docs/cost-model.md §6.1–§6.2 "Llama block").
#ifndef FITPLAN_STRATEGIES_CHECKPOINTING_H_
#define FITPLAN_STRATEGIES_CHECKPOINTING_H_

#include "planner/core/plan.h"
#include "strategies/workload.h"

namespace fitplan {

// MLP width a token passes through: the dense ffn, or k routed + shared experts of moe_ffn,
// averaged over dense and MoE layers.
double TokenMlpWidth(const ModelSpec& m);

// Activation bytes of one micro-batch in one decoder layer on one rank.
struct LayerActivations {
  double saved = 0;        // kept from forward to backward under the plan's checkpointing
  double working_set = 0;  // one layer's full set, alive while it runs or is recomputed
  double backward_transient = 0;  // activation gradients of the layer being differentiated
};

// With FlashAttention (scores never stored; fp32 log-sum-exp 4·a·s·b), bytes per micro-batch:
//   gated MLP:  α·T·(6h + 2·q + 2·kv + 4f) + 4·a·T     (α=2, q=h: sbh(12 + 4g/a + 8f/h) + 4asb, eager SwiGLU;
//               3f under Megatron, whose fused SwiGLU keeps gate and up but not the activation)
//   GELU MLP:   α·T·(6h + 2·q + 2·kv + 2f) + 4·a·T
// T = b·s/cp tokens; the 4αTh of norm, QKV and MLP inputs is replicated across TP without SP,
// the rest ÷ tp. Selective keeps what SavesEveryOtherMatmul says outside Megatron and everything
// under Megatron (its core-attention recompute frees nothing FlashAttention keeps); full keeps
// only each layer's input αTh (÷ tp with SP).
// FP8 saves the Linear inputs in 1 byte (TransformerEngine, cost-model.md §3.6). Outside Megatron,
// each RMSNorm also keeps an fp32 copy of its input (4T·h per norm).
LayerActivations LayerActivationBytes(const Workload& w, const Plan& plan);

// `selective` follows the engine that runs it. Megatron-LM: --recompute-granularity selective
// recomputes the attention core (Korthikanti22 §5). Everywhere else: PyTorch's selective
// activation checkpointing with torchtitan's op policy (pytorch/torchtitan
// torchtitan/models/llama3/infra/parallelize.py `_apply_ac_to_transformer_block`,
// selective_ac_option = "op"): each decoder layer is checkpointed, and inside it the outputs of
// the matmuls and of attention are saved, except every second matmul.
bool SavesEveryOtherMatmul(const Plan& plan);

// Weights per token whose matmuls the op policy runs again in backward: the even ones of a
// layer's wq, wk, wv, wo, w1 (, w3), w2, i.e. wk, wo and w3 (gated) or w2 (GELU).
double OpPolicyRecomputedParamsPerToken(const ModelSpec& m);

// Share of a block's Linear weights (per token) that recompute runs again: all under full
// recompute, OpPolicyRecomputedParamsPerToken's share under the op policy, none otherwise.
double RecomputedLinearShare(const ModelSpec& m, const Plan& plan);

// Forward FLOPs that recomputation re-runs, split by the rate they run at: the Linear GEMMs
// (fp8 under fp8-mixed) and the attention scores and values (16 bit, the attention kernel's
// rate). Full: every layer's forward again, both; Megatron's selective: the attention core; the
// op policy: the matmuls it does not save (the caller's op_policy_matmul), SDPA's output saved.
struct RecomputeFlops {
  double matmul = 0;
  double attention = 0;
};
RecomputeFlops RecomputedForward(const Plan& plan, double forward_matmul, double forward_attention,
                                 double op_policy_matmul);

}  // namespace fitplan

#endif  // FITPLAN_STRATEGIES_CHECKPOINTING_H_
