// Estimate: what the cost model says about one Plan (shared/docs/interface.md "JSON output").
// Infeasible is a result, not an error: `verdict == kNo` with the broken limit, so reports can say
// why. Plain trivially-copyable data (no strings): the search keeps thousands in its top-K heaps;
// ReasonText() formats the reason only when a report asks.
#ifndef FITPLAN_PLANNER_CORE_ESTIMATE_H_
#define FITPLAN_PLANNER_CORE_ESTIMATE_H_

#include <string>

#include "planner/core/plan.h"

namespace fitplan {

// Bytes on the busiest GPU by kind, in the phase where their sum peaks; sums to allocated bytes.
struct MemoryBreakdown {
  double weights = 0;
  double gradients = 0;
  double optimizer_states = 0;
  double activations = 0;
  double logits = 0;
  double comm_buffers = 0;  // gathered ZeRO-3/FSDP units, reduce buckets, P2P buffers
  double temporary = 0;     // optimizer-step temporaries, QLoRA dequantization buffers
  double Total() const {
    return weights + gradients + optimizer_states + activations + logits + comm_buffers + temporary;
  }
};

// The training phase in which allocated memory peaks (cost-model.md §0.2).
enum class Phase { kForward, kLoss, kBackward, kOptimizerStep };
inline constexpr const char* kPhaseNames[] = {"forward", "loss", "backward", "optimizer-step"};

// How the model gets from disk to the GPUs; sets the load-phase host RAM peak.
enum class LoadStrategy {
  kEveryRankFullCopy,  // each rank materializes the whole checkpoint in host RAM (DDP, ZeRO-1/2)
  kRankZeroFullCopy,   // rank 0 loads, the others start on the meta device (FSDP sync_module_states)
  kShardedPerRank,     // each rank reads only its part (ZeRO-3 zero.Init, Megatron dist checkpoint)
  kStreamedShards,     // one checkpoint file at a time, quantized on the fly (bitsandbytes QLoRA)
};
inline constexpr const char* kLoadStrategyNames[] = {"every-rank-full-copy", "rank0-full-copy",
                                                     "sharded-per-rank", "streamed-shards"};

struct MemoryLedger {
  double gpu_capacity_bytes = 0;  // the label (80 GiB)
  double gpu_usable_bytes = 0;    // what a process can allocate after the driver's reservation
  double gpu_allocated_bytes = 0;  // peak bytes held by tensors (torch max_memory_allocated)
  double fragmentation_bytes = 0;  // caching-allocator reserve beyond allocated
  double runtime_overhead_bytes = 0;  // CUDA context, NCCL communicators, cuBLAS workspaces
  double gpu_peak_bytes = 0;          // allocated + fragmentation + runtime (nvidia-smi at peak)
  double gpu_peak_high_bytes = 0;     // calibrated upper estimate
  MemoryBreakdown breakdown;
  Phase peak_phase = Phase::kForward;
  double cpu_ram_per_node_bytes = 0;  // max(load phase, steady state) per node
  double cpu_ram_load_bytes = 0;      // load-phase peak per node
  double cpu_ram_steady_bytes = 0;    // steady-state per node
  double cpu_ram_capacity_bytes = 0;  // the node's cpu_ram_gb
  LoadStrategy load_strategy = LoadStrategy::kEveryRankFullCopy;
  double nvme_per_node_bytes = 0;  // NVMe offload footprint per node
};

struct TimeBreakdown {  // seconds per optimizer step
  double compute = 0;
  double recompute = 0;
  double tp_comm = 0;
  double cp_comm = 0;  // exposed context-parallel (ring attention) KV exchange
  double ep_comm = 0;  // expert-parallel all-to-all (MoE token dispatch and combine)
  double pp_comm = 0;
  double dp_comm = 0;  // exposed data-parallel / ZeRO / FSDP communication
  double pp_bubble = 0;
  double offload = 0;
  double optimizer = 0;
  double Total() const {
    return compute + recompute + tp_comm + cp_comm + ep_comm + pp_comm + dp_comm + pp_bubble +
           offload + optimizer;
  }
};

struct TimeLedger {
  double step_seconds = 0;
  double tokens_per_second = 0;
  double mfu = 0;  // model FLOPs (PaLM convention, no recompute) / (step × GPUs × dense 16-bit peak)
  TimeBreakdown breakdown;
};

struct CostLedger {
  double training_hours = 0;
  double gpu_hours = 0;
  double usd = 0;
};

enum class Verdict { kFits, kTight, kNo };
inline constexpr const char* kVerdictNames[] = {"fits", "tight", "no"};

// The limit a plan breaks, reported with the bytes needed and available.
enum class Limit { kNone, kGpuMemory, kCpuRam, kNvme };

struct Estimate {
  Plan plan;
  Verdict verdict = Verdict::kNo;
  Limit broken_limit = Limit::kNone;
  double limit_needed = 0;     // bytes the broken limit needs
  double limit_available = 0;  // bytes it has
  MemoryLedger memory;
  TimeLedger time;
  CostLedger cost;

  bool fits() const { return verdict != Verdict::kNo; }
};

// "" when the plan fits; otherwise e.g. "GPU memory: needs 91.2 GiB of 79.1 GiB usable".
std::string ReasonText(const Estimate& estimate);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_CORE_ESTIMATE_H_
