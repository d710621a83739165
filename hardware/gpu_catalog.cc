// The GPU catalog rows (shared/docs/cost-model.md §9), written in datasheet units and converted to
// bytes and FLOP/s once.
//
// Conventions, applied to every row:
//  * Memory is GiB as nvidia-smi (rocm-smi) reports it: an "80 GB" A100 is 80 GiB (units.h kGiB).
//  * TFLOP/s are dense tensor-core peaks; datasheets quote "with sparsity" = 2 × dense (§8.2).
//    fp32 is the non-tensor (CUDA core / vector) peak; tf32 0 = no TF32 tensor cores (Volta).
//  * GeForce and RTX A-series cards: bf16/fp16/fp8 are the FP32-accumulate rates (training
//    accumulates in FP32, §9 note), half the FP16-accumulate figure on GeForce.
//  * Bandwidths are GB/s in ONE direction. NVLink: NVIDIA quotes the bidirectional total per GPU;
//    we halve it (§9: A100 300, H100 450, B200 900 GB/s per direction, as llm-analysis and
//    calculon).
//  * nvlink 0 also where a 2-GPU bridge exists (A100/H100 PCIe, H100 NVL, RTX 3090, RTX A6000):
//    a bridge joins one pair, so a ring over more than 2 GPUs of the node still crosses PCIe, and
//    the cluster's intra-node link is one number per node. A 2-GPU bridged box can say so in its
//    cluster YAML (intra_node: {kind: nvlink, bandwidth_gbps: ...}).
//  * PCIe x16 per direction: Gen3 16, Gen4 32, Gen5 64 GB/s (§8.6).
#include "hardware/gpu_catalog.h"

#include <vector>

#include "planner/core/config_node.h"
#include "planner/core/units.h"

