#include "planner/html_charts.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "planner/core/units.h"
#include "planner/html_page.h"
#include "planner/svg_chart.h"

namespace fitplan {
namespace {

// The memory ledger's components in stacking order (bottom first); Okabe-Ito colours, which stay
// distinct under the common colour-vision deficiencies, greys for the overheads.
struct Component {
  const char* label;
  const char* css_class;
  const char* colour;
};
constexpr std::array<Component, 9> kComponents = {{
    {"weights", "weights", "#0072b2"},
    {"gradients", "gradients", "#e69f00"},
    {"optimizer states", "optimizer", "#009e73"},
    {"activations", "activations", "#cc79a7"},
    {"logits/loss", "logits", "#56b4e9"},
    {"comm buffers", "comm", "#d55e00"},
    {"temporary", "temporary", "#f0e442"},
    {"fragmentation", "fragmentation", "#bbbbbb"},
    {"runtime (CUDA, NCCL)", "runtime", "#666666"},
}};

// Bytes of each kComponents entry at the peak: they add up to gpu_peak_bytes.
std::array<double, 9> ComponentBytes(const MemoryLedger& m) {
  const MemoryBreakdown& b = m.breakdown;
  return {b.weights,      b.gradients, b.optimizer_states,    b.activations,           b.logits,
          b.comm_buffers, b.temporary, m.fragmentation_bytes, m.runtime_overhead_bytes};
}

std::string Px(double v) { return Fixed(v, 1); }

// Grid lines and labels of a y axis over the plot [left, right] × scale's pixel range.
std::string YAxis(const Axis& axis, const Scale& y, double left, double right) {
  std::string s;
  for (double t : axis.ticks) {
    const std::string py = Px(y(t));
    s += "<line class=\"grid\" x1=\"" + Px(left) + "\" x2=\"" + Px(right) + "\" y1=\"" + py +
         "\" y2=\"" + py + "\"/>";
    s += "<text class=\"tick\" x=\"" + Px(left - 6) + "\" y=\"" + Px(y(t) + 4) +
         "\" text-anchor=\"end\">" + AxisTickLabel(axis, t) + "</text>\n";
  }
  return s;
}

// Grid lines and labels of an x axis over the plot [top, bottom] × scale's pixel range.
std::string XAxis(const Axis& axis, const Scale& x, double top, double bottom) {
  std::string s;
  for (double t : axis.ticks) {
    const std::string px = Px(x(t));
    s += "<line class=\"grid\" x1=\"" + px + "\" x2=\"" + px + "\" y1=\"" + Px(top) + "\" y2=\"" +
         Px(bottom) + "\"/>";
    s += "<text class=\"tick\" x=\"" + px + "\" y=\"" + Px(bottom + 16) +
         "\" text-anchor=\"middle\">" + AxisTickLabel(axis, t) + "</text>\n";
  }
  return s;
}

// One legend row at (x, y): a swatch drawn by `swatch_svg` (at x..x+12) and its label.
std::string LegendRow(double x, double y, const std::string& swatch_svg, const std::string& label) {
  return swatch_svg + "<text x=\"" + Px(x + 18) + "\" y=\"" + Px(y + 10) + "\">" +
         HtmlEscape(label) + "</text>\n";
}

// The diamond marking a Pareto point, centred on (cx, cy), holding `content` (a <title>).
std::string Diamond(double cx, double cy, double r, const std::string& attributes,
                    const std::string& content = "") {
  const std::string open = "<path " + attributes + " d=\"M" + Px(cx) + " " + Px(cy - r) + " L" +
                           Px(cx + r) + " " + Px(cy) + " L" + Px(cx) + " " + Px(cy + r) + " L" +
                           Px(cx - r) + " " + Px(cy) + " Z\"";
  return content.empty() ? open + "/>" : open + ">" + content + "</path>";
}

std::string SvgOpen(const char* id, double width, double height, const std::string& title) {
  return std::string("<svg id=\"") + id +
         "\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" + Px(width) +
         "\" height=\"" + Px(height) + "\" viewBox=\"0 0 " + Px(width) + " " + Px(height) +
         "\">\n<title>" + HtmlEscape(title) + "</title>\n";
}

std::string Title(const std::string& text) { return "<title>" + HtmlEscape(text) + "</title>"; }

// A horizontal line of `css_class` from x1 to x2 at y.
std::string HLine(const char* css_class, double x1, double x2, double y) {
  return std::string("<line class=\"") + css_class + "\" x1=\"" + Px(x1) + "\" x2=\"" + Px(x2) +
         "\" y1=\"" + Px(y) + "\" y2=\"" + Px(y) + "\"/>";
}

// A bar's bytes in the y axis' unit: GiB, or percent of the bar's own usable bytes.
double AxisValue(const MemoryChartAxis& axis, const MemoryLedger& m, double bytes) {
  return axis.percent_of_usable ? 100 * bytes / m.gpu_usable_bytes : bytes / kGiB;
}

// One stacked bar `bar` pixels wide at `x`: the segments, the dotted rise to the high estimate
// and its mark.
std::string MemoryBarSvg(const MemoryBar& b, const MemoryChartAxis& axis, const Scale& y, double x,
                         double bar) {
  const MemoryLedger& m = b.memory;
  std::string s = "<g class=\"bar\" data-rank=\"" + HtmlEscape(b.label) + "\">";
  const std::string rank = b.name + " ";
  double base = 0;
  const std::array<double, 9> bytes = ComponentBytes(m);
  for (size_t c = 0; c < kComponents.size(); ++c) {
    if (bytes[c] <= 0) continue;
    const double y0 = y(AxisValue(axis, m, base)), y1 = y(AxisValue(axis, m, base + bytes[c]));
    base += bytes[c];
    s += std::string("<rect class=\"seg ") + kComponents[c].css_class + "\" fill=\"" +
         kComponents[c].colour + "\" x=\"" + Px(x) + "\" y=\"" + Px(y1) + "\" width=\"" + Px(bar) +
         "\" height=\"" + Px(y0 - y1) + "\">" +
         Title(rank + kComponents[c].label + ": " + Fixed(bytes[c] / kGiB, 2) + " GiB") + "</rect>";
  }
  const double high_y = y(AxisValue(axis, m, m.gpu_peak_high_bytes));
  const std::string mid = Px(x + bar / 2);
  s += "<line class=\"high-range\" x1=\"" + mid + "\" x2=\"" + mid + "\" y1=\"" +
       Px(y(AxisValue(axis, m, m.gpu_peak_bytes))) + "\" y2=\"" + Px(high_y) + "\"/>";
  const std::string of_usable =
      axis.percent_of_usable ? " of " + GibText(m.gpu_usable_bytes) + " usable" : "";
  s += "<line class=\"high\" x1=\"" + Px(x - 3) + "\" x2=\"" + Px(x + bar + 3) + "\" y1=\"" +
       Px(high_y) + "\" y2=\"" + Px(high_y) + "\">" +
       Title(rank + "high estimate " + GibText(m.gpu_peak_high_bytes) + " GiB (peak " +
             GibText(m.gpu_peak_bytes) + of_usable + ")") +
       "</line></g>\n";
  return s;
}

// The components, top first as the stack reads, then the capacity and high-estimate marks.
std::string MemoryLegend(double lx, double top) {
  std::string s;
  double ly = top;
  for (size_t c = kComponents.size(); c-- > 0; ly += 20) {
    s += LegendRow(lx, ly,
                   std::string("<rect fill=\"") + kComponents[c].colour + "\" x=\"" + Px(lx) +
                       "\" y=\"" + Px(ly) + "\" width=\"12\" height=\"12\"/>",
                   kComponents[c].label);
  }
  s += LegendRow(lx, ly, HLine("capacity", lx, lx + 12, ly + 6), "usable capacity");
  ly += 20;
  return s + LegendRow(lx, ly, HLine("high", lx, lx + 12, ly + 6), "high estimate");
}

// The hours axis: logarithmic when the hours span more than kLogHoursSpan.
Axis HoursAxis(double lo, double hi) {
  return lo > 0 && hi > kLogHoursSpan * lo ? LogAxis(lo, hi) : NiceAxis(lo, hi);
}

// The legend rows: one per ring colour, then the Pareto front.
std::string CostTimeLegend(const std::vector<RingLegend>& legend, double lx, double top) {
  std::string s;
  double ly = top;
  for (const RingLegend& ring : legend) {
    const std::string style = ring.colour.empty() ? "" : " style=\"stroke: " + ring.colour + "\"";
    s += LegendRow(lx, ly,
                   "<circle class=\"plan\"" + style + " cx=\"" + Px(lx + 6) + "\" cy=\"" +
                       Px(ly + 6) + "\" r=\"5\"/>",
                   ring.label);
    ly += 20;
  }
  return s + LegendRow(lx, ly,
                       HLine("pareto-front", lx, lx + 12, ly + 6) +
                           Diamond(lx + 6, ly + 6, 5, "class=\"legend-pareto\" fill=\"#d55e00\""),
                       "Pareto front");
}

}  // namespace

std::string MemoryChart(const std::vector<MemoryBar>& bars, const MemoryChartAxis& axis) {
  constexpr double kLeft = 64, kTop = 16, kPlotHeight = 300, kBottom = 44, kLegendWidth = 210;
  const double slot = bars.empty() ? 64 : std::clamp(720.0 / double(bars.size()), 12.0, 64.0);
  const double plot_width = std::max(320.0, slot * double(bars.size()));
  const double right = kLeft + plot_width, bottom = kTop + kPlotHeight;
  const double width = right + 24 + kLegendWidth, height = bottom + kBottom;
  const double capacity = axis.percent_of_usable ? 100 : axis.usable_bytes / kGiB;
  double top = capacity;
  for (const MemoryBar& b : bars) {
    top = std::max({top, AxisValue(axis, b.memory, b.memory.gpu_peak_bytes),
                    AxisValue(axis, b.memory, b.memory.gpu_peak_high_bytes)});
  }
  const Axis ya = NiceAxis(0, top);
  const Scale y = AxisScale(ya, bottom, kTop);
  std::string s = SvgOpen("memory-chart", width, height, "GPU memory at the peak, per ranked plan");
  s += YAxis(ya, y, kLeft, right);
  const std::string y_title = axis.percent_of_usable ? "% of usable GPU memory" : "GiB per GPU";
  s += "<text x=\"14\" y=\"" + Px(kTop + kPlotHeight / 2) + "\" transform=\"rotate(-90 14 " +
       Px(kTop + kPlotHeight / 2) + ")\" text-anchor=\"middle\">" + y_title + "</text>\n";
  const size_t label_every = std::max<size_t>(1, (bars.size() + 39) / 40);
  for (size_t i = 0; i < bars.size(); ++i) {
    const double x = kLeft + slot * double(i) + slot * 0.15, bar = slot * 0.7;
    s += MemoryBarSvg(bars[i], axis, y, x, bar);
    if (i % label_every != 0) continue;
    s += "<text class=\"tick\" x=\"" + Px(x + bar / 2) + "\" y=\"" + Px(bottom + 16) +
         "\" text-anchor=\"middle\">" + HtmlEscape(bars[i].label) + "</text>\n";
  }
  if (bars.empty()) {
    s += "<text x=\"" + Px(kLeft + plot_width / 2) + "\" y=\"" + Px(kTop + kPlotHeight / 2) +
         "\" text-anchor=\"middle\">No plan fits</text>\n";
  }
  s += HLine("axis-line", kLeft, right, bottom) + "\n";
  s += "<text x=\"" + Px(kLeft + plot_width / 2) + "\" y=\"" + Px(height - 8) +
       "\" text-anchor=\"middle\">" + HtmlEscape(axis.x_title) + "</text>\n";
  const std::string capacity_label =
      axis.percent_of_usable ? "usable (100%)" : "usable " + GibText(axis.usable_bytes) + " GiB";
  s += HLine("capacity", kLeft, right, y(capacity));
  s += "<text class=\"capacity-label\" x=\"" + Px(right - 4) + "\" y=\"" + Px(y(capacity) - 5) +
       "\" text-anchor=\"end\">" + capacity_label + "</text>\n";
  return s + MemoryLegend(right + 24, kTop) + "</svg>\n";
}

std::string CostTimeChart(const CostTimeChartData& data) {
  constexpr double kLeft = 80, kTop = 16, kPlotWidth = 600, kPlotHeight = 320, kBottom = 48;
  constexpr double kLegendWidth = 210;
  const double right = kLeft + kPlotWidth, bottom = kTop + kPlotHeight;
  const double width = right + 24 + kLegendWidth, height = bottom + kBottom;
  std::string s = SvgOpen("cost-time-chart", width, height, "Job cost against training time");
  std::vector<CostTimePoint> points = data.ranked;
  points.insert(points.end(), data.pareto.begin(), data.pareto.end());
  double x_lo = 0, x_hi = 0, y_lo = 0, y_hi = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    const CostTimePoint& p = points[i];
    x_lo = i == 0 ? p.hours : std::min(x_lo, p.hours);
    x_hi = i == 0 ? p.hours : std::max(x_hi, p.hours);
    y_lo = i == 0 ? p.usd : std::min(y_lo, p.usd);
    y_hi = i == 0 ? p.usd : std::max(y_hi, p.usd);
  }
  const Axis xa = HoursAxis(x_lo, x_hi), ya = NiceAxis(y_lo, y_hi);
  const Scale x = AxisScale(xa, kLeft, right), y = AxisScale(ya, bottom, kTop);
  s += YAxis(ya, y, kLeft, right) + XAxis(xa, x, kTop, bottom);
  s += HLine("axis-line", kLeft, right, bottom);
  s += "<line class=\"axis-line\" x1=\"" + Px(kLeft) + "\" x2=\"" + Px(kLeft) + "\" y1=\"" +
       Px(kTop) + "\" y2=\"" + Px(bottom) + "\"/>\n";
  s += "<text x=\"" + Px(kLeft + kPlotWidth / 2) + "\" y=\"" + Px(height - 8) +
       "\" text-anchor=\"middle\">training hours" + (xa.log ? " (log scale)" : "") + "</text>\n";
  s += "<text x=\"16\" y=\"" + Px(kTop + kPlotHeight / 2) + "\" transform=\"rotate(-90 16 " +
       Px(kTop + kPlotHeight / 2) + ")\" text-anchor=\"middle\">job cost (USD)</text>\n";
  if (points.empty()) {
    s += "<text x=\"" + Px(kLeft + kPlotWidth / 2) + "\" y=\"" + Px(kTop + kPlotHeight / 2) +
         "\" text-anchor=\"middle\">No plan fits</text>\n";
  }
  std::vector<CostTimePoint> pareto = data.pareto;
  std::stable_sort(
      pareto.begin(), pareto.end(),
      [](const CostTimePoint& a, const CostTimePoint& b) { return a.hours < b.hours; });
  if (pareto.size() > 1) {
    s += "<polyline class=\"pareto-front\" points=\"";
    for (const CostTimePoint& p : pareto) s += Px(x(p.hours)) + "," + Px(y(p.usd)) + " ";
    s += "\"/>\n";
  }
  for (const CostTimePoint& p : pareto) {
    const std::string rank = p.rank.empty() ? "" : " data-rank=\"" + HtmlEscape(p.rank) + "\"";
    s += Diamond(x(p.hours), y(p.usd), 6, "class=\"pareto\"" + rank, Title(p.tooltip)) + "\n";
  }
  for (const CostTimePoint& p : data.ranked) {
    const double cx = x(p.hours), cy = y(p.usd);
    const std::string style = p.colour.empty() ? "" : " style=\"stroke: " + p.colour + "\"";
    s += "<circle class=\"plan\"" + style + " cx=\"" + Px(cx) + "\" cy=\"" + Px(cy) +
         "\" r=\"8\">" + Title(p.tooltip) + "</circle>";
    s += "<text class=\"rank\" x=\"" + Px(cx + 9) + "\" y=\"" + Px(cy - 8) + "\">" +
         HtmlEscape(p.rank) + "</text>\n";
  }
  return s + CostTimeLegend(data.legend, right + 24, kTop) + "</svg>\n";
}

}  // namespace fitplan
