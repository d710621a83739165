// Offers: the machines clouds rent out, one entry per node shape (configs/offers.yaml), which
// `fitplan rent` turns into candidate clusters. An offer holds a cluster YAML's machine fields
// (read by the cluster loader's ReadClusterFields, so an offer and a cluster file mean the same
// thing by the same key) with `max_nodes` in place of `nodes`, plus a label, the GPU counts one
// instance may have below a full node, and when and where its price was published.
//
// Offers YAML:
//   offers:
//     - name: lambda-h100                # unique; candidate clusters are named NAME-2x8, NAME-1x4
//       provider: Lambda, 8x H100 SXM    # optional free text
//       gpu: h100-sxm-80gb               # then every cluster YAML field but `name` and `nodes`
//       gpus_per_node: 8
//       max_nodes: 64                    # optional, default 64
//       gpu_counts: [1, 2, 4, 8]         # optional: GPU counts one instance may have (one node)
//       ...
//       price_per_gpu_hour: 2.99
//       price_date: 2026-11              # required: YYYY-MM or YYYY-MM-DD
//       source: https://...              # optional: where the price is published
//       note: example list price, edit   # optional
#ifndef FITPLAN_PLANNER_OFFERS_LOADER_H_
#define FITPLAN_PLANNER_OFFERS_LOADER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hardware/cluster.h"
#include "planner/core/status.h"

namespace fitplan {

// The largest node count an offer rents when it does not say (issue 8: "1 to 64 nodes").
inline constexpr int64_t kDefaultMaxNodes = 64;

struct Offer {
  std::string name;      // unique within the file; no spaces or '/'
  std::string provider;  // free text, "" when not given
  // The largest cluster on offer: nodes = max_nodes, name = `name`; inter_node as given (empty
  // when max_nodes is 1).
  Cluster machine;
  // GPU counts below gpus_per_node that one instance may have, ascending; empty = whole nodes
  // only. (gpus_per_node itself may be listed in the file; it is always on offer.)
  std::vector<int32_t> partial_gpu_counts;
  std::string price_date;  // "YYYY-MM" or "YYYY-MM-DD": when price_per_gpu_hour was published
  std::string source;      // where, "" when not given
  std::string note;        // "" when not given
  bool operator==(const Offer&) const = default;
};

// Parses offers YAML text. `file` names the source in errors ("FILE:LINE: offers[2].gpu: ...").
StatusOr<std::vector<Offer>> ParseOffersYaml(std::string_view yaml_text, std::string_view file);

// Reads and parses the offers file at `path`.
StatusOr<std::vector<Offer>> LoadOffers(const std::string& path);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_OFFERS_LOADER_H_
