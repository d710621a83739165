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

Axis LogAxis(double lo, double hi) {
  assert(0 < lo && lo <= hi);
  if (hi == lo) {
    lo /= 2;
    hi *= 2;
  }
  const bool decades_only = hi / lo > 1000;
  const std::vector<double> mantissas =
      decades_only ? std::vector<double>{1} : std::vector<double>{1, 2, 5};
  // Every candidate tick from the power of ten at or below lo to the one at or above hi; the
  // slack keeps a data end already on a tick (up to rounding) from reaching one tick further.
  const int first = int(std::floor(std::log10(lo) + 1e-9));
  const int last = int(std::ceil(std::log10(hi) - 1e-9));
  std::vector<double> candidates;
  for (int k = first; k <= last; ++k) {
    for (double m : mantissas) candidates.push_back(m * std::pow(10.0, k));
  }
  size_t begin = 0, end = candidates.size();
  while (begin + 1 < candidates.size() && candidates[begin + 1] <= lo * (1 + 1e-9)) ++begin;
  while (end - 1 > begin + 1 && candidates[end - 2] >= hi * (1 - 1e-9)) --end;
  Axis axis;
  axis.log = true;
  axis.step = 0;
  axis.ticks.assign(candidates.begin() + long(begin), candidates.begin() + long(end));
  axis.lo = axis.ticks.front();
  axis.hi = axis.ticks.back();
  return axis;
}

std::string TickLabel(double value, double step) {
  const int decimals = std::max(0, int(-std::floor(std::log10(step) + 1e-9)));
  return Fixed(value, decimals);
}

std::string AxisTickLabel(const Axis& axis, double tick) {
  return TickLabel(tick, axis.log ? tick : axis.step);
}

double Scale::operator()(double value) const {
  if (hi == lo) return from;
  if (!log) return from + (value - lo) / (hi - lo) * (to - from);
  return from + std::log10(value / lo) / std::log10(hi / lo) * (to - from);
}

Scale AxisScale(const Axis& axis, double from, double to) {
  return Scale{axis.lo, axis.hi, from, to, axis.log};
}

}  // namespace fitplan
