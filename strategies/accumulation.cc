#include "strategies/accumulation.h"

namespace fitplan {

std::vector<int32_t> MicroBatchChoices(int64_t global_batch, int64_t dp) {
  std::vector<int32_t> out;
  if (dp <= 0 || global_batch % dp != 0) return out;
  const int64_t per_replica = global_batch / dp;
  for (int64_t b = 1; b <= per_replica; ++b) {
    if (per_replica % b == 0) out.push_back(int32_t(b));
  }
  return out;
}

bool AccumulationLegal(const Workload& w, const Plan& plan) {
  return plan.micro_batch >= 1 && plan.grad_accum >= 1 &&
         int64_t(plan.micro_batch) * plan.grad_accum * plan.dp == w.job.global_batch;
}

}  // namespace fitplan
