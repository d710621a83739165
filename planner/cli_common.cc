#include "planner/cli_common.h"

#include <cerrno>
#include <cmath>
#include <cstring>

#include "hardware/cluster_loader.h"
#include "planner/job_loader.h"
#include "planner/model_loader.h"
#include "planner/plan_parser.h"
#include "planner/report.h"
#include "strategies/parallelism.h"
#include "strategies/sharding.h"
#include "strategies/strategy_table.h"

namespace fitplan {

namespace po = boost::program_options;

void AddWorkloadOptions(po::options_description* d, WorkloadArgs* a) {
  d->add_options()("cluster", po::value(&a->cluster),
                   "cluster YAML path or built-in name (fitplan list clusters)");
  AddModelJobOptions(d, a);
}

void AddModelJobOptions(po::options_description* d, WorkloadArgs* a) {
  d->add_options()
      ("model", po::value(&a->model), "model YAML, HF config.json or built-in name (fitplan list models)")
      ("job", po::value(&a->job), "job YAML (default: fine-tune, seq 4096, global batch 64, 2e8 tokens)")
      ("set", po::value(&a->sets)->composing(), "override a job field: key=value (kind, seq_len, global_batch, global_batch_tokens, "
       "train_tokens, attention; repeatable)")
      ("allow-cross-node-tp", po::bool_switch(&a->allow_cross_node_tp),
       "let tensor-parallel groups span nodes (job allow.cross_node_tp)");
}

Status LoadModelAndJob(const WorkloadArgs& a, ModelSpec* model, Job* job) {
  if (a.model.empty()) {
    return Status::InvalidInput("--model: missing; give a model YAML, config.json or built-in name");
  }
  StatusOr<ModelSpec> loaded_model = LoadModel(a.model);
  if (!loaded_model.ok()) return loaded_model.status();
  *model = std::move(loaded_model).value();
  *job = Job{};
  if (!a.job.empty()) {
    StatusOr<Job> loaded = LoadJob(a.job);
    if (!loaded.ok()) return loaded.status();
    *job = std::move(loaded).value();
  }
  for (const std::string& s : a.sets) FITPLAN_RETURN_IF_ERROR(ApplyJobOverride(s, job));
  if (a.allow_cross_node_tp) job->allow.cross_node_tp = true;
  return Status::Ok();
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
  ModelSpec model;
  Job job;
  FITPLAN_RETURN_IF_ERROR(LoadModelAndJob(a, &model, &job));
  return MakeWorkload(model, job, *cluster);
}

void AddSearchOptions(po::options_description* d, SearchOptions* options,
                      std::vector<std::string>* fixes) {
  d->add_options()
      ("fix", po::value(fixes)->composing(), "pin a plan field during the search: key=value (repeatable; a|b for several values; "
       "engine=torchrun|deepspeed|fsdp|megatron|torchtitan|automodel keeps the plans that engine runs)")
      ("top", po::value(&options->top), "number of results to print (default 10)")
      ("threads", po::value(&options->threads), "worker threads (default: all cores)")
      ("max-hours", po::value(&options->max_hours), "only plans that train the job within this many hours")
      ("time-limit", po::value(&options->time_limit_s), "stop a search after this many seconds (default 300)")
      ("max-plans", po::value(&options->max_plans), "stop a search after this many plans (default 2e9)");
}

Status CheckSearchOptions(const std::vector<std::string>& fixes, SearchOptions* options) {
  if (options->top < 1 || options->top > 10000) {
    return Status::InvalidInput("--top: expected an integer from 1 to 10000");
  }
  if (options->threads < 0 || options->threads > 1024) {
    return Status::InvalidInput("--threads: expected an integer from 0 to 1024");
  }
  if (options->max_hours < 0 || !std::isfinite(options->max_hours)) {
    return Status::InvalidInput("--max-hours: expected a number > 0");
  }
  if (!(options->time_limit_s > 0) || !std::isfinite(options->time_limit_s)) {
    return Status::InvalidInput("--time-limit: expected a number of seconds > 0");
  }
  if (options->max_plans < 1) return Status::InvalidInput("--max-plans: expected an integer ≥ 1");
  for (const std::string& f : fixes) FITPLAN_RETURN_IF_ERROR(ApplyFix(f, &options->fix));
  return Status::Ok();
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
    if (rejected->name == "sharding") {  // say which rule broke and what to set
      if (const std::string why = ShardingRuleText(w, *plan); !why.empty()) {
        return Status::InvalidInput("--plan: " + why);
      }
    }
    return Status::InvalidInput("--plan: " + std::string(rejected->name) +
                                ": this combination of " + std::string(rejected->plan_fields) +
                                " is not possible for " + w.model.name + " on " + w.cluster.name +
                                " (" + RecipeLine(*plan) + ")");
  }
  return plan;
}

Status OpenReport(const std::string& path, std::ofstream* file) {
  if (path.empty()) return Status::InvalidInput("--report: expected a file name");
  file->open(path, std::ios::binary | std::ios::trunc);
  if (!*file) {
    return Status::InvalidInput("--report: cannot write " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

Status WriteReport(const std::string& path, const std::string& html, std::ofstream* file) {
  *file << html;
  file->close();
  if (!*file) return Status::InvalidInput("--report: cannot write " + path);
  return Status::Ok();
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

std::optional<int> ParseOrFinish(int argc, const char* const* argv,
                                 const po::options_description& d,
                                 const po::positional_options_description* positional,
                                 po::variables_map* vm, std::ostream& out, std::ostream& err) {
  if (const Status s = ParseCommandLine(argc, argv, d, positional, vm); !s.ok()) {
    err << s.message() << "\n";
    return 2;
  }
  if (vm->count("help")) {
    out << d;
    return 0;
  }
  return std::nullopt;
}

}  // namespace fitplan
