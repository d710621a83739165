#include "planner/serve_search.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace fitplan {
namespace {

// The most sequences one replica of `shape` can hold at the target's context and still decode at
// the target's speed (0 if not even one can): memory and speed are both monotone in the batch.
double LargestBatch(const ModelSpec& model, const ModelStats& stats, const Cluster& cluster,
                    const Topology& topology, const ServeShape& shape, const ServeTarget& target) {
  ServeLoad load = target.load;
  auto ok = [&](double batch) {
    load.sequences = batch;
    const ServeEstimate e = EvaluateServe(model, stats, cluster, topology, shape, load);
    return e.fits && e.speed.tokens_per_s_per_user >= target.tokens_per_s_per_user;
  };
  double lo = 0, hi = std::ceil(target.users);
  if (!ok(1)) return 0;
  lo = 1;
  if (ok(hi)) return hi;
  while (hi - lo > 1) {  // ok(lo), !ok(hi)
    const double mid = std::floor((lo + hi) / 2);
    (ok(mid) ? lo : hi) = mid;
  }
  return lo;
}

auto RankKey(const ServeDeployment& d) {
  return std::make_tuple(d.usd_per_hour, d.gpus, int(d.replica.shape.weights),
                         int(d.replica.shape.kv), -d.replica.speed.tokens_per_s_per_user,
                         d.replica.shape.tp, d.replica.shape.pp);
}

}  // namespace

std::vector<int32_t> ServeTpChoices(const ModelSpec& model, const Cluster& cluster) {
  std::vector<int32_t> out;
  for (int32_t tp = 1; tp <= cluster.gpus_per_node; tp *= 2) {
    if (ServeShapeProblem(model, cluster, {WeightFormat::kBf16, KvFormat::kBf16, tp, 1}).empty()) {
      out.push_back(tp);
    }
  }
  return out;
}

ServeSearchResult SearchServe(const ModelSpec& model, const ModelStats& stats,
                              const Cluster& cluster, const Topology& topology,
                              const ServeTarget& target) {
  ServeSearchResult result;
  result.why_none = ContextProblem(model, target.load.context_tokens);
  if (!result.why_none.empty()) return result;
  std::vector<WeightFormat> weights = {WeightFormat::kBf16, WeightFormat::kFp8,
                                       WeightFormat::kInt8, WeightFormat::kInt4};
  std::vector<KvFormat> kvs = {KvFormat::kBf16, KvFormat::kFp8};
  if (target.weights) weights = {*target.weights};
  if (target.kv) kvs = {*target.kv};
  std::vector<int32_t> tps = target.tp > 0 ? std::vector<int32_t>{target.tp}
                                           : ServeTpChoices(model, cluster);
  std::vector<int32_t> pps;
  if (target.pp > 0) {
    pps = {target.pp};
  } else {
    for (int32_t pp = 1; pp <= model.layers && pp <= cluster.nodes * 1LL * cluster.gpus_per_node;
         pp *= 2) {
      pps.push_back(pp);
    }
  }
  for (WeightFormat w : weights) {
    for (KvFormat kv : kvs) {
      for (int32_t tp : tps) {
        for (int32_t pp : pps) {
          const ServeShape shape{w, kv, tp, pp};
          if (!ServeShapeProblem(model, cluster, shape).empty()) continue;
          ++result.shapes;
          const double batch = LargestBatch(model, stats, cluster, topology, shape, target);
          if (batch < 1) continue;
          ServeDeployment d;
          d.replicas = int64_t(std::ceil(target.users / batch));
          // Spread the users evenly: fewer per replica decode faster.
          ServeLoad load = target.load;
          load.sequences = std::ceil(target.users / double(d.replicas));
          d.replica = EvaluateServe(model, stats, cluster, topology, shape, load);
          d.gpus = d.replicas * shape.tp * shape.pp;
          if (d.gpus > cluster.total_gpus()) continue;
          d.usd_per_hour = double(d.gpus) * cluster.price_per_gpu_hour;
          ++result.feasible;
          result.ranked.push_back(d);
        }
      }
    }
  }
  std::sort(result.ranked.begin(), result.ranked.end(),
            [](const ServeDeployment& a, const ServeDeployment& b) { return RankKey(a) < RankKey(b); });
  if (result.ranked.size() > size_t(std::max(1, target.top))) result.ranked.resize(target.top);
  return result;
}

}  // namespace fitplan
