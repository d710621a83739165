// Loads a Cluster from the YAML of shared/docs/interface.md ("Cluster YAML"), or by built-in name.
// Every error is one line "FILE:LINE: FIELD: what was wrong and what was expected".
#ifndef FITPLAN_HARDWARE_CLUSTER_LOADER_H_
#define FITPLAN_HARDWARE_CLUSTER_LOADER_H_

#include <string>
#include <string_view>
#include <vector>

#include "hardware/cluster.h"
#include "planner/core/config_node.h"
#include "planner/core/status.h"

namespace fitplan {

// How a map names its node count: a cluster YAML's `nodes` (default 1), or an offer's `max_nodes`
// (planner/offers_loader.h).
struct NodeCountField {
  std::string_view key = "nodes";
  int64_t default_count = 1;
};

// Reads the machine fields a cluster YAML and an offer share: gpu, gpus_per_node, the node count
// (`count`, into c->nodes), intra_node, inter_node (required when the count > 1, dropped when it
// is 1), cpu_ram_gb, nvme_gb and price_per_gpu_hour. Leaves c->name alone; the caller rejects
// unknown keys first. Errors are ParseClusterYaml's.
Status ReadClusterFields(const FieldReader& r, NodeCountField count, Cluster* c);

// Parses cluster YAML text. `file` names the source in error messages.
StatusOr<Cluster> ParseClusterYaml(std::string_view yaml_text, std::string_view file);

// `spec` is a path to a YAML file, or the name of a built-in cluster (see BuiltinClusterNames()).
StatusOr<Cluster> LoadCluster(const std::string& spec);

// Names accepted by LoadCluster without a path (the files of configs/clusters/ compiled in).
std::vector<std::string> BuiltinClusterNames();

}  // namespace fitplan

#endif  // FITPLAN_HARDWARE_CLUSTER_LOADER_H_
