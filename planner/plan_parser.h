// Parses the --plan string ("method=lora,precision=bf16-mixed,tp=2") of shared/docs/interface.md
// into a Plan, and --fix pins ("method=qlora", "tp=1") into a PlanFilter. Errors name the flag,
// the key and the expected values.
#ifndef FITPLAN_PLANNER_PLAN_PARSER_H_
#define FITPLAN_PLANNER_PLAN_PARSER_H_

#include <string_view>

#include "planner/core/job.h"
#include "planner/core/plan.h"
#include "planner/core/status.h"

namespace fitplan {

// Fields left out take their defaults (tp=pp=vpp=cp=ep=1, lora_rank 16, seq_len = job's,
// dp = GPUs/(tp·pp·cp), grad_accum from the job's global batch). REQUIRES: job and gpus valid.
StatusOr<Plan> ParsePlan(std::string_view text, const Job& job, int64_t gpus);

// Applies one "key=value" pin (values may be "a|b" for several enum values) to `filter`.
Status ApplyFix(std::string_view key_value, PlanFilter* filter);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_PLAN_PARSER_H_
