// Cluster: the machines a job runs on (shared/docs/interface.md "Cluster YAML"), in bytes and
// bytes/s. Homogeneous: `nodes` identical nodes of `gpus_per_node` identical GPUs.
#ifndef FITPLAN_HARDWARE_CLUSTER_H_
#define FITPLAN_HARDWARE_CLUSTER_H_

#include <cstdint>
#include <string>

#include "hardware/gpu_spec.h"

namespace fitplan {

enum class LinkKind { kNvswitch, kNvlink, kPcie, kInfiniband, kRoce, kEthernet };
inline constexpr const char* kLinkKindNames[] = {"nvswitch", "nvlink",  "pcie",
                                                 "infiniband", "roce", "ethernet"};

struct LinkSpec {
  LinkKind kind = LinkKind::kPcie;
  double bytes_per_s = 0;  // intra-node: per GPU, one direction; inter-node: per node, one
                           // direction (all its NICs together: nics × one NIC's bandwidth)
  // Inter-node only; intra-node links keep the defaults.
  int32_t nics = 0;  // NICs per node; 0 = not stated (the node's bandwidth was given as a total)
  // The fabric's oversubscription ratio (≥ 1): an N:1 fabric gives each node bytes_per_s / N
  // across it when every node sends across it at once. 1 = non-blocking (a full fat tree).
  double oversubscription = 1;
  bool operator==(const LinkSpec&) const = default;
};

// Plausibility bounds every reader of cluster sizes shares (cluster YAML, calibration rows).
// Links: the fastest today are NVLink 5 (900 GB/s per GPU per direction) and 8 × 800 Gb/s NICs
// (800 GB/s per node), so 10,000 GB/s leaves >10× headroom while a value in Mb/s or MB/s is 1000×
// too big. GPUs: nodes·gpus_per_node stays in int32 and the topology graph small (xAI's Colossus:
// ~2e5 GPUs).
inline constexpr double kMaxLinkGbps = 10000;
inline constexpr int64_t kMaxGpusPerNode = 1024;
inline constexpr int64_t kMaxTotalGpus = int64_t{1} << 20;

struct Cluster {
  std::string name;
  GpuSpec gpu;
  int32_t nodes = 1;
  int32_t gpus_per_node = 1;
  LinkSpec intra_node;  // defaults to the GPU's NVLink (NVSwitch), PCIe where it has none
  LinkSpec inter_node;  // bytes_per_s 0 for a single node
  double cpu_ram_bytes_per_node = 0;
  double nvme_bytes_per_node = 0;
  double price_per_gpu_hour = 0;  // USD

  int64_t total_gpus() const { return int64_t(nodes) * gpus_per_node; }
  bool operator==(const Cluster&) const = default;
};

}  // namespace fitplan

#endif  // FITPLAN_HARDWARE_CLUSTER_H_
