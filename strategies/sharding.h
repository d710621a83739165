// Data-parallel sharding: DDP, ZeRO-1/2/3 (DeepSpeed), FSDP FULL_SHARD / SHARD_GRAD_OP /
// HYBRID_SHARD, Megatron's distributed optimizer. What each divides by the data-parallel degree,
// the transient buffers it adds, its communication and how it loads a checkpoint
// (ZeRO arXiv:1910.02054 §5; shared/docs/cost-model.md §4.1–§4.3, §8.4).
#ifndef FITPLAN_STRATEGIES_SHARDING_H_
#define FITPLAN_STRATEGIES_SHARDING_H_

#include <string>

#include "planner/core/estimate.h"
#include "planner/core/plan.h"
#include "strategies/parallelism.h"
#include "strategies/workload.h"

namespace fitplan {

// The number of ranks each model state is split over (1 = replicated).
struct ShardDivisors {
  double weight = 1;     // working weights, frozen base included
  double grad = 1;
  double optimizer = 1;  // fp32 master + optimizer states
};

// ZeRO Figure 1: ZeRO-1 shards optimizer states, ZeRO-2 also gradients, ZeRO-3 also weights;
// FSDP FULL_SHARD = ZeRO-3, SHARD_GRAD_OP ≈ ZeRO-2, HYBRID_SHARD = ZeRO-3 within a node;
// Megatron's distributed optimizer (zero1 with tp/pp > 1) shards over dp·cp.
ShardDivisors ShardDivisorsFor(const Plan& plan, int64_t gpus_per_node);

// DeepSpeed ZeRO-3 keeps a gathered parameter until it is released, and does not release one
// whose next use is nearer than stage3_max_reuse_distance parameters, up to
// stage3_max_live_parameters gathered at once (deepspeed/runtime/zero/config.py defaults, 1e9
// each; HF's example ZeRO-3 configs and fitplan's exported ds_config.json set the same). At the
// forward/backward turnaround the last layers and the output layer are reused within that
// distance, so up to this many parameters stay gathered.
inline constexpr double kZero3MaxLiveParameters = 1e9;

// Transient buffers a sharding adds on one rank, by the phase they live in.
struct ShardingBuffers {
  double gathered = 0;         // unsharded parameters live in forward and backward
  double root_gathered = 0;    // kept from forward through the loss into backward: FSDP's root
                               // unit (embedding, lm_head), ZeRO-3's reuse-distance set
  double backward = 0;         // reduce buckets and one unit's gradients, backward only
  double step_gradients = 0;   // gradient partition built for the optimizer step
  double accumulated_gradients = 0;  // unsharded gradients held across accumulation micro-batches
  double step_buffers = 0;     // all-gather bucket of the step
  double persistent = 0;       // buffers alive in every phase (ZeRO-3 fp32 grad sub-group)
};

// `gather_bytes_per_param`: bytes per parameter of the working copy that gets all-gathered;
// `trainable_params`: on this rank before sharding; `grad_bytes`: the persistent grad dtype.
ShardingBuffers ShardingBuffersFor(const Workload& w, const Plan& plan, const StageParams& stage,
                                   double gather_bytes_per_param, double trainable_params,
                                   double grad_bytes);

// Data-parallel communication of one rank per optimizer step, split by what it can hide behind.
struct DataParallelComm {
  double per_micro_step_s = 0;  // every micro-batch: ZeRO-3/FSDP gathers, ZeRO-2 reduce-scatter
  double per_step_s = 0;        // once per step at the last backward: DDP/ZeRO-1 all-reduce
  double after_step_s = 0;      // after the optimizer step, nothing to hide behind (param gather)
};

DataParallelComm DataParallelCommFor(const Workload& w, const Plan& plan, const StageParams& stage,
                                     const LayoutLinks& links, double gather_bytes_per_param,
                                     double trainable_params, double grad_comm_bytes);

// FSDP with LoRA: the adapters share their decoder layer's flat parameter (accelerate's
// TRANSFORMER_BASED_WRAP and Lightning's per-Block policy, use_orig_params), which then requires
// a gradient as a whole: "the gradient memory usage will be higher than expected (namely,
// equivalent to not freezing those parameters)" (torch distributed/fsdp docs, frozen parameters;
// pytorch#91167; litgpt#1417). Not QLoRA, whose FSDP recipes wrap adapters apart (sharding.cc).
// HF Trainer (transformers ≥ 4.39) also swaps in PEFT's policy for LoRA models, so its runs need
// less than this counts; Lightning's (LIT-24…35) need all of it. Bytes of those layer-sized
// gradients on a rank before sharding.
bool FsdpLayerSizedLoraGradients(const Plan& plan);
double FsdpLayerGradientBytes(const StageParams& stage, double gather_bytes_per_param);

// How the plan's engine gets the checkpoint into the GPUs (the host-RAM load peak).
LoadStrategy LoadStrategyFor(const Plan& plan);

// Legal sharding for the layout: ZeRO needs tp = pp = cp = 1 (Megatron does model parallelism
// with DDP or its distributed optimizer, `zero1`); FSDP with tp, pp or cp > 1 is torchtitan's
// (whole models) or NeMo AutoModel's (LoRA) and must be a composition it runs
// (TorchtitanComposes, AutomodelComposes); hybrid needs whole nodes of DP ranks.
bool ShardingLegal(const Workload& w, const Plan& plan);

// The data-parallel ranks that share a node: hybrid sharding's shard group (the rest replicate).
double DpInNode(const Plan& plan, int64_t gpus_per_node);

// Why ShardingLegal rejects `plan`, naming the fields to change, for a --plan error; "" when it
// does not. REQUIRES: !ShardingLegal(w, plan) for a reason to be given.
std::string ShardingRuleText(const Workload& w, const Plan& plan);

// What torchtitan composes with FSDP2: full training in bf16 mixed or FP8, TP always with
// sequence parallelism, no expert parallelism.
bool TorchtitanComposes(const Plan& plan);

// What NeMo AutoModel composes with FSDP2 and tensor parallelism: LoRA in bf16 or bf16-mixed,
// full sharding, no pipeline, context or expert parallelism, checkpointing none or full.
bool AutomodelComposes(const Plan& plan);

// Legal but never better than a plainer choice, so the search skips it: sharding over one rank
// (unless it offloads: ZeRO-Offload on one GPU is a real recipe), hybrid inside one node (= full).
bool ShardingRedundant(const Workload& w, const Plan& plan);

}  // namespace fitplan

#endif  // FITPLAN_STRATEGIES_SHARDING_H_
