#include "strategies/precision.h"

namespace fitplan {

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
  // FP8 (TransformerEngine): bf16 weight + FP8 copy + FP8 transpose, 2 extra bytes (§3.6; the
  // transpose is not needed on Blackwell, where this over-counts by 1 B/param).
  const double fp8_cache = precision == Precision::kFp8Mixed ? 2 : 0;
  switch (engine) {
    case Engine::kMegatron:
      return {2 + fp8_cache, 4, 4, 4};  // fp32 main_grad: 18 B/param (Megatron theoretical_memory_usage.py)
    case Engine::kFsdp:
    case Engine::kTorch:
      // FSDP MixedPrecision / HF autocast: the fp32 param is the master, grads fp32 (§3.2, FSDP api.py).
      return {4 + fp8_cache, 4, 0, 4};
    case Engine::kDeepSpeed:
      return {2 + fp8_cache, 2, 4, 4};  // ZeRO §3.1: 2Ψ + 2Ψ + 12Ψ
  }
  return {};
}

double ActivationBytes(Precision precision) { return precision == Precision::kFp32 ? 4 : 2; }

double FrozenWeightBytes(Precision precision) { return precision == Precision::kFp32 ? 4 : 2; }

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
      if (!gpu.has_fp8() || method != Method::kFull) return false;
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
