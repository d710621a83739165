#include "strategies/strategy_table.h"

#include <array>

#include "planner/core/engine.h"
#include "strategies/accumulation.h"
#include "strategies/offload.h"
#include "strategies/optimizer.h"
#include "strategies/parallelism.h"
#include "strategies/peft.h"
#include "strategies/precision.h"
#include "strategies/sharding.h"

namespace fitplan {
namespace {

bool ParallelismRule(const Workload& w, const Plan& p) { return LayoutLegal(w, p); }
bool PeftRule(const Workload& w, const Plan& p) { return PeftLegal(p, w.job.kind); }
bool PrecisionRule(const Workload& w, const Plan& p) {
  return PrecisionLegal(p.precision, p.method, w.cluster.gpu);
}
bool OptimizerRule(const Workload&, const Plan& p) {
  return OptimizerLegal(p.optimizer, p.offload, EngineFor(p));
}
bool ShardingRule(const Workload& w, const Plan& p) { return ShardingLegal(w, p); }
bool OffloadRule(const Workload&, const Plan& p) { return OffloadLegal(p); }
bool CheckpointingRule(const Workload&, const Plan&) { return true; }
bool AccumulationRule(const Workload& w, const Plan& p) { return AccumulationLegal(w, p); }

constexpr std::array<Strategy, 8> kStrategies = {{
    {"parallelism", "tp, pp, vpp, cp, ep, sp, dp", "tensor/pipeline/context/expert/data layout",
     ParallelismRule},
    {"peft", "method, lora_rank, lora_targets", "full fine-tune, LoRA or QLoRA", PeftRule},
    {"precision", "precision", "fp32, bf16/fp16 mixed, pure bf16, fp8", PrecisionRule},
    {"optimizer", "optimizer", "AdamW, 8-bit, paged, SGD, Adafactor", OptimizerRule},
    {"sharding", "sharding", "DDP, ZeRO-1/2/3, FSDP full/grad-op/hybrid", ShardingRule},
    {"offload", "offload", "CPU or NVMe offload of optimizer and parameters", OffloadRule},
    {"checkpointing", "checkpointing", "activation recomputation: none, selective, full",
     CheckpointingRule},
    {"accumulation", "micro_batch, grad_accum", "micro-batch × accumulation = global batch",
     AccumulationRule},
}};

}  // namespace

std::span<const Strategy> Strategies() { return kStrategies; }

bool PlanLegal(const Workload& w, const Plan& plan, const Strategy** rejected_by) {
  for (const Strategy& s : kStrategies) {
    if (!s.legal(w, plan)) {
      if (rejected_by) *rejected_by = &s;
      return false;
    }
  }
  return true;
}

bool PlanLegalGivenLayout(const Workload& w, const Plan& plan) {
  for (const Strategy& s : kStrategies) {
    if (s.legal == ParallelismRule || s.legal == AccumulationRule) continue;
    if (!s.legal(w, plan)) return false;
  }
  return true;
}

}  // namespace fitplan
