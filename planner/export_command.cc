// `fitplan export --cluster C --model M [--job J] [--set k=v] --plan P --to T [--out DIR]`: loads
// and checks the plan as `fitplan estimate` does, then prints or writes ExportPlan's files
// (shared/docs/interface.md "Commands").
#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "hardware/cluster_loader.h"
#include "hardware/topology.h"
#include "planner/cost_model.h"
#include "planner/export.h"
#include "planner/job_loader.h"
#include "planner/model_loader.h"
#include "planner/plan_parser.h"
#include "planner/report.h"
#include "strategies/parallelism.h"
#include "strategies/strategy_table.h"

namespace fitplan {
namespace {

namespace po = boost::program_options;

struct ExportArgs {
  std::string cluster, model, job, plan, to, out;
  std::vector<std::string> sets;
  bool allow_cross_node_tp = false;
};

// Loads the workload and the plan and checks both; returns the one message of bad input.
Status Prepare(const ExportArgs& a, Workload* w, Plan* plan, ExportTarget* target) {
  if (a.cluster.empty()) {
    return Status::InvalidInput("--cluster: missing; give a cluster YAML or a built-in name");
  }
  if (a.model.empty()) {
    return Status::InvalidInput(
        "--model: missing; give a model YAML, config.json or built-in name");
  }
  if (a.plan.empty()) return Status::InvalidInput("--plan: missing; give key=value,key=value");
  if (a.to.empty()) {
    return Status::InvalidInput(
        "--to: missing; expected deepspeed, fsdp, megatron, torchrun or peft");
  }
  const StatusOr<ExportTarget> t = ParseExportTarget(a.to);
  if (!t.ok()) return t.status();
  *target = *t;
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
  *w = MakeWorkload(*model, job, *cluster);
  const StatusOr<Plan> p = ParsePlan(a.plan, w->job, w->cluster.total_gpus());
  if (!p.ok()) return p.status();
  *plan = *p;
  const Strategy* rejected = nullptr;
  if (!PlanLegal(*w, *plan, &rejected)) {
    return Status::InvalidInput("--plan: " + std::string(rejected->name) +
                                ": this combination of " + std::string(rejected->plan_fields) +
                                " is not possible for " + w->model.name + " on " + w->cluster.name +
                                " (" + RecipeLine(*plan) + ")");
  }
  return CheckExportTarget(*plan, *target);
}

Status WriteFiles(const std::filesystem::path& dir, const std::vector<ExportFile>& files,
                  std::ostream& out) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::InvalidInput("--out: cannot create " + dir.string() + ": " + ec.message());
  for (const ExportFile& f : files) {
    const std::filesystem::path path = dir / f.name;
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << f.contents;
    file.close();
    if (!file) return Status::InvalidInput("--out: cannot write " + path.string());
    if (path.extension() == ".sh") {
      std::filesystem::permissions(path,
                                   std::filesystem::perms::owner_exec |
                                       std::filesystem::perms::group_exec |
                                       std::filesystem::perms::others_exec,
                                   std::filesystem::perm_options::add, ec);
    }
    out << path.string() << "\n";
  }
  return Status::Ok();
}

}  // namespace

int ExportCommand(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  ExportArgs a;
  po::options_description d("fitplan export: write the engine config files of one plan");
  d.add_options()("cluster", po::value(&a.cluster),
                  "cluster YAML path or built-in name (fitplan list clusters)")(
      "model", po::value(&a.model),
      "model YAML, HF config.json or built-in name (fitplan list models)")(
      "job", po::value(&a.job),
      "job YAML (default: fine-tune, seq 4096, global batch 64, 2e8 tokens)")(
      "set", po::value(&a.sets)->composing(), "override a job field: key=value (repeatable)")(
      "allow-cross-node-tp", po::bool_switch(&a.allow_cross_node_tp),
      "let tensor-parallel groups span nodes (job allow.cross_node_tp)")(
      "plan", po::value(&a.plan), "key=value,key=value (shared/docs/interface.md)")(
      "to", po::value(&a.to), "deepspeed|fsdp|megatron|torchrun|peft")(
      "out", po::value(&a.out), "write the files into this directory (default: print them)")(
      "help,h", "this help");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(d).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    err << e.what() << "\n";
    return 2;
  }
  if (vm.count("help")) {
    out << d;
    return 0;
  }
  Workload w;
  Plan plan;
  ExportTarget target = ExportTarget::kTorchrun;
  if (const Status s = Prepare(a, &w, &plan, &target); !s.ok()) {
    err << s.message() << "\n";
    return 2;
  }
  const Topology topology(w.cluster);
  const Estimate e = Evaluate(w, LinksFor(topology, plan, w.cluster.gpus_per_node), plan);
  const std::vector<ExportFile> files = ExportPlan(w, plan, target);

  out << "# " << plan.ToString() << " (generated by fitplan)\n";
  if (!e.fits()) out << "# warning: the plan does not fit: " << ReasonText(e) << "\n";
  for (const ExportFile& f : files) {
    for (const std::string& note : f.notes) out << "# " << f.name << ": " << note << "\n";
  }
  if (!a.out.empty()) {
    if (const Status s = WriteFiles(a.out, files, out); !s.ok()) {
      err << s.message() << "\n";
      return 2;
    }
    return 0;
  }
  for (const ExportFile& f : files) out << "# FILE: " << f.name << "\n" << f.contents;
  return 0;
}

int ExportCommand(int argc, const char* const* argv, std::ostream& out) {
  return ExportCommand(argc, argv, out, std::cerr);
}

}  // namespace fitplan
