// The HTML report of `fitplan plan --report FILE` (declared in planner/report.h): one
// self-contained page — inline CSS and SVG, no script, no reference to the network — so it can be
// mailed, attached to a ticket or opened offline. Tests query its ids and classes:
// svg#memory-chart, svg#cost-time-chart, tr.plan (one per ranked plan), .pareto (one marker per
// Pareto plan in the cost-time chart), tr.pareto-plan.
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "planner/core/units.h"
#include "planner/report.h"
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
std::string GibText(double bytes) { return Fixed(bytes / kGiB, 1); }

constexpr const char* kCss = R"(
body { font: 14px/1.45 system-ui, sans-serif; color: #222; max-width: 1240px; margin: 24px auto;
       padding: 0 16px; }
h1 { font-size: 22px; margin-bottom: 4px; }
h2 { font-size: 17px; margin: 28px 0 6px; }
p.note { color: #555; max-width: 900px; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { padding: 3px 8px; border-bottom: 1px solid #ddd; text-align: right; white-space: nowrap; }
th { background: #f4f4f4; }
th.text, td.text { text-align: left; }
tr.tight td { color: #8a5a00; }
dl.workload { display: grid; grid-template-columns: max-content auto; gap: 2px 12px; }
dl.workload dt { font-weight: 600; }
dl.workload dd { margin: 0; }
svg { display: block; margin: 8px 0; max-width: 100%; height: auto; }
svg text { font-size: 11px; fill: #333; }
svg .grid { stroke: #e6e6e6; }
svg .axis-line { stroke: #888; }
svg .capacity { stroke: #c00000; stroke-width: 2; stroke-dasharray: 6 3; }
svg text.capacity-label { fill: #c00000; }
svg .high { stroke: #000; stroke-width: 2; }
svg .high-range { stroke: #000; stroke-width: 1; stroke-dasharray: 2 2; }
svg .pareto-front { fill: none; stroke: #d55e00; stroke-width: 1.5; }
svg circle.plan { fill: none; stroke: #0072b2; stroke-width: 2; }
svg path.pareto { fill: #d55e00; stroke: #fff; stroke-width: 1; }
)";

// Grid lines and labels of a y axis over the plot [left, right] × scale's pixel range.
std::string YAxis(const Axis& axis, const Scale& y, double left, double right) {
  std::string s;
  for (double t : axis.ticks) {
    const std::string py = Px(y(t));
    s += "<line class=\"grid\" x1=\"" + Px(left) + "\" x2=\"" + Px(right) + "\" y1=\"" + py +
         "\" y2=\"" + py + "\"/>";
    s += "<text class=\"tick\" x=\"" + Px(left - 6) + "\" y=\"" + Px(y(t) + 4) +
         "\" text-anchor=\"end\">" + TickLabel(t, axis.step) + "</text>\n";
  }
  return s;
}

// One legend row at (x, y): a swatch drawn by `swatch_svg` (at x..x+12) and its label.
std::string LegendRow(double x, double y, const std::string& swatch_svg, const std::string& label) {
  return swatch_svg + "<text x=\"" + Px(x + 18) + "\" y=\"" + Px(y + 10) + "\">" +
         HtmlEscape(label) + "</text>\n";
}

// The diamond marking a Pareto plan, centred on (cx, cy), holding `content` (a <title>).
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

// Stacked bars of the memory ledger, one per ranked plan, with the usable capacity drawn across
// and each plan's high estimate marked.
std::string MemoryChart(const Workload& w, const std::vector<Estimate>& plans) {
  constexpr double kLeft = 64, kTop = 16, kPlotHeight = 300, kBottom = 44, kLegendWidth = 210;
  const double slot = plans.empty() ? 64 : std::clamp(720.0 / double(plans.size()), 12.0, 64.0);
  const double plot_width = std::max(320.0, slot * double(plans.size()));
  const double right = kLeft + plot_width;
  const double width = right + 24 + kLegendWidth, height = kTop + kPlotHeight + kBottom;
  const double usable = plans.empty() ? w.gpu_usable_bytes : plans.front().memory.gpu_usable_bytes;
  double top_bytes = usable;
  for (const Estimate& e : plans) {
    top_bytes = std::max({top_bytes, e.memory.gpu_peak_bytes, e.memory.gpu_peak_high_bytes});
  }
  const Axis axis = NiceAxis(0, top_bytes / kGiB);
  const Scale y{axis.lo, axis.hi, kTop + kPlotHeight, kTop};
  std::string s = SvgOpen("memory-chart", width, height, "GPU memory at the peak, per ranked plan");
  s += YAxis(axis, y, kLeft, right);
  s += "<text x=\"14\" y=\"" + Px(kTop + kPlotHeight / 2) + "\" transform=\"rotate(-90 14 " +
       Px(kTop + kPlotHeight / 2) + ")\" text-anchor=\"middle\">GiB per GPU</text>\n";
  const size_t label_every = std::max<size_t>(1, (plans.size() + 39) / 40);
  for (size_t i = 0; i < plans.size(); ++i) {
    const Estimate& e = plans[i];
    const double x = kLeft + slot * double(i) + slot * 0.15, bar = slot * 0.7;
    const std::string rank = std::to_string(i + 1);
    s += "<g class=\"bar\" data-rank=\"" + rank + "\">";
    double base = 0;
    const std::array<double, 9> bytes = ComponentBytes(e.memory);
    for (size_t c = 0; c < kComponents.size(); ++c) {
      if (bytes[c] <= 0) continue;
      const double y0 = y(base / kGiB), y1 = y((base + bytes[c]) / kGiB);
      base += bytes[c];
      s += std::string("<rect class=\"seg ") + kComponents[c].css_class + "\" fill=\"" +
           kComponents[c].colour + "\" x=\"" + Px(x) + "\" y=\"" + Px(y1) + "\" width=\"" +
           Px(bar) + "\" height=\"" + Px(y0 - y1) + "\"><title>#" + rank + " " +
           kComponents[c].label + ": " + Fixed(bytes[c] / kGiB, 2) + " GiB</title></rect>";
    }
    const std::string high_y = Px(y(e.memory.gpu_peak_high_bytes / kGiB));
    s += "<line class=\"high-range\" x1=\"" + Px(x + bar / 2) + "\" x2=\"" + Px(x + bar / 2) +
         "\" y1=\"" + Px(y(e.memory.gpu_peak_bytes / kGiB)) + "\" y2=\"" + high_y + "\"/>";
    s += "<line class=\"high\" x1=\"" + Px(x - 3) + "\" x2=\"" + Px(x + bar + 3) + "\" y1=\"" +
         high_y + "\" y2=\"" + high_y + "\"><title>#" + rank + " high estimate " +
         GibText(e.memory.gpu_peak_high_bytes) + " GiB (peak " + GibText(e.memory.gpu_peak_bytes) +
         ")</title></line></g>\n";
    if (i % label_every == 0) {
      s += "<text class=\"tick\" x=\"" + Px(x + bar / 2) + "\" y=\"" + Px(kTop + kPlotHeight + 16) +
           "\" text-anchor=\"middle\">" + rank + "</text>\n";
    }
  }
  if (plans.empty()) {
    s += "<text x=\"" + Px(kLeft + plot_width / 2) + "\" y=\"" + Px(kTop + kPlotHeight / 2) +
         "\" text-anchor=\"middle\">No plan fits</text>\n";
  }
  s += "<line class=\"axis-line\" x1=\"" + Px(kLeft) + "\" x2=\"" + Px(right) + "\" y1=\"" +
       Px(kTop + kPlotHeight) + "\" y2=\"" + Px(kTop + kPlotHeight) + "\"/>\n";
  s += "<text x=\"" + Px(kLeft + plot_width / 2) + "\" y=\"" + Px(height - 8) +
       "\" text-anchor=\"middle\">plan (rank)</text>\n";
  const std::string cap_y = Px(y(usable / kGiB));
  s += "<line class=\"capacity\" x1=\"" + Px(kLeft) + "\" x2=\"" + Px(right) + "\" y1=\"" + cap_y +
       "\" y2=\"" + cap_y + "\"/>";
  s += "<text class=\"capacity-label\" x=\"" + Px(right - 4) + "\" y=\"" +
       Px(y(usable / kGiB) - 5) + "\" text-anchor=\"end\">usable " + GibText(usable) +
       " GiB</text>\n";
  // Legend, top first as the stack reads.
  const double lx = right + 24;
  double ly = kTop;
  for (size_t c = kComponents.size(); c-- > 0; ly += 20) {
    s += LegendRow(lx, ly,
                   std::string("<rect fill=\"") + kComponents[c].colour + "\" x=\"" + Px(lx) +
                       "\" y=\"" + Px(ly) + "\" width=\"12\" height=\"12\"/>",
                   kComponents[c].label);
  }
  s += LegendRow(lx, ly,
                 "<line class=\"capacity\" x1=\"" + Px(lx) + "\" x2=\"" + Px(lx + 12) + "\" y1=\"" +
                     Px(ly + 6) + "\" y2=\"" + Px(ly + 6) + "\"/>",
                 "usable capacity");
  ly += 20;
  s += LegendRow(lx, ly,
                 "<line class=\"high\" x1=\"" + Px(lx) + "\" x2=\"" + Px(lx + 12) + "\" y1=\"" +
                     Px(ly + 6) + "\" y2=\"" + Px(ly + 6) + "\"/>",
                 "high estimate");
  return s + "</svg>\n";
}

// Hours against dollars for the Pareto plans (filled diamonds joined by the front's line, in
// order of hours) and the ranked plans (rings labelled by rank, drawn over the diamonds so that a
// plan on both shows both).
std::string CostTimeChart(const std::vector<Estimate>& plans, std::vector<Estimate> pareto) {
  constexpr double kLeft = 80, kTop = 16, kPlotWidth = 600, kPlotHeight = 320, kBottom = 48;
  constexpr double kLegendWidth = 210;
  const double right = kLeft + kPlotWidth, bottom = kTop + kPlotHeight;
  const double width = right + 24 + kLegendWidth, height = bottom + kBottom;
  std::string s = SvgOpen("cost-time-chart", width, height, "Job cost against training time");
  std::vector<Estimate> points = plans;
  points.insert(points.end(), pareto.begin(), pareto.end());
  double x_lo = 0, x_hi = 0, y_lo = 0, y_hi = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    const CostLedger& c = points[i].cost;
    x_lo = i == 0 ? c.training_hours : std::min(x_lo, c.training_hours);
    x_hi = i == 0 ? c.training_hours : std::max(x_hi, c.training_hours);
    y_lo = i == 0 ? c.usd : std::min(y_lo, c.usd);
    y_hi = i == 0 ? c.usd : std::max(y_hi, c.usd);
  }
  const Axis xa = NiceAxis(x_lo, x_hi), ya = NiceAxis(y_lo, y_hi);
  const Scale x{xa.lo, xa.hi, kLeft, right}, y{ya.lo, ya.hi, bottom, kTop};
  s += YAxis(ya, y, kLeft, right);
  for (double t : xa.ticks) {
    const std::string px = Px(x(t));
    s += "<line class=\"grid\" x1=\"" + px + "\" x2=\"" + px + "\" y1=\"" + Px(kTop) + "\" y2=\"" +
         Px(bottom) + "\"/>";
    s += "<text class=\"tick\" x=\"" + px + "\" y=\"" + Px(bottom + 16) +
         "\" text-anchor=\"middle\">" + TickLabel(t, xa.step) + "</text>\n";
  }
  s += "<line class=\"axis-line\" x1=\"" + Px(kLeft) + "\" x2=\"" + Px(right) + "\" y1=\"" +
       Px(bottom) + "\" y2=\"" + Px(bottom) + "\"/>";
  s += "<line class=\"axis-line\" x1=\"" + Px(kLeft) + "\" x2=\"" + Px(kLeft) + "\" y1=\"" +
       Px(kTop) + "\" y2=\"" + Px(bottom) + "\"/>\n";
  s += "<text x=\"" + Px(kLeft + kPlotWidth / 2) + "\" y=\"" + Px(height - 8) +
       "\" text-anchor=\"middle\">training hours</text>\n";
  s += "<text x=\"16\" y=\"" + Px(kTop + kPlotHeight / 2) + "\" transform=\"rotate(-90 16 " +
       Px(kTop + kPlotHeight / 2) + ")\" text-anchor=\"middle\">job cost (USD)</text>\n";
  if (plans.empty() && pareto.empty()) {
    s += "<text x=\"" + Px(kLeft + kPlotWidth / 2) + "\" y=\"" + Px(kTop + kPlotHeight / 2) +
         "\" text-anchor=\"middle\">No plan fits</text>\n";
  }
  std::stable_sort(pareto.begin(), pareto.end(), [](const Estimate& a, const Estimate& b) {
    return a.cost.training_hours < b.cost.training_hours;
  });
  if (pareto.size() > 1) {
    s += "<polyline class=\"pareto-front\" points=\"";
    for (const Estimate& e : pareto) {
      s += Px(x(e.cost.training_hours)) + "," + Px(y(e.cost.usd)) + " ";
    }
    s += "\"/>\n";
  }
  auto tooltip = [](const std::string& head, const Estimate& e) {
    return "<title>" + HtmlEscape(head + RecipeLine(e.plan)) + ": " +
           Fixed(e.cost.training_hours, 1) + " h, $" + Fixed(e.cost.usd, 0) + ", peak " +
           GibText(e.memory.gpu_peak_bytes) + " GiB</title>";
  };
  for (const Estimate& e : pareto) {
    s += Diamond(x(e.cost.training_hours), y(e.cost.usd), 6, "class=\"pareto\"",
                 tooltip("Pareto: ", e)) +
         "\n";
  }
  for (size_t i = 0; i < plans.size(); ++i) {
    const double cx = x(plans[i].cost.training_hours), cy = y(plans[i].cost.usd);
    s += "<circle class=\"plan\" cx=\"" + Px(cx) + "\" cy=\"" + Px(cy) + "\" r=\"8\">" +
         tooltip("#" + std::to_string(i + 1) + " ", plans[i]) + "</circle>";
    s += "<text class=\"rank\" x=\"" + Px(cx + 9) + "\" y=\"" + Px(cy - 8) + "\">" +
         std::to_string(i + 1) + "</text>\n";
  }
  const double lx = right + 24;
  s += LegendRow(
      lx, kTop,
      "<circle class=\"plan\" cx=\"" + Px(lx + 6) + "\" cy=\"" + Px(kTop + 6) + "\" r=\"5\"/>",
      "ranked plan (number: rank)");
  s += LegendRow(lx, kTop + 20,
                 "<line class=\"pareto-front\" x1=\"" + Px(lx) + "\" x2=\"" + Px(lx + 12) +
                     "\" y1=\"" + Px(kTop + 26) + "\" y2=\"" + Px(kTop + 26) + "\"/>" +
                     Diamond(lx + 6, kTop + 26, 5, "class=\"legend-pareto\" fill=\"#d55e00\""),
                 "Pareto front");
  return s + "</svg>\n";
}

std::string Cell(const std::string& text, bool is_text = false) {
  return std::string(is_text ? "<td class=\"text\">" : "<td>") + HtmlEscape(text) + "</td>";
}

std::string PlanTable(const std::vector<Estimate>& plans) {
  std::string s =
      "<table class=\"plans\">\n<tr><th>#</th><th class=\"text\">recipe</th>"
      "<th class=\"text\">verdict</th><th>peak GiB</th><th>of GiB</th><th>step s</th>"
      "<th>hours</th><th>USD</th><th>MFU</th></tr>\n";
  for (size_t i = 0; i < plans.size(); ++i) {
    const Estimate& e = plans[i];
    s += e.verdict == Verdict::kTight ? "<tr class=\"plan tight\">" : "<tr class=\"plan\">";
    s += Cell(std::to_string(i + 1)) + Cell(RecipeLine(e.plan), true) +
         Cell(kVerdictNames[int(e.verdict)], true) + Cell(GibText(e.memory.gpu_peak_bytes)) +
         Cell(GibText(e.memory.gpu_usable_bytes)) + Cell(Fixed(e.time.step_seconds, 2)) +
         Cell(Fixed(e.cost.training_hours, 1)) + Cell(Fixed(e.cost.usd, 0)) +
         Cell(Fixed(100 * e.time.mfu, 1) + "%") + "</tr>\n";
  }
  return s + "</table>\n";
}

std::string ParetoTable(const std::vector<Estimate>& pareto) {
  std::string s =
      "<table class=\"pareto-plans\">\n<tr><th class=\"text\">recipe</th>"
      "<th class=\"text\">verdict</th><th>peak GiB</th><th>headroom GiB</th><th>hours</th>"
      "<th>USD</th></tr>\n";
  for (const Estimate& e : pareto) {
    s += "<tr class=\"pareto-plan\">" + Cell(RecipeLine(e.plan), true) +
         Cell(kVerdictNames[int(e.verdict)], true) + Cell(GibText(e.memory.gpu_peak_bytes)) +
         Cell(GibText(e.memory.gpu_usable_bytes - e.memory.gpu_peak_bytes)) +
         Cell(Fixed(e.cost.training_hours, 1)) + Cell(Fixed(e.cost.usd, 0)) + "</tr>\n";
  }
  return s + "</table>\n";
}

std::string ClosestTable(const std::vector<Estimate>& closest) {
  std::string s =
      "<table class=\"closest\">\n<tr><th class=\"text\">recipe</th>"
      "<th class=\"text\">why it does not fit</th></tr>\n";
  for (const Estimate& e : closest) {
    s += "<tr class=\"closest\">" + Cell(RecipeLine(e.plan), true) + Cell(ReasonText(e), true) +
         "</tr>\n";
  }
  return s + "</table>\n";
}

std::string WorkloadList(const Workload& w) {
  const Cluster& c = w.cluster;
  auto row = [](const char* term, const std::string& value) {
    return std::string("<dt>") + term + "</dt><dd>" + HtmlEscape(value) + "</dd>\n";
  };
  return "<dl class=\"workload\">\n" +
         row("model",
             w.model.name + " (" + Fixed(w.stats.total_params / 1e9, 2) + "B parameters)") +
         row("cluster", c.name + ": " + std::to_string(c.nodes) + " node(s) × " +
                            std::to_string(c.gpus_per_node) + " " + c.gpu.name + ", $" +
                            Fixed(c.price_per_gpu_hour, 2) + " per GPU-hour") +
         row("job", std::string(w.job.kind == JobKind::kFinetune ? "fine-tune" : "pre-train") +
                        ", sequence length " + std::to_string(w.job.seq_len) + ", global batch " +
                        std::to_string(w.job.global_batch) + " sequences, " +
                        Fixed(w.job.train_tokens / 1e6, 0) + "M training tokens") +
         "</dl>\n";
}

std::string StatsParagraph(const SearchStats& st) {
  std::string s = "Searched " + std::to_string(st.evaluated + st.pruned) + " of " +
                  std::to_string(st.space) + " legal plans (" + std::to_string(st.evaluated) +
                  " evaluated, " + std::to_string(st.pruned) + " pruned, " +
                  std::to_string(st.feasible) + " fit) in " + Fixed(st.seconds, 3) + " s on " +
                  std::to_string(st.threads) + " threads.";
  if (!st.cut.empty()) s += " The search was cut short by the " + st.cut + ".";
  return "<p class=\"stats\">" + HtmlEscape(s) + "</p>\n";
}

}  // namespace

std::string HtmlReport(const Workload& w, const SearchResult& r) {
  const std::string title = "fitplan: " + w.model.name + " on " + w.cluster.name;
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>" +
      HtmlEscape(title) + "</title>\n<style>" + kCss + "</style>\n</head>\n<body>\n";
  h += "<h1>" + HtmlEscape(title) + "</h1>\n" + WorkloadList(w) + StatsParagraph(r.stats);
  h += "<h2>GPU memory at the peak</h2>\n";
  h += "<p class=\"note\">Per GPU, on the busiest GPU, in the phase where memory peaks. The dashed "
       "red line is what a process can allocate; the black mark is the high estimate, which 90% "
       "of published measurements stay under. A plan is <em>tight</em> when only its central "
       "estimate fits.</p>\n";
  h += MemoryChart(w, r.plans);
  h += "<h2>Cost and time</h2>\n";
  h += "<p class=\"note\">Every plan uses all " + std::to_string(w.cluster.total_gpus()) +
       " GPUs, so the job's cost is its hours times the cluster's hourly price and the points lie "
       "on one line. The Pareto plans are those no other plan beats on cost, hours and memory "
       "headroom at once: along the front, faster plans leave less memory to spare.</p>\n";
  h += CostTimeChart(r.plans, r.pareto);
  h += "<h2>Ranked plans</h2>\n";
  if (r.plans.empty()) {
    h += "<p>No plan fits.</p>\n";
    if (!r.closest.empty()) h += "<p>Closest:</p>\n" + ClosestTable(r.closest);
  } else {
    h += PlanTable(r.plans);
  }
  if (!r.pareto.empty()) h += "<h2>Pareto front</h2>\n" + ParetoTable(r.pareto);
  return h + "<p class=\"note\">Generated by fitplan.</p>\n</body>\n</html>\n";
}

}  // namespace fitplan
