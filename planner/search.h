// The search: every legal plan of the space for a workload on a cluster, evaluated in parallel
// (TBB), pruned where model states alone cannot fit, ranked into a deterministic top-K
// (shared/docs/architecture.md "The search").
#ifndef FITPLAN_PLANNER_SEARCH_H_
#define FITPLAN_PLANNER_SEARCH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "hardware/topology.h"
#include "planner/core/estimate.h"
#include "planner/core/job.h"
#include "strategies/workload.h"

namespace fitplan {

struct SearchOptions {
  int top = 10;                          // plans returned
  int closest = 3;                       // best non-fitting plans kept, for "nothing fits"
  Objective objective = Objective::kCost;
  int threads = 0;                       // 0 = every core
  PlanFilter fix;                        // --fix pins, intersected with the job's allow lists
  bool prune = true;                     // skip prefixes whose model states cannot fit
  double max_hours = 0;                  // training hours allowed (0 = no limit)
  double max_usd = 0;                    // dollars allowed for the job (0 = no limit)
  bool pareto = false;                   // also collect the Pareto front (see SearchResult)
  double time_limit_s = 300;             // stop after this wall time; what was reached is ranked
  int64_t max_plans = 2'000'000'000;     // stop after this many plans (evaluated + pruned)
  // Cost objective only: a plan elsewhere (another cluster: `fitplan rent`) already costs this
  // many dollars, so the caller wants only cheaper plans. With prune, prefixes whose cost lower
  // bound exceeds it by more than the ranking's 0.1% tie band are skipped: the result is exact
  // when its first plan fits and costs ≤ usd_to_beat × 1.001; otherwise cheaper plans may be
  // missing. 0 = none.
  double usd_to_beat = 0;
};

struct SearchStats {
  int64_t space = 0;      // legal plans
  int64_t evaluated = 0;
  int64_t pruned = 0;     // legal plans skipped by the lower bound
  int64_t feasible = 0;   // evaluated plans that fit (within the budget, when one is set)
  int64_t over_budget = 0;  // plans that fit in memory but exceed --max-hours / --max-usd
  double seconds = 0;
  double plans_per_second = 0;  // (evaluated + pruned) / seconds
  int threads = 0;
  std::string cut;  // why the search stopped early ("" when it covered the whole space)
};

struct SearchResult {
  std::vector<Estimate> plans;    // fitting plans, best first, at most `top`
  std::vector<Estimate> closest;  // non-fitting plans that came closest, when none fit
  // With options.pareto: the fitting plans no other plan beats on cost, training hours and memory
  // headroom (usable − peak) at once, one per recipe, cheapest first.
  std::vector<Estimate> pareto;
  SearchStats stats;
};

SearchResult Search(const Workload& workload, const Topology& topology,
                    const SearchOptions& options);

// A lower bound on the dollars of every plan Search(workload, ..., options) can find, without
// enumerating them: over the methods, LoRA ranks and targets and precisions the job, --fix and the
// layout-free legality rules (peft, precision) allow, the compute alone (StepSecondsLowerBound)
// with the whole global batch in one micro-batch, an efficiency no layout exceeds (it grows with
// tokens per micro-batch). The job's FLOPs do not depend on the layout, so the GPU count cancels
// out of the dollars: the bound holds for any cluster of this GPU at this price.
double CostLowerBound(const Workload& workload, const SearchOptions& options);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_SEARCH_H_
