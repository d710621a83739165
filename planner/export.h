// `fitplan export`: turns a plan into the files its engine reads (shared/docs/interface.md
// "Commands"): a DeepSpeed config, an accelerate FSDP config, Megatron-LM arguments, a torchtitan
// job config, a NeMo AutoModel recipe, a torchrun launch script or a PEFT adapter config, written with the values the cost model assumed
// (strategies/sharding.cc, strategies/calibration.h), so that the run matches the estimate.
#ifndef FITPLAN_PLANNER_EXPORT_H_
#define FITPLAN_PLANNER_EXPORT_H_

#include <array>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "planner/core/plan.h"
#include "planner/core/status.h"
#include "strategies/workload.h"

namespace fitplan {

enum class ExportTarget : uint8_t {
  kDeepSpeed,
  kFsdp,
  kMegatron,
  kTorchrun,
  kPeft,
  kTorchtitan,
  kAutomodel
};
inline constexpr std::array<std::string_view, 7> kExportTargetNames = {
    "deepspeed", "fsdp", "megatron", "torchrun", "peft", "torchtitan", "automodel"};

struct ExportFile {
  std::string name;      // file name, no directory ("ds_config.json")
  std::string contents;  // the whole file, ending in a newline
  // What the file's format cannot say (JSON holds no comments): the command prints these.
  std::vector<std::string> notes;
};

// "deepspeed" → kDeepSpeed, ...; errors read "--to: unknown target 'x'; expected ...".
StatusOr<ExportTarget> ParseExportTarget(std::string_view text);

// OK when `target` can run `plan`: deepspeed, fsdp, megatron, torchtitan and automodel only the
// plans EngineFor gives them, torchrun every plan of the other engines, peft only method=lora|qlora. Otherwise one message,
// e.g. "--to deepspeed: the plan runs on fsdp (sharding=fsdp-full); export it --to fsdp".
Status CheckExportTarget(const Plan& plan, ExportTarget target);

// The files for `plan`. Pure: writes nothing. REQUIRES: CheckExportTarget(plan, target).ok(),
// PlanLegal(workload, plan).
std::vector<ExportFile> ExportPlan(const Workload& workload, const Plan& plan, ExportTarget target);

// The target that writes `engine`'s config (kEngineNames and kExportTargetNames agree):
// kTorch → kTorchrun, kDeepSpeed → kDeepSpeed, kFsdp → kFsdp, kMegatron → kMegatron,
// kTorchtitan → kTorchtitan, kAutomodel → kAutomodel.
ExportTarget TargetFor(Engine engine);

// Writes `files` into `dir`, creating it, and makes the .sh files executable; prints each path
// written on `out`, one a line. Errors name the path: "--out: cannot create DIR: REASON",
// "--out: cannot write FILE".
Status WriteExportFiles(const std::filesystem::path& dir, const std::vector<ExportFile>& files,
                        std::ostream& out);

// `fitplan export --cluster C --model M [--job J] [--set k=v] [--plan P] --to T [--out DIR]`
// (without --plan: the best plan the target runs).
// Returns the exit code; bad input prints one message on `err` and returns 2.
int ExportCommand(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_EXPORT_H_
