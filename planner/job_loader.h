// Loads a Job from the job YAML of shared/docs/interface.md ("Job YAML"), and applies
// `--set key=value` overrides. Errors name the file, line and field.
#ifndef FITPLAN_PLANNER_JOB_LOADER_H_
#define FITPLAN_PLANNER_JOB_LOADER_H_

#include <string>
#include <string_view>

#include "planner/core/job.h"
#include "planner/core/status.h"

namespace fitplan {

StatusOr<Job> ParseJobYaml(std::string_view yaml_text, std::string_view file);
StatusOr<Job> LoadJob(const std::string& path);

// Applies one "key=value" override (kind, seq_len, global_batch, global_batch_tokens,
// train_tokens) to `job`. Errors name "--set" as the file.
Status ApplyJobOverride(std::string_view key_value, Job* job);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_JOB_LOADER_H_
