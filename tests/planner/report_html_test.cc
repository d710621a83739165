// The HTML report (planner/report_html.cc) on fake search results: what a test or a browser can
// rely on — self-contained, no script, the documented ids and classes, escaped input.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "planner/core/units.h"
#include "planner/report.h"
#include "tests/planner/html_checks.h"
#include "tests/test_support.h"

namespace fitplan {
namespace {

using testing::A100Cluster;
using testing::CatalogWorkload;

size_t Count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// A fitting plan: `gib` GiB of weights (the only non-zero component) on 79.2 GiB usable, with
// hours and dollars in proportion as on a real cluster.
Estimate FakePlan(double gib, double hours, Verdict verdict = Verdict::kFits) {
  Estimate e;
  e.plan.dp = 8;
  e.verdict = verdict;
  e.memory.gpu_usable_bytes = 79.2 * kGiB;
  e.memory.breakdown.weights = gib * kGiB;
  e.memory.gpu_allocated_bytes = gib * kGiB;
  e.memory.gpu_peak_bytes = gib * kGiB;
  e.memory.gpu_peak_high_bytes = 2 * gib * kGiB;
  e.time.step_seconds = 60;
  e.cost.training_hours = hours;
  e.cost.usd = hours * 8 * 1.8;
  return e;
}

Workload EscapingWorkload() {
  Workload w = CatalogWorkload("llama-3.1-8b", A100Cluster(8));
  w.model.name = "<b>x & y</b>";  // a model YAML may be named anything
  w.cluster.name = "lab\"<script>";
  return w;
}

SearchResult ThreePlansTwoOnTheFront() {
  SearchResult r;
  r.plans = {FakePlan(30, 12), FakePlan(40, 13, Verdict::kTight), FakePlan(20, 14)};
  r.pareto = {FakePlan(30, 12), FakePlan(20, 14)};
  r.stats.space = 100;
  r.stats.evaluated = 60;
  r.stats.pruned = 40;
  r.stats.feasible = 3;
  r.stats.threads = 2;
  return r;
}

TEST(ReportHtmlTest, IsSelfContainedAndScriptFree) {
  testing::ExpectSelfContainedPage(HtmlReport(EscapingWorkload(), ThreePlansTwoOnTheFront()), 2);
}

TEST(ReportHtmlTest, HasBothChartsAndOneRowPerRankedPlan) {
  const std::string html = HtmlReport(EscapingWorkload(), ThreePlansTwoOnTheFront());
  EXPECT_EQ(Count(html, "<svg id=\"memory-chart\""), 1u);
  EXPECT_EQ(Count(html, "<svg id=\"cost-time-chart\""), 1u);
  // tr.plan: plain and tight rows alike.
  EXPECT_EQ(Count(html, "<tr class=\"plan\">"), 2u);
  EXPECT_EQ(Count(html, "<tr class=\"plan tight\">"), 1u);
  EXPECT_EQ(Count(html, "<tr class=\"pareto-plan\">"), 2u);
  // Chart marks: a ring per ranked plan, a diamond per Pareto plan, the front as one line.
  EXPECT_EQ(Count(html, "<circle class=\"plan\""), 3u + 1);  // + the legend's
  EXPECT_EQ(Count(html, "<path class=\"pareto\""), 2u);
  EXPECT_EQ(Count(html, "<polyline class=\"pareto-front\""), 1u);
  // Memory: one segment per non-zero component (weights only here), one high mark per plan, the
  // capacity line across the chart.
  EXPECT_EQ(Count(html, "<rect class=\"seg weights\""), 3u);
  EXPECT_EQ(Count(html, "<rect class=\"seg "), 3u);
  EXPECT_EQ(Count(html, "<line class=\"high\""), 3u + 1);      // + the legend's
  EXPECT_EQ(Count(html, "<line class=\"capacity\""), 1u + 1);  // + the legend's
  EXPECT_NE(html.find("usable 79.2 GiB"), std::string::npos);
  EXPECT_NE(html.find("Searched 100 of 100 legal plans (60 evaluated, 40 pruned, 3 fit)"),
            std::string::npos);
}

TEST(ReportHtmlTest, MemoryBarsStackToThePeakOnTheAxisScale) {
  SearchResult r;
  Estimate e = FakePlan(30, 12);
  e.memory.breakdown.activations = 10 * kGiB;  // stacked on the 30 GiB of weights
  e.memory.gpu_peak_bytes = 40 * kGiB;
  e.memory.gpu_peak_high_bytes = 80 * kGiB;
  r.plans = {e};
  const std::string html = HtmlReport(CatalogWorkload("llama-3.1-8b", A100Cluster(8)), r);
  // Axis 0..80 GiB (NiceAxis of 0..80) over 300 px from y = 316 up to y = 16: 3.75 px per GiB.
  // Weights 0..30 GiB: y 203.5, height 112.5; activations 30..40 GiB: y 166, height 37.5.
  EXPECT_NE(html.find("<rect class=\"seg weights\" fill=\"#0072b2\" x=\"73.6\" y=\"203.5\" "
                      "width=\"44.8\" height=\"112.5\">"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("y=\"166.0\" width=\"44.8\" height=\"37.5\">"), std::string::npos);
  // The high estimate (80 GiB) at the top of the axis.
  EXPECT_NE(html.find("<line class=\"high\" x1=\"70.6\" x2=\"121.4\" y1=\"16.0\" y2=\"16.0\">"),
            std::string::npos);
}

TEST(ReportHtmlTest, EscapesEveryStringFromTheInput) {
  const std::string html = HtmlReport(EscapingWorkload(), ThreePlansTwoOnTheFront());
  EXPECT_EQ(html.find("<b>x"), std::string::npos);
  EXPECT_EQ(html.find("lab\"<script>"), std::string::npos);
  EXPECT_NE(
      html.find("<title>fitplan: &lt;b&gt;x &amp; y&lt;/b&gt; on lab&quot;&lt;script&gt;</title>"),
      std::string::npos);
  EXPECT_NE(html.find("<dd>&lt;b&gt;x &amp; y&lt;/b&gt; ("), std::string::npos);
}

TEST(ReportHtmlTest, NothingFitsStillDrawsBothChartsAndSaysWhy) {
  SearchResult r;
  Estimate closest = FakePlan(100, 10, Verdict::kNo);
  closest.broken_limit = Limit::kGpuMemory;
  closest.limit_needed = 100 * kGiB;
  closest.limit_available = 79.2 * kGiB;
  r.closest = {closest};
  const std::string html = HtmlReport(EscapingWorkload(), r);
  EXPECT_EQ(Count(html, "<svg id=\"memory-chart\""), 1u);
  EXPECT_EQ(Count(html, "<svg id=\"cost-time-chart\""), 1u);
  EXPECT_EQ(Count(html, "<tr class=\"plan"), 0u);
  EXPECT_EQ(Count(html, "No plan fits"), 3u);  // both charts and the table's place
  EXPECT_NE(html.find("<tr class=\"closest\">"), std::string::npos);
  EXPECT_NE(html.find(ReasonText(closest)), std::string::npos) << ReasonText(closest);
}

}  // namespace
}  // namespace fitplan
