#include "hardware/gpu_catalog.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "planner/core/units.h"

namespace fitplan {
namespace {

// The rows the planner, the configs and the docs rely on (shared/docs/cost-model.md §9).
constexpr const char* kRequiredGpus[] = {
    "a100-sxm-40gb",  "a100-sxm-80gb", "a100-pcie-40gb", "a100-pcie-80gb", "h100-sxm-80gb",
    "h100-pcie-80gb", "h100-nvl-94gb", "h200-141gb",     "b200-180gb",     "l40s-48gb",
    "a10g-24gb",      "l4-24gb",       "a6000-48gb",     "rtx-3090-24gb",  "rtx-4090-24gb",
    "v100-sxm-32gb",  "mi300x-192gb",  "h100-sxm-96gb-500w", "v100-sxm-16gb", "v100-pcie-32gb",
    "v100-pcie-16gb"};

// FP8 tensor cores: Hopper (H100, H200), Ada (L40S, L4, RTX 4090), Blackwell (B200), CDNA 3.
const std::set<std::string> kFp8Gpus = {"h100-sxm-80gb", "h100-pcie-80gb", "h100-nvl-94gb", "h100-sxm-96gb-500w", "h800-sxm-80gb",
                                        "h200-141gb",    "b200-180gb",     "l40s-48gb",
                                        "l4-24gb",       "rtx-4090-24gb",  "mi300x-192gb",
                                        "gb200-186gb",   "mi325x-256gb"};

TEST(GpuCatalogTest, HasEveryRequiredGpu) {
  for (const char* name : kRequiredGpus) {
    const GpuSpec* gpu = FindGpu(name);
    ASSERT_NE(gpu, nullptr) << name;
    EXPECT_EQ(gpu->name, name);
  }
}

TEST(GpuCatalogTest, NamesAreUnique) {
  std::set<std::string> names;
  for (const GpuSpec& gpu : GpuCatalog()) EXPECT_TRUE(names.insert(gpu.name).second) << gpu.name;
}

TEST(GpuCatalogTest, EveryRowIsPositiveAndCitesASource) {
  for (const GpuSpec& gpu : GpuCatalog()) {
    SCOPED_TRACE(gpu.name);
    EXPECT_GT(gpu.memory_bytes, 0);
    EXPECT_GT(gpu.fp16_flops, 0);
    EXPECT_GT(gpu.fp32_flops, 0);
    EXPECT_GT(gpu.hbm_bytes_per_s, 0);
    EXPECT_GT(gpu.pcie_bytes_per_s, 0);
    EXPECT_GE(gpu.nvlink_bytes_per_s, 0);
    EXPECT_FALSE(gpu.source.empty());
    // Tensor cores beat the CUDA cores; a value below fp32 would be a sparse/dense or unit slip.
    EXPECT_GT(gpu.fp16_flops, gpu.fp32_flops);
    if (gpu.has_fp8()) {
      EXPECT_GT(gpu.fp8_flops, gpu.bf16_flops);
    }
  }
}

// Every row carries a "// source:" comment equal to its .source (reviewers read the comment).
TEST(GpuCatalogTest, SourceCommentsMatchTheRows) {
  std::ifstream in(std::string(FITPLAN_SOURCE_DIR) + "/hardware/gpu_catalog.cc");
  ASSERT_TRUE(in.good());
  std::vector<std::string> comments;
  for (std::string line; std::getline(in, line);) {
    const std::string marker = "  // source: ";
    if (line.rfind(marker, 0) == 0) comments.push_back(line.substr(marker.size()));
  }
  std::vector<std::string> sources;
  for (const GpuSpec& gpu : GpuCatalog()) sources.push_back(gpu.source);
  EXPECT_EQ(comments, sources);
}

TEST(GpuCatalogTest, Fp8OnlyOnHopperAdaBlackwellAndMi300x) {
  for (const GpuSpec& gpu : GpuCatalog()) {
    EXPECT_EQ(gpu.has_fp8(), kFp8Gpus.count(gpu.name) == 1) << gpu.name;
  }
}

TEST(GpuCatalogTest, Nvlink4Generation) {
  for (const char* name : {"h100-sxm-80gb", "h200-141gb", "b200-180gb"}) {
    EXPECT_TRUE(FindGpu(name)->nvlink4_or_later()) << name;
  }
  for (const char* name : {"a100-sxm-80gb", "h100-pcie-80gb", "mi300x-192gb", "rtx-4090-24gb"}) {
    EXPECT_FALSE(FindGpu(name)->nvlink4_or_later()) << name;
  }
}

// The China export variants are their siblings with NVLink cut to 400 GB/s bidirectional: same
// tensor rates and HBM, 200 GB/s per direction, so no TP-overlap NVLink 4 on the H800.
TEST(GpuCatalogTest, ExportVariantsKeepComputeAndCutNvlink) {
  for (const auto& [variant, sibling] :
       {std::pair{"a800-sxm-80gb", "a100-sxm-80gb"}, std::pair{"h800-sxm-80gb", "h100-sxm-80gb"}}) {
    const GpuSpec* v = FindGpu(variant);
    const GpuSpec* s = FindGpu(sibling);
    ASSERT_NE(v, nullptr) << variant;
    EXPECT_EQ(v->bf16_flops, s->bf16_flops) << variant;
    EXPECT_EQ(v->fp8_flops, s->fp8_flops) << variant;
    EXPECT_EQ(v->memory_bytes, s->memory_bytes) << variant;
    EXPECT_EQ(v->hbm_bytes_per_s, s->hbm_bytes_per_s) << variant;
    EXPECT_EQ(v->arch, s->arch) << variant;
    EXPECT_DOUBLE_EQ(v->nvlink_bytes_per_s, 200e9) << variant;  // 400 GB/s ÷ 2 directions
  }
  EXPECT_FALSE(FindGpu("h800-sxm-80gb")->nvlink4_or_later());
  EXPECT_TRUE(FindGpu("h800-sxm-80gb")->hopper_or_later());
  // Ties go to the full-bandwidth sibling, listed first.
  EXPECT_EQ(ClosestGpuName("h100-80gb"), "h100-sxm-80gb");
  EXPECT_EQ(ClosestGpuName("a100-80gb"), "a100-sxm-80gb");
}

// The generation decides the Hopper efficiency factors (calibration.h): every H100 variant,
// including the PCIe and NVL cards without NVLink 4 and torchtitan's 500 W variant, and the B200;
// nothing else.
TEST(GpuCatalogTest, HopperOrLaterGeneration) {
  for (const char* name :
       {"h100-sxm-80gb", "h100-pcie-80gb", "h100-nvl-94gb", "h100-sxm-96gb-500w", "h200-141gb",
        "b200-180gb"}) {
    EXPECT_TRUE(FindGpu(name)->hopper_or_later()) << name;
  }
  for (const char* name : {"a100-sxm-80gb", "a10g-24gb", "l40s-48gb", "rtx-4090-24gb",
                           "v100-sxm-32gb", "mi300x-192gb"}) {
    EXPECT_FALSE(FindGpu(name)->hopper_or_later()) << name;
  }
  EXPECT_EQ(FindGpu("l4-24gb")->arch, GpuArch::kAda);
  EXPECT_EQ(FindGpu("mi300x-192gb")->arch, GpuArch::kCdna3);
}

TEST(GpuCatalogTest, V100HasNoBf16) {
  const GpuSpec* v100 = FindGpu("v100-sxm-32gb");
  ASSERT_NE(v100, nullptr);
  EXPECT_FALSE(v100->has_bf16());
  EXPECT_EQ(v100->fp16_flops, 125e12);  // V100 whitepaper: 125 TFLOPS FP16 tensor
  // Every Volta board lacks it, and only those.
  for (const GpuSpec& gpu : GpuCatalog()) {
    EXPECT_EQ(gpu.has_bf16(), gpu.arch != GpuArch::kVolta) << gpu.name;
  }
  EXPECT_EQ(FindGpu("v100-pcie-16gb")->fp16_flops, 112e12);  // V100 PCIe brief: 112 TFLOPS
}

TEST(GpuCatalogTest, RowsInBytesAndPerDirection) {
  const GpuSpec& a100 = *FindGpu("a100-sxm-80gb");
  EXPECT_EQ(a100.memory_bytes, 80 * kGiB);  // "80 GB" as nvidia-smi shows it: 80 GiB
  EXPECT_EQ(a100.bf16_flops, 312e12);
  EXPECT_EQ(a100.hbm_bytes_per_s, 2039e9);
  EXPECT_EQ(a100.nvlink_bytes_per_s, 300e9);                       // 600 GB/s bidirectional / 2
  EXPECT_EQ(a100.pcie_bytes_per_s, 32e9);                          // Gen4 x16, one direction
  EXPECT_EQ(FindGpu("h100-sxm-80gb")->nvlink_bytes_per_s, 450e9);  // 900 / 2
  EXPECT_EQ(FindGpu("h100-sxm-80gb")->pcie_bytes_per_s, 64e9);     // Gen5 x16
  EXPECT_EQ(FindGpu("b200-180gb")->nvlink_bytes_per_s, 900e9);     // 1.8 TB/s / 2
  EXPECT_EQ(FindGpu("b200-180gb")->memory_bytes, 179 * kGiB);      // usable, as nvidia-smi shows
  EXPECT_EQ(FindGpu("v100-sxm-32gb")->pcie_bytes_per_s, 16e9);     // Gen3 x16
}

TEST(GpuCatalogTest, GeforceUsesFp32AccumulateRate) {
  EXPECT_EQ(FindGpu("rtx-4090-24gb")->bf16_flops, 165.2e12);  // not 330.3 (FP16 accumulate)
  EXPECT_EQ(FindGpu("rtx-3090-24gb")->bf16_flops, 71e12);     // not 142
}

TEST(GpuCatalogTest, BridgedAndPcieCardsHaveNoNvlink) {
  for (const char* name :
       {"a100-pcie-40gb", "a100-pcie-80gb", "h100-pcie-80gb", "h100-nvl-94gb", "l40s-48gb",
        "l4-24gb", "a10g-24gb", "a6000-48gb", "rtx-3090-24gb", "rtx-4090-24gb", "v100-pcie-32gb",
        "v100-pcie-16gb"}) {
    EXPECT_EQ(FindGpu(name)->nvlink_bytes_per_s, 0) << name;
  }
}

TEST(GpuCatalogTest, FindGpuIsExact) {
  EXPECT_EQ(FindGpu("A100-SXM-80GB"), nullptr);
  EXPECT_EQ(FindGpu("a100"), nullptr);
  EXPECT_EQ(FindGpu(""), nullptr);
}

TEST(GpuCatalogTest, ClosestGpuNameAlwaysAnswers) {
  EXPECT_EQ(ClosestGpuName("a100-90gb"), "a100-sxm-80gb");
  EXPECT_EQ(ClosestGpuName("h100-sxm-80g"), "h100-sxm-80gb");
  EXPECT_EQ(ClosestGpuName("rtx-4090"), "rtx-4090-24gb");
  EXPECT_EQ(ClosestGpuName("mi300x"), "mi300x-192gb");
  EXPECT_EQ(ClosestGpuName("a10g"), "a10g-24gb");
  EXPECT_EQ(ClosestGpuName("a10-24g"), "a10-24gb");
  EXPECT_EQ(ClosestGpuName("a10-pcie-24gb"), "a10-24gb");  // the "a10" family, not "a10g"
  EXPECT_EQ(ClosestGpuName("h100-sxm"), "h100-sxm-80gb");
  EXPECT_NE(FindGpu(ClosestGpuName("tpu-v5p")), nullptr);  // far from everything: still a name
  EXPECT_NE(FindGpu(ClosestGpuName("")), nullptr);
}

}  // namespace
}  // namespace fitplan
