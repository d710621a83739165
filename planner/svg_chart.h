// Building blocks of the HTML report's inline SVG charts (planner/report_html.cc): HTML escaping,
// axes with "nice" ticks (1, 2 or 5 × 10^k, as most plotting libraries choose them), linear or
// logarithmic scales from data to pixels. Pure functions over plain values.
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
  double step = 1;            // distance between ticks; 0 on a log axis
  std::vector<double> ticks;  // lo, lo + step, ..., hi (a log axis: lo, ..., hi, see LogAxis)
  bool log = false;           // drawn on a logarithmic scale (LogAxis)
};

// An axis covering [lo, hi] with about `target` steps. An empty range (lo == hi) is widened by
// 10% of |lo| (or 1) each side, but not below zero when lo ≥ 0. REQUIRES: lo ≤ hi, target ≥ 1.
Axis NiceAxis(double lo, double hi, int target = 5);

// A logarithmic axis covering [lo, hi]: its ticks are the values 1, 2 and 5 × 10^k from the one at
// or below lo to the one at or above hi, or only the powers of ten when hi / lo exceeds 1000 (three
// decades of 1-2-5 ticks are nine labels already). An empty range is widened to [lo / 2, hi × 2].
// REQUIRES: 0 < lo ≤ hi.
Axis LogAxis(double lo, double hi);

// A tick's label: as many decimals as the step needs (step 0.5 → "2.5", step 20 → "40").
std::string TickLabel(double value, double step);

// The label of `tick` on `axis`: TickLabel by the step, or on a log axis by the tick itself
// (0.5 → "0.5", 20 → "20"), as its ticks are not evenly spaced.
std::string AxisTickLabel(const Axis& axis, double tick);

// Maps data [lo, hi] onto pixels [from, to] (to < from for a y axis, whose pixels grow
// downwards): linearly, or linearly in log10 of the data when `log` (REQUIRES: then lo, hi and
// every value mapped > 0).
struct Scale {
  double lo = 0, hi = 1, from = 0, to = 1;
  bool log = false;
  double operator()(double value) const;
};

// The scale drawing `axis` over pixels [from, to].
Scale AxisScale(const Axis& axis, double from, double to);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_SVG_CHART_H_
