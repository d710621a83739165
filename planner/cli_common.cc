#include "planner/cli_common.h"

#include "hardware/cluster_loader.h"
#include "planner/job_loader.h"
#include "planner/model_loader.h"
#include "planner/plan_parser.h"
#include "planner/report.h"
#include "strategies/parallelism.h"
#include "strategies/strategy_table.h"

namespace fitplan {

namespace po = boost::program_options;

void AddWorkloadOptions(po::options_description* d, WorkloadArgs* a) {
  d->add_options()
      ("cluster", po::value(&a->cluster), "cluster YAML path or built-in name (fitplan list clusters)")
      ("model", po::value(&a->model), "model YAML, HF config.json or built-in name (fitplan list models)")
      ("job", po::value(&a->job), "job YAML (default: fine-tune, seq 4096, global batch 64, 2e8 tokens)")
      ("set", po::value(&a->sets)->composing(), "override a job field: key=value (repeatable)")
      ("allow-cross-node-tp", po::bool_switch(&a->allow_cross_node_tp),
       "let tensor-parallel groups span nodes (job allow.cross_node_tp)");
}

StatusOr<Workload> LoadWorkload(const WorkloadArgs& a) {
  if (a.cluster.empty()) {
    return Status::InvalidInput("--cluster: missing; give a cluster YAML or a built-in name");
  }
  if (a.model.empty()) {
    return Status::InvalidInput("--model: missing; give a model YAML, config.json or built-in name");
  }
  const StatusOr<Cluster> cluster = LoadCluster(a.cluster);
  if (!cluster.ok()) return cluster.status();
  const StatusOr<ModelSpec> model = LoadModel(a.model);
  if (!model.ok()) return model.status();
  Job job;
  if (!a.job.empty()) {
    StatusOr<Job> loaded = LoadJob(a.job);
    if (!loaded.ok()) return loaded.status();
    job = std::move(loaded).value();
  }
  for (const std::string& s : a.sets) FITPLAN_RETURN_IF_ERROR(ApplyJobOverride(s, &job));
  if (a.allow_cross_node_tp) job.allow.cross_node_tp = true;
  return MakeWorkload(*model, job, *cluster);
}

StatusOr<Plan> LoadPlan(const Workload& w, std::string_view text) {
  StatusOr<Plan> plan = ParsePlan(text, w.job, w.cluster.total_gpus());
  if (!plan.ok()) return plan;
  // The layout's rules name the field and the number that break them; the other strategies'
  // rules are named by the strategy.
  if (const LayoutRule rule = BrokenLayoutRule(w, *plan); rule != LayoutRule::kNone) {
    return Status::InvalidInput("--plan: " + LayoutRuleText(rule, w, *plan));
  }
  const Strategy* rejected = nullptr;
  if (!PlanLegal(w, *plan, &rejected)) {
    return Status::InvalidInput("--plan: " + std::string(rejected->name) +
                                ": this combination of " + std::string(rejected->plan_fields) +
                                " is not possible for " + w.model.name + " on " + w.cluster.name +
                                " (" + RecipeLine(*plan) + ")");
  }
  return plan;
}

Status ParseCommandLine(int argc, const char* const* argv, const po::options_description& d,
                        const po::positional_options_description* positional,
                        po::variables_map* vm) {
  try {
    po::command_line_parser parser(argc, argv);
    parser.options(d);
    if (positional) parser.positional(*positional);
    po::store(parser.run(), *vm);
    po::notify(*vm);
  } catch (const po::error& e) {
    return Status::InvalidInput(e.what());
  }
  return Status::Ok();
}

}  // namespace fitplan
