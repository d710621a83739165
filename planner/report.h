// Reports: the ranked plans and single-plan estimates as a table (80-column friendly), JSON
// (the contract of shared/docs/interface.md), YAML, CSV and Markdown.
#ifndef FITPLAN_PLANNER_REPORT_H_
#define FITPLAN_PLANNER_REPORT_H_

#include <optional>
#include <string>
#include <string_view>

#include "planner/core/estimate.h"
#include "planner/search.h"
#include "strategies/workload.h"

namespace fitplan {

enum class Format { kTable, kJson, kYaml, kCsv, kMarkdown };
std::optional<Format> ParseFormat(std::string_view name);

// "lora r16 · bf16-mixed · adamw · zero3 · ckpt=full · tp1 pp1 dp8 · mb1×ga8": one readable line.
std::string RecipeLine(const Plan& plan);

// `plan`: the ranked plans with stats (or what came closest); `show_stats` adds the statistics.
std::string FormatSearch(const Workload& w, const SearchResult& result, Format format,
                         bool show_stats);

// One estimate with its memory and time breakdowns.
std::string FormatEstimate(const Workload& w, const Estimate& estimate, Format format);

// JSON text of one estimate / a search (shared with YAML output).
std::string EstimateJsonText(const Estimate& estimate);
std::string SearchJsonText(const SearchResult& result);
std::string EstimateYamlText(const Estimate& estimate);
std::string SearchYamlText(const SearchResult& result);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_REPORT_H_
