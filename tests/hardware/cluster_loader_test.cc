#include "hardware/cluster_loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "hardware/builtin_clusters.h"
#include "hardware/gpu_catalog.h"
#include "planner/core/units.h"

namespace fitplan {
namespace {

const std::string kClusterDir = std::string(FITPLAN_SOURCE_DIR) + "/configs/clusters";

Cluster Parse(const std::string& yaml) {
  StatusOr<Cluster> cluster = ParseClusterYaml(yaml, "test.yaml");
  EXPECT_TRUE(cluster.ok()) << cluster.status().message();
  return cluster.ok() ? *cluster : Cluster{};
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ClusterLoaderTest, InterfaceExample) {
  const Cluster c = Parse(R"(name: 8x-a100-80g
gpu: a100-sxm-80gb
nodes: 2
gpus_per_node: 8
intra_node: { kind: nvswitch, bandwidth_gbps: 300 }
inter_node: { kind: infiniband, bandwidth_gbps: 200 }
cpu_ram_gb: 1024
nvme_gb: 0
price_per_gpu_hour: 1.80
)");
  EXPECT_EQ(c.name, "8x-a100-80g");
  EXPECT_EQ(c.gpu, *FindGpu("a100-sxm-80gb"));
  EXPECT_EQ(c.nodes, 2);
  EXPECT_EQ(c.gpus_per_node, 8);
  EXPECT_EQ(c.total_gpus(), 16);
  EXPECT_EQ(c.intra_node, (LinkSpec{LinkKind::kNvswitch, 300e9}));    // 300 GB/s × 1e9
  EXPECT_EQ(c.inter_node, (LinkSpec{LinkKind::kInfiniband, 200e9}));  // 200 GB/s × 1e9
  EXPECT_EQ(c.inter_node.nics, 0);              // not stated: bandwidth_gbps is the node's total
  EXPECT_EQ(c.inter_node.oversubscription, 1);  // non-blocking by default
  EXPECT_EQ(c.cpu_ram_bytes_per_node, 1024 * kGiB);  // GiB × 2^30
  EXPECT_EQ(c.nvme_bytes_per_node, 0);
  EXPECT_EQ(c.price_per_gpu_hour, 1.80);
}

TEST(ClusterLoaderTest, Defaults) {
  const Cluster c = Parse("gpu: h100-sxm-80gb\ngpus_per_node: 8\ncpu_ram_gb: 512\n");
  EXPECT_EQ(c.name, "test");  // the file's stem
  EXPECT_EQ(c.nodes, 1);
  EXPECT_EQ(c.intra_node, (LinkSpec{LinkKind::kNvswitch, 450e9}));  // the GPU's NVLink
  EXPECT_EQ(c.inter_node, LinkSpec{});                              // one node: no network
  EXPECT_EQ(c.nvme_bytes_per_node, 0);
  EXPECT_EQ(c.price_per_gpu_hour, 0);
}

TEST(ClusterLoaderTest, GpuWithoutNvlinkDefaultsToPcie) {
  const Cluster c = Parse("gpu: rtx-4090-24gb\ngpus_per_node: 4\ncpu_ram_gb: 256\n");
  EXPECT_EQ(c.intra_node, (LinkSpec{LinkKind::kPcie, 32e9}));  // Gen4 x16 from the catalog
  const Cluster pcie =
      Parse("gpu: a100-sxm-80gb\ngpus_per_node: 4\nintra_node: { kind: pcie }\ncpu_ram_gb: 256\n");
  EXPECT_EQ(pcie.intra_node, (LinkSpec{LinkKind::kPcie, 32e9}));  // kind given: its bandwidth
  const Cluster bridged = Parse(
      "gpu: rtx-3090-24gb\ngpus_per_node: 2\nintra_node: { kind: nvlink, bandwidth_gbps: 56.25 }\n"
      "cpu_ram_gb: 64\n");
  EXPECT_EQ(bridged.intra_node, (LinkSpec{LinkKind::kNvlink, 56.25e9}));
}

TEST(ClusterLoaderTest, InterNodeOfOneNodeIsDropped) {
  const Cluster c = Parse(
      "gpu: a100-sxm-80gb\ngpus_per_node: 8\ninter_node: { kind: roce, bandwidth_gbps: 100 }\n"
      "cpu_ram_gb: 1024\n");
  EXPECT_EQ(c.inter_node, LinkSpec{});  // cluster.h: bytes_per_s 0 for a single node
}

// The fabric between nodes: inter_node as NICs × per-NIC bandwidth, with or without the total.
struct FabricCase {
  const char* inter_node;
  LinkSpec expected;
};
const FabricCase kFabricCases[] = {
    // 8 × 400 Gb/s NDR = 8 × 50 GB/s = 400 GB/s per node.
    {"{ kind: infiniband, nics: 8, nic_bandwidth_gbps: 50 }",
     {.kind = LinkKind::kInfiniband, .bytes_per_s = 400e9, .nics = 8}},
    // Total given too and within 1% of 8 × 50 = 400 (|397 − 400| = 3 ≤ 4): the product is kept.
    {"{ kind: infiniband, bandwidth_gbps: 397, nics: 8, nic_bandwidth_gbps: 50 }",
     {.kind = LinkKind::kInfiniband, .bytes_per_s = 400e9, .nics = 8}},
    // nics with the total only: the count is recorded, the total is the node's bandwidth.
    {"{ kind: roce, bandwidth_gbps: 100, nics: 4 }",
     {.kind = LinkKind::kRoce, .bytes_per_s = 100e9, .nics = 4}},
    // 2:1 oversubscribed: bytes_per_s stays the node's NIC total; Topology halves the fabric.
    {"{ kind: ethernet, bandwidth_gbps: 100, oversubscription: 2 }",
     {.kind = LinkKind::kEthernet, .bytes_per_s = 100e9, .oversubscription = 2}},
    // 4 × 200 Gb/s HDR = 4 × 25 GB/s = 100 GB/s, on a 1.5:1 fabric.
    {"{ kind: infiniband, nics: 4, nic_bandwidth_gbps: 25, oversubscription: 1.5 }",
     {.kind = LinkKind::kInfiniband, .bytes_per_s = 100e9, .nics = 4, .oversubscription = 1.5}},
};

TEST(ClusterLoaderTest, InterNodeFabric) {
  for (const FabricCase& f : kFabricCases) {
    SCOPED_TRACE(f.inter_node);
    const Cluster c = Parse("gpu: a100-sxm-80gb\nnodes: 2\ngpus_per_node: 8\ninter_node: " +
                            std::string(f.inter_node) + "\ncpu_ram_gb: 1024\n");
    EXPECT_EQ(c.inter_node, f.expected);
  }
}

TEST(ClusterLoaderTest, CustomGpuLikeOverridesMemory) {
  const Cluster c = Parse(
      "gpu: { name: a100-96gb, like: a100-sxm-80gb, memory_gb: 96 }\ngpus_per_node: 8\n"
      "cpu_ram_gb: 1024\n");
  GpuSpec expected = *FindGpu("a100-sxm-80gb");
  expected.name = "a100-96gb";
  expected.memory_bytes = 96 * kGiB;
  expected.source = "user-defined, like a100-sxm-80gb";
  EXPECT_EQ(c.gpu, expected);
}

TEST(ClusterLoaderTest, CustomGpuFromTheInterfaceDoc) {
  const Cluster c = Parse(
      R"(gpu: { name: h100-96gb-500w, like: h100-sxm-80gb, memory_gb: 96, bf16_tflops: 989,
       fp8_tflops: 1979, hbm_bandwidth_gbps: 3350, nvlink_bandwidth_gbps: 450,
       pcie_bandwidth_gbps: 64 }
gpus_per_node: 8
cpu_ram_gb: 2048
)");
  EXPECT_EQ(c.gpu.memory_bytes, 96 * kGiB);
  EXPECT_EQ(c.gpu.bf16_flops, 989e12);
  EXPECT_EQ(c.gpu.fp16_flops, FindGpu("h100-sxm-80gb")->fp16_flops);  // left out: from `like`
  EXPECT_EQ(c.gpu.fp8_flops, 1979e12);
  EXPECT_EQ(c.gpu.hbm_bytes_per_s, 3350e9);
  EXPECT_EQ(c.intra_node, (LinkSpec{LinkKind::kNvswitch, 450e9}));
  EXPECT_EQ(c.gpu.arch, GpuArch::kHopper);  // from `like`: timed as a Hopper
}

TEST(ClusterLoaderTest, CustomGpuWithoutLike) {
  const Cluster c = Parse(R"(gpu:
  name: my-gpu
  memory_gb: 64
  bf16_tflops: 0          # no bf16
  fp16_tflops: 100
  tf32_tflops: 0
  fp32_tflops: 20
  fp8_tflops: 0
  hbm_bandwidth_gbps: 1000
  nvlink_bandwidth_gbps: 0
  pcie_bandwidth_gbps: 16
gpus_per_node: 4
cpu_ram_gb: 256
)");
  EXPECT_EQ(c.gpu.name, "my-gpu");
  EXPECT_EQ(c.gpu.source, "user-defined");
  EXPECT_FALSE(c.gpu.has_bf16());
  EXPECT_EQ(c.gpu.fp32_flops, 20e12);
  EXPECT_EQ(c.intra_node, (LinkSpec{LinkKind::kPcie, 16e9}));  // no NVLink: PCIe
  EXPECT_EQ(c.gpu.arch, GpuArch::kAmpere);  // no `like`: the time model's reference generation
}

// One case per error class; the whole message is compared (house style: exact error text).
struct ErrorCase {
  const char* test_name;
  const char* yaml;
  const char* error;
};

// A valid body that each case breaks in one place.
#define GPU "gpu: a100-sxm-80gb\n"
#define RAM "cpu_ram_gb: 1024\n"

const ErrorCase kErrorCases[] = {
    {"UnknownKeyDidYouMean", GPU "gpus_per_nod: 8\n" RAM,
     "test.yaml:2:1: gpus_per_nod: unknown key; did you mean 'gpus_per_node'?"},
    {"UnknownNestedKey",
     GPU "gpus_per_node: 8\nintra_node: { kind: pcie, bandwith_gbps: 16 }\n" RAM,
     "test.yaml:3:27: intra_node.bandwith_gbps: unknown key; did you mean 'bandwidth_gbps'?"},
    {"WrongTypeInteger", GPU "gpus_per_node: eight\n" RAM,
     "test.yaml:2:1: gpus_per_node: 'eight' is not an integer"},
    {"WrongTypeNumber", GPU "gpus_per_node: 8\ncpu_ram_gb: lots\n",
     "test.yaml:3:1: cpu_ram_gb: 'lots' is not a number"},
    {"WrongTypeLinkMap", GPU "gpus_per_node: 8\nintra_node: 300\n" RAM,
     "test.yaml:3:1: intra_node: expected a map such as { kind: ..., bandwidth_gbps: ... }"},
    {"WrongTypeGpu", "gpu: [a100-sxm-80gb]\ngpus_per_node: 8\n" RAM,
     "test.yaml:1:1: gpu: expected a catalog GPU name (fitplan list gpus) or a map"},
    {"MissingGpusPerNode", GPU RAM, "test.yaml:1:1: gpus_per_node: missing; expected an integer"},
    {"MissingGpu", "gpus_per_node: 8\n" RAM,
     "test.yaml:1:1: gpu: missing; expected a catalog GPU name (fitplan list gpus) or a map"},
    {"MissingCpuRam", GPU "gpus_per_node: 8\n",
     "test.yaml:1:1: cpu_ram_gb: missing; expected the RAM of one node in GiB (a number > 0)"},
    {"ZeroGpusPerNode", GPU "gpus_per_node: 0\n" RAM,
     "test.yaml:2:1: gpus_per_node: 0 is out of range; expected an integer ≥ 1"},
    {"ZeroCpuRam", GPU "gpus_per_node: 8\ncpu_ram_gb: 0\n",
     "test.yaml:3:1: cpu_ram_gb: 0 is out of range; expected a number > 0"},
    {"NegativeBandwidth",
     GPU "gpus_per_node: 8\nintra_node: { kind: nvswitch, bandwidth_gbps: -300 }\n" RAM,
     "test.yaml:3:31: intra_node.bandwidth_gbps: -300 is out of range; expected a number > 0"},
    {"NegativePrice", GPU "gpus_per_node: 8\n" RAM "price_per_gpu_hour: -1\n",
     "test.yaml:4:1: price_per_gpu_hour: -1 is negative; expected a number ≥ 0"},
    {"UnknownGpu", "gpu: a100-90gb\ngpus_per_node: 8\n" RAM,
     "test.yaml:1:1: gpu: unknown GPU 'a100-90gb'; did you mean 'a100-sxm-80gb'?"},
    {"UnknownLike", "gpu: { name: x, like: h100-sxm }\ngpus_per_node: 8\n" RAM,
     "test.yaml:1:17: gpu.like: unknown GPU 'h100-sxm'; did you mean 'h100-sxm-80gb'?"},
    {"CustomGpuWithoutLikeMissesAField",
     "gpu: { name: x, memory_gb: 64, bf16_tflops: 100, fp16_tflops: 100 }\ngpus_per_node: 8\n" RAM,
     "test.yaml:1:6: gpu.tf32_tflops: missing; expected a number, or 'like: <catalog GPU>' to copy "
     "the fields left out"},
    {"CustomGpuNeedsName", "gpu: { like: a100-sxm-80gb, memory_gb: 96 }\ngpus_per_node: 8\n" RAM,
     "test.yaml:1:6: gpu.name: missing; expected a string"},
    {"CustomGpuNameIsCatalogName",
     "gpu: { name: a100-sxm-80gb, like: a100-sxm-80gb, memory_gb: 96 }\ngpus_per_node: 8\n" RAM,
     "test.yaml:1:8: gpu.name: 'a100-sxm-80gb' is a catalog GPU; give the custom GPU its own name "
     "(and 'like: a100-sxm-80gb' to start from the catalog row)"},
    {"GpuMemoryInMib",
     "gpu: { name: x, like: a100-sxm-80gb, memory_gb: 81920 }\ngpus_per_node: 8\n" RAM,
     "test.yaml:1:38: gpu.memory_gb: 81920 is above any GPU (max 4096 GiB); is it in MiB or MB?"},
    {"YamlSyntaxError", "gpu: a100-sxm-80gb\ngpus_per_node: [8\n" RAM,
     "test.yaml:3:11: YAML syntax error: end of sequence flow not found"},
    {"InterNodeMissing", GPU "nodes: 4\ngpus_per_node: 8\n" RAM,
     "test.yaml:2:1: inter_node: missing; required when nodes > 1 (kind and bandwidth_gbps per "
     "node)"},
    {"InterNodeBandwidthMissing",
     GPU "nodes: 4\ngpus_per_node: 8\ninter_node: { kind: roce }\n" RAM,
     "test.yaml:4:13: inter_node.bandwidth_gbps: missing; expected GB/s per node, or nics and "
     "nic_bandwidth_gbps"},
    // |395 − 8 × 50| = 5 > 1% of 400 = 4.
    {"InterNodeBandwidthDisagreesWithNics",
     GPU
     "nodes: 4\ngpus_per_node: 8\n"
     "inter_node: { kind: infiniband, bandwidth_gbps: 395, nics: 8, nic_bandwidth_gbps: 50 }\n" RAM,
     "test.yaml:4:33: inter_node.bandwidth_gbps: 395 disagrees with nics × nic_bandwidth_gbps = 8 × "
     "50 = 400 GB/s; expected the two to agree within 1%"},
    {"NicsWithoutNicBandwidth",
     GPU "nodes: 4\ngpus_per_node: 8\ninter_node: { kind: infiniband, nics: 8 }\n" RAM,
     "test.yaml:4:13: inter_node.nic_bandwidth_gbps: missing; nics needs the GB/s of one NIC, or "
     "bandwidth_gbps per node"},
    {"NicBandwidthWithoutNics",
     GPU
     "nodes: 4\ngpus_per_node: 8\ninter_node: { kind: infiniband, nic_bandwidth_gbps: 50 }\n" RAM,
     "test.yaml:4:13: inter_node.nics: missing; nic_bandwidth_gbps needs the number of NICs per node"},
    // With the total, the per-NIC figure alone still does not say how many NICs share it.
    {"NicBandwidthWithTotalButWithoutNics",
     GPU "nodes: 4\ngpus_per_node: 8\n"
         "inter_node: { kind: infiniband, bandwidth_gbps: 400, nic_bandwidth_gbps: 50 }\n" RAM,
     "test.yaml:4:13: inter_node.nics: missing; nic_bandwidth_gbps needs the number of NICs per node"},
    {"ZeroNics",
     GPU
     "nodes: 4\ngpus_per_node: 8\ninter_node: { kind: roce, bandwidth_gbps: 100, nics: 0 }\n" RAM,
     "test.yaml:4:48: inter_node.nics: 0 is out of range; expected an integer ≥ 1"},
    {"FractionalNics",
     GPU
     "nodes: 4\ngpus_per_node: 8\ninter_node: { kind: roce, bandwidth_gbps: 100, nics: 2.5 }\n" RAM,
     "test.yaml:4:48: inter_node.nics: '2.5' is not an integer"},
    // 8 NICs per GPU × 8 GPUs = 64.
    {"TooManyNics",
     GPU
     "nodes: 4\ngpus_per_node: 8\ninter_node: { kind: roce, bandwidth_gbps: 100, nics: 100 }\n" RAM,
     "test.yaml:4:48: inter_node.nics: 100 is out of range; expected an integer ≤ 64 (8 NICs per "
     "GPU)"},
    // 400 Gb/s written in Mb/s.
    {"ImplausibleNicBandwidth",
     GPU "nodes: 4\ngpus_per_node: 8\n"
         "inter_node: { kind: infiniband, nics: 8, nic_bandwidth_gbps: 400000 }\n" RAM,
     "test.yaml:4:42: inter_node.nic_bandwidth_gbps: 400000 is above any NIC (max 1000 GB/s); is it "
     "in Mb/s or MB/s?"},
    // A 40 Gb/s NIC (5 GB/s) in MB/s: under the node bound (10,000), over one NIC's (1,000).
    {"NicBandwidthInMegabytes",
     GPU "nodes: 4\ngpus_per_node: 8\n"
         "inter_node: { kind: infiniband, nics: 8, nic_bandwidth_gbps: 5000 }\n" RAM,
     "test.yaml:4:42: inter_node.nic_bandwidth_gbps: 5000 is above any NIC (max 1000 GB/s); is it in "
     "Mb/s or MB/s?"},
    {"NegativeNicBandwidth",
     GPU "nodes: 4\ngpus_per_node: 8\n"
         "inter_node: { kind: infiniband, nics: 8, nic_bandwidth_gbps: -50 }\n" RAM,
     "test.yaml:4:42: inter_node.nic_bandwidth_gbps: -50 is out of range; expected a number > 0"},
    {"OversubscriptionBelowOne",
     GPU "nodes: 4\ngpus_per_node: 8\n"
         "inter_node: { kind: roce, bandwidth_gbps: 100, oversubscription: 0.5 }\n" RAM,
     "test.yaml:4:48: inter_node.oversubscription: 0.5 is out of range; expected a number ≥ 1 (N for "
     "an N:1 fabric, 1 for a non-blocking one)"},
    {"OversubscriptionAsRatio",
     GPU "nodes: 4\ngpus_per_node: 8\n"
         "inter_node: { kind: roce, bandwidth_gbps: 100, oversubscription: 2:1 }\n" RAM,
     "test.yaml:4:48: inter_node.oversubscription: '2:1' is not a number; write an N:1 ratio as N"},
    {"OversubscriptionNotANumber",
     GPU "nodes: 4\ngpus_per_node: 8\n"
         "inter_node: { kind: roce, bandwidth_gbps: 100, oversubscription: high }\n" RAM,
     "test.yaml:4:48: inter_node.oversubscription: 'high' is not a number"},
    {"UnknownFabricKeyDidYouMean",
     GPU
     "nodes: 4\ngpus_per_node: 8\ninter_node: { kind: roce, bandwidth_gbps: 100, nic: 4 }\n" RAM,
     "test.yaml:4:48: inter_node.nic: unknown key; did you mean 'nics'?"},
    {"UnknownFabricKeyOversubscription",
     GPU "nodes: 4\ngpus_per_node: 8\n"
         "inter_node: { kind: roce, bandwidth_gbps: 100, oversubscripton: 2 }\n" RAM,
     "test.yaml:4:48: inter_node.oversubscripton: unknown key; did you mean 'oversubscription'?"},
    {"ImplausibleBandwidth",
     GPU
     "nodes: 4\ngpus_per_node: 8\ninter_node: { kind: infiniband, bandwidth_gbps: 400000 }\n" RAM,
     "test.yaml:4:33: inter_node.bandwidth_gbps: 400000 is above any link (max 10000 GB/s); is it in "
     "Mb/s or MB/s?"},
    {"UnknownLinkKind", GPU "gpus_per_node: 8\nintra_node: { kind: nvswich }\n" RAM,
     "test.yaml:3:15: intra_node.kind: unknown kind 'nvswich'; did you mean 'nvswitch'?"},
    {"WrongLinkKindForInterNode",
     GPU "nodes: 2\ngpus_per_node: 8\ninter_node: { kind: nvswitch, bandwidth_gbps: 400 }\n" RAM,
     "test.yaml:4:15: inter_node.kind: unknown kind 'nvswitch'; expected one of infiniband, roce, "
     "ethernet"},
    {"NvswitchWithoutNvlink",
     "gpu: l40s-48gb\ngpus_per_node: 8\nintra_node: { kind: nvswitch }\n" RAM,
     "test.yaml:3:13: intra_node.bandwidth_gbps: missing; GPU 'l40s-48gb' has no NVLink to take it "
     "from"},
    {"TooManyGpus",
     GPU "nodes: 200000\ngpus_per_node: 8\ninter_node: { kind: roce, bandwidth_gbps: 50 }\n" RAM,
     "test.yaml:2:1: nodes: 200000 nodes × 8 GPUs is more than the 1048576 GPUs fitplan models"},
    // Above 2^53 a double no longer holds every integer: the text cannot be read exactly.
    {"NodesBeyondExactIntegers",
     GPU "nodes: 1e17\ngpus_per_node: 8\ninter_node: { kind: roce, bandwidth_gbps: 50 }\n" RAM,
     "test.yaml:2:1: nodes: 1e17 is out of range; expected an integer from 1 to 9007199254740992"},
    {"GpuWithZeroMemory",
     "gpu: { name: x, like: a100-sxm-80gb, memory_gb: 0 }\ngpus_per_node: 8\n" RAM,
     "test.yaml:1:38: gpu.memory_gb: 0 is out of range; expected a number > 0"},
    // Wrong units: each bound is the largest real value with headroom (cluster_loader.cc).
    {"NvlinkBandwidthInMegabits",
     GPU "gpus_per_node: 8\nintra_node: { kind: nvswitch, bandwidth_gbps: 200000 }\n" RAM,
     "test.yaml:3:31: intra_node.bandwidth_gbps: 200000 is above any link (max 10000 GB/s); is it "
     "in Mb/s or MB/s?"},
    {"HbmBandwidthInMegabytes",
     "gpu: { name: x, like: a100-sxm-80gb, hbm_bandwidth_gbps: 2039000 }\ngpus_per_node: 8\n" RAM,
     "test.yaml:1:38: gpu.hbm_bandwidth_gbps: 2039000 is above any HBM (max 100000 GB/s); is it in "
     "MB/s?"},
    {"TflopsInGigaflops",
     "gpu: { name: x, like: a100-sxm-80gb, bf16_tflops: 312000 }\ngpus_per_node: 8\n" RAM,
     "test.yaml:1:38: gpu.bf16_tflops: 312000 is above any GPU (max 100000 TFLOP/s); is it in "
     "GFLOP/s or FLOP/s?"},
    {"CpuRamInMib", GPU "gpus_per_node: 8\ncpu_ram_gb: 1048576\n",
     "test.yaml:3:1: cpu_ram_gb: 1048576 is above any server (max 65536 GiB); is it in MiB or MB?"},
    {"NvmeInMegabytes", GPU "gpus_per_node: 8\n" RAM "nvme_gb: 30000000000\n",
     "test.yaml:4:1: nvme_gb: 30000000000 is above any server (max 16777216 GiB); is it in MiB or "
     "MB?"},
    {"PriceInCents", GPU "gpus_per_node: 8\n" RAM "price_per_gpu_hour: 1800\n",
     "test.yaml:4:1: price_per_gpu_hour: 1800 is above any GPU-hour price (max 1000 USD); is it in "
     "cents?"},
    {"DuplicateKey", GPU "gpus_per_node: 8\ngpus_per_node: 4\n" RAM,
     "test.yaml:3:1: gpus_per_node: duplicate key"},
    {"KeyNotAString", GPU "[gpus_per_node]: 8\n" RAM,
     "test.yaml:2:1: map keys must be plain strings"},
    // Each level repeats the one above 10 times: 10 + 100 + ... + 10^5 nodes > kMaxYamlNodes.
    {"AliasBomb",
     "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
     "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
     "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
     "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
     "test.yaml:1:35: document expands to more than 100000 nodes (recursive or exponential "
     "aliases?)"},
    {"RootNotAMap", "- gpu: a100-sxm-80gb\n",
     "test.yaml:1:1: expected a map of cluster fields (gpu, gpus_per_node, cpu_ram_gb, ...)"},
    {"EmptyDocument", "# nothing\n",
     "test.yaml: expected a map of cluster fields (gpu, gpus_per_node, cpu_ram_gb, ...)"},
};

#undef GPU
#undef RAM

class ClusterLoaderErrorTest : public testing::TestWithParam<ErrorCase> {};

TEST_P(ClusterLoaderErrorTest, WholeMessage) {
  const StatusOr<Cluster> cluster = ParseClusterYaml(GetParam().yaml, "test.yaml");
  ASSERT_FALSE(cluster.ok());
  EXPECT_EQ(cluster.status().code(), Status::Code::kInvalidInput);
  EXPECT_EQ(cluster.status().message(), GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(Errors, ClusterLoaderErrorTest, testing::ValuesIn(kErrorCases),
                         [](const testing::TestParamInfo<ErrorCase>& info) {
                           return std::string(info.param.test_name);
                         });

TEST(ClusterLoaderTest, EveryConfigFileIsBuiltIn) {
  std::vector<std::string> stems;
  for (const auto& entry : std::filesystem::directory_iterator(kClusterDir)) {
    if (entry.path().extension() == ".yaml") stems.push_back(entry.path().stem().string());
  }
  std::vector<std::string> names = BuiltinClusterNames();
  std::sort(stems.begin(), stems.end());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, stems);  // a new file must be added to hardware/CMakeLists.txt
}

TEST(ClusterLoaderTest, BuiltinEqualsItsFile) {
  for (const std::string& name : BuiltinClusterNames()) {
    SCOPED_TRACE(name);
    const std::string path = kClusterDir + "/" + name + ".yaml";
    EXPECT_EQ(FindBuiltinCluster(name)->yaml, ReadFile(path));  // compiled-in text is current
    const StatusOr<Cluster> builtin = LoadCluster(name);
    const StatusOr<Cluster> file = LoadCluster(path);
    ASSERT_TRUE(builtin.ok()) << builtin.status().message();
    ASSERT_TRUE(file.ok()) << file.status().message();
    EXPECT_EQ(*builtin, *file);
    EXPECT_EQ(builtin->name, name);
    EXPECT_GT(builtin->price_per_gpu_hour, 0);
  }
}

TEST(ClusterLoaderTest, BuiltinClustersModelTheirMachines) {
  const Cluster dgx = *LoadCluster("8x-a100-80g");
  EXPECT_EQ(dgx.total_gpus(), 8);
  EXPECT_EQ(dgx.cpu_ram_bytes_per_node, 2048 * kGiB);  // DGX A100 640GB: 2 TB
  const Cluster ib = *LoadCluster("32x-h100-ib");
  EXPECT_EQ(ib.total_gpus(), 32);  // 4 nodes × 8
  // 8 NICs × 400 Gb/s NDR / 8 b/B = 8 × 50 GB/s = 400 GB/s per node, non-blocking.
  EXPECT_EQ(ib.inter_node,
            (LinkSpec{.kind = LinkKind::kInfiniband, .bytes_per_s = 400e9, .nics = 8}));
  EXPECT_EQ(LoadCluster("1024x-h100-ib")->inter_node, ib.inter_node);  // the same DGX H100 node
  EXPECT_EQ(LoadCluster("1024x-h100-ib")->total_gpus(), 1024);         // 128 nodes × 8
  EXPECT_EQ(LoadCluster("2x-rtx-4090")->intra_node, (LinkSpec{LinkKind::kPcie, 32e9}));
}

TEST(ClusterLoaderTest, UnknownClusterNameListsTheBuiltins) {
  const StatusOr<Cluster> typo = LoadCluster("8x-a100-80gb");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.status().message(),
            "unknown cluster '8x-a100-80gb'; did you mean '8x-a100-80g'? built-in clusters: "
            "1x-h100-80g, 2x-rtx-4090, 4x-a100-80g, 8x-a100-40g, 8x-a100-80g, 32x-h100-ib, "
            "1024x-h100-ib");
  const StatusOr<Cluster> far = LoadCluster("tpu-pod");
  ASSERT_FALSE(far.ok());
  EXPECT_EQ(far.status().message(),
            "unknown cluster 'tpu-pod'; built-in clusters: 1x-h100-80g, 2x-rtx-4090, 4x-a100-80g, "
            "8x-a100-40g, 8x-a100-80g, 32x-h100-ib, 1024x-h100-ib");
}

TEST(ClusterLoaderTest, MissingFileIsNamed) {
  const StatusOr<Cluster> missing = LoadCluster("/nonexistent/x.yaml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "/nonexistent/x.yaml: cannot read the file (does it exist?)");
}

TEST(ClusterLoaderTest, ErrorsInAFileNameThePath) {
  const std::string path = testing::TempDir() + "bad_cluster.yaml";
  std::ofstream(path) << "gpu: a100-sxm-80gb\ngpus_per_node: 8\ncpu_ram_gb: 1024\nnvme_gib: 10\n";
  const StatusOr<Cluster> bad = LoadCluster(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), path + ":4:1: nvme_gib: unknown key; did you mean 'nvme_gb'?");
}

}  // namespace
}  // namespace fitplan
