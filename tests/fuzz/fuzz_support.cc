#include "tests/fuzz/fuzz_support.h"

#include "hardware/topology.h"
#include "planner/cli_common.h"
#include "planner/cost_model.h"
#include "planner/report.h"
#include "strategies/parallelism.h"
#include "strategies/workload.h"

namespace fitplan::fuzz {

void EstimateDefaultPlan(const ModelSpec& model, const Job& job, const Cluster& cluster) {
  if (cluster.total_gpus() > kMaxFuzzedGpus) return;
  const Workload w = MakeWorkload(model, job, cluster);
  const StatusOr<Plan> plan = LoadPlan(w, "");
  if (!plan.ok()) return;
  const Topology topology(w.cluster);
  const Estimate e = Evaluate(w, LinksFor(topology, *plan, w.cluster.gpus_per_node), *plan);
  FormatEstimate(w, e, Format::kTable);
  FormatEstimate(w, e, Format::kJson);
}

}  // namespace fitplan::fuzz
