// The memory half of the cost model: per-GPU bytes by term and phase, the peak over phases, and
// host RAM and NVMe per node (shared/docs/cost-model.md §0.2, §0.3, §4.4, §10).
#ifndef FITPLAN_PLANNER_MEMORY_MODEL_H_
#define FITPLAN_PLANNER_MEMORY_MODEL_H_

#include "planner/core/estimate.h"
#include "planner/core/plan.h"
#include "strategies/parallelism.h"
#include "strategies/precision.h"
#include "strategies/sharding.h"
#include "strategies/workload.h"

namespace fitplan {

// The quantities the time model shares with the memory model for one stage.
struct StageLoad {
  StageParams stage;
  TrainableBytes widths;          // bytes per trainable param (LoRA: the adapters' dtype)
  ShardDivisors divisors;         // ranks each model state is split over
  double state_bytes = 0;         // optimizer state bytes per trainable param
  double trainable_params = 0;  // on this rank before data-parallel sharding
  double gather_bytes_per_param = 0;
  double grad_comm_bytes = 0;   // bytes per gradient element on the wire
  double optimizer_traffic_bytes = 0;  // device bytes the GPU optimizer step touches per param
  double optimizer_divisor = 1;        // ranks the optimizer step is split over
  bool optimizer_on_gpu = true;
  double paged_state_bytes = 0;  // paged 8-bit states of this rank (elastic, outside the allocator)
};

StageLoad StageLoadFor(const Workload& w, const Plan& plan, bool first_stage);

// Fills the GPU part of `memory` (breakdown, allocated, fragmentation, runtime, peak) for the
// busiest stage of `plan`, and the host RAM and NVMe per node. Returns the first stage's load,
// which the time model uses (it holds the most in-flight micro-batches).
StageLoad ComputeMemory(const Workload& w, const Plan& plan, MemoryLedger* memory);

// Bytes per logit the loss holds at its peak on the last stage: Megatron's vocab-parallel
// cross-entropy, HF's upcasting loss on every other engine and precision (strategies/
// calibration.h says which measurements set each).
double LossBytesPerLogit(const Plan& plan);

// Persistent model states on the first stage × fragmentation + runtime (see PeakLowerBound).
double PersistentPeakBytes(const Workload& w, const Plan& plan);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_MEMORY_MODEL_H_
