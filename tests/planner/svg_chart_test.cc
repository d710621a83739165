#include "planner/svg_chart.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace fitplan {
namespace {

TEST(SvgChartTest, EscapesEveryHtmlSpecialCharacter) {
  EXPECT_EQ(HtmlEscape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(HtmlEscape("lora r16 · tp1"), "lora r16 · tp1");  // UTF-8 passes through
}

TEST(SvgChartTest, NiceAxesEndOnRoundTicks) {
  // 0..79.2 GiB in about 5 steps: raw step 15.8 → the next of 1, 2, 5 × 10 is 20.
  const Axis gib = NiceAxis(0, 79.2);
  EXPECT_EQ(gib.step, 20);
  EXPECT_EQ(gib.ticks, (std::vector<double>{0, 20, 40, 60, 80}));
  // 11.8..22.5 hours: raw step 2.14 → 5; ends floor(11.8/5)·5 = 10 and ceil(22.5/5)·5 = 25.
  const Axis hours = NiceAxis(11.8, 22.5);
  EXPECT_EQ(hours.step, 5);
  EXPECT_EQ(hours.lo, 10);
  EXPECT_EQ(hours.hi, 25);
  EXPECT_EQ(hours.ticks.size(), 4u);
  // An end already on a tick stays: 0..100 in steps of 20.
  EXPECT_EQ(NiceAxis(0, 100).hi, 100);
}

TEST(SvgChartTest, EmptyRangeIsWidenedNotBelowZero) {
  // One plan: 202 USD ± 10% = 181.8..222.2, raw step 8.08 → 10, so 180..230.
  const Axis one = NiceAxis(202, 202);
  EXPECT_EQ(one.lo, 180);
  EXPECT_EQ(one.hi, 230);
  const Axis zero = NiceAxis(0, 0);  // 0 ± 1, clamped at 0: 0..1 in steps of 0.2
  EXPECT_EQ(zero.lo, 0);
  EXPECT_DOUBLE_EQ(zero.hi, 1);
}

TEST(SvgChartTest, TickLabelsShowTheDigitsTheStepNeeds) {
  EXPECT_EQ(TickLabel(40, 20), "40");
  EXPECT_EQ(TickLabel(2.5, 0.5), "2.5");
  EXPECT_EQ(TickLabel(0.4, 0.2), "0.4");
  EXPECT_EQ(TickLabel(-1e-12, 0.5), "0.0");  // never "-0.0"
}

TEST(SvgChartTest, ScaleMapsDataOntoPixels) {
  const Scale y{0, 80, 316, 16};  // a y axis: 0 GiB at the bottom (316 px), 80 at the top
  EXPECT_DOUBLE_EQ(y(0), 316);
  EXPECT_DOUBLE_EQ(y(80), 16);
  EXPECT_DOUBLE_EQ(y(20), 241);  // 316 − 20/80 × 300
}

TEST(SvgChartTest, LogAxesTickOneTwoFiveWithinThreeDecades) {
  // 3..150 h (50×): the 1-2-5 values from the one at or below 3 (2) to the one at or above 150.
  const Axis hours = LogAxis(3, 150);
  EXPECT_TRUE(hours.log);
  EXPECT_EQ(hours.ticks, (std::vector<double>{2, 5, 10, 20, 50, 100, 200}));
  EXPECT_EQ(hours.lo, 2);
  EXPECT_EQ(hours.hi, 200);
  // Ends already on a tick stay: 1..100.
  EXPECT_EQ(LogAxis(1, 100).ticks, (std::vector<double>{1, 2, 5, 10, 20, 50, 100}));
  // Below 1: 0.3..4 → 0.2 .. 5.
  const Axis small = LogAxis(0.3, 4);
  ASSERT_EQ(small.ticks.size(), 5u);  // 0.2 0.5 1 2 5
  EXPECT_DOUBLE_EQ(small.ticks.front(), 0.2);
  EXPECT_DOUBLE_EQ(small.ticks.back(), 5);
}

TEST(SvgChartTest, LogAxesPastThreeDecadesTickPowersOfTen) {
  // 0.028..72 h (2571×, the default rent's rows): 0.01, 0.1, 1, 10, 100.
  const Axis wide = LogAxis(0.028, 72);
  ASSERT_EQ(wide.ticks.size(), 5u);
  EXPECT_DOUBLE_EQ(wide.ticks[0], 0.01);
  EXPECT_DOUBLE_EQ(wide.ticks[2], 1);
  EXPECT_DOUBLE_EQ(wide.ticks[4], 100);
  // One value: 4 → 2..8, ticked 2, 5, 10.
  EXPECT_EQ(LogAxis(4, 4).ticks, (std::vector<double>{2, 5, 10}));
}

TEST(SvgChartTest, LogTickLabelsShowTheDigitsEachTickNeeds) {
  const Axis wide = LogAxis(0.028, 72);
  EXPECT_EQ(AxisTickLabel(wide, wide.ticks[0]), "0.01");
  EXPECT_EQ(AxisTickLabel(wide, wide.ticks[2]), "1");
  EXPECT_EQ(AxisTickLabel(wide, wide.ticks[4]), "100");
  EXPECT_EQ(AxisTickLabel(LogAxis(0.3, 4), 0.5), "0.5");
  EXPECT_EQ(AxisTickLabel(NiceAxis(0, 1), 0.4), "0.4");  // a linear axis: by its step, 0.2
}

TEST(SvgChartTest, LogScaleMapsDecadesEvenly) {
  const Scale x = AxisScale(LogAxis(1, 100), 0, 600);  // two decades over 600 px
  EXPECT_TRUE(x.log);
  EXPECT_DOUBLE_EQ(x(1), 0);
  EXPECT_DOUBLE_EQ(x(10), 300);
  EXPECT_DOUBLE_EQ(x(100), 600);
  EXPECT_NEAR(x(2), 600 * std::log10(2.0) / 2, 1e-9);  // log10(2) / 2 decades × 600 px
}

}  // namespace
}  // namespace fitplan
