// The HTML page of `fitplan rent --report FILE` (declared in planner/report_rent.h): the charts
// and frame of the plan report (planner/html_charts.h, planner/html_page.h) over rent's rows.
#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "planner/html_charts.h"
#include "planner/html_page.h"
#include "planner/report_rent.h"
#include "planner/svg_chart.h"

namespace fitplan {
namespace {

// Ring colours for the GPU types, in order of first appearance down the rows: Okabe-Ito without
// its vermilion (the Pareto diamonds') and yellow (too faint for a ring), then darker hues. Past
// ten GPU types they repeat; the legend and the tooltips still name each.
constexpr std::array<const char*, 10> kGpuColours = {"#0072b2", "#009e73", "#cc79a7", "#56b4e9",
                                                     "#e69f00", "#000000", "#8c510a", "#7b3294",
                                                     "#999999", "#1b7837"};

// What a page shows: its rows, each with the label the text formats give it.
struct Page {
  std::string title;
  std::string label_header;  // the table's first column: "#" or "GPUs"
  std::string stats;         // the search statistics, one line
  std::vector<RentRow> rows;
  std::vector<std::string> labels;  // one per row
};

// The GPU types of `rows` in order of first appearance.
std::vector<std::string> GpuTypes(const std::vector<RentRow>& rows) {
  std::vector<std::string> types;
  for (const RentRow& row : rows) {
    const std::string& gpu = row.candidate.cluster.gpu.name;
    if (std::find(types.begin(), types.end(), gpu) == types.end()) types.push_back(gpu);
  }
  return types;
}

// Row i in tooltips: "#3", or "8 GPUs" on a --min-gpus page.
std::string RowName(const Page& p, size_t i) {
  return p.label_header == "#" ? "#" + p.labels[i] : p.labels[i] + " " + p.label_header;
}

// "#3 lambda-h100-2x8 (h100-sxm-80gb): recipe: 2.10 h, $99, peak 37.8 of 79.2 GiB".
std::string Tooltip(const Page& p, size_t i) {
  const RentRow& row = p.rows[i];
  const Estimate& e = row.best;
  const Cluster& c = row.candidate.cluster;
  return RowName(p, i) + " " + c.name + " (" + c.gpu.name + "): " + RecipeLine(e.plan) + ": " +
         Fixed(e.cost.training_hours, 2) + " h, $" + Fixed(e.cost.usd, 0) + ", peak " +
         GibText(e.memory.gpu_peak_bytes) + " of " + GibText(e.memory.gpu_usable_bytes) + " GiB";
}

// A ring per row coloured by its GPU type, a diamond per row on the front.
CostTimeChartData CostTimeData(const Page& p) {
  const std::vector<std::string> types = GpuTypes(p.rows);
  CostTimeChartData data;
  for (size_t t = 0; t < types.size(); ++t) {
    data.legend.push_back({types[t], kGpuColours[t % kGpuColours.size()]});
  }
  const std::vector<bool> front = CostTimeFront(p.rows);
  for (size_t i = 0; i < p.rows.size(); ++i) {
    const Estimate& e = p.rows[i].best;
    const size_t t =
        size_t(std::find(types.begin(), types.end(), p.rows[i].candidate.cluster.gpu.name) -
               types.begin());
    const CostTimePoint point{e.cost.training_hours, e.cost.usd, p.labels[i], Tooltip(p, i),
                              data.legend[t].colour};
    data.ranked.push_back(point);
    if (front[i]) data.pareto.push_back(point);
  }
  return data;
}

std::vector<MemoryBar> MemoryBars(const Page& p) {
  std::vector<MemoryBar> bars;
  for (size_t i = 0; i < p.rows.size(); ++i) {
    bars.push_back({p.labels[i], RowName(p, i), p.rows[i].best.memory});
  }
  return bars;
}

// Recipes are long: their cells wrap (at the spaces around " · ") to keep the page's width.
std::string RecipeCell(const Plan& plan) {
  return "<td class=\"text wrap\">" + HtmlEscape(RecipeLine(plan)) + "</td>";
}

// The row table: label, offer, GPU, shape, $/GPU-h, recipe, verdict, peak/usable GiB, hours, USD.
std::string RowTable(const Page& p, std::span<const Offer> offers) {
  std::string s = "<table class=\"plans\">\n<tr><th>" + HtmlEscape(p.label_header) +
                  "</th><th class=\"text\">offer</th><th class=\"text\">GPU</th><th>shape</th>"
                  "<th>$/GPU-h</th><th class=\"text\">recipe</th><th class=\"text\">verdict</th>"
                  "<th>peak/usable GiB</th><th>hours</th><th>USD</th></tr>\n";
  for (size_t i = 0; i < p.rows.size(); ++i) {
    const RentRow& row = p.rows[i];
    const std::vector<std::string> c = RentCells(row, offers);
    s += row.best.verdict == Verdict::kTight ? "<tr class=\"plan tight\">" : "<tr class=\"plan\">";
    s += HtmlCell(p.labels[i]) + HtmlCell(c[0], true) + HtmlCell(c[1], true) + HtmlCell(c[2]) +
         HtmlCell(c[3]) + RecipeCell(row.best.plan) + HtmlCell(c[7], true) + HtmlCell(c[4]) +
         HtmlCell(c[5]) + HtmlCell(c[6]) + "</tr>\n";
  }
  return s + "</table>\n";
}

constexpr const char* kCostTimeNote =
    "<p class=\"note\">A point per row: a cluster on offer with its cheapest plan, coloured by GPU "
    "type. Larger clusters finish sooner, usually for more dollars. The Pareto front joins the "
    "rows "
    "that no other row beats on both hours and dollars; every row off it is slower and dearer than "
    "one on it.</p>\n";

constexpr const char* kMemoryNote =
    "<p class=\"note\">Per GPU, on the busiest GPU, in the phase where memory peaks, in percent of "
    "what a process can allocate on that row's GPU (GPUs differ, so each bar is scaled to its "
    "own). The dashed red line is 100%; the black mark is the high estimate, which 90% of "
    "published measurements stay under. A row is <em>tight</em> when only its central estimate "
    "fits.</p>\n";

std::string RenderPage(const RentContext& x, const Page& p) {
  std::vector<const RentRow*> priced;
  for (const RentRow& row : p.rows) priced.push_back(&row);
  std::string h = HtmlPageStart(p.title);
  h += HtmlDescriptionList({{"model", ModelDescription(x.model)},
                            {"job", JobDescription(x.job)},
                            {"offers", std::string(x.offers_file) + " (" +
                                           std::to_string(x.offers.size()) + " offers)"}});
  h += "<p class=\"stats\">" + HtmlEscape(p.stats) + "</p>\n";
  h += "<h2>Cost and time</h2>\n" + std::string(kCostTimeNote) + CostTimeChart(CostTimeData(p));
  h += "<h2>GPU memory at the peak</h2>\n" + std::string(kMemoryNote);
  const std::string x_title = p.label_header == "#" ? "cluster (rank)" : "cluster (GPUs)";
  h += MemoryChart(MemoryBars(p),
                   {.percent_of_usable = true, .usable_bytes = 0, .x_title = x_title});
  h += "<h2>Clusters</h2>\n";
  h += p.rows.empty() ? "<p>No cluster on offer fits the job.</p>\n" : RowTable(p, x.offers);
  const std::string prices = PriceNote(x, priced);
  if (!prices.empty()) h += "<p class=\"note\">" + HtmlEscape(prices) + "</p>\n";
  return h + HtmlPageEnd();
}

// A line of the text formats as a sentence: capitalized, without the newline.
std::string Sentence(std::string line) {
  if (!line.empty() && line.back() == '\n') line.pop_back();
  if (!line.empty() && line.front() >= 'a' && line.front() <= 'z') line.front() += 'A' - 'a';
  return line;
}

}  // namespace

std::vector<bool> CostTimeFront(std::span<const RentRow> rows) {
  std::vector<bool> front(rows.size(), true);
  for (size_t i = 0; i < rows.size(); ++i) {
    const CostLedger& a = rows[i].best.cost;
    for (const RentRow& other : rows) {
      const CostLedger& b = other.best.cost;
      const bool as_good = b.training_hours <= a.training_hours && b.usd <= a.usd;
      if (as_good && (b.training_hours < a.training_hours || b.usd < a.usd)) front[i] = false;
    }
  }
  return front;
}

std::string RentHtmlReport(const RentContext& x, const RentResult& r) {
  Page p{"fitplan rent: " + x.model.name + ", cheapest clusters on offer",
         "#",
         Sentence(RentStatsLine(r.stats)),
         r.rows,
         {}};
  for (size_t i = 0; i < r.rows.size(); ++i) p.labels.push_back(std::to_string(i + 1));
  return RenderPage(x, p);
}

std::string MinGpusHtmlReport(const RentContext& x, std::string_view gpu, const MinGpusResult& r) {
  Page p{"fitplan rent: " + x.model.name + ", fewest " + std::string(gpu) + " GPUs that fit",
         "GPUs",
         Sentence(MinGpusStatsLine(r)),
         {},
         {}};
  for (const std::optional<RentRow>* row : {&r.tight, &r.fits}) {
    if (!row->has_value()) continue;
    p.rows.push_back(**row);
    p.labels.push_back(std::to_string((*row)->candidate.cluster.total_gpus()));
  }
  return RenderPage(x, p);
}

}  // namespace fitplan
