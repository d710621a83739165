// Cluster YAML (shared/docs/interface.md "Cluster YAML") → Cluster. Sizes are GiB (×2^30, as
// nvidia-smi and free(1) print them), bandwidths GB/s in one direction (×1e9), TFLOP/s ×1e12.
//
// Decisions the interface leaves open, made here:
//  * name defaults to the file's stem; cpu_ram_gb is required (> 0): the planner checks offload
//    and loading against it, and no default is right for both a laptop and a DGX.
//  * A custom GPU without `like` must give every number (0 is allowed where 0 means "none":
//    bf16, tf32, fp8, NVLink), so nothing is silently guessed. fp32_tflops is accepted too.
//  * inter_node is validated but dropped for a single node (cluster.h: bytes_per_s 0 there).
//  * inter_node's node bandwidth is `bandwidth_gbps`, or `nics` × `nic_bandwidth_gbps`, or both
//    when they agree within 1% (the product is kept: it is the more precise statement).
//    `nic_bandwidth_gbps` always needs `nics` (it alone does not say how many NICs share the
//    total); `nics` with `bandwidth_gbps` only records the count.
//  * Values far outside what hardware reaches are rejected as unit mistakes (kMax* below).
#include "hardware/cluster_loader.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <span>

#include "hardware/builtin_clusters.h"
#include "hardware/gpu_catalog.h"
#include "hardware/yaml_parse.h"
#include "planner/core/config_node.h"
#include "planner/core/units.h"

