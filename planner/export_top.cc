#include "planner/export_top.h"

#include <algorithm>
#include <cassert>
#include <cstdio>

#include "planner/core/engine.h"
#include "planner/core/units.h"
#include "planner/report.h"

namespace fitplan {
namespace {

// plan.txt: enough to re-run the plan (`fitplan estimate --plan ...`) and to see what it costs.
ExportFile PlanText(const Workload& w, const Estimate& e, int rank,
                    const std::vector<ExportFile>& engine_files) {
  char numbers[200];
  std::snprintf(numbers, sizeof numbers,
                "GPU peak %.1f GiB of %.1f usable (high estimate %.1f); step %.2f s; MFU %.1f%%; "
                "%.1f hours; $%.0f\n",
                e.memory.gpu_peak_bytes / kGiB, e.memory.gpu_usable_bytes / kGiB,
                e.memory.gpu_peak_high_bytes / kGiB, e.time.step_seconds, 100 * e.time.mfu,
                e.cost.training_hours, e.cost.usd);
  std::string text = "# rank " + std::to_string(rank) + " of the plans fitplan found for " +
                     w.model.name + " on " + w.cluster.name + "\n";
  text += RecipeLine(e.plan) + "\n";
  text += "verdict: " + std::string(kVerdictNames[int(e.verdict)]) + "\n";
  text += numbers;
  text += "engine: " + std::string(kEngineNames[int(EngineFor(e.plan))]) + "\n";
  text += "--plan " + e.plan.ToString() + "\n";
  for (const ExportFile& f : engine_files) {
    for (const std::string& note : f.notes) text += f.name + ": " + note + "\n";
  }
  return {"plan.txt", text, {}};
}

}  // namespace

std::string PlanSlug(const Plan& plan) {
  std::string slug;
  for (char c : RecipeLine(plan)) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep)
      slug += c;
    else if (!slug.empty() && slug.back() != '-')
      slug += '-';  // "·", "×", "=", "+", spaces
  }
  if (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

std::vector<PlanExport> ExportTop(const Workload& w, const std::vector<Estimate>& ranked, int n) {
  assert(n >= 1);
  std::vector<PlanExport> out;
  const size_t count = std::min(ranked.size(), size_t(n));
  for (size_t i = 0; i < count; ++i) {
    const Plan& plan = ranked[i].plan;
    PlanExport e{std::to_string(i + 1) + "-" + PlanSlug(plan),
                 ExportPlan(w, plan, TargetFor(EngineFor(plan)))};
    if (plan.uses_lora()) {
      for (ExportFile& f : ExportPlan(w, plan, ExportTarget::kPeft)) e.files.push_back(f);
    }
    e.files.push_back(PlanText(w, ranked[i], int(i + 1), e.files));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace fitplan
