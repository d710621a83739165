#include "strategies/sharding.h"

#include <algorithm>
#include <string>
#include <utility>

#include "planner/core/engine.h"
#include "strategies/collectives.h"
#include "strategies/offload.h"

namespace fitplan {
namespace {

// DeepSpeed defaults as HF's "auto" sets them (transformers integrations/deepspeed.py:
// reduce_bucket_size = h², stage3_prefetch_bucket_size = 0.9·h²); ZeRO-1/2 all-gather bucket
// 2e8 elements and overlap_comm on, as in HF's ds_config_zero2.json example. The exported
// DeepSpeed config writes the same values.
double ReduceBucketElements(const Workload& w) { return double(w.model.hidden) * w.model.hidden; }
double PrefetchBucketElements(const Workload& w) { return 0.9 * ReduceBucketElements(w); }
inline constexpr double kZero12AllgatherBucketElements = 2e8;
// ZeRO-3 sub_group_size: the fp32 gradient buffer covers at most this many elements.
inline constexpr double kZero3SubGroupElements = 1e9;

}  // namespace

double DpInNode(const Plan& plan, int64_t gpus_per_node) {
  return std::max<double>(1,
                          std::min<double>(plan.dp, double(gpus_per_node) / (plan.tp * plan.cp)));
}

bool FsdpLayerSizedLoraGradients(const Plan& plan) {
  // QLoRA is excluded: FSDP-QLoRA runs only through bitsandbytes' FSDP integration, whose
  // recipes wrap the adapters apart from the quantized layers (transformers Trainer
  // _fsdp_qlora_plugin_updates sets PEFT's fsdp_auto_wrap_policy; Answer.AI's fsdp_qlora
  // train.py wraps LoRA modules in their own units), so no frozen flat parameter needs a gradient.
  return EngineFor(plan) == Engine::kFsdp && plan.method == Method::kLora;
}

double FsdpLayerGradientBytes(const StageParams& stage, double gather_bytes_per_param) {
  // The flat parameter's gradient has its dtype and numel: the working copy's bytes (NF4
  // storage for QLoRA's quantized Linears, bnb_4bit_quant_storage).
  return stage.block_params * gather_bytes_per_param;
}

ShardDivisors ShardDivisorsFor(const Plan& plan, int64_t gpus_per_node) {
  // torchtitan's FSDP mesh is dp_shard × cp: context-parallel ranks share the shards
  // (torchtitan parallelize.py, dp_shard_cp mesh), as Megatron's optimizer shards over dp × cp.
  const double cp_shards = RunsFsdp2(EngineFor(plan)) ? plan.cp : 1;
  const double d = plan.dp * cp_shards;
  switch (plan.sharding) {
    case Sharding::kNone:
      return {1, 1, 1};
    case Sharding::kZero1:
      return {1, 1, EngineFor(plan) == Engine::kMegatron ? d * plan.cp : d};
    case Sharding::kZero2:
    case Sharding::kFsdpGradOp:
      return {1, d, d};
    case Sharding::kZero3:
    case Sharding::kFsdpFull:
      return {d, d, d};
    case Sharding::kFsdpHybrid: {
      const double n = DpInNode(plan, gpus_per_node) * cp_shards;
      return {n, n, n};
    }
  }
  return {1, 1, 1};
}

ShardingBuffers ShardingBuffersFor(const Workload& w, const Plan& plan, const StageParams& stage,
                                   double gather_bytes_per_param, double trainable_params,
                                   double grad_bytes) {
  ShardingBuffers b;
  const double d = plan.dp;
  // With the optimizer offloaded, DeepSpeed keeps its fp32 gradient partitions on the host
  // (stage_1_and_2.py and stage3.py: self.device = 'cpu' under cpu_offload), not on the GPU.
  const bool fp32_grads_on_gpu = !PlacementFor(plan.offload).optimizer_on_host;
  const double unit = stage.layers > 0 ? stage.block_params / stage.layers : 0;
  const double trainable_unit = stage.layers > 0 ? trainable_params / stage.layers : 0;
  switch (plan.sharding) {
    case Sharding::kNone:
      // DDP's flat reduce buckets copy every gradient unless gradient_as_bucket_view=True
      // (torch nn/parallel/distributed.py docstring); Megatron reduces in its main_grad buffer.
      if (d > 1 && EngineFor(plan) == Engine::kTorch) b.backward = trainable_params * grad_bytes;
      break;
    case Sharding::kZero1:
    case Sharding::kZero2:
      if (EngineFor(plan) == Engine::kMegatron) break;  // dist-opt works in the grad buffer
      // IPG bucket doubled by overlap_comm (stage_1_and_2.py); fp32 grad partition at the step.
      b.backward = 2 * ReduceBucketElements(w) * grad_bytes;
      if (fp32_grads_on_gpu) b.step_gradients = 4 * trainable_params / d;
      b.step_buffers = kZero12AllgatherBucketElements * 2;
      break;
    case Sharding::kZero3: {
      // Live gathered params: the current module (at most the embedding/lm_head or the largest
      // Linear) + the prefetch bucket (partitioned_param_coordinator.py); and, from the end of
      // forward through the loss into backward, what the reuse distance keeps (the output layer
      // and the last layers), up to kZero3MaxLiveParameters of the stage's parameters.
      const double module =
          std::max(w.stats.largest_linear_params, double(w.model.vocab) * w.model.hidden) / plan.tp;
      const double kept =
          std::min(kZero3MaxLiveParameters, stage.block_params + stage.extra_params);
      b.root_gathered = gather_bytes_per_param * kept;
      b.gathered =
          gather_bytes_per_param * std::max(0.0, module + PrefetchBucketElements(w) - kept);
      b.backward = ReduceBucketElements(w) * grad_bytes;
      if (fp32_grads_on_gpu) {
        b.persistent = 4 * std::min(trainable_params / d, kZero3SubGroupElements);
      }
      break;
    }
    case Sharding::kFsdpFull:
    case Sharding::kFsdpHybrid:
      // limit_all_gathers keeps two units unsharded (current + prefetched); the root unit
      // (embedding, lm_head) does not reshard after forward (FSDP fully_sharded_data_parallel.py).
      b.gathered = 2 * unit * gather_bytes_per_param;
      b.root_gathered = stage.extra_params * gather_bytes_per_param;
      b.backward = trainable_unit * grad_bytes;
      break;
    case Sharding::kFsdpGradOp:
      // SHARD_GRAD_OP keeps every parameter unsharded from forward until after backward.
      b.gathered = (stage.block_params + stage.extra_params) * gather_bytes_per_param;
      b.backward = trainable_unit * grad_bytes;
      break;
  }
  if (FsdpLayerSizedLoraGradients(plan)) {
    // A layer's whole flat parameter gets a gradient: one layer's unsharded in backward, the
    // reduce-scattered shard of every layer at the step. Under gradient accumulation the
    // non-final micro-batches run in no_sync (HF Trainer, Lightning's no_backward_sync), which
    // keeps every layer's gradient unsharded until the last one (FSDP no_sync docstring).
    // LIT-24..35 (lit-gpt LoRA, FSDP over 2-4 A100s, grad_accum 16-64) measure the training
    // peak plus one 16-bit copy of the model. torchtune syncs every micro-batch instead: TTAPR-02
    // (2 ranks, grad_accum 32) carries the 6.0 GiB shard (+5.6 GiB measured), not the copy.
    const double layers = FsdpLayerGradientBytes(stage, gather_bytes_per_param);
    const double grad_divisor = ShardDivisorsFor(plan, w.cluster.gpus_per_node).grad;
    b.backward = unit * gather_bytes_per_param;
    // CPUOffload(offload_params=True) moves the sharded gradients to the host with the params.
    if (!PlacementFor(plan.offload).params_on_host) b.step_gradients = layers / grad_divisor;
    if (plan.grad_accum > 1) b.accumulated_gradients = layers;
  }
  return b;
}

DataParallelComm DataParallelCommFor(const Workload& w, const Plan& plan, const StageParams& stage,
                                     const LayoutLinks& links, double gather_bytes_per_param,
                                     double trainable_params, double grad_comm_bytes) {
  DataParallelComm c;
  const Engine engine = EngineFor(plan);
  const bool shards_over_cp = engine == Engine::kMegatron || RunsFsdp2(engine);
  const double d = plan.dp * (shards_over_cp ? plan.cp : 1);
  const double weights = (stage.block_params + stage.extra_params) * gather_bytes_per_param;
  double grads = trainable_params * grad_comm_bytes;
  // LoRA on FSDP reduce-scatters its layers' whole flat gradients (FsdpLayerSizedLoraGradients),
  // under gradient accumulation once per step: the other micro-batches run in no_sync.
  double step_grads = 0;
  if (FsdpLayerSizedLoraGradients(plan)) {
    grads = FsdpLayerGradientBytes(stage, gather_bytes_per_param);
    if (plan.grad_accum > 1) std::swap(grads, step_grads);
  }
  switch (plan.sharding) {
    case Sharding::kNone:
      c.per_step_s = AllReduceSeconds(grads, d, links.dp);  // ZeRO §7: DP baseline 2Ψ
      break;
    case Sharding::kZero1:
      if (EngineFor(plan) == Engine::kMegatron) {
        // Distributed optimizer: reduce-scatter fp32 grads, all-gather bf16 params
        // (dist_optimizer.md).
        c.per_step_s = AllGatherSeconds(grads, d, links.dp);
        c.after_step_s = AllGatherSeconds(trainable_params * 2, d, links.dp);
      } else {
        c.per_step_s = AllReduceSeconds(grads, d, links.dp);
      }
      break;
    case Sharding::kZero2:
      // Reduce-scatter every micro-step, all-gather params after the step (cost-model.md §8.4).
      c.per_micro_step_s = AllGatherSeconds(grads, d, links.dp);
      c.after_step_s = AllGatherSeconds(trainable_params * 2, d, links.dp);
      break;
    case Sharding::kZero3:
    case Sharding::kFsdpFull:
      // Per micro-step: all-gather forward + all-gather backward + reduce-scatter (ZeRO
      // §7: 1.5×DDP).
      c.per_micro_step_s =
          2 * AllGatherSeconds(weights, d, links.dp) + AllGatherSeconds(grads, d, links.dp);
      c.per_step_s = AllGatherSeconds(step_grads, d, links.dp);
      break;
    case Sharding::kFsdpGradOp:
      c.per_micro_step_s =
          AllGatherSeconds(weights, d, links.dp) + AllGatherSeconds(grads, d, links.dp);
      c.per_step_s = AllGatherSeconds(step_grads, d, links.dp);
      break;
    case Sharding::kFsdpHybrid: {
      const double n = DpInNode(plan, w.cluster.gpus_per_node);
      c.per_micro_step_s = 2 * AllGatherSeconds(weights, n, links.dp_intra_node) +
                           AllGatherSeconds(grads, n, links.dp_intra_node);
      // Replicas across nodes all-reduce their shard once per step.
      c.per_step_s = AllGatherSeconds(step_grads, n, links.dp_intra_node) +
                     AllReduceSeconds((grads + step_grads) / n, d / n, links.dp);
      break;
    }
  }
  return c;
}

LoadStrategy LoadStrategyFor(const Plan& plan) {
  // Megatron and torchtitan (torch.distributed.checkpoint) read each rank's shard in place, and so
  // does AutoModel from the HF safetensors (meta-device init, each DTensor shard loaded).
  const Engine engine = EngineFor(plan);
  if (engine == Engine::kMegatron || RunsFsdp2(engine)) {
    return LoadStrategy::kShardedPerRank;
  }
  switch (plan.sharding) {
    case Sharding::kZero3:
      return LoadStrategy::kShardedPerRank;  // deepspeed.zero.Init + per-shard partitioning
    case Sharding::kFsdpFull:
    case Sharding::kFsdpGradOp:
    case Sharding::kFsdpHybrid:
      return LoadStrategy::kRankZeroFullCopy;  // accelerate fsdp_cpu_ram_efficient_loading
    case Sharding::kNone:
    case Sharding::kZero1:
    case Sharding::kZero2:
      break;
  }
  if (plan.method == Method::kQlora) return LoadStrategy::kStreamedShards;
  return LoadStrategy::kEveryRankFullCopy;
}

bool ShardingLegal(const Workload& w, const Plan& plan) {
  // Megatron shards with its distributed optimizer (zero1) or not at all.
  if (EngineFor(plan) == Engine::kMegatron) {
    return plan.sharding == Sharding::kNone || plan.sharding == Sharding::kZero1;
  }
  if (EngineFor(plan) == Engine::kTorchtitan && !TorchtitanComposes(plan)) return false;
  if (EngineFor(plan) == Engine::kAutomodel && !AutomodelComposes(plan)) return false;
  if (plan.sharding == Sharding::kFsdpHybrid) {
    return plan.dp % int64_t(DpInNode(plan, w.cluster.gpus_per_node)) == 0;
  }
  return true;
}

std::string ShardingRuleText(const Workload& w, const Plan& plan) {
  const std::string sharding = "sharding=" + std::string(Name(plan.sharding));
  switch (EngineFor(plan)) {
    case Engine::kMegatron:
      return sharding +
             " with tp, pp, cp or ep > 1: Megatron-LM shards with its distributed optimizer "
             "(sharding=zero1) or not at all (none); ZeRO-2/3 need tp=pp=cp=ep=1, and fsdp-* "
             "with tp, pp or cp runs on torchtitan (LoRA with tp on NeMo AutoModel)";
    case Engine::kAutomodel:
      if (plan.method == Method::kQlora) {
        return sharding +
               " with tp, pp or cp runs LoRA on NeMo AutoModel, which does not compose QLoRA "
               "with model parallelism: method=lora, or tp=pp=cp=1";
      }
      if (plan.pp > 1 || plan.cp > 1 || plan.ep > 1) {
        return sharding +
               " with LoRA runs on NeMo AutoModel with tensor parallelism only; LoRA with pp, "
               "cp or ep > 1 runs on Megatron (sharding=none or zero1)";
      }
      if (plan.sharding != Sharding::kFsdpFull) {
        return sharding +
               " with tp > 1 and LoRA runs on NeMo AutoModel, whose FSDP2 shards fully: set "
               "sharding=fsdp-full";
      }
      if (plan.checkpointing == Checkpointing::kSelective) {
        return sharding +
               " with tp > 1 and LoRA runs on NeMo AutoModel, which checkpoints whole decoder "
               "layers: checkpointing=none or full";
      }
      return sharding +
             " with tp > 1 and LoRA runs on NeMo AutoModel, which trains in bf16 or "
             "bf16-mixed; precision is " +
             std::string(Name(plan.precision));
    case Engine::kTorchtitan:
      if (plan.ep > 1) {
        return sharding +
               " with ep > 1: expert parallelism runs on Megatron (sharding=none "
               "or zero1)";
      }
      if (plan.tp > 1 && !plan.sp) {
        return sharding +
               " with tp > 1 runs on torchtitan, whose tensor parallelism is "
               "always sequence-parallel: set sp=true";
      }
      if (!TorchtitanComposes(plan)) {
        return sharding +
               " with tp, pp or cp runs on torchtitan, which trains in bf16-mixed "
               "or fp8-mixed; precision is " +
               std::string(Name(plan.precision));
      }
      break;
    case Engine::kTorch:
    case Engine::kDeepSpeed:
    case Engine::kFsdp:
      break;
  }
  if (plan.sharding == Sharding::kFsdpHybrid) {
    const int64_t in_node = int64_t(DpInNode(plan, w.cluster.gpus_per_node));
    return sharding + " shards inside a node and replicates across nodes: dp " +
           std::to_string(plan.dp) + " must be a multiple of the " + std::to_string(in_node) +
           " data-parallel ranks a node holds";
  }
  return "";
}

bool TorchtitanComposes(const Plan& plan) {
  // torchtitan trains whole models (no PEFT), in bf16 mixed precision (mixed_precision_param
  // bfloat16) or with torchao Float8 Linears; its TP plan always shards the norms and the
  // activations between blocks along the sequence (parallelize.py apply_tp: SequenceParallel),
  // and MoE expert parallelism is left to Megatron here.
  const bool precision =
      plan.precision == Precision::kBf16Mixed || plan.precision == Precision::kFp8Mixed;
  return plan.method == Method::kFull && precision && plan.ep == 1 && plan.sp == (plan.tp > 1);
}

bool AutomodelComposes(const Plan& plan) {
  // NeMo AutoModel's FSDP2Manager (nemo_automodel/components/distributed/fsdp2.py: tp_size,
  // sequence_parallel, activation_checkpointing) fully shards the bf16-loaded model and its
  // PeftConfig adds the LoRA adapters. Offered as AutoModel's published LoRA runs use it
  // (docs/performance-summary.md: TP 2 × FSDP 4 and 8 on H100s), with tensor parallelism only.
  // Its pipeline path exists, but the one published LoRA run with it (Llama-3.3-70B, TP 2 × PP 4
  // × VP 10 on 8 H100s, 26.9 s per 32 × 4096 tokens) is 2.6× slower than fitplan's pipeline model
  // predicts; its context parallelism has no published LoRA run, and fitplan's ring-attention
  // model is 12–25% fast on torchtitan's CP rows. Both stay Megatron's.
  const bool precision =
      plan.precision == Precision::kBf16Mixed || plan.precision == Precision::kBf16;
  return plan.method == Method::kLora && precision && plan.pp == 1 && plan.cp == 1 &&
         plan.ep == 1 && plan.sharding == Sharding::kFsdpFull &&
         plan.checkpointing != Checkpointing::kSelective;
}

bool ShardingRedundant(const Workload& w, const Plan& plan) {
  if (plan.sharding == Sharding::kNone) return false;
  if (plan.sharding == Sharding::kFsdpHybrid &&
      plan.dp <= DpInNode(plan, w.cluster.gpus_per_node)) {
    return true;
  }
  return plan.dp * plan.cp == 1 && plan.offload == Offload::kNone;
}

}  // namespace fitplan
