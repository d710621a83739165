// Workload: everything about a search that does not depend on the plan — the model and its derived
// counts, the job, the cluster and its topology-derived limits. Built once, shared read-only by
// every evaluation (threads included).
#ifndef FITPLAN_STRATEGIES_WORKLOAD_H_
#define FITPLAN_STRATEGIES_WORKLOAD_H_

#include "hardware/cluster.h"
#include "planner/core/job.h"
#include "planner/core/model_spec.h"
#include "planner/core/model_stats.h"

namespace fitplan {

// The framework a plan runs on; it decides conventions the plan fields leave open (gradient
// dtype, buffers, loading). Derived from the plan (EngineFor), never chosen separately.
enum class Engine { kTorch, kDeepSpeed, kFsdp, kMegatron };
inline constexpr const char* kEngineNames[] = {"torchrun", "deepspeed", "fsdp", "megatron"};

struct Workload {
  ModelSpec model;
  ModelStats stats;
  Job job;
  Cluster cluster;
  double gpu_usable_bytes = 0;   // label × calib::kGpuUsableFraction
  double host_usable_bytes = 0;  // cpu_ram per node × (1 − calib::kHostRamReservedFraction)
};

Workload MakeWorkload(const ModelSpec& model, const Job& job, const Cluster& cluster);

}  // namespace fitplan

#endif  // FITPLAN_STRATEGIES_WORKLOAD_H_
