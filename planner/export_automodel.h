// `fitplan export --to automodel`: the NeMo AutoModel fine-tuning recipe (NVIDIA-NeMo/Automodel
// examples/llm_finetune/*.yaml, read by examples/llm_finetune/finetune.py) for a LoRA plan that
// composes FSDP2 with tensor or context parallelism, written with what the cost model assumed
// (full sharding, the bf16-loaded base, MaskedCrossEntropy's fp32 loss, whole-layer checkpointing).
#ifndef FITPLAN_PLANNER_EXPORT_AUTOMODEL_H_
#define FITPLAN_PLANNER_EXPORT_AUTOMODEL_H_

#include "planner/core/plan.h"
#include "strategies/workload.h"

namespace fitplan {

struct ExportFile;

// REQUIRES: EngineFor(plan) == Engine::kAutomodel, PlanLegal(workload, plan).
ExportFile AutomodelConfig(const Workload& workload, const Plan& plan);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_EXPORT_AUTOMODEL_H_
