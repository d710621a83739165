// `fitplan rent --model M [--job J] [--offers FILE] [--gpu TYPE] [--max-gpus N] [--min-gpus]
// [--report FILE]`: the options and exit codes around Rent and MinGpus (planner/rent.h).
#include <boost/program_options.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "hardware/gpu_catalog.h"
#include "planner/cli_common.h"
#include "planner/offers_loader.h"
#include "planner/rent.h"
#include "planner/report_rent.h"

namespace fitplan {
namespace {

namespace po = boost::program_options;

struct RentArgs {
  WorkloadArgs workload;
  std::vector<std::string> fixes;
  std::string offers = "configs/offers.yaml";
  std::string format = "table";
  std::string report;  // --report: the HTML page's path ("" = none)
  RentOptions options;
  bool min_gpus = false;
};

// What the command prints.
struct RentOutput {
  std::string out;  // stdout: the answer (and, after a table or Markdown, the file written)
  std::string err;  // stderr: the file written, after JSON, which stdout keeps parseable
};

// --gpu must name a GPU some offer rents; the message lists what they do rent.
Status CheckGpu(const std::vector<Offer>& offers, const RentArgs& a) {
  const std::string& gpu = a.options.filter.gpu;
  std::vector<std::string_view> rented;
  for (const Offer& o : offers) {
    const std::string_view name = o.machine.gpu.name;
    if (name == gpu) return Status::Ok();
    if (std::find(rented.begin(), rented.end(), name) == rented.end()) rented.push_back(name);
  }
  std::string what = "--gpu: no offer in " + a.offers + " rents '" + gpu + "'; ";
  const std::string guess = ClosestGpuName(gpu);  // prefers the GPU's family, as cluster files do
  if (std::find(rented.begin(), rented.end(), guess) != rented.end()) {
    return Status::InvalidInput(what + "did you mean '" + guess + "'?");
  }
  what += "the offers rent";
  for (std::string_view name : rented) {
    what += " " + std::string(name) + (name == rented.back() ? "" : ",");
  }
  return Status::InvalidInput(what);
}

// Everything but the offers file's contents; the first bad value is the error.
Status CheckArgs(const po::variables_map& vm, RentArgs* a, Format* format) {
  const std::optional<Format> parsed = ParseFormat(a->format);
  if (!parsed || (*parsed != Format::kTable && *parsed != Format::kJson &&
                  *parsed != Format::kMarkdown)) {
    return Status::InvalidInput("--format: unknown format '" + a->format +
                                "' for rent; expected table, json or markdown");
  }
  *format = *parsed;
  FITPLAN_RETURN_IF_ERROR(CheckSearchOptions(a->fixes, &a->options.search));
  a->options.top = a->options.search.top;
  if (vm.count("max-gpus") && a->options.filter.max_gpus < 1) {
    return Status::InvalidInput("--max-gpus: expected an integer ≥ 1");
  }
  if (a->min_gpus && a->options.filter.gpu.empty()) {
    return Status::InvalidInput("--min-gpus: needs --gpu TYPE, the GPU type to count");
  }
  return Status::Ok();
}

// The answer in `format`, and the HTML page when `page`.
std::pair<std::string, std::string> Respond(const RentContext& context, const RentArgs& a,
                                            Format format, bool page) {
  const std::string& gpu = a.options.filter.gpu;
  if (a.min_gpus) {
    const MinGpusResult r = MinGpus(context.model, context.job, context.offers, a.options);
    return {FormatMinGpus(context, gpu, r, format), page ? MinGpusHtmlReport(context, gpu, r) : ""};
  }
  const RentResult r = Rent(context.model, context.job, context.offers, a.options);
  return {FormatRent(context, r, format), page ? RentHtmlReport(context, r) : ""};
}

// Loads the model, job and offers, claims the --report file before the search, and answers.
Status Answer(const po::variables_map& vm, RentArgs* a, RentOutput* output) {
  Format format = Format::kTable;
  FITPLAN_RETURN_IF_ERROR(CheckArgs(vm, a, &format));
  ModelSpec model;
  Job job;
  FITPLAN_RETURN_IF_ERROR(LoadModelAndJob(a->workload, &model, &job));
  const StatusOr<std::vector<Offer>> offers = LoadOffers(a->offers);
  if (!offers.ok()) return offers.status();
  if (!a->options.filter.gpu.empty()) FITPLAN_RETURN_IF_ERROR(CheckGpu(*offers, *a));
  std::ofstream report;
  if (vm.count("report")) FITPLAN_RETURN_IF_ERROR(OpenReport(a->report, &report));
  const RentContext context{model, job, *offers, a->offers};
  const auto [text, page] = Respond(context, *a, format, report.is_open());
  output->out = text;
  if (!report.is_open()) return Status::Ok();
  FITPLAN_RETURN_IF_ERROR(WriteReport(a->report, page, &report));
  (format == Format::kJson ? output->err : output->out) += "\nWrote the report " + a->report + "\n";
  return Status::Ok();
}

}  // namespace

int RentCommand(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  RentArgs a;
  po::options_description d(
      "fitplan rent: the cheapest clusters on offer for a job, each with its best plan");
  AddModelJobOptions(&d, &a.workload);
  AddSearchOptions(&d, &a.options.search, &a.fixes);
  d.add_options()
      ("offers", po::value(&a.offers), "offers YAML (default configs/offers.yaml)")
      ("gpu", po::value(&a.options.filter.gpu), "only offers of this GPU (fitplan list gpus)")
      ("max-gpus", po::value(&a.options.filter.max_gpus), "only clusters of at most this many GPUs")
      ("min-gpus", po::bool_switch(&a.min_gpus), "with --gpu: the fewest GPUs on which the job fits, and its plan")
      ("format", po::value(&a.format), "table|json|markdown")
      ("report", po::value(&a.report), "also write an HTML page with charts to this file")
      ("help,h", "this help");
  po::variables_map vm;
  if (const std::optional<int> done = ParseOrFinish(argc, argv, d, nullptr, &vm, out, err)) {
    return *done;
  }
  RentOutput output;
  if (const Status s = Answer(vm, &a, &output); !s.ok()) {
    err << s.message() << "\n";
    return 2;
  }
  out << output.out;
  err << output.err;
  return 0;
}

}  // namespace fitplan
