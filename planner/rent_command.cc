// `fitplan rent --model M [--job J] [--offers FILE] [--gpu TYPE] [--max-gpus N] [--min-gpus]`:
// the options and exit codes around Rent and MinGpus (planner/rent.h).
#include <boost/program_options.hpp>

#include <algorithm>
#include <iostream>
#include <optional>
#include <ostream>
#include <string>
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
  RentOptions options;
  bool min_gpus = false;
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

// Loads the model, job and offers and answers; `output` is the report.
Status Answer(const po::variables_map& vm, RentArgs* a, std::string* output) {
  Format format = Format::kTable;
  FITPLAN_RETURN_IF_ERROR(CheckArgs(vm, a, &format));
  ModelSpec model;
  Job job;
  FITPLAN_RETURN_IF_ERROR(LoadModelAndJob(a->workload, &model, &job));
  const StatusOr<std::vector<Offer>> offers = LoadOffers(a->offers);
  if (!offers.ok()) return offers.status();
  if (!a->options.filter.gpu.empty()) FITPLAN_RETURN_IF_ERROR(CheckGpu(*offers, *a));
  const RentContext context{model, job, *offers, a->offers};
  *output = a->min_gpus ? FormatMinGpus(context, a->options.filter.gpu,
                                        MinGpus(model, job, *offers, a->options), format)
                        : FormatRent(context, Rent(model, job, *offers, a->options), format);
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
      ("help,h", "this help");
  po::variables_map vm;
  if (const std::optional<int> done = ParseOrFinish(argc, argv, d, nullptr, &vm, out, err)) {
    return *done;
  }
  std::string output;
  if (const Status s = Answer(vm, &a, &output); !s.ok()) {
    err << s.message() << "\n";
    return 2;
  }
  out << output;
  return 0;
}

}  // namespace fitplan
