#include "strategies/precision.h"

namespace fitplan {

namespace {

// FP8 (TransformerEngine): beside the bf16 weight, the FP8 copy and its transpose for the
// backward GEMM, 2 extra bytes (cost-model.md §3.6; the transpose is not needed on Blackwell,
// where this over-counts by 1 B/param).
constexpr double kFp8WeightCacheBytes = 2;

}  // namespace

TrainableBytes TrainableBytesFor(Precision precision, Engine engine) {
  switch (precision) {
    case Precision::kFp32:
      return {4, 4, 0, 4};  // fp32 weights are their own master (cost-model.md §3.2 row fp32)
    case Precision::kBf16:
      return {2, 2, 0, 2};  // pure bf16: states take the param dtype (torch optim/adam.py _init_group)
    case Precision::kBf16Mixed:
    case Precision::kFp16Mixed:
    case Precision::kFp8Mixed:
      break;
  }
  const double fp8_cache = precision == Precision::kFp8Mixed ? kFp8WeightCacheBytes : 0;
  switch (engine) {
    case Engine::kMegatron:
      return {2 + fp8_cache, 4, 4, 4};  // fp32 main_grad: 18 B/param (Megatron theoretical_memory_usage.py)
    case Engine::kFsdp:
    case Engine::kTorchtitan:  // FSDP2 MixedPrecisionPolicy(param bf16, reduce fp32): the same
    case Engine::kAutomodel:
    case Engine::kTorch:
      // FSDP MixedPrecision / HF autocast: the fp32 param is the master, grads fp32 (§3.2, FSDP api.py).
      return {4 + fp8_cache, 4, 0, 4};
    case Engine::kDeepSpeed:
      return {2 + fp8_cache, 2, 4, 4};  // ZeRO §3.1: 2Ψ + 2Ψ + 12Ψ
  }
  return {};
}

double ActivationBytes(Precision precision) { return precision == Precision::kFp32 ? 4 : 2; }

double FrozenWeightBytes(Precision precision) {
  switch (precision) {
    case Precision::kFp32:
      return 4;
    case Precision::kFp8Mixed:
      // TE casts the frozen bf16 base to FP8 and keeps the cast for the dgrad GEMM
      // (fp8_model_params off, NeMo's default), as for trained weights.
      return 2 + kFp8WeightCacheBytes;
    case Precision::kBf16Mixed:
    case Precision::kFp16Mixed:
    case Precision::kBf16:
      break;
  }
  return 2;
}

double MatmulPeakFlops(const GpuSpec& gpu, Precision precision) {
  switch (precision) {
    case Precision::kFp32:
      return gpu.fp32_flops;
    case Precision::kFp16Mixed:
      return gpu.fp16_flops;
    case Precision::kFp8Mixed:
      return gpu.fp8_flops;
    case Precision::kBf16Mixed:
    case Precision::kBf16:
      break;
  }
  return gpu.bf16_flops;
}

double MfuPeakFlops(const GpuSpec& gpu) { return gpu.has_bf16() ? gpu.bf16_flops : gpu.fp16_flops; }

bool PrecisionLegal(Precision precision, Method method, const GpuSpec& gpu) {
  switch (precision) {
    case Precision::kBf16Mixed:
    case Precision::kBf16:
      if (!gpu.has_bf16()) return false;
      break;
    case Precision::kFp8Mixed:
      if (!gpu.has_fp8() || method == Method::kQlora) return false;
      break;
    case Precision::kFp32:
      if (method == Method::kQlora) return false;  // QLoRA's compute dtype is 16-bit
      break;
    case Precision::kFp16Mixed:
      if (gpu.fp16_flops <= 0) return false;
      break;
  }
  return true;
}

}  // namespace fitplan
