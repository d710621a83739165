// The strategies fitplan combines, in one table: each names the plan fields it owns and the rule
// that says which of its options are legal for a workload (architecture.md "strategies/"). The
// table fixes their order; a plan is legal when every row accepts it.
#ifndef FITPLAN_STRATEGIES_STRATEGY_TABLE_H_
#define FITPLAN_STRATEGIES_STRATEGY_TABLE_H_

#include <span>
#include <string_view>

#include "planner/core/plan.h"
#include "strategies/workload.h"

namespace fitplan {

struct Strategy {
  std::string_view name;
  std::string_view plan_fields;  // the interface.md plan keys it owns
  std::string_view summary;
  bool (*legal)(const Workload&, const Plan&);
};

std::span<const Strategy> Strategies();

// True when every strategy accepts the plan. When `rejected_by` is given and the plan is
// illegal, it receives the first strategy that rejected it.
bool PlanLegal(const Workload& w, const Plan& plan, const Strategy** rejected_by = nullptr);

// PlanLegal for a plan whose layout and batch split are already known legal: skips the
// parallelism and accumulation rows (the search checks them once per layout, not per prefix).
bool PlanLegalGivenLayout(const Workload& w, const Plan& plan);

}  // namespace fitplan

#endif  // FITPLAN_STRATEGIES_STRATEGY_TABLE_H_