namespace fitplan {
namespace {

// Unit-mistake bounds (links and GPU counts: cluster.h). HBM: HBM4 parts announce ≈ 20 TB/s, hence
// 100,000. Memory: the largest GPU (MI355X) has 288 GB; 4096 GiB catches MiB. RAM: 64 TiB exceeds
// any one server. TFLOP/s: B200 fp8 is 4,500 dense; 100,000 catches FLOP/s and GFLOP/s. One NIC:
// the fastest ship at 800 Gb/s (ConnectX-8: 100 GB/s), so 1000 GB/s leaves 10× headroom, while a 25
// Gb/s NIC in MB/s (3125) or a 100 Gb/s one in Mb/s (100,000) is above it.
constexpr double kMaxNicGbps = 1000;
// NICs per GPU: AWS p5.48xlarge has 32 EFA NICs for 8 GPUs (4 per GPU); 8 leaves 2× headroom and
// keeps the topology graph within 8 NIC edges per GPU.
constexpr int64_t kMaxNicsPerGpu = 8;
constexpr double kMaxHbmGbps = 100000;
constexpr double kMaxGpuMemoryGib = 4096;
constexpr double kMaxCpuRamGib = 65536;
constexpr double kMaxTflops = 100000;
// NVMe: a 2U server holds at most 24 × 122.88 TB drives ≈ 2.7 PiB; 16 PiB catches MiB.
constexpr double kMaxNvmeGib = 16.0 * 1024 * 1024;
// Price: on-demand H100 and B200 rent for $2–15 per GPU-hour; $1000 catches cents.
constexpr double kMaxPricePerGpuHour = 1000;

// A plausibility bound, and what to tell the user above it: "200000 is above any link (max 10000
// GB/s); is it in Mb/s or MB/s?".
struct UnitBound {
  double max;                // in the YAML's unit
  const char* unit;          // the YAML's unit
  const char* above_any;     // what nothing real exceeds
  const char* likely_units;  // the units a value that large was probably written in
};
constexpr UnitBound kLinkBound = {kMaxLinkGbps, "GB/s", "link", "Mb/s or MB/s"};
constexpr UnitBound kNicBound = {kMaxNicGbps, "GB/s", "NIC", "Mb/s or MB/s"};
constexpr UnitBound kHbmBound = {kMaxHbmGbps, "GB/s", "HBM", "MB/s"};
constexpr UnitBound kGpuMemoryBound = {kMaxGpuMemoryGib, "GiB", "GPU", "MiB or MB"};
constexpr UnitBound kCpuRamBound = {kMaxCpuRamGib, "GiB", "server", "MiB or MB"};
constexpr UnitBound kFlopsBound = {kMaxTflops, "TFLOP/s", "GPU", "GFLOP/s or FLOP/s"};
constexpr UnitBound kNvmeBound = {kMaxNvmeGib, "GiB", "server", "MiB or MB"};
constexpr UnitBound kPriceBound = {kMaxPricePerGpuHour, "USD", "GPU-hour price", "cents"};

// The numeric fields of a custom GPU map.
struct GpuField {
  std::string_view key;
  double GpuSpec::*member;
  double scale;  // to bytes, bytes/s or FLOP/s
  bool zero_means_none;
  const UnitBound* bound;
};
constexpr GpuField kGpuFields[] = {
    {"memory_gb", &GpuSpec::memory_bytes, kGiB, false, &kGpuMemoryBound},
    {"bf16_tflops", &GpuSpec::bf16_flops, kTera, true, &kFlopsBound},
    {"fp16_tflops", &GpuSpec::fp16_flops, kTera, false, &kFlopsBound},
    {"tf32_tflops", &GpuSpec::tf32_flops, kTera, true, &kFlopsBound},
    {"fp32_tflops", &GpuSpec::fp32_flops, kTera, false, &kFlopsBound},
    {"fp8_tflops", &GpuSpec::fp8_flops, kTera, true, &kFlopsBound},
    {"hbm_bandwidth_gbps", &GpuSpec::hbm_bytes_per_s, kGB, false, &kHbmBound},
    {"nvlink_bandwidth_gbps", &GpuSpec::nvlink_bytes_per_s, kGB, true, &kLinkBound},
    {"pcie_bandwidth_gbps", &GpuSpec::pcie_bytes_per_s, kGB, false, &kLinkBound},
};

constexpr std::array kIntraKinds = {LinkKind::kNvswitch, LinkKind::kNvlink, LinkKind::kPcie};
constexpr std::array kInterKinds = {LinkKind::kInfiniband, LinkKind::kRoce, LinkKind::kEthernet};

bool IsAbsent(const ConfigNode* v) { return !v || v->kind == ConfigNode::Kind::kNull; }

std::string FormatNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.15g", value);  // 15 digits: no binary noise, no exponent
  return text;
}

// Reads `key` (absent: leaves *out, returns OK), in YAML units, rejecting values above the bound.
Status ReadBounded(const FieldReader& r, std::string_view key, bool zero_allowed,
                   const UnitBound& bound, double* out) {
  const ConfigNode* v = r.node().Find(key);
  if (IsAbsent(v)) return Status::Ok();
  Status s = zero_allowed ? r.NonNegativeNumber(key, out) : r.Number(key, out);
  if (!s.ok()) return s;
  if (*out > bound.max) {
    return r.Error(key, v->scalar + " is above any " + bound.above_any + " (max " +
                            FormatNumber(bound.max) + " " + bound.unit + "); is it in " +
                            bound.likely_units + "?");
  }
  return Status::Ok();
}

Status UnknownGpu(const FieldReader& r, std::string_view key, const std::string& name) {
  return r.Error(key, "unknown GPU '" + name + "'; did you mean '" + ClosestGpuName(name) + "'?");
}

// `gpu: {name, like, memory_gb, ...}`: a GPU that is not in the catalog.
Status ReadCustomGpu(const ConfigNode& map, const FieldReader& root, GpuSpec* gpu) {
  const FieldReader r(map, root.file(), std::string(root.prefix()) + "gpu.");
  Status s = r.RejectUnknownKeys({"name", "like", "memory_gb", "bf16_tflops", "fp16_tflops",
                                  "tf32_tflops", "fp32_tflops", "fp8_tflops", "hbm_bandwidth_gbps",
                                  "nvlink_bandwidth_gbps", "pcie_bandwidth_gbps"});
  if (!s.ok()) return s;
  std::string name, like;
  if (s = r.String("name", &name, /*required=*/true); !s.ok()) return s;
  if (FindGpu(name)) {
    return r.Error("name", "'" + name +
                               "' is a catalog GPU; give the custom GPU its own name (and 'like: " +
                               name + "' to start from the catalog row)");
  }
  if (s = r.String("like", &like); !s.ok()) return s;
  if (!like.empty()) {
    const GpuSpec* base = FindGpu(like);
    if (!base) return UnknownGpu(r, "like", like);
    *gpu = *base;
  }
  gpu->name = name;
  gpu->source = like.empty() ? "user-defined" : "user-defined, like " + like;
  for (const GpuField& f : kGpuFields) {
    if (IsAbsent(map.Find(f.key))) {
      if (!like.empty()) continue;
      return r.Error(f.key,
                     "missing; expected a number, or 'like: <catalog GPU>' to copy the "
                     "fields left out");
    }
    double value = 0;
    s = ReadBounded(r, f.key, f.zero_means_none, *f.bound, &value);
    if (!s.ok()) return s;
    gpu->*f.member = value * f.scale;
  }
  return Status::Ok();
}

Status ReadGpu(const FieldReader& root, GpuSpec* gpu) {
  const ConfigNode* v = root.node().Find("gpu");
  if (IsAbsent(v)) {
    return root.Error("gpu", "missing; expected a catalog GPU name (fitplan list gpus) or a map");
  }
  if (v->kind == ConfigNode::Kind::kMap) return ReadCustomGpu(*v, root, gpu);
  if (v->kind != ConfigNode::Kind::kScalar) {
    return root.Error("gpu", "expected a catalog GPU name (fitplan list gpus) or a map");
  }
  const GpuSpec* found = FindGpu(v->scalar);
  if (!found) return UnknownGpu(root, "gpu", v->scalar);
  *gpu = *found;
  return Status::Ok();
}

// `kind:` of a link, one of `allowed`.
Status ReadKind(const FieldReader& r, std::span<const LinkKind> allowed, bool required,
                LinkKind* kind) {
  std::string text;
  if (Status s = r.String("kind", &text, required); !s.ok()) return s;
  if (IsAbsent(r.node().Find("kind"))) return Status::Ok();
  std::vector<std::string_view> names;
  for (LinkKind k : allowed) {
    names.push_back(kLinkKindNames[int(k)]);
    if (text == names.back()) {
      *kind = k;
      return Status::Ok();
    }
  }
  const std::string guess = ClosestWord(text, names);
  if (!guess.empty()) {
    return r.Error("kind", "unknown kind '" + text + "'; did you mean '" + guess + "'?");
  }
  std::string list;
  for (std::string_view n : names) list += (list.empty() ? "" : ", ") + std::string(n);
  return r.Error("kind", "unknown kind '" + text + "'; expected one of " + list);
}

// `intra_node` and `inter_node` must be maps.
Status CheckLinkMap(const FieldReader& root, std::string_view key, const ConfigNode* v) {
  if (v->kind == ConfigNode::Kind::kMap) return Status::Ok();
  return root.Error(key, "expected a map such as { kind: ..., bandwidth_gbps: ... }");
}

// `intra_node: {kind, bandwidth_gbps}`, both optional: the GPU's NVLink behind an NVSwitch, or its
// PCIe link where it has no NVLink.
Status ReadIntraNode(const FieldReader& root, const GpuSpec& gpu, LinkSpec* link) {
  link->kind = gpu.nvlink_bytes_per_s > 0 ? LinkKind::kNvswitch : LinkKind::kPcie;
  const ConfigNode* v = root.node().Find("intra_node");
  double gbps = 0;
  if (!IsAbsent(v)) {
    if (Status s = CheckLinkMap(root, "intra_node", v); !s.ok()) return s;
    const FieldReader r(*v, root.file(), std::string(root.prefix()) + "intra_node.");
    Status s = r.RejectUnknownKeys({"kind", "bandwidth_gbps"});
    if (s.ok()) s = ReadKind(r, kIntraKinds, /*required=*/false, &link->kind);
    if (s.ok()) s = ReadBounded(r, "bandwidth_gbps", false, kLinkBound, &gbps);
    if (!s.ok()) return s;
    if (gbps == 0 && link->kind != LinkKind::kPcie && gpu.nvlink_bytes_per_s == 0) {
      return r.Error("bandwidth_gbps",
                     "missing; GPU '" + gpu.name + "' has no NVLink to take it from");
    }
  }
  link->bytes_per_s = gbps > 0                        ? gbps * kGB
                      : link->kind == LinkKind::kPcie ? gpu.pcie_bytes_per_s
                                                      : gpu.nvlink_bytes_per_s;
  return Status::Ok();
}

// The node's bandwidth in GB/s and its NIC count (0 = not stated) from `bandwidth_gbps`, `nics`
// and `nic_bandwidth_gbps` (the decisions at the top of this file).
Status ReadNodeBandwidth(const FieldReader& r, int64_t gpus_per_node, double* gbps, int64_t* nics) {
  const ConfigNode* total = r.node().Find("bandwidth_gbps");
  const ConfigNode* count = r.node().Find("nics");
  const ConfigNode* per_nic = r.node().Find("nic_bandwidth_gbps");
  double nic_gbps = 0;
  Status s = ReadBounded(r, "bandwidth_gbps", false, kLinkBound, gbps);
  if (s.ok()) s = r.Int("nics", nics);
  if (s.ok() && *nics > kMaxNicsPerGpu * gpus_per_node) {
    s = r.Error("nics", count->scalar + " is out of range; expected an integer ≤ " +
                            std::to_string(kMaxNicsPerGpu * gpus_per_node) + " (" +
                            std::to_string(kMaxNicsPerGpu) + " NICs per GPU)");
  }
  if (s.ok()) s = ReadBounded(r, "nic_bandwidth_gbps", false, kNicBound, &nic_gbps);
  if (!s.ok()) return s;
  if (!IsAbsent(per_nic) && IsAbsent(count)) {
    return r.Error("nics", "missing; nic_bandwidth_gbps needs the number of NICs per node");
  }
  if (IsAbsent(total) && IsAbsent(count)) {
    return r.Error("bandwidth_gbps",
                   "missing; expected GB/s per node, or nics and nic_bandwidth_gbps");
  }
  if (IsAbsent(total) && IsAbsent(per_nic)) {
    return r.Error("nic_bandwidth_gbps",
                   "missing; nics needs the GB/s of one NIC, or bandwidth_gbps per node");
  }
  if (IsAbsent(per_nic)) return Status::Ok();
  const double product = double(*nics) * nic_gbps;
  if (!IsAbsent(total) && std::fabs(*gbps - product) > 0.01 * product) {
    return r.Error("bandwidth_gbps",
                   total->scalar + " disagrees with nics × nic_bandwidth_gbps = " + count->scalar +
                       " × " + per_nic->scalar + " = " + FormatNumber(product) +
                       " GB/s; expected the two to agree within 1%");
  }
  *gbps = product;
  return Status::Ok();
}

// `oversubscription: N` for an N:1 fabric, a number ≥ 1 (absent: leaves *ratio).
Status ReadOversubscription(const FieldReader& r, double* ratio) {
  const ConfigNode* v = r.node().Find("oversubscription");
  if (IsAbsent(v)) return Status::Ok();
  if (v->kind == ConfigNode::Kind::kScalar && v->scalar.ends_with(":1")) {
    return r.Error("oversubscription",
                   "'" + v->scalar + "' is not a number; write an N:1 ratio as N");
  }
  double value = 0;
  Status s = r.Number("oversubscription", &value, /*required=*/false,
                      -std::numeric_limits<double>::infinity());
  if (!s.ok()) return s;
  if (value < 1) {
    return r.Error("oversubscription", v->scalar +
                                           " is out of range; expected a number ≥ 1 (N for an "
                                           "N:1 fabric, 1 for a non-blocking one)");
  }
  *ratio = value;
  return Status::Ok();
}

// `inter_node: {kind, bandwidth_gbps, nics, nic_bandwidth_gbps, oversubscription}` per node:
// kind and a bandwidth (ReadNodeBandwidth) required; required itself for nodes > 1.
Status ReadInterNode(const FieldReader& root, std::string_view count_key, int64_t nodes,
                     int64_t gpus_per_node, LinkSpec* link) {
  const ConfigNode* v = root.node().Find("inter_node");
  if (IsAbsent(v)) {
    if (nodes == 1) return Status::Ok();
    const ConfigNode* n = root.node().Find(count_key);
    return ErrorAt(root.file(), n ? n->key_position : root.node().position,
                   std::string(root.prefix()) + "inter_node",
                   "missing; required when " + std::string(count_key) +
                       " > 1 (kind and bandwidth_gbps per node)");
  }
  if (Status s = CheckLinkMap(root, "inter_node", v); !s.ok()) return s;
  const FieldReader r(*v, root.file(), std::string(root.prefix()) + "inter_node.");
  LinkSpec parsed{.kind = LinkKind::kInfiniband};
  double gbps = 0;
  int64_t nics = 0;
  Status s = r.RejectUnknownKeys(
      {"kind", "bandwidth_gbps", "nics", "nic_bandwidth_gbps", "oversubscription"});
  if (s.ok()) s = ReadKind(r, kInterKinds, /*required=*/true, &parsed.kind);
  if (s.ok()) s = ReadNodeBandwidth(r, gpus_per_node, &gbps, &nics);
  if (s.ok()) s = ReadOversubscription(r, &parsed.oversubscription);
  if (!s.ok()) return s;
  parsed.bytes_per_s = gbps * kGB;
  parsed.nics = int32_t(nics);
  if (nodes > 1) *link = parsed;
  return Status::Ok();
}

// The node count (`count`) and gpus_per_node, bounded so that the product fits in int32 and in
// the topology graph.
Status ReadShape(const FieldReader& r, NodeCountField count, Cluster* c) {
  int64_t nodes = count.default_count, per_node = 0;
  Status s = r.Int(count.key, &nodes);
  if (s.ok()) s = r.Int("gpus_per_node", &per_node, /*required=*/true);
  if (!s.ok()) return s;
  if (per_node > kMaxGpusPerNode) {
    return r.Error("gpus_per_node", std::to_string(per_node) +
                                        " is out of range; expected an integer ≤ " +
                                        std::to_string(kMaxGpusPerNode));
  }
  if (nodes > kMaxTotalGpus / per_node) {
    return r.Error(count.key, std::to_string(nodes) + " nodes × " + std::to_string(per_node) +
                                " GPUs is more than the " + std::to_string(kMaxTotalGpus) +
                                " GPUs fitplan models");
  }
  c->nodes = int32_t(nodes);
  c->gpus_per_node = int32_t(per_node);
  return Status::Ok();
}

std::string FileStem(std::string_view file) {
  const size_t slash = file.find_last_of('/');
  if (slash != std::string_view::npos) file.remove_prefix(slash + 1);
  const size_t dot = file.find_last_of('.');
  return std::string(dot == std::string_view::npos || dot == 0 ? file : file.substr(0, dot));
}

bool LooksLikePath(std::string_view spec) {
  return spec.find('/') != std::string_view::npos || spec.ends_with(".yaml") ||
         spec.ends_with(".yml");
}

}  // namespace