namespace fitplan {
namespace {

// One datasheet row, in the units the datasheets print.
struct Row {
  const char* name;
  double memory_gib;
  double bf16_tflops, fp16_tflops, tf32_tflops, fp32_tflops, fp8_tflops;
  double hbm_gbps, nvlink_gbps, pcie_gbps;
  const char* source;
  GpuArch arch;
};

// clang-format off
// Order: the order `fitplan list gpus` prints; within a family the larger memory first, which also
// makes the flagship win ties in ClosestGpuName ("a100-90gb" → a100-sxm-80gb, not -40gb).
constexpr Row kRows[] = {
  //  name              GiB   bf16    fp16    tf32   fp32   fp8     HBM GB/s  NVLink PCIe
  // source: NVIDIA A100 datasheet via glennklockwood; torchtitan get_peak_flops 312e12
  {"a100-sxm-80gb",     80,   312,    312,    156,   19.5,  0,      2039,     300,   32,
   "NVIDIA A100 datasheet via glennklockwood; torchtitan get_peak_flops 312e12",
   GpuArch::kAmpere},
  // source: NVIDIA A100 datasheet via glennklockwood; torchtitan get_peak_flops 312e12
  {"a100-sxm-40gb",     40,   312,    312,    156,   19.5,  0,      1555,     300,   32,
   "NVIDIA A100 datasheet via glennklockwood; torchtitan get_peak_flops 312e12",
   GpuArch::kAmpere},
  // source: NVIDIA A800 (China export variant): A100 SXM4 80GB, NVLink 400 GB/s via aiwiki, techpowerup
  {"a800-sxm-80gb",     80,   312,    312,    156,   19.5,  0,      2039,     200,   32,
   "NVIDIA A800 (China export variant): A100 SXM4 80GB, NVLink 400 GB/s via aiwiki, techpowerup",
   GpuArch::kAmpere},
  // source: NVIDIA A100 datasheet via thundercompute; llm-analysis gpu_configs
  {"a100-pcie-80gb",    80,   312,    312,    156,   19.5,  0,      1935,     0,     32,
   "NVIDIA A100 datasheet via thundercompute; llm-analysis gpu_configs",
   GpuArch::kAmpere},
  // source: NVIDIA A100 datasheet via thundercompute, xynio
  {"a100-pcie-40gb",    40,   312,    312,    156,   19.5,  0,      1555,     0,     32,
   "NVIDIA A100 datasheet via thundercompute, xynio",
   GpuArch::kAmpere},
  // source: NVIDIA H100 datasheet via glennklockwood, clawkipedia; torchtitan 989e12; llm-analysis
  {"h100-sxm-80gb",     80,   989.4,  989.4,  494.7, 66.9,  1978.9, 3350,     450,   64,
   "NVIDIA H100 datasheet via glennklockwood, clawkipedia; torchtitan 989e12; llm-analysis",
   GpuArch::kHopper},
  // source: NVIDIA H800 (China export variant): H100 SXM5 compute, NVLink 400 GB/s bidirectional via philisun, tumgag
  {"h800-sxm-80gb",     80,   989.4,  989.4,  494.7, 66.9,  1978.9, 3350,     200,   64,
   "NVIDIA H800 (China export variant): H100 SXM5 compute, NVLink 400 GB/s bidirectional via philisun, tumgag",
   GpuArch::kHopper},
  // source: NVIDIA H100 PCIe product brief PB-11133-001 (350 W); torchtitan 756e12
  {"h100-pcie-80gb",    80,   756.5,  756.5,  378,   51.2,  1513,   2000,     0,     64,
   "NVIDIA H100 PCIe product brief PB-11133-001 (350 W); torchtitan 756e12",
   GpuArch::kHopper},
  // source: NVIDIA H100 NVL datasheet; torchtitan 835e12 (HBM 3.9 TB/s and FP8 UNVERIFIED)
  {"h100-nvl-94gb",     94,   835.5,  835.5,  417.5, 60,    1670.5, 3900,     0,     64,
   "NVIDIA H100 NVL datasheet; torchtitan 835e12 (HBM 3.9 TB/s and FP8 UNVERIFIED)",
   GpuArch::kHopper},
  // source: torchtitan arXiv 2410.06511: HBM2e, 500 W, peak between SXM and NVL (midpoint)
  {"h100-sxm-96gb-500w", 96,  912.5,  912.5,  456.2, 63.5,  1825,   2400,     450,   64,
   "torchtitan arXiv 2410.06511: HBM2e, 500 W, peak between SXM and NVL (midpoint)",
   GpuArch::kHopper},
  // source: NVIDIA H200 datasheet via aiwiki, lzwjava, saulelectric; torchtitan; MLPerf system JSON
  {"h200-141gb",        141,  989.4,  989.4,  494.7, 66.9,  1978.9, 4800,     450,   64,
   "NVIDIA H200 datasheet via aiwiki, lzwjava, saulelectric; torchtitan; MLPerf system JSON",
   GpuArch::kHopper},
  // source: NVIDIA HGX B200 datasheet ÷ 8 via glennklockwood; torchtitan 2.25e15; vultr nvidia-smi
  {"b200-180gb",        179,  2250,   2250,   1125,  75,    4500,   8000,     900,   64,
   "NVIDIA HGX B200 datasheet ÷ 8 via glennklockwood; torchtitan 2.25e15; vultr nvidia-smi",
   GpuArch::kBlackwell},
  // source: NVIDIA GB200 NVL72 datasheet ÷ 72 via datacrunch, verda; torchtitan 2.5e15 (GiB UNVERIFIED)
  {"gb200-186gb",       185,  2500,   2500,   1250,  80,    5000,   8000,     900,   450,
   "NVIDIA GB200 NVL72 datasheet ÷ 72 via datacrunch, verda; torchtitan 2.5e15 (GiB UNVERIFIED)",
   GpuArch::kBlackwell},
  // source: NVIDIA L40/L40S table via mullet.se (350 W)
  {"l40s-48gb",         48,   362.05, 362.05, 183,   91.6,  733,    864,      0,     32,
   "NVIDIA L40/L40S table via mullet.se (350 W)",
   GpuArch::kAda},
  // source: NVIDIA L4 datasheet, sparse figures halved
  {"l4-24gb",           24,   121,    121,    60,    30.3,  242.5,  300,      0,     32,
   "NVIDIA L4 datasheet, sparse figures halved",
   GpuArch::kAda},
  // source: llm-analysis gpu_configs a10g; baseten (tensor peak UNVERIFIED)
  {"a10g-24gb",         24,   70,     70,     35,    31.2,  0,      600,      0,     32,
   "llm-analysis gpu_configs a10g; baseten (tensor peak UNVERIFIED)",
   GpuArch::kAmpere},
  // source: llm-analysis gpu_configs a10 125 (its 28 GB is the A10's 24); NVIDIA A10 datasheet
  {"a10-24gb",          24,   125,    125,    62.5,  31.2,  0,      600,      0,     32,
   "llm-analysis gpu_configs a10 125 (its 28 GB is the A10's 24); NVIDIA A10 datasheet",
   GpuArch::kAmpere},
  // source: NVIDIA Ampere GA102 whitepaper table (RTX A6000 column); RTX A6000 datasheet
  {"a6000-48gb",        48,   154.8,  154.8,  77.4,  38.7,  0,      768,      0,     32,
   "NVIDIA Ampere GA102 whitepaper table (RTX A6000 column); RTX A6000 datasheet",
   GpuArch::kAmpere},
  // source: NVIDIA A40 datasheet (149.7 dense BF16, 696 GB/s GDDR6); torchtitan-style tables 149.7e12
  {"a40-48gb",          48,   149.7,  149.7,  74.8,  37.4,  0,      696,      0,     32,
   "NVIDIA A40 datasheet (149.7 dense BF16, 696 GB/s GDDR6); torchtitan-style tables 149.7e12",
   GpuArch::kAmpere},
  // source: gfxspeak; GA102 tables via hmc-tech (FP32 accumulate; UNVERIFIED vs whitepaper)
  {"rtx-3090-24gb",     24,   71,     71,     35.6,  35.6,  0,      936,      0,     32,
   "gfxspeak; GA102 tables via hmc-tech (FP32 accumulate; UNVERIFIED vs whitepaper)",
   GpuArch::kAmpere},
  // source: Ada whitepaper via waredb, gigagpu (FP32 accumulate)
  {"rtx-4090-24gb",     24,   165.2,  165.2,  82.6,  82.6,  330.3,  1008,     0,     32,
   "Ada whitepaper via waredb, gigagpu (FP32 accumulate)",
   GpuArch::kAda},
  // source: NVIDIA V100 whitepaper via maosong; llm-analysis 125 (no BF16, no TF32)
  {"v100-sxm-32gb",     32,   0,      125,    0,     15.7,  0,      900,      150,   16,
   "NVIDIA V100 whitepaper via maosong; llm-analysis 125 (no BF16, no TF32)",
   GpuArch::kVolta},
  // source: NVIDIA V100 whitepaper via maosong; llm-analysis 125 (16 GB SXM2 board)
  {"v100-sxm-16gb",     16,   0,      125,    0,     15.7,  0,      900,      150,   16,
   "NVIDIA V100 whitepaper via maosong; llm-analysis 125 (16 GB SXM2 board)",
   GpuArch::kVolta},
  // source: NVIDIA V100 PCIe brief via io-tech, techrival; llm-analysis 112
  {"v100-pcie-32gb",    32,   0,      112,    0,     14,    0,      900,      0,     16,
   "NVIDIA V100 PCIe brief via io-tech, techrival; llm-analysis 112",
   GpuArch::kVolta},
  // source: NVIDIA V100 PCIe brief via io-tech, techrival; llm-analysis 112 (16 GB board)
  {"v100-pcie-16gb",    16,   0,      112,    0,     14,    0,      900,      0,     16,
   "NVIDIA V100 PCIe brief via io-tech, techrival; llm-analysis 112 (16 GB board)",
   GpuArch::kVolta},
  // source: AMD MI300X datasheet via jaredwatkins, gpu.blog (750 W); torchtitan 1300e12
  {"mi300x-192gb",      192,  1307.4, 1307.4, 653.7, 163.4, 2614.9, 5300,     448,   64,
   "AMD MI300X datasheet via jaredwatkins, gpu.blog (750 W); torchtitan 1300e12",
   GpuArch::kCdna3},
  // source: AMD MI325X datasheet (256 GB HBM3E, 6 TB/s; MI300X compute); torchtitan-style 1.3074e15
  {"mi325x-256gb",      256,  1307.4, 1307.4, 653.7, 163.4, 2614.9, 6000,     448,   64,
   "AMD MI325X datasheet (256 GB HBM3E, 6 TB/s; MI300X compute); torchtitan-style 1.3074e15",
   GpuArch::kCdna3},
};
// clang-format on
//
// Row notes (why, where the datasheet leaves a choice):
//  * h100-sxm/h200: the datasheet's 1,979 TFLOPS (BF16, sparse) halved; FP8 3,958 halved.
//  * h100-sxm-96gb-500w: the power-capped HBM2e H100 of Meta's Grand Teton hosts, on which
//    torchtitan's published runs were made (shared/calibration throughput rows 288-317). The
//    torchtitan paper says its peak "should be between SXM and NVL, and we don't know the exact
//    value": the midpoint of 989.4 and 835.5 is taken for bf16 (fp8 2x, tf32 and fp32 the same
//    share). HBM2e bandwidth is H100 PCIe's 2.0 TB/s over five stacks scaled to six (UNVERIFIED).
//    NVLink 4 and PCIe Gen5 as on every SXM H100. It sits after the flagship rows so that
//    ClosestGpuName's ties still go to h100-sxm-80gb.
//  * b200-180gb: 192 GB physical HBM3e, of which nvidia-smi shows ≈ 179 GiB (§9: vultr's output):
//    we use 179 GiB, what a job can be given, not the 180 of the name. Per-GPU figures are the
//    HGX B200 (1000 W) totals ÷ 8. PCIe Gen5 is UNVERIFIED (one page says Gen6).
//  * a10g-24gb: AWS publishes no tensor peak; llm-analysis' 70 is below the A10's 125 because of
//    the A10G's lower clocks (UNVERIFIED); tf32 taken as half, as on every other Ampere row.
//  * a6000-48gb: 154.8 is the dense FP16/BF16 rate with FP32 accumulate (309.7 is with sparsity);
//    the professional card runs FP32 accumulate at full rate. Its NVLink bridge (112.5 GB/s per
//    direction) joins 2 GPUs only, so nvlink 0 as for the other bridged cards.
//  * v100-sxm-32gb: NVLink 2 is 300 GB/s bidirectional per GPU → 150 per direction (§9).
//  * a800-sxm-80gb, h800-sxm-80gb: the export-control variants of the A100 and H100 SXM keep the
//    silicon, memory and tensor rates and cut NVLink to 400 GB/s bidirectional, 200 per direction
//    (the H800 also FP64, which no plan uses). Below 450 they do not count as NVLink 4 for
//    Megatron's --tp-comm-overlap (strategies/parallelism.h TpCommOverlapped): TP runs exposed.
//    Each sits after its full-bandwidth sibling, so ClosestGpuName's ties go to the A100/H100.
//  * a10-24gb: the full-clock A10 (150 W), not AWS's A10G row above.
//  * gb200-186gb: a Blackwell GPU of a GB200 NVL72 rack at the rack's higher clocks (BF16 360 PF
//    and FP8 720 PF sparse over 72 GPUs, halved; 13.4 TB and 576 TB/s over 72). 186 GB of HBM3e
//    of which fitplan counts 185 GiB usable (UNVERIFIED; B200's 180 GB shows 179). The Grace CPU
//    link is NVLink-C2C, 900 GB/s bidirectional: 450 per direction in the host-link column. A
//    rack is one 72-GPU NVLink domain: describe it with gpus_per_node 72.
//  * a40-48gb: the data-center GA102 card; like the A6000, FP32 accumulate at full rate and a
//    2-GPU NVLink bridge only (nvlink 0).
//  * mi325x-256gb: the MI300X's compute and Infinity Fabric with 256 GB of HBM3E at 6 TB/s.
//  * mi300x-192gb: Infinity Fabric is 7 links × 128 GB/s = 896 GB/s bidirectional aggregate to the
//    7 peers of an 8-GPU mesh; 448 GB/s per direction plays the role NVLink plays elsewhere.

GpuSpec FromRow(const Row& row) {
  GpuSpec gpu;
  gpu.name = row.name;
  gpu.memory_bytes = row.memory_gib * kGiB;
  gpu.bf16_flops = row.bf16_tflops * kTera;
  gpu.fp16_flops = row.fp16_tflops * kTera;
  gpu.tf32_flops = row.tf32_tflops * kTera;
  gpu.fp32_flops = row.fp32_tflops * kTera;
  gpu.fp8_flops = row.fp8_tflops * kTera;
  gpu.hbm_bytes_per_s = row.hbm_gbps * kGB;
  gpu.nvlink_bytes_per_s = row.nvlink_gbps * kGB;
  gpu.pcie_bytes_per_s = row.pcie_gbps * kGB;
  gpu.source = row.source;
  gpu.arch = row.arch;
  return gpu;
}

// Built on first use (no static-initialisation-order hazard for callers in other files).
const std::vector<GpuSpec>& Catalog() {
  static const std::vector<GpuSpec>* const catalog = [] {
    auto* rows = new std::vector<GpuSpec>();
    for (const Row& row : kRows) rows->push_back(FromRow(row));
    return rows;
  }();
  return *catalog;
}

}  // namespace

std::span<const GpuSpec> GpuCatalog() { return Catalog(); }

const GpuSpec* FindGpu(std::string_view name) {
  for (const GpuSpec& gpu : Catalog()) {
    if (gpu.name == name) return &gpu;
  }
  return nullptr;
}

std::string ClosestGpuName(std::string_view name) {
  // Plain edit distance ranks "a10g-24gb" (3 edits) above "a100-sxm-80gb" (5) for "a100-90gb", so
  // rows of the same family (the text before the first '-') are preferred when there are any.
  // Ties go to the earlier row (see the order note on kRows).
  const auto family = [](std::string_view s) { return s.substr(0, s.find('-')); };
  const std::string* best = nullptr;
  int best_distance = 0;
  for (const bool same_family_only : {true, false}) {
    for (const GpuSpec& gpu : Catalog()) {
      if (same_family_only && family(gpu.name) != family(name)) continue;
      const int d = EditDistance(name, gpu.name);
      if (!best || d < best_distance) {
        best_distance = d;
        best = &gpu.name;
      }
    }
    if (best) break;
  }
  return *best;
}

}  // namespace fitplan
