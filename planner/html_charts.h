// The inline SVG charts of the HTML reports (`fitplan plan --report`, planner/report_html.cc, and
// `fitplan rent --report`, planner/report_rent_html.cc): stacked bars of the memory ledger against
// the usable capacity, and job cost against training hours with a Pareto front. Each returns one
// <svg> element; its id, and the classes of its marks, are the hooks tests and styles rely on
// (svg#memory-chart: rect.seg per component, line.high per high estimate, line.capacity;
// svg#cost-time-chart: circle.plan per ranked point, path.pareto per Pareto point,
// polyline.pareto-front). Every string from the input is HTML-escaped here.
#ifndef FITPLAN_PLANNER_HTML_CHARTS_H_
#define FITPLAN_PLANNER_HTML_CHARTS_H_

#include <string>
#include <vector>

#include "planner/core/estimate.h"

namespace fitplan {

// One stacked bar: the ledger's components at the peak, bottom first (weights, gradients,
// optimizer states, activations, logits, comm buffers, temporary, fragmentation, runtime), with
// the high estimate marked above.
struct MemoryBar {
  std::string label;    // under the bar: "3"
  std::string name;     // the bar in its tooltips: "#3"
  MemoryLedger memory;  // gpu_usable_bytes > 0 when the axis is percent_of_usable
};

// What the memory chart's axes measure and say.
struct MemoryChartAxis {
  // false: GiB per GPU against one capacity, `usable_bytes` (one GPU type, as in `plan`); true:
  // each bar in percent of its own GPU's usable bytes, the capacity at 100% (GPUs differ, as in
  // `rent`).
  bool percent_of_usable = false;
  double usable_bytes = 0;              // the capacity line when not percent_of_usable
  std::string x_title = "plan (rank)";  // under the bars' labels
};

// svg#memory-chart: a bar per entry of `bars`, left to right, the capacity drawn across, a legend
// of the components; "No plan fits" across an empty chart.
std::string MemoryChart(const std::vector<MemoryBar>& bars, const MemoryChartAxis& axis);

// One point of the cost-time chart.
struct CostTimePoint {
  double hours = 0;     // training hours, > 0
  double usd = 0;       // the job's dollars
  std::string rank;     // a ranked point: drawn beside its ring; a Pareto point: its data-rank
                        // attribute ("" = none)
  std::string tooltip;  // plain text
  std::string colour;   // a ranked point's ring, "#rrggbb" ("" = the stylesheet's blue)
};

// One legend row for the rings of one colour.
struct RingLegend {
  std::string label;
  std::string colour;  // as CostTimePoint::colour
};

struct CostTimeChartData {
  std::vector<CostTimePoint> ranked;  // rings labelled by rank, drawn over the diamonds
  std::vector<CostTimePoint> pareto;  // filled diamonds joined by the front's line, by hours
  std::vector<RingLegend> legend;     // a row per ring colour; a "Pareto front" row follows
};

// The hours axis turns logarithmic when the hours span more than this factor: on a linear axis
// the fastest points would crowd into the first 1/30 of the width.
inline constexpr double kLogHoursSpan = 30;

// svg#cost-time-chart: USD against hours (a log axis past kLogHoursSpan), ranked points as
// rings labelled by rank, the Pareto points as diamonds on a line; "No plan fits" when both lists
// are empty.
std::string CostTimeChart(const CostTimeChartData& data);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_HTML_CHARTS_H_
