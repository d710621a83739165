#include "planner/core/job.h"

#include "planner/core/engine.h"

namespace fitplan {

bool PlanFilter::AllowsPlan(const Plan& p) const {
  return Allows(methods, p.method) && (!p.uses_lora() || Allows(lora_targets, p.lora_targets)) &&
         Allows(precisions, p.precision) && Allows(optimizers, p.optimizer) &&
         Allows(shardings, p.sharding) && Allows(offloads, p.offload) &&
         Allows(checkpointings, p.checkpointing) && Allows(engines, EngineFor(p)) &&
         (!p.uses_lora() || Allows(lora_rank, p.lora_rank)) && Allows(tp, p.tp) &&
         Allows(pp, p.pp) && Allows(vpp, p.vpp) && Allows(cp, p.cp) && Allows(ep, p.ep) &&
         Allows(dp, p.dp) && Allows(micro_batch, p.micro_batch) &&
         Allows(grad_accum, p.grad_accum) && (!sp || *sp == p.sp);
}

}  // namespace fitplan
