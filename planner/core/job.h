// Job: what the user wants to train (shared/docs/interface.md "Job YAML") and the plan constraints
// they pin: the job's `allow:` lists and the CLI's --fix flags both narrow the search the same way.
#ifndef FITPLAN_PLANNER_CORE_JOB_H_
#define FITPLAN_PLANNER_CORE_JOB_H_

#include <cstdint>
#include <optional>

#include "planner/core/plan.h"

namespace fitplan {

enum class JobKind { kFinetune, kPretrain };

// How attention runs: a fused kernel that never stores the score matrix (FlashAttention, PyTorch
// SDPA's flash and memory-efficient kernels, Transformer Engine's fused attention), which every
// recipe fitplan writes uses, or the eager softmax(QKᵀ)V some models and older code still need
// (HF attn_implementation="eager", e.g. Gemma-2's logit soft-capping before SDPA supported it).
enum class AttentionKind { kFlash, kEager };

// Which values each plan field may take. Enum fields are bitmasks over the enumerators (bit i =
// enumerator i allowed); integer fields are either free (nullopt) or pinned to one value.
struct PlanFilter {
  uint32_t methods = ~0u;
  uint32_t lora_targets = ~0u;
  uint32_t precisions = ~0u;
  uint32_t optimizers = ~0u;
  uint32_t shardings = ~0u;
  uint32_t offloads = ~0u;
  uint32_t checkpointings = ~0u;
  uint32_t engines = ~0u;  // bit i: Engine(i) (planner/core/engine.h), --fix engine=…
  std::optional<int32_t> lora_rank, tp, pp, vpp, cp, ep, dp, micro_batch, grad_accum;
  std::optional<bool> sp;
  bool cross_node_tp = false;  // TP groups may be larger than one node's NVLink island

  template <typename Enum>
  static bool Allows(uint32_t mask, Enum value) {
    return (mask >> static_cast<uint32_t>(value)) & 1u;
  }
  static bool Allows(const std::optional<int32_t>& pin, int32_t value) {
    return !pin || *pin == value;
  }
  // True when every field of `plan` is allowed.
  bool AllowsPlan(const Plan& plan) const;
  bool operator==(const PlanFilter&) const = default;
};

enum class Objective { kCost, kTime, kMemory };

struct Job {
  JobKind kind = JobKind::kFinetune;
  int64_t seq_len = 4096;       // tokens per sequence
  int64_t global_batch = 64;    // sequences per optimizer step
  double train_tokens = 200e6;  // tokens to train, for hours and cost
  AttentionKind attention = AttentionKind::kFlash;
  PlanFilter allow;             // the job file's `allow:` lists
  bool operator==(const Job&) const = default;
};

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_CORE_JOB_H_
