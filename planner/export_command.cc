// `fitplan export --cluster C --model M [--job J] [--set k=v] [--plan P] --to T [--out DIR]`: loads
// and checks the plan as `fitplan estimate` does (without --plan: searches for the best plan the
// target runs, as `fitplan plan --fix engine=…` would), then prints or writes ExportPlan's files
// (shared/docs/interface.md "Commands"). WriteExportFiles, the one writer of export files, lives
// here too: `fitplan plan --export-top` uses it.
#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "hardware/topology.h"
#include "planner/cli_common.h"
#include "planner/cost_model.h"
#include "planner/export.h"
#include "planner/report.h"
#include "planner/search.h"
#include "strategies/parallelism.h"

namespace fitplan {
namespace {

namespace po = boost::program_options;

struct ExportArgs {
  WorkloadArgs workload;
  std::string plan, to, out;
};

// The --fix pins that keep a search to the plans `target` can run (CheckExportTarget's rule).
PlanFilter PlansTargetRuns(ExportTarget target) {
  PlanFilter f;
  const auto bit = [](auto e) { return 1u << uint32_t(e); };
  switch (target) {
    case ExportTarget::kDeepSpeed:
      f.engines = bit(Engine::kDeepSpeed);
      break;
    case ExportTarget::kFsdp:
      f.engines = bit(Engine::kFsdp);
      break;
    case ExportTarget::kMegatron:
      f.engines = bit(Engine::kMegatron);
      break;
    case ExportTarget::kTorchtitan:
      f.engines = bit(Engine::kTorchtitan);
      break;
    case ExportTarget::kAutomodel:
      f.engines = bit(Engine::kAutomodel);
      break;
    case ExportTarget::kTorchrun:
      f.engines = ~(bit(Engine::kMegatron) | bit(Engine::kTorchtitan) | bit(Engine::kAutomodel));
      break;
    case ExportTarget::kPeft:
      f.methods = bit(Method::kLora) | bit(Method::kQlora);
      break;
  }
  return f;
}

// Without --plan: the best plan (as `fitplan plan` ranks them) among those `target` runs.
StatusOr<Plan> BestPlanFor(const Workload& w, ExportTarget target) {
  SearchOptions options;
  options.top = 1;
  options.closest = 0;
  options.fix = PlansTargetRuns(target);
  const SearchResult r = Search(w, Topology(w.cluster), options);
  if (r.plans.empty()) {
    return Status::InvalidInput("--plan: missing, and no plan that " +
                                std::string(kExportTargetNames[size_t(target)]) +
                                " runs fits this job on this cluster; give one with --plan");
  }
  return r.plans.front().plan;
}

// Loads the workload and the plan (or finds the best one) and checks both; returns the one
// message of bad input.
Status Prepare(const ExportArgs& a, Workload* w, Plan* plan, ExportTarget* target) {
  if (a.to.empty()) {
    return Status::InvalidInput(
        "--to: missing; expected deepspeed, fsdp, megatron, torchtitan, torchrun or peft");
  }
  const StatusOr<ExportTarget> t = ParseExportTarget(a.to);
  if (!t.ok()) return t.status();
  *target = *t;
  StatusOr<Workload> loaded = LoadWorkload(a.workload);
  if (!loaded.ok()) return loaded.status();
  *w = std::move(loaded).value();
  const StatusOr<Plan> p = a.plan.empty() ? BestPlanFor(*w, *target) : LoadPlan(*w, a.plan);
  if (!p.ok()) return p.status();
  *plan = *p;
  return CheckExportTarget(*plan, *target);
}

}  // namespace

Status WriteExportFiles(const std::filesystem::path& dir, const std::vector<ExportFile>& files,
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

int ExportCommand(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  ExportArgs a;
  po::options_description d("fitplan export: write the engine config files of one plan");
  AddWorkloadOptions(&d, &a.workload);
  d.add_options()
      ("plan", po::value(&a.plan),
       "key=value,key=value (shared/docs/interface.md); default: the best plan the --to "
       "engine runs")
      ("to", po::value(&a.to), "deepspeed|fsdp|megatron|torchtitan|automodel|torchrun|peft")
      ("out", po::value(&a.out), "write the files into this directory (default: print them)")
      ("help,h", "this help");
  po::variables_map vm;
  if (const std::optional<int> done = ParseOrFinish(argc, argv, d, nullptr, &vm, out, err)) {
    return *done;
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
  if (a.plan.empty()) out << "# no --plan: the best plan " << a.to << " runs\n";
  if (!e.fits()) out << "# warning: the plan does not fit: " << ReasonText(e) << "\n";
  for (const ExportFile& f : files) {
    for (const std::string& note : f.notes) out << "# " << f.name << ": " << note << "\n";
  }
  if (!a.out.empty()) {
    if (const Status s = WriteExportFiles(a.out, files, out); !s.ok()) {
      err << s.message() << "\n";
      return 2;
    }
    return 0;
  }
  for (const ExportFile& f : files) out << "# FILE: " << f.name << "\n" << f.contents;
  return 0;
}

}  // namespace fitplan
