// Micro-batching and gradient accumulation: global batch = micro_batch × grad_accum × dp
// (sequences per optimizer step; Megatron's --global-batch-size rule).
#ifndef FITPLAN_STRATEGIES_ACCUMULATION_H_
#define FITPLAN_STRATEGIES_ACCUMULATION_H_

#include <cstdint>
#include <vector>

#include "planner/core/plan.h"
#include "strategies/workload.h"

namespace fitplan {

// Micro-batch sizes a data-parallel degree admits: the divisors of global_batch / dp, ascending
// (empty when dp does not divide the global batch).
std::vector<int32_t> MicroBatchChoices(int64_t global_batch, int64_t dp);

// The plan's micro_batch·grad_accum·dp reproduces the job's global batch.
bool AccumulationLegal(const Workload& w, const Plan& plan);

}  // namespace fitplan

#endif  // FITPLAN_STRATEGIES_ACCUMULATION_H_
