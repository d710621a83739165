#include "hardware/topology.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "hardware/cluster_loader.h"

namespace fitplan {
namespace {

Cluster Builtin(const std::string& name) {
  StatusOr<Cluster> cluster = LoadCluster(name);
  EXPECT_TRUE(cluster.ok()) << cluster.status().message();
  return cluster.ok() ? *cluster : Cluster{};
}

TEST(TopologyTest, OneNodeIsGpusAndASwitch) {
  const Topology topology(Builtin("8x-a100-80g"));
  EXPECT_EQ(topology.num_vertices(), 9);  // 8 GPUs + 1 NVSwitch; no NIC or fabric for one node
  EXPECT_EQ(topology.num_edges(), 8);     // GPU–switch
}

TEST(TopologyTest, ClusterHasNicsAndAFabric) {
  const Topology topology(Builtin("32x-h100-ib"));
  EXPECT_EQ(topology.num_vertices(), 32 + 4 + 4 + 1);  // GPUs, switches, NICs, fabric
  EXPECT_EQ(topology.num_edges(), 32 + 4 + 4);         // GPU–switch, switch–NIC, NIC–fabric
  const Topology big(Builtin("1024x-h100-ib"));
  EXPECT_EQ(big.num_vertices(), 1024 + 128 + 128 + 1);
}

TEST(TopologyTest, TensorParallelInsideADgxA100) {
  const GroupLink link = Topology(Builtin("8x-a100-80g")).Ring({.size = 8, .stride = 1});
  EXPECT_EQ(link.bytes_per_s, 300e9);  // each GPU's NVSwitch port: 600 GB/s bidirectional / 2
  EXPECT_EQ(link.latency_s, 1e-5);     // calculon NVLink α
  EXPECT_FALSE(link.crosses_nodes);
}

TEST(TopologyTest, RingsInsideOneNodeGetTheGpuLink) {
  const Topology topology(Builtin("32x-h100-ib"));
  // TP 8: four groups, one per node, each GPU's NVSwitch port carries one flow each way.
  EXPECT_EQ(topology.Ring({.size = 8, .stride = 1}).bytes_per_s, 450e9);
  // DP 4 over tp 2 inside a node: ranks {0,2,4,6}: still one flow per GPU port.
  EXPECT_EQ(topology.Ring({.size = 4, .stride = 2}).bytes_per_s, 450e9);
  EXPECT_FALSE(topology.Ring({.size = 4, .stride = 2}).crosses_nodes);
}

TEST(TopologyTest, WholeNodeRingsGetTheWholeNic) {
  const Topology topology(Builtin("32x-h100-ib"));
  // DP 32: one ring, k = 8 ranks per node: min(450e9, 400e9 · 8/8) = 400e9.
  const GroupLink dp = topology.Ring({.size = 32, .stride = 1});
  EXPECT_EQ(dp.bytes_per_s, 400e9);
  EXPECT_EQ(dp.latency_s, 2e-5);  // calculon IB α
  EXPECT_TRUE(dp.crosses_nodes);
  // 16 ranks over 2 nodes, k = 8: two rings, each node in one: min(450e9, 400e9) = 400e9.
  EXPECT_EQ(topology.Ring({.size = 16, .stride = 1}).bytes_per_s, 400e9);
}

TEST(TopologyTest, OneRankPerNodeSharesTheNic) {
  const Topology topology(Builtin("32x-h100-ib"));
  // DP 4 over tp 8 (stride 8): 8 rings, each with k = 1 rank per node: 400e9 · 1/8 = 50e9.
  EXPECT_EQ(topology.Ring({.size = 4, .stride = 8}).bytes_per_s, 50e9);
  // Stride 4, size 8: k = 2 ranks per node, 4 rings: 400e9 · 2/8 = 100e9.
  EXPECT_EQ(topology.Ring({.size = 8, .stride = 4}).bytes_per_s, 100e9);
  // Pipeline of 2 stages two nodes apart (stride 16): 16 pairs, k = 1: 50e9.
  EXPECT_EQ(topology.Ring({.size = 2, .stride = 16}).bytes_per_s, 50e9);
}

TEST(TopologyTest, LargeClusterDataParallel) {
  const Topology topology(Builtin("1024x-h100-ib"));
  // DP 128 over tp 8: k = 1: 400e9 / 8 = 50e9.
  EXPECT_EQ(topology.Ring({.size = 128, .stride = 8}).bytes_per_s, 50e9);
  // DP 1024: k = 8: 400e9.
  EXPECT_EQ(topology.Ring({.size = 1024, .stride = 1}).bytes_per_s, 400e9);
}

TEST(TopologyTest, PcieWorkstation) {
  const GroupLink link = Topology(Builtin("2x-rtx-4090")).Ring({.size = 2, .stride = 1});
  EXPECT_EQ(link.bytes_per_s, 32e9);  // PCIe 4.0 x16, one direction
  EXPECT_FALSE(link.crosses_nodes);
}

TEST(TopologyTest, UnalignedGroupsTakeTheWorstGroup) {
  StatusOr<Cluster> cluster = ParseClusterYaml(R"(gpu: a100-sxm-80gb
nodes: 2
gpus_per_node: 4
inter_node: { kind: roce, bandwidth_gbps: 100 }
cpu_ram_gb: 512
)",
                                               "test.yaml");
  ASSERT_TRUE(cluster.ok()) << cluster.status().message();
  // Groups of 3: {0,1,2} stays in node 0; {3,4,5} crosses (3→4 out of node 0, 5→3 back in), one
  // flow on each NIC direction: min(300e9, 100e9 / 1) = 100e9.
  const GroupLink link = Topology(*cluster).Ring({.size = 3, .stride = 1});
  EXPECT_EQ(link.bytes_per_s, 100e9);
  EXPECT_TRUE(link.crosses_nodes);
}

TEST(TopologyTest, SingleRankHasNoLatency) {
  const GroupLink link = Topology(Builtin("8x-a100-80g")).Ring({.size = 1, .stride = 1});
  EXPECT_EQ(link.bytes_per_s, 300e9);  // its own link, so that S/B stays finite
  EXPECT_EQ(link.latency_s, 0);
  EXPECT_FALSE(link.crosses_nodes);
}

// The graph walk equals min(intra, inter · k / gpus_per_node) for every power-of-two shape on
// every built-in cluster, k = the group's ranks per node.
TEST(TopologyTest, GraphMatchesTheFormulaOnEveryBuiltinCluster) {
  for (const std::string& name : BuiltinClusterNames()) {
    const Cluster cluster = Builtin(name);
    const Topology topology(cluster);
    const int64_t gpus = cluster.total_gpus(), per_node = cluster.gpus_per_node;
    for (int64_t stride = 1; stride <= gpus; stride *= 2) {
      for (int64_t size = 2; size * stride <= gpus; size *= 2) {
        SCOPED_TRACE(name + " size " + std::to_string(size) + " stride " + std::to_string(stride));
        const int64_t k = std::min(size, std::max<int64_t>(1, per_node / stride));
        const bool crosses = size * stride > per_node;
        const double expected =
            crosses ? std::min(cluster.intra_node.bytes_per_s,
                               cluster.inter_node.bytes_per_s * double(k) / double(per_node))
                    : cluster.intra_node.bytes_per_s;
        const GroupLink link = topology.Ring({.size = size, .stride = stride});
        EXPECT_DOUBLE_EQ(link.bytes_per_s, expected);
        EXPECT_EQ(link.crosses_nodes, crosses);
        EXPECT_EQ(link.latency_s, crosses ? 2e-5 : 1e-5);
      }
    }
  }
}

}  // namespace
}  // namespace fitplan
