// The HTML page of `fitplan rent --report` (planner/report_rent_html.cc) on fake rows: what a test
// or a browser can rely on — self-contained, no script, the documented ids and classes, the Pareto
// front over (hours, USD) exactly, escaped input.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "hardware/gpu_catalog.h"
#include "planner/core/units.h"
#include "planner/model_catalog.h"
#include "planner/report_rent.h"
#include "tests/planner/html_checks.h"
#include "tests/test_support.h"

namespace fitplan {
namespace {

using testing::CountOf;

// Two offers: a hostile name (offer names are free of spaces and '/', nothing else) and a plain
// one; sources are URLs, which the page must not carry.
std::vector<Offer> FakeOffers() {
  Offer h100;
  h100.name = "a<&>b";
  h100.machine.gpu = *FindGpu("h100-sxm-80gb");
  h100.machine.price_per_gpu_hour = 3;
  h100.price_date = "2026-11";
  h100.source = "https://example.com/h100";
  Offer l4 = h100;
  l4.name = "l4";
  l4.machine.gpu = *FindGpu("l4-24gb");
  l4.machine.price_per_gpu_hour = 1;
  return {h100, l4};
}

// A row on `nodes`×8 GPUs of offers[offer] whose best plan takes `hours` and costs `usd`, its
// peak at half the GPU's usable memory.
RentRow Row(const std::vector<Offer>& offers, int offer, int nodes, double hours, double usd) {
  RentRow row;
  row.candidate.offer = offer;
  Cluster& c = row.candidate.cluster;
  c = offers[size_t(offer)].machine;
  c.nodes = nodes;
  c.gpus_per_node = 8;
  c.name = offers[size_t(offer)].name + "-" + std::to_string(nodes) + "x8";
  Estimate& e = row.best;
  e.verdict = Verdict::kFits;
  e.plan.dp = 8 * nodes;
  e.memory.gpu_usable_bytes = c.gpu.memory_bytes * 0.95;
  e.memory.breakdown.weights = e.memory.gpu_usable_bytes / 2;
  e.memory.gpu_peak_bytes = e.memory.breakdown.weights;
  e.memory.gpu_peak_high_bytes = 2 * e.memory.gpu_peak_bytes;
  e.cost.training_hours = hours;
  e.cost.usd = usd;
  return row;
}

// Six rows in rank order (cheapest first), as (hours, USD):
//   1 (20, 100)  on the front: the cheapest
//   2 (10, 110)  on the front: faster than 1
//   3 (25, 120)  off: 1 is faster and cheaper
//   4 ( 5, 130)  on the front: faster than 1 and 2
//   5 (10, 140)  off: 2 is as fast and cheaper
//   6 ( 4, 200)  on the front: the fastest
RentResult SixRows(const std::vector<Offer>& offers) {
  RentResult r;
  r.rows = {Row(offers, 1, 1, 20, 100), Row(offers, 0, 1, 10, 110), Row(offers, 1, 2, 25, 120),
            Row(offers, 0, 2, 5, 130),  Row(offers, 1, 4, 10, 140), Row(offers, 0, 4, 4, 200)};
  r.rows[2].best.verdict = Verdict::kTight;
  r.stats.candidates = 12;
  r.stats.outranked = 4;
  r.stats.without_plan = 2;
  return r;
}

// The page for SixRows: model and job from the catalog, the offers file named with markup too.
std::string SixRowPage() {
  static const std::vector<Offer> offers = FakeOffers();
  const Job job;
  const RentContext context{*FindModel("llama-3.1-8b"), job, offers, "my<offers>.yaml"};
  return RentHtmlReport(context, SixRows(offers));
}

// The offers' sources (https://...) stay out too.
TEST(ReportRentHtmlTest, IsSelfContainedAndScriptFree) {
  testing::ExpectSelfContainedPage(SixRowPage(), 2);
}

TEST(ReportRentHtmlTest, HasBothChartsAndOneRowPerRankedRow) {
  const std::string html = SixRowPage();
  EXPECT_EQ(CountOf(html, "<svg id=\"cost-time-chart\""), 1u);
  EXPECT_EQ(CountOf(html, "<svg id=\"memory-chart\""), 1u);
  EXPECT_EQ(CountOf(html, "<tr class=\"plan\">"), 5u);
  EXPECT_EQ(CountOf(html, "<tr class=\"plan tight\">"), 1u);
  // A ring per row coloured by its GPU type, the types in order of first appearance (row 1 rents
  // the l4, so the l4 takes the first colour), + a legend ring per type.
  EXPECT_EQ(CountOf(html, "<circle class=\"plan\" style=\"stroke: #0072b2\""), 3u + 1);  // l4
  EXPECT_EQ(CountOf(html, "<circle class=\"plan\" style=\"stroke: #009e73\""), 3u + 1);  // h100
  // A bar per row, each weights segment at 50% of its own GPU's usable memory.
  EXPECT_EQ(CountOf(html, "<rect class=\"seg weights\""), 6u);
  EXPECT_EQ(CountOf(html, "<g class=\"bar\""), 6u);
  EXPECT_NE(html.find(">usable (100%)</text>"), std::string::npos);
  EXPECT_NE(html.find("Searched 12 clusters in 0.00 s (4 outranked by the rows above, 2 without"),
            std::string::npos);
}

TEST(ReportRentHtmlTest, ParetoPointsAreExactlyTheNonDominatedRows) {
  const std::vector<Offer> offers = FakeOffers();
  const RentResult r = SixRows(offers);
  EXPECT_EQ(CostTimeFront(r.rows), (std::vector<bool>{true, true, false, true, false, true}));
  const std::string html = SixRowPage();
  std::set<std::string> ranks;
  const std::regex pareto("<path class=\"pareto\" data-rank=\"([0-9]+)\"");
  for (auto m = std::sregex_iterator(html.begin(), html.end(), pareto); m != std::sregex_iterator();
       ++m) {
    ranks.insert((*m)[1]);
  }
  EXPECT_EQ(ranks, (std::set<std::string>{"1", "2", "4", "6"}));
  EXPECT_EQ(CountOf(html, "<path class=\"pareto\""), 4u);
  EXPECT_EQ(CountOf(html, "<polyline class=\"pareto-front\""), 1u);
}

TEST(ReportRentHtmlTest, RowsAtOnePointAreBothOnTheFrontOrBothOff) {
  const std::vector<Offer> offers = FakeOffers();
  const std::vector<RentRow> rows = {Row(offers, 0, 1, 10, 100), Row(offers, 1, 1, 10, 100),
                                     Row(offers, 0, 2, 10, 120), Row(offers, 1, 2, 10, 120)};
  EXPECT_EQ(CostTimeFront(rows), (std::vector<bool>{true, true, false, false}));
}

TEST(ReportRentHtmlTest, EscapesEveryStringFromTheInput) {
  const std::string html = SixRowPage();
  EXPECT_EQ(html.find("a<&>b"), std::string::npos);
  EXPECT_EQ(html.find("my<offers>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"text\">a&lt;&amp;&gt;b</td>"), std::string::npos);
  EXPECT_NE(html.find("a&lt;&amp;&gt;b-2x8 (h100-sxm-80gb)"), std::string::npos);  // a tooltip
  EXPECT_NE(html.find("<dd>my&lt;offers&gt;.yaml (2 offers)</dd>"), std::string::npos);
}

TEST(ReportRentHtmlTest, MinGpusPageShowsTheTightAndTheFittingRow) {
  const std::vector<Offer> offers = FakeOffers();
  const Job job;
  const RentContext context{*FindModel("llama-3.1-8b"), job, offers, "offers.yaml"};
  MinGpusResult r;
  r.tight = Row(offers, 0, 1, 10, 240);
  r.tight->best.verdict = Verdict::kTight;
  r.fits = Row(offers, 0, 2, 5, 240);
  r.searched = 2;
  r.largest_tried = 16;
  const std::string html = MinGpusHtmlReport(context, "h100-sxm-80gb", r);
  EXPECT_NE(html.find("<title>fitplan rent: llama-3.1-8b, fewest h100-sxm-80gb GPUs that fit"),
            std::string::npos);
  EXPECT_EQ(CountOf(html, "<tr class=\"plan tight\"><td>8</td>"), 1u);
  EXPECT_EQ(CountOf(html, "<tr class=\"plan\"><td>16</td>"), 1u);
  EXPECT_NE(html.find("Searched 2 clusters (up to 16 GPUs)"), std::string::npos);
  // Same dollars, the 16 GPUs faster: only they are on the front.
  EXPECT_EQ(CountOf(html, "<path class=\"pareto\" data-rank=\"16\""), 1u);
  EXPECT_EQ(CountOf(html, "<path class=\"pareto\""), 1u);
}

TEST(ReportRentHtmlTest, NoRowsStillDrawsBothCharts) {
  const std::vector<Offer> offers = FakeOffers();
  const Job job;
  const RentContext context{*FindModel("llama-3.1-8b"), job, offers, "offers.yaml"};
  const std::string html = RentHtmlReport(context, RentResult{});
  EXPECT_EQ(CountOf(html, "<svg id=\"cost-time-chart\""), 1u);
  EXPECT_EQ(CountOf(html, "<svg id=\"memory-chart\""), 1u);
  EXPECT_EQ(CountOf(html, "<tr class=\"plan"), 0u);
  EXPECT_NE(html.find("No cluster on offer fits the job."), std::string::npos);
}

}  // namespace
}  // namespace fitplan
