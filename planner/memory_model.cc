#include "planner/memory_model.h"

#include <algorithm>

#include "planner/core/engine.h"
#include "strategies/calibration.h"
#include "strategies/checkpointing.h"
#include "strategies/offload.h"
#include "strategies/optimizer.h"
#include "strategies/parallelism.h"
#include "strategies/peft.h"
#include "strategies/precision.h"
#include "strategies/sharding.h"

namespace fitplan {

double LossBytesPerLogit(const Plan& plan) {
  switch (EngineFor(plan)) {
    case Engine::kMegatron:
      return calib::kMegatronLossBytesPerLogit;
    case Engine::kTorchtitan:
      return plan.tp > 1 ? calib::kTorchtitanLossParallelBytesPerLogit
                         : calib::kTorchtitanLossBytesPerLogit;
    case Engine::kAutomodel:
      // AutoModel's MaskedCrossEntropy (nemo_automodel/components/loss/masked_ce.py) upcasts and
      // gathers the vocabulary-sharded logits whole (logits.float().full_tensor()) before
      // F.cross_entropy: torchtitan's 12 B on every logit of the sequence, not ÷ tp, while the
      // model output keeps its 16-bit shard. Returned per logit before the caller's ÷ tp.
      return calib::kTorchtitanLossBytesPerLogit * plan.tp + ActivationBytes(plan.precision);
    case Engine::kTorch:
    case Engine::kDeepSpeed:
    case Engine::kFsdp:
      break;
  }
  return calib::kHfLossBytesPerLogit;
}

namespace {

// Persistent per-rank model states on the GPU, by JSON term.
struct States {
  double weights = 0;
  double gradients = 0;
  double optimizer = 0;
  bool grads_persist = true;  // allocated before backward (buffers, accumulation) or only during it
};

// The dtype widths of the trainable parameters: LoRA adapters are their own dtype (§5.2).
TrainableBytes TrainableWidths(const Plan& plan) {
  if (!plan.uses_lora()) return TrainableBytesFor(plan.precision, EngineFor(plan));
  const double a = AdapterBytes(plan.precision);
  return {a, a, 0, a};
}

States ModelStates(const Plan& plan, const StageLoad& load) {
  const TrainableBytes& tb = load.widths;
  const ShardDivisors& div = load.divisors;
  const OffloadPlacement place = PlacementFor(plan.offload);
  const double frozen = FrozenWeightBytesOnRank(plan, load.stage);
  const double state = load.state_bytes;
  States s;
  // FSDP CPUOffload moves sharded params and grads to the host; ZeRO-3 param offload the 16-bit
  // params; DeepSpeed optimizer offload reduces grads into pinned host buffers (§4.4).
  const bool fsdp = EngineFor(plan) == Engine::kFsdp;
  if (!place.params_on_host) s.weights = (tb.weight * load.trainable_params + frozen) / div.weight;
  if (!place.optimizer_on_host) s.gradients = tb.grad * load.trainable_params / div.grad;
  if (!place.optimizer_on_host) {
    const double on_gpu = OptimizerStatesPaged(plan.optimizer) ? 0 : state;
    s.optimizer = (tb.master + on_gpu) * load.trainable_params / div.optimizer;
  }
  if (fsdp && place.params_on_host) s.gradients = 0;
  // Plain torch with no accumulation creates grads during backward; every other engine keeps
  // flat gradient buffers (DeepSpeed partitions, Megatron main_grad, FSDP sharded grads).
  s.grads_persist = !(EngineFor(plan) == Engine::kTorch && plan.grad_accum == 1);
  return s;
}

int Communicators(const Plan& plan) {
  return (plan.tp > 1) + (plan.pp > 1) + (plan.dp > 1) + (plan.cp > 1) + (plan.ep > 1);
}

double RuntimeOverheadBytes(const Plan& plan) {
  return calib::kCudaContextBytes + calib::kNcclCommunicatorBytes * Communicators(plan);
}

// GPU terms of one stage: fills `memory` with the phase that peaks.
void StageGpuMemory(const Workload& w, const Plan& plan, const StageLoad& load,
                    MemoryLedger* memory) {
  const States st = ModelStates(plan, load);
  const ShardingBuffers buf = ShardingBuffersFor(w, plan, load.stage, load.gather_bytes_per_param,
                                                 load.trainable_params,
                                                 load.widths.grad);
  const LayerActivations act = LayerActivationBytes(w, plan);
  const double in_flight = load.stage.first ? InFlightMicroBatches(plan) : 1;
  const double saved = in_flight * load.stage.layers * act.saved;
  const double layer_extra = act.working_set - act.saved;  // the running/recomputed layer
  const double seq = plan.seq_len;
  const double tokens = double(plan.micro_batch) * seq / plan.cp;
  const double logits = load.stage.last
                            ? LossBytesPerLogit(plan) * tokens * double(w.model.vocab) / plan.tp
                            : 0;
  double p2p = 0;
  if (plan.pp > 1) p2p = 2 * tokens * w.model.hidden * ActivationBytes(plan.precision) / (plan.sp ? plan.tp : 1);
  // --tp-comm-overlap: Transformer Engine allocates its userbuffers once, each the gathered
  // [tokens, h] activation in 16 bit (transformer_engine/pytorch/module/base.py initialize_ub).
  const double userbuffers =
      TpCommOverlapped(w, plan) ? calib::kTpOverlapUserbuffers * tokens * w.model.hidden * 2 : 0;
  const double dequant = DequantBufferBytes(w, plan);
  const double opt_temp =
      load.optimizer_on_gpu
          ? OptimizerTemporaryBytesPerParam(plan.optimizer, EngineFor(plan),
                                          load.widths.state_width) *
                load.trainable_params / load.optimizer_divisor
          : 0;
  const double grads_fwd = (st.grads_persist ? st.gradients : 0) + buf.accumulated_gradients;

  // Each phase as a breakdown (cost-model.md §0.2 table).
  MemoryBreakdown phases[4];
  for (MemoryBreakdown& b : phases) {
    b.weights = st.weights;
    b.optimizer_states = st.optimizer;
    b.comm_buffers = buf.persistent + p2p + userbuffers;
  }
  MemoryBreakdown& fwd = phases[int(Phase::kForward)];
  fwd.gradients = grads_fwd;
  fwd.activations = saved + layer_extra;
  fwd.comm_buffers += buf.gathered + buf.root_gathered;
  fwd.temporary = dequant;
  MemoryBreakdown& loss = phases[int(Phase::kLoss)];
  loss.gradients = grads_fwd;
  loss.activations = saved;
  loss.logits = logits;
  loss.comm_buffers += buf.root_gathered;
  MemoryBreakdown& bwd = phases[int(Phase::kBackward)];
  bwd.gradients = grads_fwd;
  bwd.activations = saved + layer_extra + act.backward_transient;
  bwd.comm_buffers += buf.gathered + buf.root_gathered + buf.backward;
  bwd.temporary = dequant;
  MemoryBreakdown& opt = phases[int(Phase::kOptimizerStep)];
  opt.gradients = st.gradients + buf.step_gradients;
  opt.comm_buffers += buf.step_buffers;
  opt.temporary = opt_temp;

  int peak = 0;
  for (int i = 1; i < 4; ++i) {
    if (phases[i].Total() > phases[peak].Total()) peak = i;
  }
  memory->breakdown = phases[peak];
  memory->peak_phase = Phase(peak);
  memory->gpu_allocated_bytes = phases[peak].Total();
  memory->fragmentation_bytes = memory->gpu_allocated_bytes * (calib::kAllocatorFragmentation - 1);
  memory->runtime_overhead_bytes = RuntimeOverheadBytes(plan);
  memory->gpu_peak_bytes = memory->gpu_allocated_bytes + memory->fragmentation_bytes +
                           memory->runtime_overhead_bytes;
  memory->gpu_peak_high_bytes = memory->gpu_peak_bytes * calib::kPeakHighFactor;
}

// Host RAM and NVMe per node (cost-model.md §4.4): the larger of the load phase and the steady
// state; offloaded states carry DeepSpeed's 1.5× pinned-buffer factor (§4.2).
void HostMemory(const Workload& w, const Plan& plan, const StageLoad& load, MemoryLedger* memory) {
  const double ranks = double(std::min<int64_t>(w.cluster.gpus_per_node, plan.gpus()));
  const ShardDivisors& div = load.divisors;
  const OffloadPlacement place = PlacementFor(plan.offload);
  const double state = load.state_bytes;
  double offloaded = 0;  // per rank
  if (place.optimizer_on_host) offloaded += (4 + state + 4) * load.trainable_params / div.optimizer;
  if (place.params_on_host) {
    const double frozen = FrozenWeightBytesOnRank(plan, load.stage);
    offloaded += (2 * load.trainable_params + frozen) / div.weight;
  }
  double nvme = 0;
  if (place.nvme) {
    nvme = offloaded * ranks;
    // Pinned swap buffers: params 5 × 1e8 elements × 2 B, optimizer 4 × min(sub-group, shard) × 4 B
    // (DeepSpeed offload_config.py buffer_count/buffer_size, sub_group_size 1e9).
    offloaded = 5 * 1e8 * 2 + 4 * std::min(1e9, load.trainable_params / div.optimizer) * 4;
  }
  const double process = ranks * calib::kProcessHostBytes;
  memory->cpu_ram_steady_bytes = process + ranks * offloaded * calib::kOffloadHostBufferFactor +
                                 ranks * load.paged_state_bytes;
  memory->nvme_per_node_bytes = nvme;

  const double load_bytes = plan.precision == Precision::kFp32 ? 4 : 2;
  const double checkpoint = w.stats.total_params * load_bytes;
  memory->load_strategy = LoadStrategyFor(plan);
  double loading = 0;
  switch (memory->load_strategy) {
    case LoadStrategy::kEveryRankFullCopy:
      loading = ranks * checkpoint;
      break;
    case LoadStrategy::kRankZeroFullCopy:
      loading = checkpoint;
      break;
    case LoadStrategy::kShardedPerRank:
      // Pre-training from scratch reads no checkpoint: deepspeed.zero.Init builds each rank's
      // partition in place (on the GPU, or straight to the offload device) and Megatron
      // initializes each rank's shard; what stays on the host is in the steady term.
      if (w.job.kind == JobKind::kPretrain) break;
      loading = ranks * (checkpoint / double(plan.gpus()) + calib::kCheckpointShardBytes);
      break;
    case LoadStrategy::kStreamedShards:
      loading = ranks * calib::kCheckpointShardBytes;
      break;
  }
  memory->cpu_ram_load_bytes = process + loading;
  memory->cpu_ram_per_node_bytes = std::max(memory->cpu_ram_load_bytes, memory->cpu_ram_steady_bytes);
  memory->cpu_ram_capacity_bytes = w.cluster.cpu_ram_bytes_per_node;
}

}  // namespace

StageLoad StageLoadFor(const Workload& w, const Plan& plan, bool first_stage) {
  StageLoad load;
  load.stage = StageParamsFor(w, plan, first_stage);
  load.trainable_params = TrainableParams(w, plan, load.stage);
  load.widths = TrainableWidths(plan);
  load.divisors = ShardDivisorsFor(plan, w.cluster.gpus_per_node);
  const TrainableBytes& tb = load.widths;
  load.state_bytes = OptimizerStateBytes(plan.optimizer, tb.state_width, w.model.hidden);
  // The working copy that ZeRO-3/FSDP all-gather: the 16-bit compute weights (fp32 for fp32
  // plans) for full fine-tuning, the frozen base's storage for LoRA/QLoRA.
  if (plan.uses_lora()) {
    const double params = load.stage.block_params + load.stage.extra_params;
    load.gather_bytes_per_param = FrozenWeightBytesOnRank(plan, load.stage) / params;
  } else {
    load.gather_bytes_per_param = ActivationBytes(plan.precision);
  }
  // Megatron reduces its fp32 main_grad, torchtitan and AutoModel in fp32 (FSDP2
  // MixedPrecisionPolicy reduce_dtype float32); DeepSpeed and accelerate's FSDP reduce 16-bit
  // gradients.
  const Engine engine = EngineFor(plan);
  const bool fp32_reduce = engine == Engine::kMegatron || RunsFsdp2(engine);
  load.grad_comm_bytes = fp32_reduce ? 4 : std::min(tb.grad, 2.0);
  if (plan.precision == Precision::kFp32) load.grad_comm_bytes = 4;
  const ShardDivisors& div = load.divisors;
  load.optimizer_divisor = div.optimizer;
  load.optimizer_on_gpu = !PlacementFor(plan.offload).optimizer_on_host;
  const double state = load.state_bytes;
  load.optimizer_traffic_bytes =
      OptimizerStepTrafficBytes(plan.optimizer, tb.weight, tb.grad, tb.master, state);
  if (OptimizerStatesPaged(plan.optimizer) && load.optimizer_on_gpu) {
    load.paged_state_bytes = state * load.trainable_params / div.optimizer;
  }
  return load;
}

StageLoad ComputeMemory(const Workload& w, const Plan& plan, MemoryLedger* memory) {
  memory->gpu_capacity_bytes = w.cluster.gpu.memory_bytes;
  memory->gpu_usable_bytes = w.gpu_usable_bytes;
  StageLoad first = StageLoadFor(w, plan, /*first_stage=*/true);
  StageGpuMemory(w, plan, first, memory);
  StageLoad peak_load = first;
  if (plan.pp > 1) {
    MemoryLedger last_memory = *memory;
    StageLoad last = StageLoadFor(w, plan, /*first_stage=*/false);
    StageGpuMemory(w, plan, last, &last_memory);
    if (last_memory.gpu_peak_bytes > memory->gpu_peak_bytes) {
      *memory = last_memory;
      peak_load = last;
    }
  }
  HostMemory(w, plan, peak_load, memory);
  return first;
}

double PersistentPeakBytes(const Workload& w, const Plan& plan) {
  const StageLoad load = StageLoadFor(w, plan, /*first_stage=*/true);
  const States st = ModelStates(plan, load);
  const double persist = st.weights + st.optimizer + (st.grads_persist ? st.gradients : 0);
  return persist * calib::kAllocatorFragmentation + RuntimeOverheadBytes(plan);
}

}  // namespace fitplan