StatusOr<Cluster> ParseClusterYaml(std::string_view yaml_text, std::string_view file) {
  StatusOr<ConfigNode> root = ParseYaml(yaml_text, file);
  if (!root.ok()) return root.status();
  if (root->kind != ConfigNode::Kind::kMap) {
    return ErrorAt(file, root->position, "",
                   "expected a map of cluster fields (gpu, gpus_per_node, cpu_ram_gb, ...)");
  }
  const FieldReader r(*root, file);
  Cluster c;
  c.name = FileStem(file);
  Status s = r.RejectUnknownKeys({"name", "gpu", "nodes", "gpus_per_node", "intra_node",
                                  "inter_node", "cpu_ram_gb", "nvme_gb", "price_per_gpu_hour"});
  if (s.ok()) s = r.String("name", &c.name);
  if (s.ok() && c.name.empty()) s = r.Error("name", "empty; expected a cluster name");
  if (s.ok()) s = ReadClusterFields(r, NodeCountField{}, &c);
  if (!s.ok()) return s;
  return c;
}

Status ReadClusterFields(const FieldReader& r, NodeCountField count, Cluster* c) {
  double cpu_ram_gib = 0, nvme_gib = 0;
  Status s = ReadGpu(r, &c->gpu);
  if (s.ok()) s = ReadShape(r, count, c);
  if (s.ok()) s = ReadIntraNode(r, c->gpu, &c->intra_node);
  if (s.ok()) s = ReadInterNode(r, count.key, c->nodes, c->gpus_per_node, &c->inter_node);
  if (s.ok() && IsAbsent(r.node().Find("cpu_ram_gb"))) {
    s = r.Error("cpu_ram_gb", "missing; expected the RAM of one node in GiB (a number > 0)");
  }
  if (s.ok()) s = ReadBounded(r, "cpu_ram_gb", false, kCpuRamBound, &cpu_ram_gib);
  if (s.ok()) s = ReadBounded(r, "nvme_gb", true, kNvmeBound, &nvme_gib);
  if (s.ok()) s = ReadBounded(r, "price_per_gpu_hour", true, kPriceBound, &c->price_per_gpu_hour);
  if (!s.ok()) return s;
  c->cpu_ram_bytes_per_node = cpu_ram_gib * kGiB;
  c->nvme_bytes_per_node = nvme_gib * kGiB;
  return Status::Ok();
}

StatusOr<Cluster> LoadCluster(const std::string& spec) {
  if (!LooksLikePath(spec)) {
    if (const BuiltinCluster* builtin = FindBuiltinCluster(spec)) {
      return ParseClusterYaml(builtin->yaml, "configs/clusters/" + spec + ".yaml");
    }
  }
  StatusOr<std::string> text = ReadTextFile(spec);
  if (text.ok()) return ParseClusterYaml(*text, spec);
  if (LooksLikePath(spec)) return text.status();
  // A bare word that is neither a built-in name nor a file in the working directory.
  const std::vector<std::string> names = BuiltinClusterNames();
  std::string what = "unknown cluster '" + spec + "'; ";
  const std::string guess =
      ClosestWord(spec, std::vector<std::string_view>(names.begin(), names.end()));
  if (!guess.empty()) what += "did you mean '" + guess + "'? ";
  what += "built-in clusters:";
  for (const std::string& name : names) what += " " + name + (&name == &names.back() ? "" : ",");
  return InputError("", 0, "", what);
}

std::vector<std::string> BuiltinClusterNames() {
  std::vector<std::string> names;
  for (const BuiltinCluster& cluster : BuiltinClusters()) names.emplace_back(cluster.name);
  return names;
}

}  // namespace fitplan
