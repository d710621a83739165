#include "planner/cli.h"

#include <boost/program_options.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "hardware/cluster_loader.h"
#include "hardware/gpu_catalog.h"
#include "hardware/topology.h"
#include "planner/cli_common.h"
#include "planner/core/units.h"
#include "planner/cost_model.h"
#include "planner/export.h"
#include "planner/export_top.h"
#include "planner/job_loader.h"
#include "planner/model_catalog.h"
#include "planner/model_loader.h"
#include "planner/plan_parser.h"
#include "planner/rent.h"
#include "planner/report.h"
#include "planner/search.h"
#include "planner/serve.h"
#include "planner/validate.h"
#include "strategies/strategy_table.h"

namespace fitplan {
namespace {

namespace po = boost::program_options;

// A usage or input error: printed once on stderr, exit code 2.
struct UsageError {
  std::string message;
};

// Options every planning command shares.
struct CommonArgs {
  WorkloadArgs workload;
  std::string format = "table";
};

void AddCommon(po::options_description* d, CommonArgs* a) {
  AddWorkloadOptions(d, &a->workload);
  d->add_options()("format", po::value(&a->format), "table|json|yaml|csv|markdown");
}

template <typename T>
T OrThrow(StatusOr<T> value) {
  if (!value.ok()) throw UsageError{value.status().message()};
  return std::move(value).value();
}

void OrThrow(const Status& s) {
  if (!s.ok()) throw UsageError{s.message()};
}

Format FormatOf(const CommonArgs& a) {
  const auto f = ParseFormat(a.format);
  if (!f) throw UsageError{"--format: unknown format '" + a.format + "'; expected table, json, yaml, csv or markdown"};
  return *f;
}

po::variables_map Parse(int argc, const char* const* argv, const po::options_description& d,
                        const po::positional_options_description* positional = nullptr) {
  po::variables_map vm;
  OrThrow(ParseCommandLine(argc, argv, d, positional, &vm));
  return vm;
}

// What `plan` writes besides stdout: --report FILE and --export-top N --out DIR.
struct PlanFiles {
  std::string report;  // HTML report path ("" = none)
  int export_top = 0;  // plans to export (0 = none)
  std::string out;     // directory of the exported plans
};

// Checks the options and claims the paths before the search, so that a typo costs no search
// time: opens (creates) the report file into `report` and creates the export directory.
void PreparePlanFiles(const po::variables_map& vm, const PlanFiles& f, std::ofstream* report) {
  if (vm.count("export-top") && (f.export_top < 1 || f.export_top > 10000)) {
    throw UsageError{"--export-top: expected an integer from 1 to 10000"};
  }
  if (vm.count("export-top") && f.out.empty()) throw UsageError{"--export-top: needs --out DIR"};
  if (!f.out.empty() && !vm.count("export-top")) {
    throw UsageError{"--out: only with --export-top N (fitplan export writes one plan)"};
  }
  if (vm.count("report")) OrThrow(OpenReport(f.report, report));
  if (!f.out.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(f.out, ec);
    if (ec) throw UsageError{"--out: cannot create " + f.out + ": " + ec.message()};
  }
}

// Writes the report and the exported plans of `shown`, saying what was written on `notes`.
void WritePlanFiles(const Workload& w, const SearchResult& shown, const SearchResult& searched,
                    const PlanFiles& f, std::ofstream* report, std::ostream& notes) {
  if (report->is_open()) {
    OrThrow(WriteReport(f.report, HtmlReport(w, shown), report));
    notes << "\nWrote the report " << f.report << "\n";
  }
  if (f.export_top == 0) return;
  const std::vector<PlanExport> exports = ExportTop(w, searched.plans, f.export_top);
  if (exports.empty()) {
    notes << "\nNo plan fits: --export-top wrote nothing.\n";
    return;
  }
  notes << "\nWrote the engine files of the " << exports.size() << " best plan(s):\n";
  for (const PlanExport& e : exports) {
    OrThrow(WriteExportFiles(std::filesystem::path(f.out) / e.dir, e.files, notes));
  }
}

int PlanCommand(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CommonArgs a;
  SearchOptions options;
  PlanFiles files;
  std::vector<std::string> fixes;
  std::string objective = "cost";
  po::options_description d("fitplan plan: search every plan and print the cheapest that fit");
  AddCommon(&d, &a);
  AddSearchOptions(&d, &options, &fixes);
  d.add_options()
      ("objective", po::value(&objective), "cost|time|memory (default cost)")
      ("max-usd", po::value(&options.max_usd), "only plans whose job costs at most this many dollars")
      ("pareto", "also list the plans no other plan beats on cost, hours and memory headroom")
      ("stats", "print search statistics")
      ("report", po::value(&files.report), "also write an HTML report with charts to this file")
      ("export-top", po::value(&files.export_top), "also write the engine files of the N best plans (with --out)")
      ("out", po::value(&files.out), "directory for --export-top: DIR/1-<recipe>/, DIR/2-<recipe>/, ...")
      ("no-prune", "evaluate every plan (for testing the pruning)")
      ("help,h", "this help");
  const po::variables_map vm = Parse(argc, argv, d);
  if (vm.count("help")) {
    out << d;
    return 0;
  }
  if (objective == "cost") options.objective = Objective::kCost;
  else if (objective == "time") options.objective = Objective::kTime;
  else if (objective == "memory") options.objective = Objective::kMemory;
  else throw UsageError{"--objective: unknown objective '" + objective + "'; expected cost, time or memory"};
  OrThrow(CheckSearchOptions(fixes, &options));
  if (options.max_usd < 0 || !std::isfinite(options.max_usd)) throw UsageError{"--max-usd: expected a number > 0"};
  options.prune = !vm.count("no-prune");
  const Format format = FormatOf(a);
  const Workload w = OrThrow(LoadWorkload(a.workload));
  std::ofstream report;
  PreparePlanFiles(vm, files, &report);
  // The report always draws the Pareto front; --export-top may reach past --top.
  options.pareto = vm.count("pareto") > 0 || !files.report.empty();
  const int shown_top = options.top;
  options.top = std::max(options.top, files.export_top);
  const Topology topology(w.cluster);
  const SearchResult result = Search(w, topology, options);
  SearchResult shown = result;
  if (shown.plans.size() > size_t(shown_top)) shown.plans.resize(size_t(shown_top));
  SearchResult printed = shown;
  if (!vm.count("pareto")) printed.pareto.clear();
  out << FormatSearch(w, printed, format, vm.count("stats") > 0);
  // Machine-read formats keep stdout parseable: the list of files written goes to stderr.
  const bool human = format == Format::kTable || format == Format::kMarkdown;
  WritePlanFiles(w, shown, result, files, &report, human ? out : err);
  return 0;
}

int EstimateCommand(int argc, const char* const* argv, std::ostream& out, std::ostream&) {
  CommonArgs a;
  std::string plan_text;
  po::options_description d("fitplan estimate: evaluate one plan, with its breakdown");
  AddCommon(&d, &a);
  d.add_options()("plan", po::value(&plan_text), "key=value,key=value (shared/docs/interface.md)")
      ("help,h", "this help");
  const po::variables_map vm = Parse(argc, argv, d);
  if (vm.count("help")) {
    out << d;
    return 0;
  }
  const Format format = FormatOf(a);
  const Workload w = OrThrow(LoadWorkload(a.workload));
  const Plan plan = OrThrow(LoadPlan(w, plan_text));
  const Topology topology(w.cluster);
  const Estimate e = Evaluate(w, LinksFor(topology, plan, w.cluster.gpus_per_node), plan);
  out << FormatEstimate(w, e, format);
  return 0;
}

int ListCommand(int argc, const char* const* argv, std::ostream& out, std::ostream&) {
  std::string what;
  po::options_description d("fitplan list gpus|models|clusters");
  d.add_options()("what", po::value(&what), "gpus, models or clusters");
  po::positional_options_description positional;
  positional.add("what", 1);
  Parse(argc, argv, d, &positional);
  char line[200];
  if (what == "gpus") {
    std::snprintf(line, sizeof line, "%-19s %4s %9s %9s %9s %9s %8s\n", "name", "GiB", "bf16 TF",
                  "fp8 TF", "HBM GB/s", "NVLink", "PCIe");
    out << line;
    for (const GpuSpec& g : GpuCatalog()) {
      std::snprintf(line, sizeof line, "%-19s %4.0f %9.1f %9.1f %9.0f %9.0f %8.0f\n", g.name.c_str(),
                    g.memory_bytes / kGiB, g.bf16_flops / kTera, g.fp8_flops / kTera,
                    g.hbm_bytes_per_s / kGB, g.nvlink_bytes_per_s / kGB, g.pcie_bytes_per_s / kGB);
      out << line;
    }
    return 0;
  }
  if (what == "models") {
    for (const ModelSpec& m : ModelCatalog()) {
      std::snprintf(line, sizeof line, "%-16s %8.2fB  ", m.name.c_str(),
                    ComputeModelStats(m).total_params / 1e9);
      out << line << m.ToString() << "\n";
    }
    return 0;
  }
  if (what == "clusters") {
    for (const std::string& name : BuiltinClusterNames()) {
      const Cluster c = OrThrow(LoadCluster(name));
      std::snprintf(line, sizeof line, "%-16s %4lld × %-14s %3d node(s)  $%.2f/GPU-h\n", name.c_str(),
                    (long long)c.total_gpus(), c.gpu.name.c_str(), c.nodes, c.price_per_gpu_hour);
      out << line;
    }
    return 0;
  }
  throw UsageError{"list: expected gpus, models or clusters, got '" + what + "'"};
}

struct Subcommand {
  const char* name;
  const char* help;
  int (*run)(int argc, const char* const* argv, std::ostream& out, std::ostream& err);
};

constexpr Subcommand kSubcommands[] = {
    {"plan", "search every plan and print the cheapest that fit", PlanCommand},
    {"estimate", "evaluate one plan with its memory and time breakdown", EstimateCommand},
    {"list", "list built-in gpus, models or clusters", ListCommand},
    {"validate", "compare predictions with measured cases", ValidateCommand},
    {"export", "write engine configs for a plan", ExportCommand},
    {"rent", "rank the clusters on offer by the cost of the job", RentCommand},
    {"serve", "memory, capacity and speed of serving a model", ServeCommand},
};

void Usage(std::ostream& out) {
  out << "usage: fitplan COMMAND [options]   (fitplan COMMAND --help)\n\ncommands:\n";
  for (const Subcommand& s : kSubcommands) {
    char line[120];
    std::snprintf(line, sizeof line, "  %-10s %s\n", s.name, s.help);
    out << line;
  }
}

}  // namespace

int RunCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    Usage(argc < 2 ? err : out);
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  for (const Subcommand& s : kSubcommands) {
    if (command != s.name) continue;
    try {
      return s.run(argc - 1, argv + 1, out, err);
    } catch (const UsageError& e) {
      err << e.message << "\n";
      return 2;
    }
  }
  err << "fitplan: unknown command '" << command << "'\n";
  Usage(err);
  return 2;
}

}  // namespace fitplan
