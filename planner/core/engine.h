// Which framework runs a plan (shared/docs/architecture.md: DeepSpeed, PyTorch FSDP/torchrun,
// Megatron-LM). Model parallelism (tp, pp, cp, ep > 1) and FP8 LoRA need Megatron-LM, except that
// FSDP composed with tensor, pipeline or context parallelism runs PyTorch-native (FSDP2 + DTensor
// TP/SP + ring-attention CP): torchtitan for whole-model training (+ torch.distributed.pipelining,
// arXiv 2410.06511), NeMo AutoModel for LoRA (NVIDIA-NeMo/Automodel FSDP2Manager + PeftConfig,
// whose published Llama-3.3-70B LoRA runs on 8 H100s use TP 2 × FSDP 4; AutomodelComposes says
// which layouts). ZeRO stages are DeepSpeed's; FSDP variants are PyTorch's; plain data parallelism
// is torchrun + DDP. The engine decides conventions the plan fields leave open (gradient dtype,
// buffers, loading); it is derived from the plan, never chosen separately (a --fix engine=… pin
// filters on it).
#ifndef FITPLAN_PLANNER_CORE_ENGINE_H_
#define FITPLAN_PLANNER_CORE_ENGINE_H_

#include <array>
#include <string_view>

#include "planner/core/plan.h"

namespace fitplan {

enum class Engine { kTorch, kDeepSpeed, kFsdp, kMegatron, kTorchtitan, kAutomodel };
inline constexpr std::array<std::string_view, 6> kEngineNames = {
    "torchrun", "deepspeed", "fsdp", "megatron", "torchtitan", "automodel"};

inline bool IsFsdp(Sharding sharding) {
  return sharding == Sharding::kFsdpFull || sharding == Sharding::kFsdpGradOp ||
         sharding == Sharding::kFsdpHybrid;
}

// The PyTorch-native FSDP2 stacks share their conventions: FSDP2 over the dp × cp mesh, gradients
// reduced in fp32, each rank loading its own checkpoint shards.
inline bool RunsFsdp2(Engine engine) {
  return engine == Engine::kTorchtitan || engine == Engine::kAutomodel;
}

inline Engine EngineFor(const Plan& plan) {
  if (plan.tp > 1 || plan.pp > 1 || plan.cp > 1 || plan.ep > 1) {
    if (!IsFsdp(plan.sharding)) return Engine::kMegatron;
    return plan.method == Method::kFull ? Engine::kTorchtitan : Engine::kAutomodel;
  }
  // FP8 LoRA is NeMo/Megatron's recipe (Transformer Engine runs the frozen base in FP8; PEFT on
  // torch, FSDP or DeepSpeed has no FP8 path for frozen Linear layers), with data parallelism
  // alone too.
  if (plan.method == Method::kLora && plan.precision == Precision::kFp8Mixed) {
    return Engine::kMegatron;
  }
  switch (plan.sharding) {
    case Sharding::kZero1:
    case Sharding::kZero2:
    case Sharding::kZero3:
      return Engine::kDeepSpeed;
    case Sharding::kFsdpFull:
    case Sharding::kFsdpGradOp:
    case Sharding::kFsdpHybrid:
      return Engine::kFsdp;
    case Sharding::kNone:
      break;
  }
  return Engine::kTorch;
}

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_CORE_ENGINE_H_
