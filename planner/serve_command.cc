// `fitplan serve --cluster C --model M [--context N] [--batch B] [--weights W] [--kv K] [--tp N]
// [--pp N]` evaluates one replica; with `--users U [--tokens-per-second-per-user T]` it searches
// for the cheapest deployment of the load (issue 9).
#include <boost/program_options.hpp>

#include <cmath>
#include <iostream>
#include <string>

#include "hardware/cluster_loader.h"
#include "hardware/topology.h"
#include "planner/cli_common.h"
#include "planner/model_loader.h"
#include "planner/report_serve.h"
#include "planner/serve.h"

namespace fitplan {
namespace {

namespace po = boost::program_options;

struct ServeArgs {
  std::string cluster, model, weights, kv, format = "table";
  double context = 8192, batch = 1, users = 0, tokens_per_s = 0;
  double chunk = 8192, utilization = 0.9;
  int32_t tp = 0, pp = 0, top = 10;
};

// A count or size option: finite, ≥ `least`, ≤ `most`, and whole where it must be.
Status CheckNumber(const char* option, double value, double least, double most, bool whole) {
  if (!std::isfinite(value) || value < least || value > most || (whole && value != std::floor(value))) {
    char text[200];
    std::snprintf(text, sizeof text, "--%s: expected %s from %g to %g, got %g", option,
                  whole ? "a whole number" : "a number", least, most, value);
    return Status::InvalidInput(text);
  }
  return Status::Ok();
}

Status CheckArgs(const ServeArgs& a, const po::variables_map& vm) {
  if (a.cluster.empty()) return Status::InvalidInput("--cluster: missing; give a cluster YAML or a built-in name");
  if (a.model.empty()) return Status::InvalidInput("--model: missing; give a model YAML, config.json or built-in name");
  FITPLAN_RETURN_IF_ERROR(CheckNumber("context", a.context, 1, 1e8, true));
  FITPLAN_RETURN_IF_ERROR(CheckNumber("batch", a.batch, 1, 1e6, true));
  FITPLAN_RETURN_IF_ERROR(CheckNumber("prefill-chunk", a.chunk, 1, 1e7, true));
  FITPLAN_RETURN_IF_ERROR(CheckNumber("gpu-memory-utilization", a.utilization, 0.05, 1, false));
  FITPLAN_RETURN_IF_ERROR(CheckNumber("top", a.top, 1, 10000, true));
  if (vm.count("users")) FITPLAN_RETURN_IF_ERROR(CheckNumber("users", a.users, 1, 1e7, true));
  FITPLAN_RETURN_IF_ERROR(CheckNumber("tokens-per-second-per-user", a.tokens_per_s, 0, 1e5, false));
  if (vm.count("tp")) FITPLAN_RETURN_IF_ERROR(CheckNumber("tp", a.tp, 1, 1024, true));
  if (vm.count("pp")) FITPLAN_RETURN_IF_ERROR(CheckNumber("pp", a.pp, 1, 1024, true));
  if (!a.weights.empty() && !ParseWeightFormat(a.weights)) {
    return Status::InvalidInput("--weights: unknown format '" + a.weights + "'; expected bf16, fp8, int8 or int4");
  }
  if (!a.kv.empty() && !ParseKvFormat(a.kv)) {
    return Status::InvalidInput("--kv: unknown format '" + a.kv + "'; expected bf16 or fp8");
  }
  if (!ParseFormat(a.format) || a.format == "csv") {
    return Status::InvalidInput("--format: unknown format '" + a.format + "'; expected table, json, yaml or markdown");
  }
  return Status::Ok();
}

int Run(const ServeArgs& a, const po::variables_map& vm, std::ostream& out, std::ostream& err) {
  if (const Status s = CheckArgs(a, vm); !s.ok()) {
    err << s.message() << "\n";
    return 2;
  }
  const StatusOr<Cluster> cluster = LoadCluster(a.cluster);
  if (!cluster.ok()) {
    err << cluster.status().message() << "\n";
    return 2;
  }
  const StatusOr<ModelSpec> model = LoadModel(a.model);
  if (!model.ok()) {
    err << model.status().message() << "\n";
    return 2;
  }
  const ModelStats stats = ComputeModelStats(*model);
  const Topology topology(*cluster);
  const Format format = *ParseFormat(a.format);
  const ServeContext context{model->name, cluster->name, cluster->gpu.name};
  ServeLoad load;
  load.context_tokens = a.context;
  load.sequences = a.batch;
  load.prefill_chunk_tokens = a.chunk;
  load.gpu_memory_utilization = a.utilization;

  if (vm.count("users")) {
    ServeTarget target;
    target.users = a.users;
    target.tokens_per_s_per_user = a.tokens_per_s;
    target.load = load;
    if (!a.weights.empty()) target.weights = ParseWeightFormat(a.weights);
    if (!a.kv.empty()) target.kv = ParseKvFormat(a.kv);
    target.tp = a.tp;
    target.pp = a.pp;
    target.top = a.top;
    out << FormatServeSearch(context, target, SearchServe(*model, stats, *cluster, topology, target),
                             format);
    return 0;
  }
  ServeShape shape;
  if (!a.weights.empty()) shape.weights = *ParseWeightFormat(a.weights);
  if (!a.kv.empty()) shape.kv = *ParseKvFormat(a.kv);
  shape.pp = a.pp > 0 ? a.pp : 1;
  if (a.tp > 0) {
    shape.tp = a.tp;
  } else {
    // One replica over a whole node by default: the most KV cache a node can give one model.
    const std::vector<int32_t> tps = ServeTpChoices(*model, *cluster);
    shape.tp = tps.empty() ? 1 : tps.back();
  }
  if (const std::string problem = ServeShapeProblem(*model, *cluster, shape); !problem.empty()) {
    err << "--tp/--pp: " << problem << " (" << model->name << " on " << cluster->name << ")\n";
    return 2;
  }
  const ServeEstimate e = EvaluateServe(*model, stats, *cluster, topology, shape, load);
  ServeEstimate at_capacity;
  const bool has_capacity = e.max_sequences >= 1 && e.max_sequences != load.sequences;
  if (has_capacity) {
    ServeLoad full = load;
    full.sequences = e.max_sequences;
    at_capacity = EvaluateServe(*model, stats, *cluster, topology, shape, full);
  }
  out << FormatServeEstimate(context, e, has_capacity ? &at_capacity : nullptr, format);
  return 0;
}

}  // namespace

int ServeCommand(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  ServeArgs a;
  po::options_description d(
      "fitplan serve: memory, capacity and decode speed of serving a model (vLLM-style paged KV "
      "cache)");
  d.add_options()
      ("cluster", po::value(&a.cluster), "cluster YAML path or built-in name")
      ("model", po::value(&a.model), "model YAML, HF config.json or built-in name")
      ("context", po::value(&a.context), "tokens per sequence held in the KV cache (default 8192)")
      ("batch", po::value(&a.batch), "concurrent sequences of one replica (default 1)")
      ("weights", po::value(&a.weights), "bf16|fp8|int8|int4 (default bf16; searched with --users)")
      ("kv", po::value(&a.kv), "bf16|fp8 KV cache (default bf16; searched with --users)")
      ("tp", po::value(&a.tp), "tensor-parallel GPUs per replica (default: a whole node)")
      ("pp", po::value(&a.pp), "pipeline stages per replica (default 1)")
      ("users", po::value(&a.users), "search the cheapest deployment for this many concurrent users")
      ("tokens-per-second-per-user", po::value(&a.tokens_per_s), "with --users: slowest acceptable decode speed")
      ("prefill-chunk", po::value(&a.chunk), "largest prefill forward, vLLM max_num_batched_tokens (default 8192)")
      ("gpu-memory-utilization", po::value(&a.utilization), "vLLM's share of GPU memory (default 0.9)")
      ("top", po::value(&a.top), "with --users: deployments to list (default 10)")
      ("format", po::value(&a.format), "table|json|yaml|markdown")
      ("help,h", "this help");
  po::variables_map vm;
  if (const std::optional<int> done = ParseOrFinish(argc, argv, d, nullptr, &vm, out, err)) {
    return *done;
  }
  return Run(a, vm, out, err);
}

}  // namespace fitplan
