// `fitplan export --to torchtitan`: the job config TOML torchtitan's trainer reads
// (torchtitan/config/job_config.py) for a plan that composes FSDP2 with tensor, pipeline or
// context parallelism, written with what the cost model assumed (reduce in fp32, torchtitan's op
// policy for selective checkpointing, sequence-parallel TP, vocabulary-parallel loss).
#ifndef FITPLAN_PLANNER_EXPORT_TORCHTITAN_H_
#define FITPLAN_PLANNER_EXPORT_TORCHTITAN_H_

#include "planner/core/plan.h"
#include "strategies/workload.h"

namespace fitplan {

struct ExportFile;

// REQUIRES: EngineFor(plan) == Engine::kTorchtitan, PlanLegal(workload, plan).
ExportFile TorchtitanConfig(const Workload& workload, const Plan& plan);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_EXPORT_TORCHTITAN_H_
