#include "planner/svg_chart.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace fitplan
