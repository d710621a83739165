// The cluster YAML files of configs/clusters/ compiled into the library, so that
// `--cluster 8x-a100-80g` works from any directory. hardware/CMakeLists.txt generates the table
// from the files themselves at configure time (re-run whenever one changes), so it cannot drift.
// Private to hardware/: callers use LoadCluster() and BuiltinClusterNames() (cluster_loader.h).
#ifndef FITPLAN_HARDWARE_BUILTIN_CLUSTERS_H_
#define FITPLAN_HARDWARE_BUILTIN_CLUSTERS_H_

#include <span>
#include <string_view>

namespace fitplan {

struct BuiltinCluster {
  std::string_view name;  // the file's stem, e.g. "8x-a100-80g"
  std::string_view yaml;  // the file's whole text
};

// Every built-in cluster, in the order of the list in hardware/CMakeLists.txt.
std::span<const BuiltinCluster> BuiltinClusters();

// The YAML text of built-in cluster `name`, or nullptr.
const BuiltinCluster* FindBuiltinCluster(std::string_view name);

}  // namespace fitplan

#endif  // FITPLAN_HARDWARE_BUILTIN_CLUSTERS_H_
