#include "planner/rent.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "hardware/topology.h"
#include "strategies/precision.h"
#include "strategies/workload.h"

namespace fitplan {
namespace {

// `nodes` nodes of `gpus_per_node` GPUs from `offer` (OfferClusters says why RAM is shared).
Cluster ClusterOf(const Offer& offer, int32_t nodes, int32_t gpus_per_node) {
  Cluster c = offer.machine;
  const double share = double(gpus_per_node) / c.gpus_per_node;
  c.name = offer.name + "-" + std::to_string(nodes) + "x" + std::to_string(gpus_per_node);
  c.nodes = nodes;
  c.gpus_per_node = gpus_per_node;
  c.cpu_ram_bytes_per_node *= share;
  c.nvme_bytes_per_node *= share;
  if (nodes == 1) c.inter_node = LinkSpec{};
  return c;
}

// The search for one cluster's best plan by cost; what rent needs of it and nothing more.
SearchOptions BestPlanOptions(const RentOptions& options) {
  SearchOptions s = options.search;
  s.top = 1;
  s.closest = 0;
  s.objective = Objective::kCost;
  s.pareto = false;
  s.usd_to_beat = 0;
  return s;
}

// The cluster's first plan, as `fitplan plan` ranks them, if any fits.
std::optional<Estimate> BestPlan(const Workload& w, const SearchOptions& options,
                                 RentStats* stats) {
  const Topology topology(w.cluster);
  const SearchResult r = Search(w, topology, options);
  stats->plans_evaluated += r.stats.evaluated;
  stats->plans_pruned += r.stats.pruned;
  if (r.plans.empty()) return std::nullopt;
  return r.plans.front();
}

// Dollars per unit of peak compute: clusters of GPUs cheap for their speed go first, so the last
// row's cost, which bounds the later searches, falls early. Only speed depends on this order.
double PricePerPeak(const Cluster& c) { return c.price_per_gpu_hour / MfuPeakFlops(c.gpu); }

// The candidate's row, or none when no plan fits or, with `to_beat` > 0, none can cost less than
// to_beat: its CostLowerBound (the whole cluster, unenumerated) or every plan's bound is above
// it, or the best plan found is not exact (SearchOptions::usd_to_beat). A cluster whose best plan
// costs more than to_beat, or only fits tight, ranks after the row that set to_beat, so the rows
// are the same as without it.
std::optional<RentRow> SearchCandidate(const ModelSpec& model, const Job& job,
                                       const Candidate& candidate, SearchOptions options,
                                       double to_beat, RentStats* stats) {
  options.usd_to_beat = to_beat;
  const Workload w = MakeWorkload(model, job, candidate.cluster);
  const bool bounded = to_beat > 0;
  std::optional<Estimate> best;
  if (!bounded || CostLowerBound(w, options) <= to_beat * (1 + 2e-3)) {
    best = BestPlan(w, options, stats);
  }
  if (best && (!bounded || (best->verdict == Verdict::kFits &&
                            best->cost.usd <= to_beat * (1 + 1e-3)))) {
    return RentRow{candidate, *best};
  }
  ++(bounded ? stats->outranked : stats->without_plan);
  return std::nullopt;
}

void Add(const RentStats& s, RentStats* total) {
  total->outranked += s.outranked;
  total->without_plan += s.without_plan;
  total->plans_evaluated += s.plans_evaluated;
  total->plans_pruned += s.plans_pruned;
}

// Inserts `row` in rank order, keeping at most `top` rows.
void Insert(const RentRow& row, int top, std::vector<RentRow>* rows) {
  rows->insert(std::upper_bound(rows->begin(), rows->end(), row, RentRanksBefore), row);
  if (rows->size() > size_t(top)) rows->pop_back();
}

// Clusters searched at once: as many as the search would use threads (each search is parallel
// too, but small clusters leave cores idle).
int Workers(const SearchOptions& options) {
  return options.threads > 0 ? options.threads : int(std::thread::hardware_concurrency());
}

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

std::vector<Cluster> OfferClusters(const Offer& offer) {
  const Cluster& m = offer.machine;
  std::vector<Cluster> out;
  for (int32_t gpus : offer.partial_gpu_counts) out.push_back(ClusterOf(offer, 1, gpus));
  for (int32_t nodes = 1; nodes <= m.nodes; nodes *= 2) {
    out.push_back(ClusterOf(offer, nodes, m.gpus_per_node));
    if (nodes > m.nodes / 2) break;  // the next power of two would pass max_nodes (or int32)
  }
  if (out.back().nodes != m.nodes) out.push_back(ClusterOf(offer, m.nodes, m.gpus_per_node));
  return out;
}

std::vector<Candidate> Candidates(std::span<const Offer> offers, const RentFilter& filter) {
  std::vector<Candidate> out;
  for (size_t i = 0; i < offers.size(); ++i) {
    if (!filter.gpu.empty() && offers[i].machine.gpu.name != filter.gpu) continue;
    for (Cluster& c : OfferClusters(offers[i])) {
      if (filter.max_gpus > 0 && c.total_gpus() > filter.max_gpus) continue;
      out.push_back({std::move(c), int(i)});
    }
  }
  return out;
}

bool RentRanksBefore(const RentRow& a, const RentRow& b) {
  if (a.best.verdict != b.best.verdict) return a.best.verdict < b.best.verdict;
  if (a.best.cost.usd != b.best.cost.usd) return a.best.cost.usd < b.best.cost.usd;
  const int64_t ga = a.candidate.cluster.total_gpus(), gb = b.candidate.cluster.total_gpus();
  if (ga != gb) return ga < gb;
  if (a.best.cost.training_hours != b.best.cost.training_hours) {
    return a.best.cost.training_hours < b.best.cost.training_hours;
  }
  return a.candidate.cluster.name < b.candidate.cluster.name;
}

RentResult Rent(const ModelSpec& model, const Job& job, std::span<const Offer> offers,
                const RentOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<Candidate> candidates = Candidates(offers, options.filter);
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    const double pa = PricePerPeak(a.cluster), pb = PricePerPeak(b.cluster);
    return pa != pb ? pa < pb : a.cluster.total_gpus() < b.cluster.total_gpus();
  });
  const SearchOptions base = BestPlanOptions(options);
  RentResult result;
  result.stats.candidates = int(candidates.size());
  std::mutex mutex;  // guards result
  std::atomic<size_t> next{0};
  // Each worker takes the next candidate, reads the cost to beat, searches, merges its row.
  auto work = [&] {
    for (size_t i = next++; i < candidates.size(); i = next++) {
      double to_beat = 0;
      {
        const std::lock_guard<std::mutex> lock(mutex);
        const std::vector<RentRow>& rows = result.rows;
        if (options.skip && rows.size() == size_t(options.top) &&
            rows.back().best.verdict == Verdict::kFits) {
          to_beat = rows.back().best.cost.usd;
        }
      }
      RentStats stats;
      const std::optional<RentRow> row =
          SearchCandidate(model, job, candidates[i], base, to_beat, &stats);
      const std::lock_guard<std::mutex> lock(mutex);
      Add(stats, &result.stats);
      if (row) Insert(*row, options.top, &result.rows);
    }
  };
  const int workers = std::max(1, std::min(int(candidates.size()), Workers(options.search)));
  {
    std::vector<std::jthread> pool;
    for (int k = 1; k < workers; ++k) pool.emplace_back(work);
    work();
  }
  result.stats.seconds = Seconds(start);
  return result;
}

