// `fitplan serve` output: one replica's memory, capacity and speed, or the ranked deployments of
// a load, as an 80-column table, JSON or Markdown.
#ifndef FITPLAN_PLANNER_REPORT_SERVE_H_
#define FITPLAN_PLANNER_REPORT_SERVE_H_

#include <string>

#include "planner/report.h"
#include "planner/serve_search.h"

namespace fitplan {

// What a report names besides the numbers.
struct ServeContext {
  std::string model;
  std::string cluster;
  std::string gpu;
};

// One replica under its load; `at_capacity` is the same replica with max_sequences sequences
// (decode speed at full concurrency), or nullptr when none fit.
std::string FormatServeEstimate(const ServeContext& c, const ServeEstimate& e,
                                const ServeEstimate* at_capacity, Format format);

std::string FormatServeSearch(const ServeContext& c, const ServeTarget& target,
                              const ServeSearchResult& result, Format format);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_REPORT_SERVE_H_
