// The command-line strings: --set (job overrides), --fix (search pins) and --plan, applied in the
// order the CLI applies them. The input is lines "KIND:TEXT":
//   set:KEY=VALUE    ApplyJobOverride, as --set
//   fix:KEY=VALUE    ApplyFix, as --fix
//   plan:TEXT        LoadPlan on the workload so far and, when legal, estimate it (fitplan estimate)
//   search:          a search bounded to kSearchPlans plans with the pins so far (fitplan plan);
//                    only the first such line searches: a search costs as much as a hundred
//                    estimates, and inputs that repeat it would slow the fuzzer to a crawl
//   model:NAME       a catalog model; cluster:NAME a built-in cluster (both only choose context)
// Other lines are ignored, so that the fuzzer's mutations keep most of an input meaningful.
#include <map>
#include <memory>
#include <string>

#include "hardware/builtin_clusters.h"
#include "hardware/cluster_loader.h"
#include "hardware/topology.h"
#include "planner/cli_common.h"
#include "planner/cost_model.h"
#include "planner/job_loader.h"
#include "planner/model_catalog.h"
#include "planner/plan_parser.h"
#include "planner/report.h"
#include "planner/search.h"
#include "strategies/parallelism.h"
#include "tests/fuzz/fuzz_support.h"

namespace fitplan {
namespace {

// Enough to reach ranking and the report; few enough for hundreds of searches a second.
constexpr int64_t kSearchPlans = 64;

struct BuiltCluster {
  Cluster cluster;
  std::unique_ptr<Topology> topology;
};

// Topologies are built once per cluster: they depend on nothing the input says.
const BuiltCluster& GetCluster(std::string_view name) {
  static std::map<std::string, BuiltCluster, std::less<>> built;
  auto it = built.find(name);
  if (it == built.end()) {
    BuiltCluster b{LoadCluster(std::string(name)).value(), nullptr};
    b.topology = std::make_unique<Topology>(b.cluster);
    it = built.emplace(std::string(name), std::move(b)).first;
  }
  return it->second;
}

struct Context {
  const ModelSpec* model = FindModel("llama-3.2-1b");
  const BuiltCluster* cluster = &GetCluster("8x-a100-80g");
  Job job;
  SearchOptions search;
  bool searched = false;
};

void EstimatePlan(const Context& c, std::string_view text) {
  const Workload w = MakeWorkload(*c.model, c.job, c.cluster->cluster);
  const StatusOr<Plan> plan = LoadPlan(w, text);
  if (!plan.ok()) return;
  const Estimate e =
      Evaluate(w, LinksFor(*c.cluster->topology, *plan, w.cluster.gpus_per_node), *plan);
  FormatEstimate(w, e, Format::kTable);
}

void BoundedSearch(const Context& c) {
  const Workload w = MakeWorkload(*c.model, c.job, c.cluster->cluster);
  SearchOptions options = c.search;
  options.threads = 1;
  options.max_plans = kSearchPlans;
  FormatSearch(w, Search(w, *c.cluster->topology, options), Format::kTable, /*stats=*/true);
}

void RunLine(std::string_view line, Context* c) {
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;
  const std::string_view kind = line.substr(0, colon), text = line.substr(colon + 1);
  if (kind == "set") {
    ApplyJobOverride(text, &c->job);
  } else if (kind == "fix") {
    ApplyFix(text, &c->search.fix);
  } else if (kind == "plan") {
    EstimatePlan(*c, text);
  } else if (kind == "search" && !c->searched) {
    BoundedSearch(*c);
    c->searched = true;
  } else if (kind == "model") {
    if (const ModelSpec* m = FindModel(text)) c->model = m;
  } else if (kind == "cluster") {
    if (FindBuiltinCluster(text)) c->cluster = &GetCluster(text);
  }
}

}  // namespace
}  // namespace fitplan

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fitplan::Context context;
  std::string_view text = fitplan::fuzz::AsText(data, size);
  while (!text.empty()) {
    const size_t newline = text.find('\n');
    fitplan::RunLine(text.substr(0, newline), &context);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
  }
  return 0;
}
