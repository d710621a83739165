// Which framework runs a plan (shared/docs/architecture.md: DeepSpeed, PyTorch FSDP/torchrun,
// Megatron-LM). Model parallelism (tp, pp, cp, ep > 1) needs Megatron-LM; ZeRO stages are
// DeepSpeed's; FSDP variants are PyTorch's; plain data parallelism is torchrun + DDP.
#ifndef FITPLAN_STRATEGIES_ENGINE_H_
#define FITPLAN_STRATEGIES_ENGINE_H_

#include "planner/core/plan.h"
#include "strategies/workload.h"

namespace fitplan {

inline Engine EngineFor(const Plan& plan) {
  if (plan.tp > 1 || plan.pp > 1 || plan.cp > 1 || plan.ep > 1) return Engine::kMegatron;
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

#endif  // FITPLAN_STRATEGIES_ENGINE_H_
