// Precision: the dtypes of weights, gradients, master weights, optimizer states and activations,
// and the matmul peak a precision runs at (shared/docs/cost-model.md §3.1, §3.2, §3.6, §9).
#ifndef FITPLAN_STRATEGIES_PRECISION_H_
#define FITPLAN_STRATEGIES_PRECISION_H_

#include "hardware/gpu_spec.h"
#include "planner/core/plan.h"
#include "strategies/workload.h"

namespace fitplan {

// Bytes per trainable parameter, unsharded, before any optimizer state.
struct TrainableBytes {
  double weight = 0;       // working weight (+ FP8 cache)
  double grad = 0;         // persistent gradient
  double master = 0;       // separate fp32 master copy (0 where the weight is the master)
  double state_width = 0;  // dtype width of full-precision optimizer states (fp32 4, bf16 2)
};

// REQUIRES: precision legal for the engine (PrecisionLegal).
TrainableBytes TrainableBytesFor(Precision precision, Engine engine);

// Bytes per element of saved activations (bf16/fp16 2, fp32 4).
double ActivationBytes(Precision precision);

// Bytes per frozen (LoRA base) parameter: LoRA recipes load the base in the 16-bit compute dtype
// whatever the adapters' precision (PEFT/HF `torch_dtype=bfloat16`, torchtune, DeepSpeed casting
// the module); fp32 plans keep fp32; FP8 plans add Transformer Engine's FP8 cast and transpose.
// (Lightning's "bf16-mixed" keeps an fp32 base: not modelled.)
double FrozenWeightBytes(Precision precision);

// Dense matmul peak FLOP/s the precision's GEMMs run at on `gpu` (fp32: non-tensor FP32, since
// PyTorch leaves TF32 matmuls off by default; V100 fp16 for bf16 requests is not offered).
double MatmulPeakFlops(const GpuSpec& gpu, Precision precision);

// The dense 16-bit peak MFU is quoted against (cost-model.md §8.2: one basis for every plan).
double MfuPeakFlops(const GpuSpec& gpu);

// bf16 needs bf16 tensor cores, fp8 needs fp8 ones; QLoRA computes in 16 bit (its NF4 base has no
// FP8 path). FP8 LoRA runs on Megatron (engine.h EngineFor): NeMo's LoRA recipes and MLPerf's
// Llama-2-70B LoRA benchmark train in FP8.
bool PrecisionLegal(Precision precision, Method method, const GpuSpec& gpu);

}  // namespace fitplan

#endif  // FITPLAN_STRATEGIES_PRECISION_H_
