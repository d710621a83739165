// The cheapest deployment that serves a stated load: a search over weight and KV formats, tensor
// and pipeline parallelism and the number of replicas, on one cluster (issue 9).
#ifndef FITPLAN_PLANNER_SERVE_SEARCH_H_
#define FITPLAN_PLANNER_SERVE_SEARCH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "planner/serve_model.h"

namespace fitplan {

struct ServeTarget {
  double users = 1;                  // concurrent sequences to serve
  double tokens_per_s_per_user = 0;  // slowest acceptable decode per user; 0 = any
  ServeLoad load;                    // context, prefill chunk, memory utilization (sequences unused)
  std::optional<WeightFormat> weights;  // pinned formats and sizes; unset = searched
  std::optional<KvFormat> kv;
  int32_t tp = 0;  // 0 = searched
  int32_t pp = 0;
  int32_t top = 10;
};

// Replicas of one shape, each holding `replica.load.sequences` of the users.
struct ServeDeployment {
  ServeEstimate replica;
  int64_t replicas = 0;
  int64_t gpus = 0;
  double usd_per_hour = 0;
};

struct ServeSearchResult {
  std::vector<ServeDeployment> ranked;  // cheapest first
  int64_t shapes = 0;                   // shapes evaluated
  int64_t feasible = 0;                 // shapes that serve the load within the cluster
  std::string why_none;  // when no shape can serve it whatever its size (context past positions)
};

// Ranks deployments by $/hour, then fewer GPUs, then the more precise formats (quantization costs
// accuracy fitplan does not measure), then faster per user, then the smaller tp and pp: a total,
// deterministic order.
ServeSearchResult SearchServe(const ModelSpec& model, const ModelStats& stats,
                              const Cluster& cluster, const Topology& topology,
                              const ServeTarget& target);

// The tensor-parallel sizes a model can use on `cluster` (powers of two up to a node that pass
// ServeShapeProblem), smallest first.
std::vector<int32_t> ServeTpChoices(const ModelSpec& model, const Cluster& cluster);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_SERVE_SEARCH_H_
