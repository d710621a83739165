// The cost model: composes the strategies' memory and time terms for one plan into an Estimate
// (shared/docs/cost-model.md §0, §10). A pure function of (workload, layout links, plan): the
// search calls it from many threads; it allocates nothing.
#ifndef FITPLAN_PLANNER_COST_MODEL_H_
#define FITPLAN_PLANNER_COST_MODEL_H_

#include "planner/core/estimate.h"
#include "planner/core/plan.h"
#include "strategies/parallelism.h"
#include "strategies/workload.h"

namespace fitplan {

// Evaluates `plan`. `links` are LinksFor(topology, plan, ...) for the plan's layout.
// REQUIRES: PlanLegal(workload, plan); plan.seq_len > 0.
Estimate Evaluate(const Workload& workload, const LayoutLinks& links, const Plan& plan);

// A lower bound on gpu_peak_bytes over every micro_batch and checkpointing choice of `plan`:
// the persistent model states and runtime overhead alone (cost-model.md §0.1 "Pruning").
double PeakLowerBound(const Workload& workload, const Plan& plan);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_COST_MODEL_H_
