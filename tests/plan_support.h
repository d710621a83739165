// Shared helpers for tests that parse, check and evaluate one plan: --plan text → Plan,
// which strategy rule refuses it, and its estimate on the workload's own topology.
#ifndef FITPLAN_TESTS_PLAN_SUPPORT_H_
#define FITPLAN_TESTS_PLAN_SUPPORT_H_

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "hardware/topology.h"
#include "planner/cost_model.h"
#include "planner/plan_parser.h"
#include "strategies/parallelism.h"
#include "strategies/strategy_table.h"
#include "strategies/workload.h"

namespace fitplan::testing {

// `text` in --plan syntax, completed from the workload's job and GPU count; a parse error fails
// the test and yields a default Plan.
inline Plan MustParse(const Workload& w, std::string_view text) {
  const StatusOr<Plan> p = ParsePlan(text, w.job, w.cluster.total_gpus());
  EXPECT_TRUE(p.ok()) << p.status().message();
  return p.ok() ? *p : Plan{};
}

// The estimate of a plan that must be legal.
inline Estimate Eval(const Workload& w, const Plan& p) {
  EXPECT_TRUE(PlanLegal(w, p)) << p.ToString();
  const Topology topology(w.cluster);
  return Evaluate(w, LinksFor(topology, p, w.cluster.gpus_per_node), p);
}

// "legal", or the name of the first strategy whose rule refuses the plan ("sharding", ...).
inline std::string RejectedBy(const Workload& w, const Plan& p) {
  const Strategy* s = nullptr;
  if (PlanLegal(w, p, &s)) return "legal";
  return std::string(s->name);
}

}  // namespace fitplan::testing

#endif  // FITPLAN_TESTS_PLAN_SUPPORT_H_
