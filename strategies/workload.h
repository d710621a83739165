// Workload: everything about a search that does not depend on the plan — the model and its derived
// counts, the job, the cluster and its topology-derived limits. Built once, shared read-only by
// every evaluation (threads included).
#ifndef FITPLAN_STRATEGIES_WORKLOAD_H_
#define FITPLAN_STRATEGIES_WORKLOAD_H_

#include "hardware/cluster.h"
#include "planner/core/engine.h"
#include "planner/core/job.h"
#include "planner/core/model_spec.h"
#include "planner/core/model_stats.h"

namespace fitplan {

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
