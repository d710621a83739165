#include "planner/svg_chart.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>

namespace fitplan {

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Fixed(double value, int decimals) {
  const double unit = std::pow(10.0, -decimals) / 2;
  if (std::abs(value) < unit) value = 0;  // "-0.0" reads as a bug
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

Axis NiceAxis(double lo, double hi, int target) {
  assert(lo <= hi && target >= 1);
  if (hi == lo) {
    const double pad = lo != 0 ? std::abs(lo) * 0.1 : 1;
    const bool non_negative = lo >= 0;
    lo -= pad;
    hi += pad;
    if (non_negative) lo = std::max(lo, 0.0);
  }
  const double raw = (hi - lo) / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = 10 * magnitude;
  for (double m : {1.0, 2.0, 5.0}) {
    if (m * magnitude >= raw) {
      step = m * magnitude;
      break;
    }
  }
  Axis axis;
  axis.step = step;
  // The small slack keeps a data end that already sits on a tick from growing one more step.
  axis.lo = std::floor(lo / step + 1e-9) * step;
  axis.hi = std::ceil(hi / step - 1e-9) * step;
  const int steps = int(std::lround((axis.hi - axis.lo) / step));
  for (int i = 0; i <= steps; ++i) axis.ticks.push_back(axis.lo + i * step);
  return axis;
}

std::string TickLabel(double value, double step) {
  const int decimals = std::max(0, int(-std::floor(std::log10(step) + 1e-9)));
  return Fixed(value, decimals);
}

}  // namespace fitplan
