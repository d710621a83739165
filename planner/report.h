// Reports: the ranked plans and single-plan estimates as a table (80-column friendly), JSON
// (the contract of shared/docs/interface.md), YAML, CSV, Markdown and an HTML page.
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

// `plan --report FILE`: one self-contained HTML page (inline CSS and SVG; no script, no network
// reference) with the workload, the search statistics, a stacked memory bar per ranked plan
// against the usable capacity with the high estimates marked, cost against time with the Pareto
// front (`result.pareto`; empty when the search did not collect it), and the plan table. Every
// string from the input is HTML-escaped. Stable hooks for tests and styling: svg#memory-chart,
// svg#cost-time-chart, tr.plan per ranked plan, path.pareto per Pareto plan, tr.pareto-plan.
std::string HtmlReport(const Workload& w, const SearchResult& result);

// JSON text of one estimate / a search (shared with YAML output).
std::string EstimateJsonText(const Estimate& estimate);
std::string SearchJsonText(const SearchResult& result);
std::string EstimateYamlText(const Estimate& estimate);
std::string SearchYamlText(const SearchResult& result);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_REPORT_H_
