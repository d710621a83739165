#include "planner/text_columns.h"

#include <gtest/gtest.h>

#include <string>

namespace fitplan {
namespace {

TEST(TextColumnsTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(Columns("mb1×ga8"), 7u);  // "×" is two bytes, one column
  EXPECT_EQ(Columns("a · b"), 5u);
  EXPECT_EQ(Columns(""), 0u);
}

TEST(TextColumnsTest, LinesThatFitAreUnchanged) {
  const std::string text = "short line\n  indented · line\n\nlast without newline";
  EXPECT_EQ(WrapToColumns(text, 30), text);
}

TEST(TextColumnsTest, BreaksAtSpacesKeepingSeparatorsAndIndentation) {
  // 24 columns: "  alpha beta · gamma" (20) fits; "delta" would make 26.
  EXPECT_EQ(WrapToColumns("  alpha beta · gamma delta\n", 24), "  alpha beta · gamma\n    delta\n");
  // Breaking before "·" would open the next line with it: the break moves one word back.
  EXPECT_EQ(WrapToColumns("alpha beta gamma delta · eps\n", 23),
            "alpha beta gamma\n  delta · eps\n");
}

TEST(TextColumnsTest, BreaksAWordLongerThanTheLine) {
  const std::string path(50, 'x');
  EXPECT_EQ(WrapToColumns(path, 30), std::string(30, 'x') + "\n  " + std::string(20, 'x'));
}

TEST(TextColumnsTest, WidthCountsMultiByteCharactersOnce) {
  // 25 "·" are 50 bytes but 25 columns: fits in 30.
  std::string dots;
  for (int i = 0; i < 25; ++i) dots += "·";
  EXPECT_EQ(WrapToColumns(dots, 30), dots);
}

}  // namespace
}  // namespace fitplan
