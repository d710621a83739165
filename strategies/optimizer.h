// Optimizer: bytes of state per trainable parameter, step temporaries and step memory traffic
// (shared/docs/cost-model.md §3.1, §3.3–§3.5, §8.6).
#ifndef FITPLAN_STRATEGIES_OPTIMIZER_H_
#define FITPLAN_STRATEGIES_OPTIMIZER_H_

#include "planner/core/plan.h"
#include "strategies/workload.h"

namespace fitplan {

// Optimizer state bytes per trainable parameter; `state_width` is the full-precision state dtype
// (fp32 4, bf16 2; precision.h). `hidden` sizes Adafactor's factored rows and columns.
double OptimizerStateBytes(Optimizer optimizer, double state_width, double hidden);

// Paged 8-bit states live in CUDA unified memory outside the caching allocator (§3.5).
inline bool OptimizerStatesPaged(Optimizer optimizer) {
  return optimizer == Optimizer::kPagedAdamW8bit;
}

// Peak temporaries of the step per trainable parameter on the GPU (bytes): torch's foreach SGD
// and Adafactor build tensor lists of one state's size, in the state dtype `state_width` (§3.3,
// torch/optim/_adafactor.py docstring); AdamW runs fused in fitplan's recipes, DeepSpeed and
// Megatron use fused kernels, bitsandbytes updates blockwise in place: no temporary.
double OptimizerTemporaryBytesPerParam(Optimizer optimizer, Engine engine, double state_width);

// Bytes the step reads and writes per trainable parameter in device memory (memory-bound step,
// llm-analysis get_latency_weight_update): weight r+w, grad r, master r+w, states r+w.
double OptimizerStepTrafficBytes(Optimizer optimizer, double weight, double grad, double master,
                                 double state_bytes);

// CPU offload runs DeepSpeedCPUAdam (Adam only); Megatron offers Adam and SGD; bitsandbytes'
// optimizers replace the engine's own, so they cannot be offloaded.
bool OptimizerLegal(Optimizer optimizer, Offload offload, Engine engine);

}  // namespace fitplan

#endif  // FITPLAN_STRATEGIES_OPTIMIZER_H_
