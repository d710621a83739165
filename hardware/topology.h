// Topology: the cluster as a graph (Boost.Graph): GPUs, the switch or PCIe complex inside each
// node, each node's NICs, and the fabric between nodes. Answers bandwidth questions about groups
// of ranks for the time model, from the graph, not from a per-cluster-kind constant.
#ifndef FITPLAN_HARDWARE_TOPOLOGY_H_
#define FITPLAN_HARDWARE_TOPOLOGY_H_

#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "hardware/cluster.h"

namespace fitplan {

// A regular communicator: `size` ranks r0, r0+stride, r0+2·stride, ... (Megatron rank order puts
// TP innermost: a TP group has stride 1, a DP group stride tp·cp, a PP group stride tp·cp·dp).
struct RankGroup {
  int64_t size = 1;
  int64_t stride = 1;
};

struct GroupLink {
  double bytes_per_s = 0;    // per-rank bottleneck bandwidth of a ring over the group, one direction
  double latency_s = 0;      // per collective step
  bool crosses_nodes = false;
};

class Topology {
 public:
  explicit Topology(const Cluster& cluster);
  ~Topology();
  Topology(const Topology&) = delete;
  Topology& operator=(const Topology&) = delete;

  // Bandwidth of a ring over `group`, when every group of the same shape communicates at once
  // (all DP groups all-reduce together): the node's inter-node bandwidth, divided by the fabric's
  // oversubscription, is shared among the
  // node's GPUs, and a group with k ranks in one node can use k of those shares.
  // REQUIRES: group.size·group.stride ≤ total GPUs.
  GroupLink Ring(RankGroup group) const;

  int64_t num_vertices() const;
  int64_t num_edges() const;

 private:
  GroupLink ComputeRing(RankGroup group) const;  // walks the graph: O(GPUs)

  struct Graph;
  std::unique_ptr<Graph> graph_;
  Cluster cluster_;
  // Ring() answers by (size, stride): a search asks the same shapes for many layouts.
  mutable std::mutex ring_cache_mutex_;
  mutable std::map<std::pair<int64_t, int64_t>, GroupLink> ring_cache_;
};

}  // namespace fitplan

#endif  // FITPLAN_HARDWARE_TOPOLOGY_H_
