#include "strategies/accumulation.h"

namespace fitplan {

std::vector<int32_t> MicroBatchChoices(int64_t global_batch, int64_t dp) {
  std::vector<int32_t> out;
  if (dp <= 0 || global_batch % dp != 0) return out;
  // Divisors in pairs (b, n/b) up to √n: O(√n) even for a 2^24-sequence batch on one replica.
  const int64_t per_replica = global_batch / dp;
  std::vector<int32_t> large;
  for (int64_t b = 1; b * b <= per_replica; ++b) {
    if (per_replica % b != 0) continue;
    out.push_back(int32_t(b));
    if (b * b != per_replica) large.push_back(int32_t(per_replica / b));
  }
  out.insert(out.end(), large.rbegin(), large.rend());
  return out;
}

bool AccumulationLegal(const Workload& w, const Plan& plan) {
  return plan.micro_batch >= 1 && plan.grad_accum >= 1 &&
         int64_t(plan.micro_batch) * plan.grad_accum * plan.dp == w.job.global_batch;
}

}  // namespace fitplan
