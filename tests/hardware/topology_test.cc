#include "hardware/topology.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>

#include "hardware/cluster_loader.h"

namespace fitplan {
namespace {

Cluster Builtin(const std::string& name) {
  StatusOr<Cluster> cluster = LoadCluster(name);
  EXPECT_TRUE(cluster.ok()) << cluster.status().message();
  return cluster.ok() ? *cluster : Cluster{};
}

// `nodes` DGX H100-like nodes (8 GPUs, NVSwitch 450 GB/s) on the fabric `inter_node`.
Cluster H100Nodes(int nodes, const std::string& inter_node) {
  StatusOr<Cluster> cluster =
      ParseClusterYaml("gpu: h100-sxm-80gb\nnodes: " + std::to_string(nodes) +
                           "\ngpus_per_node: 8\ninter_node: " + inter_node + "\ncpu_ram_gb: 2048\n",
                       "test.yaml");
  EXPECT_TRUE(cluster.ok()) << cluster.status().message();
  return cluster.ok() ? *cluster : Cluster{};
}

TEST(TopologyTest, OneNodeIsGpusAndASwitch) {
  const Topology topology(Builtin("8x-a100-80g"));
  EXPECT_EQ(topology.num_vertices(), 9);  // 8 GPUs + 1 NVSwitch; no NIC or fabric for one node
  EXPECT_EQ(topology.num_edges(), 8);     // GPU–switch
}

TEST(TopologyTest, ClusterHasNicsAndAFabric) {
  const Topology topology(Builtin("32x-h100-ib"));     // nics: 8
  EXPECT_EQ(topology.num_vertices(), 32 + 4 + 4 + 1);  // GPUs, switches, fabric ports, core
  EXPECT_EQ(topology.num_edges(), 32 + 4 * 8 + 4);     // GPU–switch, 8 NICs a node, port–core
  const Topology big(Builtin("1024x-h100-ib"));
  EXPECT_EQ(big.num_vertices(), 1024 + 128 + 128 + 1);
  EXPECT_EQ(big.num_edges(), 1024 + 128 * 8 + 128);
  // NICs not stated: one aggregate edge per node.
  const Topology total(H100Nodes(4, "{ kind: infiniband, bandwidth_gbps: 400 }"));
  EXPECT_EQ(total.num_vertices(), 32 + 4 + 4 + 1);
  EXPECT_EQ(total.num_edges(), 32 + 4 + 4);
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

TEST(TopologyTest, OversubscribedFabricHalvesCrossNodeRings) {
  // 32x-h100-ib on a 2:1 fabric: each node gets 400e9 / 2 = 200e9 across the core.
  const Topology topology(
      H100Nodes(4, "{ kind: infiniband, nics: 8, nic_bandwidth_gbps: 50, oversubscription: 2 }"));
  // DP 32, k = 8: min(450e9, 200e9 · 8/8) = 200e9 (400e9 non-blocking).
  const GroupLink dp = topology.Ring({.size = 32, .stride = 1});
  EXPECT_EQ(dp.bytes_per_s, 200e9);
  EXPECT_TRUE(dp.crosses_nodes);
  // DP 4 over tp 8, k = 1: 200e9 · 1/8 = 25e9 (50e9 non-blocking).
  EXPECT_EQ(topology.Ring({.size = 4, .stride = 8}).bytes_per_s, 25e9);
  // Stride 4, size 8, k = 2: 200e9 · 2/8 = 50e9 (100e9 non-blocking).
  EXPECT_EQ(topology.Ring({.size = 8, .stride = 4}).bytes_per_s, 50e9);
  // Inside a node the fabric is not used: TP 8 keeps the NVSwitch port's 450e9.
  EXPECT_EQ(topology.Ring({.size = 8, .stride = 1}).bytes_per_s, 450e9);
  EXPECT_FALSE(topology.Ring({.size = 8, .stride = 1}).crosses_nodes);
}

TEST(TopologyTest, OversubscriptionMovesTheBottleneckToTheFabric) {
  // 2 nodes × 4 A100 (300e9 NVSwitch port each) with 8 × 800 Gb/s NICs = 8 × 100e9 = 800e9 per
  // node. Whole-node ring (k = 4 of 4), non-blocking: min(300e9, 800e9 · 4/4) = 300e9, the GPU
  // link; on a 4:1 fabric: min(300e9, 800e9 / 4 · 4/4) = 200e9, the fabric.
  const std::string yaml = R"(gpu: a100-sxm-80gb
nodes: 2
gpus_per_node: 4
cpu_ram_gb: 512
inter_node: { kind: infiniband, nics: 8, nic_bandwidth_gbps: 100, oversubscription: )";
  for (const auto& [ratio, expected] : {std::pair{"1", 300e9}, std::pair{"4", 200e9}}) {
    StatusOr<Cluster> cluster = ParseClusterYaml(yaml + ratio + " }\n", "test.yaml");
    ASSERT_TRUE(cluster.ok()) << cluster.status().message();
    EXPECT_EQ(Topology(*cluster).Ring({.size = 8, .stride = 1}).bytes_per_s, expected) << ratio;
  }
}

TEST(TopologyTest, NicsPoolTheirBandwidth) {
  // 4 × 200 Gb/s HDR = 4 × 25e9 = 100e9 per node, as 4 NIC edges of 25e9 each. A ring's traffic
  // out of a node is striped over all its NICs, so the answers equal the aggregate edge's:
  const Topology nics(H100Nodes(2, "{ kind: infiniband, nics: 4, nic_bandwidth_gbps: 25 }"));
  const Topology total(H100Nodes(2, "{ kind: infiniband, bandwidth_gbps: 100 }"));
  EXPECT_EQ(nics.num_edges(), 16 + 2 * 4 + 2);  // GPU–switch, 4 NICs a node, port–core
  // DP 16, k = 8: one flow out of each node over all 4 NICs: min(450e9, 100e9 · 8/8) = 100e9.
  EXPECT_EQ(nics.Ring({.size = 16, .stride = 1}).bytes_per_s, 100e9);
  // DP 2 over tp 8, k = 1: 8 flows share the 4 NICs: 100e9 · 1/8 = 12.5e9.
  EXPECT_EQ(nics.Ring({.size = 2, .stride = 8}).bytes_per_s, 12.5e9);
  for (const RankGroup group : {RankGroup{16, 1}, RankGroup{2, 8}, RankGroup{4, 4}}) {
    EXPECT_EQ(nics.Ring(group).bytes_per_s, total.Ring(group).bytes_per_s);
  }
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

// The graph walk equals min(intra, inter / oversubscription · k / gpus_per_node) for every
// power-of-two shape, k = the group's ranks per node.
void ExpectGraphMatchesTheFormula(const Cluster& cluster) {
  const Topology topology(cluster);
  const int64_t gpus = cluster.total_gpus(), per_node = cluster.gpus_per_node;
  const double fabric = cluster.inter_node.bytes_per_s / cluster.inter_node.oversubscription;
  for (int64_t stride = 1; stride <= gpus; stride *= 2) {
    for (int64_t size = 2; size * stride <= gpus; size *= 2) {
      SCOPED_TRACE("size " + std::to_string(size) + " stride " + std::to_string(stride));
      const int64_t k = std::min(size, std::max<int64_t>(1, per_node / stride));
      const bool crosses = size * stride > per_node;
      const double expected =
          crosses ? std::min(cluster.intra_node.bytes_per_s, fabric * double(k) / double(per_node))
                  : cluster.intra_node.bytes_per_s;
      const GroupLink link = topology.Ring({.size = size, .stride = stride});
      EXPECT_DOUBLE_EQ(link.bytes_per_s, expected);
      EXPECT_EQ(link.crosses_nodes, crosses);
      EXPECT_EQ(link.latency_s, crosses ? 2e-5 : 1e-5);
    }
  }
}

TEST(TopologyTest, GraphMatchesTheFormulaOnEveryBuiltinCluster) {
  for (const std::string& name : BuiltinClusterNames()) {
    SCOPED_TRACE(name);
    ExpectGraphMatchesTheFormula(Builtin(name));
  }
}

TEST(TopologyTest, GraphMatchesTheFormulaOnOversubscribedFabrics) {
  for (const char* inter_node : {
           "{ kind: infiniband, nics: 8, nic_bandwidth_gbps: 50, oversubscription: 2 }",
           "{ kind: roce, nics: 3, nic_bandwidth_gbps: 25, oversubscription: 1.5 }",
           "{ kind: ethernet, bandwidth_gbps: 100, oversubscription: 4 }",
       }) {
    SCOPED_TRACE(inter_node);
    ExpectGraphMatchesTheFormula(H100Nodes(8, inter_node));
  }
}

}  // namespace
}  // namespace fitplan
