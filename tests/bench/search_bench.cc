// Throughput of the cost model and the search (issue "the whole space at full speed" targets:
// ≥ 2 M plan evaluations per second per core; the default job's search well under a second).
#include <benchmark/benchmark.h>

#include <string>

#include "hardware/cluster_loader.h"
#include "hardware/topology.h"
#include "planner/cost_model.h"
#include "planner/model_catalog.h"
#include "planner/search.h"

namespace fitplan {
namespace {

Workload DefaultWorkload() {
  const Cluster cluster =
      LoadCluster(std::string(FITPLAN_SOURCE_DIR) + "/configs/clusters/8x-a100-80g.yaml").value();
  return MakeWorkload(*FindModel("llama-3.1-70b"), Job{}, cluster);
}

void BM_EvaluateOnePlan(benchmark::State& state) {
  const Workload w = DefaultWorkload();
  const Topology topology(w.cluster);
  Plan p;
  p.method = Method::kLora;
  p.sharding = Sharding::kZero3;
  p.checkpointing = Checkpointing::kFull;
  p.dp = 8;
  p.grad_accum = 8;
  p.seq_len = 4096;
  const LayoutLinks links = LinksFor(topology, p, w.cluster.gpus_per_node);
  for (auto _ : state) {
    p.micro_batch = 1 + int32_t(state.iterations() & 1);
    benchmark::DoNotOptimize(Evaluate(w, links, p));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateOnePlan);

// Runs the whole search once per iteration; items are the plans of the space.
void RunSearches(benchmark::State& state, const Workload& w, const SearchOptions& options) {
  const Topology topology(w.cluster);
  int64_t plans = 0;
  for (auto _ : state) {
    const SearchResult r = Search(w, topology, options);
    plans += r.stats.space;
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(plans);
}

void BM_DefaultSearch(benchmark::State& state) {
  SearchOptions options;
  options.threads = int(state.range(0));
  RunSearches(state, DefaultWorkload(), options);
}
BENCHMARK(BM_DefaultSearch)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

// Pre-training on 1024 H100s (128 nodes × 8) over the full space (issue target: gpt3-175b under
// 2 s for the whole process).
void BM_PretrainOn1024H100(benchmark::State& state, const char* model) {
  const Cluster cluster =
      LoadCluster(std::string(FITPLAN_SOURCE_DIR) + "/configs/clusters/1024x-h100-ib.yaml").value();
  Job job;
  job.kind = JobKind::kPretrain;
  job.global_batch = 1536;
  job.seq_len = 2048;
  job.train_tokens = 3e11;
  RunSearches(state, MakeWorkload(*FindModel(model), job, cluster), SearchOptions{});
}
BENCHMARK_CAPTURE(BM_PretrainOn1024H100, gpt3_175b, "gpt3-175b")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PretrainOn1024H100, llama_405b, "llama-3.1-405b")
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace fitplan
