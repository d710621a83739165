#include "planner/ranking.h"

#include <tuple>

namespace fitplan {

bool RanksBefore(const Estimate& a, const Estimate& b, Objective objective) {
  if (a.verdict != b.verdict) return a.verdict < b.verdict;  // fits before tight
  auto key = [objective](const Estimate& e) {
    const double usd = e.cost.usd, step = e.time.step_seconds, peak = e.memory.gpu_peak_bytes;
    switch (objective) {
      case Objective::kTime:
        return std::make_tuple(step, usd, peak);
      case Objective::kMemory:
        return std::make_tuple(peak, usd, step);
      case Objective::kCost:
        break;
    }
    return std::make_tuple(usd, step, peak);
  };
  const auto ka = key(a), kb = key(b);
  if (ka != kb) return ka < kb;
  return ComparePlans(a.plan, b.plan) < 0;
}

bool CloserThan(const Estimate& a, const Estimate& b) {
  const double ra = a.limit_needed / a.limit_available, rb = b.limit_needed / b.limit_available;
  if (ra != rb) return ra < rb;
  return ComparePlans(a.plan, b.plan) < 0;
}

}  // namespace fitplan
