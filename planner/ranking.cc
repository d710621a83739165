#include "planner/ranking.h"

#include <cmath>
#include <tuple>

namespace fitplan {

namespace {

// Objectives within 0.1% of each other are a tie: the model is not that precise, and the plan
// order then decides. Buckets of a geometric grid keep the comparison a strict weak order.
double Bucket(double x) { return x > 0 ? std::floor(std::log(x) / std::log1p(1e-3)) : -1e300; }


}  // namespace

bool RanksBefore(const Estimate& a, const Estimate& b, Objective objective) {
  if (a.verdict != b.verdict) return a.verdict < b.verdict;  // fits before tight
  // Equal objectives fall back to the plan-field order, whose enumerators list the conventional
  // choice first (AdamW before SGD, bf16-mixed before fp16, no offload before offload), so a
  // tie never promotes a plan only because it saves memory it does not need.
  auto key = [objective](const Estimate& e) {
    const double usd = Bucket(e.cost.usd), step = Bucket(e.time.step_seconds);
    const double peak = Bucket(e.memory.gpu_peak_bytes);
    switch (objective) {
      case Objective::kTime:
        return std::make_tuple(step, usd);
      case Objective::kMemory:
        return std::make_tuple(peak, usd);
      case Objective::kCost:
        break;
    }
    return std::make_tuple(usd, step);
  };
  const auto ka = key(a), kb = key(b);
  if (ka != kb) return ka < kb;
  return ComparePlans(a.plan, b.plan) < 0;
}

Plan RecipeOf(const Plan& plan) {
  Plan p = plan;
  // The recipe without the choices that only trim cost by a fraction of a percent or that the
  // user makes on quality grounds: LoRA rank, optimizer, fp16 vs bf16 autocast.
  p.lora_rank = 0;
  p.optimizer = Optimizer::kAdamW;
  if (p.precision == Precision::kFp16Mixed) p.precision = Precision::kBf16Mixed;
  return p;
}

bool SameOutcome(const Estimate& a, const Estimate& b) {
  return RecipeOf(a.plan) == RecipeOf(b.plan);
}

bool Dominates(const Estimate& a, const Estimate& b) {
  const double ha = a.memory.gpu_usable_bytes - a.memory.gpu_peak_bytes;
  const double hb = b.memory.gpu_usable_bytes - b.memory.gpu_peak_bytes;
  const bool no_worse = a.cost.usd <= b.cost.usd &&
                        a.cost.training_hours <= b.cost.training_hours && ha >= hb;
  const bool better = a.cost.usd < b.cost.usd || a.cost.training_hours < b.cost.training_hours ||
                      ha > hb;
  return no_worse && better;
}

bool CloserThan(const Estimate& a, const Estimate& b) {
  const double ra = a.limit_needed / a.limit_available, rb = b.limit_needed / b.limit_available;
  if (ra != rb) return ra < rb;
  return ComparePlans(a.plan, b.plan) < 0;
}

}  // namespace fitplan
