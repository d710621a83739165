// The charts both HTML reports draw (planner/html_charts.h), in the modes `rent` adds: memory bars
// in percent of each GPU's own usable memory, a log hours axis, rings coloured per series. (The
// GiB mode and the plan's marks: tests/planner/report_html_test.cc.)
#include "planner/html_charts.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "planner/core/units.h"
#include "tests/test_support.h"

namespace fitplan {
namespace {

using testing::CountOf;

// `weights_gib` of weights on a GPU with `usable_gib` usable; the high estimate twice the peak.
MemoryBar Bar(const std::string& rank, double weights_gib, double usable_gib) {
  MemoryBar b{rank, "#" + rank, {}};
  b.memory.gpu_usable_bytes = usable_gib * kGiB;
  b.memory.breakdown.weights = weights_gib * kGiB;
  b.memory.gpu_peak_bytes = weights_gib * kGiB;
  b.memory.gpu_peak_high_bytes = 2 * weights_gib * kGiB;
  return b;
}

TEST(HtmlChartsTest, PercentBarsAreScaledToTheirOwnGpu) {
  // 10 of 20 GiB and 40 of 80 GiB are both 50%, high estimates 100%: axis 0..100 over 300 px
  // from y = 316 up to y = 16, so each weights segment spans y 166 (50%) to 316, height 150.
  const std::string svg = MemoryChart({Bar("1", 10, 20), Bar("2", 40, 80)},
                                      {.percent_of_usable = true, .usable_bytes = 0});
  EXPECT_EQ(CountOf(svg, "y=\"166.0\" width=\"44.8\" height=\"150.0\">"), 2u) << svg;
  // Both high marks at 100%, the top of the axis; the capacity line there too.
  EXPECT_EQ(CountOf(svg, "<line class=\"high\" x1="), 2u + 1);  // + the legend's
  EXPECT_EQ(CountOf(svg, "y1=\"16.0\" y2=\"16.0\">"), 2u);
  EXPECT_NE(svg.find("<line class=\"capacity\" x1=\"64.0\" x2=\"384.0\" y1=\"16.0\" y2=\"16.0\"/>"),
            std::string::npos);
  EXPECT_NE(svg.find(">usable (100%)</text>"), std::string::npos);
  EXPECT_NE(svg.find(">% of usable GPU memory</text>"), std::string::npos);
  // The tooltips keep the bytes, and say of how many.
  EXPECT_NE(svg.find("#1 high estimate 20.0 GiB (peak 10.0 of 20.0 usable)"), std::string::npos);
}

CostTimePoint At(double hours, double usd, const std::string& rank, const std::string& colour) {
  return {hours, usd, rank, "row " + rank, colour};
}

TEST(HtmlChartsTest, HoursTurnLogarithmicPastThirtyTimes) {
  // 1..30 h stays linear (0..30 in steps of 5); 1..31 h is logarithmic, ticked 1, 2, 5, 10, 20,
  // 50 over the 600 px from x = 80, so 1 h sits at the left edge.
  // (Dollars 1000..2000 and ranks "p", "q" share no label with the hours' ticks.)
  const std::string linear = CostTimeChart({{At(1, 1000, "p", ""), At(30, 2000, "q", "")}, {}, {}});
  EXPECT_EQ(linear.find("(log scale)"), std::string::npos);
  EXPECT_NE(linear.find(">training hours</text>"), std::string::npos);
  const std::string log = CostTimeChart({{At(1, 1000, "p", ""), At(31, 2000, "q", "")}, {}, {}});
  EXPECT_NE(log.find(">training hours (log scale)</text>"), std::string::npos);
  EXPECT_NE(log.find("<circle class=\"plan\" cx=\"80.0\""), std::string::npos) << log;
  for (const char* tick :
       {">1</text>", ">2</text>", ">5</text>", ">10</text>", ">20</text>", ">50</text>"}) {
    EXPECT_NE(log.find(tick), std::string::npos) << tick;
  }
}

TEST(HtmlChartsTest, RingsTakeTheirSeriesColourAndParetoPointsTheirRank) {
  CostTimeChartData data;
  data.ranked = {At(2, 10, "1", "#0072b2"), At(1, 12, "2", "#009e73"), At(3, 15, "3", "#0072b2")};
  data.pareto = {data.ranked[0], data.ranked[1]};
  data.legend = {{"h100 <sxm>", "#0072b2"}, {"a100", "#009e73"}};
  const std::string svg = CostTimeChart(data);
  EXPECT_EQ(CountOf(svg, "<circle class=\"plan\" style=\"stroke: #0072b2\""), 2u + 1);  // + legend
  EXPECT_EQ(CountOf(svg, "<circle class=\"plan\" style=\"stroke: #009e73\""), 1u + 1);
  EXPECT_EQ(CountOf(svg, "<path class=\"pareto\" data-rank=\"1\""), 1u);
  EXPECT_EQ(CountOf(svg, "<path class=\"pareto\" data-rank=\"2\""), 1u);
  EXPECT_EQ(CountOf(svg, "<path class=\"pareto\""), 2u);
  EXPECT_EQ(CountOf(svg, "<polyline class=\"pareto-front\""), 1u);
  EXPECT_NE(svg.find(">h100 &lt;sxm&gt;</text>"), std::string::npos);
}

}  // namespace
}  // namespace fitplan
