#include "strategies/peft.h"

#include <algorithm>

#include "planner/core/engine.h"
#include "strategies/calibration.h"
#include "strategies/checkpointing.h"
#include "strategies/precision.h"

namespace fitplan {
namespace {

bool AttentionOnly(const Plan& plan) { return plan.lora_targets == LoraTargets::kAttention; }

}  // namespace

double TrainableParams(const Workload& w, const Plan& plan, const StageParams& stage) {
  if (!plan.uses_lora()) return stage.block_params + stage.extra_params;
  return stage.layers * LoraParamsPerLayer(w.stats, plan.lora_rank, AttentionOnly(plan)) / plan.tp;
}

double FrozenWeightBytesOnRank(const Plan& plan, const StageParams& stage) {
  switch (plan.method) {
    case Method::kFull:
      return 0;
    case Method::kLora:
      return FrozenWeightBytes(plan.precision) * (stage.block_params + stage.extra_params);
    case Method::kQlora:
      break;
  }
  const double high_precision = plan.precision == Precision::kBf16 ? 2 : 4;
  const double small = stage.block_params - stage.block_linear_params + stage.extra_params;
  return kNf4BytesPerParam * stage.block_linear_params + high_precision * small;
}

double AdapterBytes(Precision precision) { return precision == Precision::kBf16 ? 2 : 4; }

double DequantBufferBytes(const Workload& w, const Plan& plan) {
  if (plan.method != Method::kQlora) return 0;
  const double n = w.stats.largest_linear_params / plan.tp;
  return 2 * n + 4 * n / 64;  // bf16 weight + fp32 absmax per 64-element block
}

double LoraActivationBytesPerToken(const Workload& w, const Plan& plan) {
  // Megatron casts the model to 16 bit instead of running autocast, and AutoModel's FSDP2
  // MixedPrecisionPolicy gathers every parameter, adapters included, in bf16: no casts to keep.
  if (!plan.uses_lora() || plan.precision == Precision::kBf16 ||
      EngineFor(plan) == Engine::kMegatron || EngineFor(plan) == Engine::kAutomodel) {
    return 0;
  }
  double inputs = 0;  // Σ in_features over targeted Linears of one block
  for (int i = 0; i < w.stats.num_linears; ++i) {
    const LinearShape& l = w.stats.linears[i];
    if (AttentionOnly(plan) && !l.attention) continue;
    inputs += l.in_features * (l.copies > 1 ? w.model.experts_per_token : 1);
  }
  return calib::kLoraSavedInputCopies * ActivationBytes(plan.precision) * inputs / plan.tp;
}

double QuantizedInputActivationBytesPerToken(const Workload& w, const Plan& plan) {
  if (plan.method != Method::kQlora) return 0;
  const ModelSpec& m = w.model;
  // The distinct inputs of a block's Linear layers: the pre-norm outputs feeding QKV and the MLP
  // (one when attention and MLP share a norm), the attention output feeding o_proj, and the
  // activation product feeding down_proj (k routed experts' worth for MoE).
  const double pre_norms = double(std::min<int64_t>(m.norms_per_layer, 2));
  const double q = double(m.heads) * double(m.head_dim);
  return ActivationBytes(plan.precision) * (pre_norms * double(m.hidden) + q + TokenMlpWidth(m)) /
         plan.tp;
}

double DequantTrafficBytesPerPass(const Plan& plan, const StageParams& stage) {
  if (plan.method != Method::kQlora) return 0;
  return (kNf4BytesPerParam + 2 + 2) * stage.block_linear_params;
}

bool PeftLegal(const Plan& plan, JobKind kind) {
  if (!plan.uses_lora()) return true;
  if (kind == JobKind::kPretrain) return false;
  if (plan.lora_rank < 1) return false;
  if (plan.method == Method::kQlora && (plan.tp > 1 || plan.pp > 1)) return false;
  return true;
}

}  // namespace fitplan
