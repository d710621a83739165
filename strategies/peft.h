// Parameter-efficient fine-tuning: LoRA and QLoRA (PEFT, bitsandbytes; QLoRA arXiv:2305.14314;
// shared/docs/cost-model.md §5). What is trainable, how the frozen base is stored, and the extra
// buffers and compute the adapters cost.
#ifndef FITPLAN_STRATEGIES_PEFT_H_
#define FITPLAN_STRATEGIES_PEFT_H_

#include "planner/core/job.h"
#include "planner/core/plan.h"
#include "strategies/parallelism.h"
#include "strategies/workload.h"

namespace fitplan {

// NF4 storage per quantized weight: 4 bits + 8-bit absmax per 64 + fp32 scale per 256 blocks
// (bitsandbytes functional.py quantize_4bit with double quant): 4.12695 bits ≈ 0.5159 B.
inline constexpr double kNf4BytesPerParam = (4.0 + 8.0 / 64.0 + 32.0 / (64.0 * 256.0)) / 8.0;

// Trainable parameters of a stage on one rank: every parameter for full fine-tuning; the
// adapters r·(in + out) per targeted Linear for LoRA/QLoRA (PEFT lora/layer.py update_layer;
// `all-linear` excludes the output layer, PEFT config.py), ÷ tp with the base layer.
double TrainableParams(const Workload& w, const Plan& plan, const StageParams& stage);

// Bytes of the frozen base on one rank before sharding: FrozenWeightBytes per param for LoRA;
// for QLoRA NF4 Linears plus embeddings, lm_head, norms and biases in high precision — fp32 after
// PEFT prepare_model_for_kbit_training (mixed precision, HF recipe), bf16 for pure bf16
// (torchtune keeps them in bf16) (§5.2, §5.3). 0 for full fine-tuning.
// Sharding assumption (applied by the caller's ShardDivisors): under FSDP the 4-bit weights are
// sharded like any parameter once bnb_4bit_quant_storage is a float dtype (bitsandbytes docs
// "FSDP-QLoRA": FSDP only shards float storage); DeepSpeed ZeRO-3 shards them the same way with
// the same setting (PEFT docs accelerate/deepspeed.md, "ZeRO-3 with QLoRA"). The exported configs
// set quant_storage to the compute dtype; ZeRO-1/2 and DDP replicate them.
double FrozenWeightBytesOnRank(const Plan& plan, const StageParams& stage);

// The trainable adapters' dtype width: fp32 under autocast (PEFT autocast_adapter_dtype) and for
// fp32 plans, the param dtype (bf16) for pure bf16.
double AdapterBytes(Precision precision);

// QLoRA dequantizes one Linear to bf16 for each GEMM (bitsandbytes matmul_4bit → gemm_4bit):
// the largest Linear's bf16 copy + its fp32 absmax, live in forward and backward.
double DequantBufferBytes(const Workload& w, const Plan& plan);

// Extra saved activation bytes per layer per token from LoRA's input casts under autocast
// (calib::kLoraSavedInputCopies copies of each targeted module's input).
double LoraActivationBytesPerToken(const Workload& w, const Plan& plan);

// Extra saved activation bytes per layer per token of a QLoRA block: bitsandbytes' MatMul4Bit
// keeps its input for backward (bitsandbytes autograd/_functions.py: ctx.tensors = (A, B)) though
// only the input gradient is computed, where autograd keeps no input of a frozen nn.Linear
// (PyTorch's derivative codegen saves mm's `self` only when the weight needs a gradient). The
// per-layer count LayerActivationBytes starts from was calibrated on LoRA runs (LIT-11/14), so
// this is what QLoRA holds on top: LIT-11→12 and LIT-16→17 (Llama-2 7B/13B, the same runs with a
// bf16 or an NF4 base) differ by 12.3 and 10.9 bytes·h per token·layer beyond the weights; this
// counts 11.4 (2·(h + h + h + 2.69h)). torchao's NF4 (torchtune) saves only the weight: its rows
// run with recompute, where the term adds one layer's worth.
double QuantizedInputActivationBytesPerToken(const Workload& w, const Plan& plan);

// Bytes QLoRA's dequantization moves in device memory per forward pass of one rank's stage
// (read NF4 0.52 B + write bf16 2 B + read bf16 2 B per Linear weight).
double DequantTrafficBytesPerPass(const Plan& plan, const StageParams& stage);

// Pre-training trains every weight: LoRA and QLoRA are fine-tuning methods. QLoRA needs no
// tensor or pipeline parallelism (bitsandbytes Linear4bit is not TP-aware); LoRA ranks are positive.
bool PeftLegal(const Plan& plan, JobKind kind);

}  // namespace fitplan

#endif  // FITPLAN_STRATEGIES_PEFT_H_
