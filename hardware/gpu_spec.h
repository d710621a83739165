// GpuSpec: one accelerator model's datasheet numbers (shared/docs/cost-model.md §9).
// Units in the names: bytes, FLOP/s (dense, no sparsity), bytes/s in one direction.
#ifndef FITPLAN_HARDWARE_GPU_SPEC_H_
#define FITPLAN_HARDWARE_GPU_SPEC_H_

#include <cstdint>
#include <string>

namespace fitplan {

// The GPU's generation: what the datasheet does not say, such as which kernels run on it and how
// much of its peak they reach (strategies/calibration.h "Hopper and later").
enum class GpuArch : uint8_t { kVolta, kAmpere, kAda, kHopper, kBlackwell, kCdna3 };

struct GpuSpec {
  std::string name;            // catalog key, e.g. "a100-sxm-80gb"
  double memory_bytes = 0;     // as nvidia-smi reports it (an "80 GB" A100 is 80 GiB)
  double bf16_flops = 0;       // dense tensor-core peak; 0 = no bf16 (V100)
  double fp16_flops = 0;       // dense, FP32 accumulate on GeForce cards
  double tf32_flops = 0;       // dense
  double fp32_flops = 0;       // non-tensor FP32
  double fp8_flops = 0;        // dense; 0 = no fp8 tensor cores
  double hbm_bytes_per_s = 0;  // device memory bandwidth
  double nvlink_bytes_per_s = 0;  // per GPU, one direction; 0 = no NVLink (PCIe only)
  double pcie_bytes_per_s = 0;    // host link, one direction
  std::string source;             // datasheet the row was taken from
  // The time model's efficiency curve was fitted on A100s: a custom GPU without `like` is timed
  // as that reference generation.
  GpuArch arch = GpuArch::kAmpere;

  bool has_bf16() const { return bf16_flops > 0; }
  bool has_fp8() const { return fp8_flops > 0; }
  // NVLink 4 or later (H100/H200 SXM 450, B200 900 GB/s per direction): the DGX H100/B200
  // generation. MI300X's Infinity Fabric (448 GB/s) falls just below, as it should: it has
  // neither the DGX fabric nor Transformer Engine's userbuffers.
  bool nvlink4_or_later() const { return nvlink_bytes_per_s >= 450e9; }
  bool hopper_or_later() const { return arch == GpuArch::kHopper || arch == GpuArch::kBlackwell; }
  bool operator==(const GpuSpec&) const = default;
};

}  // namespace fitplan

#endif  // FITPLAN_HARDWARE_GPU_SPEC_H_