MinGpusResult MinGpus(const ModelSpec& model, const Job& job, std::span<const Offer> offers,
                      const RentOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<Candidate> candidates = Candidates(offers, options.filter);
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    const Cluster &ca = a.cluster, &cb = b.cluster;
    if (ca.total_gpus() != cb.total_gpus()) return ca.total_gpus() < cb.total_gpus();
    if (ca.price_per_gpu_hour != cb.price_per_gpu_hour) {
      return ca.price_per_gpu_hour < cb.price_per_gpu_hour;
    }
    return ca.name < cb.name;
  });
  const SearchOptions search = BestPlanOptions(options);
  MinGpusResult result;
  RentStats stats;
  for (const Candidate& candidate : candidates) {
    const std::optional<Estimate> best =
        BestPlan(MakeWorkload(model, job, candidate.cluster), search, &stats);
    ++result.searched;
    result.largest_tried = candidate.cluster.total_gpus();
    if (!best) continue;
    if (best->verdict == Verdict::kFits) {
      result.fits = RentRow{candidate, *best};
      break;
    }
    if (!result.tight) result.tight = RentRow{candidate, *best};
  }
  // A tight plan is news only on fewer GPUs than the first plan that fits with margin.
  if (result.fits && result.tight &&
      result.tight->candidate.cluster.total_gpus() >= result.fits->candidate.cluster.total_gpus()) {
    result.tight.reset();
  }
  result.seconds = Seconds(start);
  return result;
}

}  // namespace fitplan
