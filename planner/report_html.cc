// The HTML report of `fitplan plan --report FILE` (declared in planner/report.h): one
// self-contained page — inline CSS and SVG, no script, no reference to the network — so it can be
// mailed, attached to a ticket or opened offline. Tests query its ids and classes:
// svg#memory-chart, svg#cost-time-chart, tr.plan (one per ranked plan), .pareto (one marker per
// Pareto plan in the cost-time chart), tr.pareto-plan.
#include <string>
#include <utility>
#include <vector>

#include "planner/html_charts.h"
#include "planner/html_page.h"
#include "planner/report.h"
#include "planner/svg_chart.h"

namespace fitplan {
namespace {

// A plan's tooltip in the cost-time chart: `head`, the recipe, hours, dollars and peak memory.
std::string PointTooltip(const std::string& head, const Estimate& e) {
  return head + RecipeLine(e.plan) + ": " + Fixed(e.cost.training_hours, 1) + " h, $" +
         Fixed(e.cost.usd, 0) + ", peak " + GibText(e.memory.gpu_peak_bytes) + " GiB";
}

CostTimePoint Point(const Estimate& e, std::string rank, std::string tooltip) {
  return {e.cost.training_hours, e.cost.usd, std::move(rank), std::move(tooltip), ""};
}

// The ranked plans as rings labelled by rank; the Pareto plans (not all of them ranked) as
// diamonds.
CostTimeChartData CostTimeData(const SearchResult& r) {
  CostTimeChartData data;
  for (size_t i = 0; i < r.plans.size(); ++i) {
    const std::string rank = std::to_string(i + 1);
    data.ranked.push_back(Point(r.plans[i], rank, PointTooltip("#" + rank + " ", r.plans[i])));
  }
  for (const Estimate& e : r.pareto) {
    data.pareto.push_back(Point(e, "", PointTooltip("Pareto: ", e)));
  }
  data.legend = {{"ranked plan (number: rank)", ""}};
  return data;
}

std::vector<MemoryBar> MemoryBars(const std::vector<Estimate>& plans) {
  std::vector<MemoryBar> bars;
  for (size_t i = 0; i < plans.size(); ++i) {
    bars.push_back({std::to_string(i + 1), "#" + std::to_string(i + 1), plans[i].memory});
  }
  return bars;
}

std::string PlanTable(const std::vector<Estimate>& plans) {
  std::string s =
      "<table class=\"plans\">\n<tr><th>#</th><th class=\"text\">recipe</th>"
      "<th class=\"text\">verdict</th><th>peak GiB</th><th>of GiB</th><th>step s</th>"
      "<th>hours</th><th>USD</th><th>MFU</th></tr>\n";
  for (size_t i = 0; i < plans.size(); ++i) {
    const Estimate& e = plans[i];
    s += e.verdict == Verdict::kTight ? "<tr class=\"plan tight\">" : "<tr class=\"plan\">";
    s += HtmlCell(std::to_string(i + 1)) + HtmlCell(RecipeLine(e.plan), true) +
         HtmlCell(kVerdictNames[int(e.verdict)], true) +
         HtmlCell(GibText(e.memory.gpu_peak_bytes)) + HtmlCell(GibText(e.memory.gpu_usable_bytes)) +
         HtmlCell(Fixed(e.time.step_seconds, 2)) + HtmlCell(Fixed(e.cost.training_hours, 1)) +
         HtmlCell(Fixed(e.cost.usd, 0)) + HtmlCell(Fixed(100 * e.time.mfu, 1) + "%") + "</tr>\n";
  }
  return s + "</table>\n";
}

std::string ParetoTable(const std::vector<Estimate>& pareto) {
  std::string s =
      "<table class=\"pareto-plans\">\n<tr><th class=\"text\">recipe</th>"
      "<th class=\"text\">verdict</th><th>peak GiB</th><th>headroom GiB</th><th>hours</th>"
      "<th>USD</th></tr>\n";
  for (const Estimate& e : pareto) {
    s += "<tr class=\"pareto-plan\">" + HtmlCell(RecipeLine(e.plan), true) +
         HtmlCell(kVerdictNames[int(e.verdict)], true) +
         HtmlCell(GibText(e.memory.gpu_peak_bytes)) +
         HtmlCell(GibText(e.memory.gpu_usable_bytes - e.memory.gpu_peak_bytes)) +
         HtmlCell(Fixed(e.cost.training_hours, 1)) + HtmlCell(Fixed(e.cost.usd, 0)) + "</tr>\n";
  }
  return s + "</table>\n";
}

std::string ClosestTable(const std::vector<Estimate>& closest) {
  std::string s =
      "<table class=\"closest\">\n<tr><th class=\"text\">recipe</th>"
      "<th class=\"text\">why it does not fit</th></tr>\n";
  for (const Estimate& e : closest) {
    s += "<tr class=\"closest\">" + HtmlCell(RecipeLine(e.plan), true) +
         HtmlCell(ReasonText(e), true) + "</tr>\n";
  }
  return s + "</table>\n";
}

std::string WorkloadList(const Workload& w) {
  const Cluster& c = w.cluster;
  return HtmlDescriptionList(
      {{"model", ModelDescription(w.model)},
       {"cluster", c.name + ": " + std::to_string(c.nodes) + " node(s) × " +
                       std::to_string(c.gpus_per_node) + " " + c.gpu.name + ", $" +
                       Fixed(c.price_per_gpu_hour, 2) + " per GPU-hour"},
       {"job", JobDescription(w.job)}});
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
  std::string h = HtmlPageStart(title) + WorkloadList(w) + StatsParagraph(r.stats);
  h += "<h2>GPU memory at the peak</h2>\n";
  h += "<p class=\"note\">Per GPU, on the busiest GPU, in the phase where memory peaks. The dashed "
       "red line is what a process can allocate; the black mark is the high estimate, which 90% "
       "of published measurements stay under. A plan is <em>tight</em> when only its central "
       "estimate fits.</p>\n";
  const double usable =
      r.plans.empty() ? w.gpu_usable_bytes : r.plans.front().memory.gpu_usable_bytes;
  h += MemoryChart(MemoryBars(r.plans),
                   {.percent_of_usable = false, .usable_bytes = usable, .x_title = "plan (rank)"});
  h += "<h2>Cost and time</h2>\n";
  h += "<p class=\"note\">Every plan uses all " + std::to_string(w.cluster.total_gpus()) +
       " GPUs, so the job's cost is its hours times the cluster's hourly price and the points lie "
       "on one line. The Pareto plans are those no other plan beats on cost, hours and memory "
       "headroom at once: along the front, faster plans leave less memory to spare.</p>\n";
  h += CostTimeChart(CostTimeData(r));
  h += "<h2>Ranked plans</h2>\n";
  if (r.plans.empty()) {
    h += "<p>No plan fits.</p>\n";
    if (!r.closest.empty()) h += "<p>Closest:</p>\n" + ClosestTable(r.closest);
  } else {
    h += PlanTable(r.plans);
  }
  if (!r.pareto.empty()) h += "<h2>Pareto front</h2>\n" + ParetoTable(r.pareto);
  return h + HtmlPageEnd();
}

}  // namespace fitplan
