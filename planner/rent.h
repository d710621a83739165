// Rent: which cluster to rent for a job. Turns offers (planner/offers_loader.h) into candidate
// clusters, runs the plan search (planner/search.h) on each — the same search, so a row's plan is
// `fitplan plan`'s first plan on that cluster — and ranks the (cluster, best plan) pairs by the
// job's dollars; or finds the fewest GPUs of one type on which the job fits at all.
#ifndef FITPLAN_PLANNER_RENT_H_
#define FITPLAN_PLANNER_RENT_H_

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hardware/cluster.h"
#include "planner/core/estimate.h"
#include "planner/core/job.h"
#include "planner/core/model_spec.h"
#include "planner/offers_loader.h"
#include "planner/search.h"

namespace fitplan {

// Which candidates an offer list yields.
struct RentFilter {
  std::string gpu;       // only offers of this GPU ("" = every offer)
  int64_t max_gpus = 0;  // only clusters of at most this many GPUs (0 = no limit)
};

struct Candidate {
  Cluster cluster;  // named OFFER-NODESxGPUS, e.g. lambda-h100-2x8
  int offer = 0;    // index into the offers
  bool operator==(const Candidate&) const = default;
};

// The clusters `offer` rents: 1, 2, 4, … whole nodes up to max_nodes (and max_nodes itself), and
// one node of each partial GPU count. A partial node gets its share of the node's RAM and NVMe,
// as instance families scale them (GCP a2-highgpu-1g/2g/4g/8g: 85/170/340/680 GB of RAM). One
// node has no inter_node link, as the cluster loader leaves it.
std::vector<Cluster> OfferClusters(const Offer& offer);

// Every offer's clusters that pass `filter`, in offer order.
std::vector<Candidate> Candidates(std::span<const Offer> offers, const RentFilter& filter);

struct RentOptions {
  // Each cluster's search: --fix, --max-hours, threads and limits. Rent sets top, closest,
  // objective (cost), pareto and usd_to_beat itself.
  SearchOptions search;
  RentFilter filter;
  int top = 10;       // rows returned
  bool skip = true;   // search a cluster only for plans that could enter the rows (off: tests)
};

struct RentRow {
  Candidate candidate;
  Estimate best;  // the cluster's best plan (`fitplan plan`'s first row there)
};

struct RentStats {
  int candidates = 0;   // clusters the offers and the filter allow
  int without_plan = 0;  // clusters on which no plan fits (within --max-hours)
  int outranked = 0;     // clusters searched only for plans cheaper than the last row, none found
  int64_t plans_evaluated = 0;
  int64_t plans_pruned = 0;
  double seconds = 0;
};

struct RentResult {
  std::vector<RentRow> rows;  // best first (RentRanksBefore), at most top
  RentStats stats;
};

// Row order: plans that fit with margin before tight ones (as within a search), then job dollars,
// then fewer GPUs, fewer hours and the cluster name: a total order, so the rows do not depend on
// the order clusters were searched in.
bool RentRanksBefore(const RentRow& a, const RentRow& b);

// Ranks the candidates of `offers` by their best plan for `job`. Once `top` rows are held, a
// cluster is searched only for plans that could beat the last row (SearchOptions::usd_to_beat);
// the rows are the same as without that skip.
RentResult Rent(const ModelSpec& model, const Job& job, std::span<const Offer> offers,
                const RentOptions& options);

struct MinGpusResult {
  std::optional<RentRow> fits;   // the fewest GPUs on which a plan fits with margin
  std::optional<RentRow> tight;  // the fewest GPUs on which a plan fits only tight, when fewer
  int searched = 0;              // clusters searched
  int64_t largest_tried = 0;     // GPUs of the largest cluster searched
  double seconds = 0;
};

// Walks the candidates from the fewest GPUs up (ties: cheaper, then name) until one has a plan
// that fits with margin. The plan on each is the cluster's best (cheapest) plan.
MinGpusResult MinGpus(const ModelSpec& model, const Job& job, std::span<const Offer> offers,
                      const RentOptions& options);

// `fitplan rent` (planner/rent_command.cc): the options, the exit codes and the output above.
int RentCommand(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_RENT_H_
