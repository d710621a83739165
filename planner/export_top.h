// `fitplan plan --export-top N --out DIR`: the engine files of the N best plans, one directory
// per plan named by its rank and recipe (DIR/1-lora-r16-bf16-mixed-adamw-zero3-...), so that the
// runners-up can be tried without planning again. Each directory holds what
// `fitplan export --to <the plan's engine>` writes (EngineFor), the PEFT config for LoRA/QLoRA
// plans, and plan.txt: the plan in --plan syntax, its estimate and the notes the engine files'
// formats cannot hold.
#ifndef FITPLAN_PLANNER_EXPORT_TOP_H_
#define FITPLAN_PLANNER_EXPORT_TOP_H_

#include <string>
#include <vector>

#include "planner/core/estimate.h"
#include "planner/export.h"
#include "strategies/workload.h"

namespace fitplan {

struct PlanExport {
  std::string dir;                // directory name, no parent: "1-" + PlanSlug(plan)
  std::vector<ExportFile> files;  // engine files, then peft_config.py (LoRA/QLoRA), then plan.txt
};

// The recipe line (RecipeLine) as a directory name: every run of characters other than [a-z0-9]
// becomes one '-'. "lora r16 · bf16-mixed · adamw · zero3 · ckpt=full · tp1 pp1 dp8 · mb1×ga8"
// → "lora-r16-bf16-mixed-adamw-zero3-ckpt-full-tp1-pp1-dp8-mb1-ga8".
std::string PlanSlug(const Plan& plan);

// One PlanExport for each of the first `n` of `ranked` (fewer when there are fewer), in rank
// order. Pure: writes nothing. REQUIRES: n ≥ 1; every plan legal for `w` (the search's output).
std::vector<PlanExport> ExportTop(const Workload& w, const std::vector<Estimate>& ranked, int n);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_EXPORT_TOP_H_
