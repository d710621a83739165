// Loads a Cluster from the YAML of shared/docs/interface.md ("Cluster YAML"), or by built-in name.
// Every error is one line "FILE:LINE: FIELD: what was wrong and what was expected".
#ifndef FITPLAN_HARDWARE_CLUSTER_LOADER_H_
#define FITPLAN_HARDWARE_CLUSTER_LOADER_H_

#include <string>
#include <string_view>
#include <vector>

#include "hardware/cluster.h"
#include "planner/core/status.h"

namespace fitplan {

// Parses cluster YAML text. `file` names the source in error messages.
StatusOr<Cluster> ParseClusterYaml(std::string_view yaml_text, std::string_view file);

// `spec` is a path to a YAML file, or the name of a built-in cluster (see BuiltinClusterNames()).
StatusOr<Cluster> LoadCluster(const std::string& spec);

// Names accepted by LoadCluster without a path (the files of configs/clusters/ compiled in).
std::vector<std::string> BuiltinClusterNames();

}  // namespace fitplan

#endif  // FITPLAN_HARDWARE_CLUSTER_LOADER_H_
