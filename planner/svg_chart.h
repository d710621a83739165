// Building blocks of the HTML report's inline SVG charts (planner/report_html.cc): HTML escaping,
// axes with "nice" ticks (1, 2 or 5 × 10^k, as most plotting libraries choose them), linear
// scales from data to pixels. Pure functions over plain values.
#ifndef FITPLAN_PLANNER_SVG_CHART_H_
#define FITPLAN_PLANNER_SVG_CHART_H_

#include <string>
#include <string_view>
#include <vector>

namespace fitplan {

// `text` safe inside HTML or SVG text and double- or single-quoted attributes: & < > " ' escaped.
std::string HtmlEscape(std::string_view text);

// `value` with `decimals` digits after the point ("%.*f"; never "-0").
std::string Fixed(double value, int decimals);

struct Axis {
  double lo = 0, hi = 1;      // the axis ends, both on ticks
  double step = 1;            // distance between ticks
  std::vector<double> ticks;  // lo, lo + step, ..., hi
};

// An axis covering [lo, hi] with about `target` steps. An empty range (lo == hi) is widened by
// 10% of |lo| (or 1) each side, but not below zero when lo ≥ 0. REQUIRES: lo ≤ hi, target ≥ 1.
Axis NiceAxis(double lo, double hi, int target = 5);

// A tick's label: as many decimals as the step needs (step 0.5 → "2.5", step 20 → "40").
std::string TickLabel(double value, double step);

// Maps data [lo, hi] linearly onto pixels [from, to] (to < from for a y axis, whose pixels grow
// downwards).
struct Scale {
  double lo = 0, hi = 1, from = 0, to = 1;
  double operator()(double value) const {
    return hi == lo ? from : from + (value - lo) / (hi - lo) * (to - from);
  }
};

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_SVG_CHART_H_
