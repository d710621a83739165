#include "planner/core/config_node.h"

#include <gtest/gtest.h>

namespace fitplan {
namespace {

ConfigNode Scalar(std::string text, int line, bool quoted = false) {
  ConfigNode n;
  n.kind = ConfigNode::Kind::kScalar;
  n.scalar = std::move(text);
  n.position = {line, 3};
  n.key_position = {line, 1};
  n.quoted = quoted;
  return n;
}

ConfigNode Map() {
  ConfigNode m;
  m.kind = ConfigNode::Kind::kMap;
  m.position = {1, 1};
  m.map.emplace_back("layers", Scalar("32", 2));
  m.map.emplace_back("hidden", Scalar("-5", 3));
  m.map.emplace_back("name", Scalar("x", 4, true));
  m.map.emplace_back("ratio", Scalar("abc", 5));
  m.map.emplace_back("hiden", Scalar("1", 6));
  return m;
}

TEST(FieldReaderTest, ReadsAndRejectsWithLineAndField) {
  const ConfigNode m = Map();
  const FieldReader r(m, "m.yaml");
  int64_t layers = 0;
  EXPECT_TRUE(r.Int("layers", &layers, true).ok());
  EXPECT_EQ(layers, 32);
  int64_t hidden = 0;
  EXPECT_EQ(r.Int("hidden", &hidden, true).message(),
            "m.yaml:3:1: hidden: -5 is out of range; expected an integer ≥ 1");
  double ratio = 0;
  EXPECT_EQ(r.Number("ratio", &ratio).message(), "m.yaml:5:1: ratio: 'abc' is not a number");
  int64_t heads = 0;
  EXPECT_EQ(r.Int("heads", &heads, true).message(), "m.yaml:1:1: heads: missing; expected an integer");
  int64_t name = 0;
  EXPECT_EQ(r.Int("name", &name).message(), "m.yaml:4:1: name: 'x' is not an integer");
}

TEST(FieldReaderTest, UnknownKeyGetsDidYouMean) {
  const ConfigNode m = Map();
  const FieldReader r(m, "m.yaml");
  EXPECT_EQ(r.RejectUnknownKeys({"layers", "hidden", "name", "ratio"}).message(),
            "m.yaml:6:1: hiden: unknown key; did you mean 'hidden'?");
}

TEST(EditDistanceTest, Basics) {
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
  EXPECT_EQ(EditDistance("", "abc"), 3);
  EXPECT_EQ(ClosestWord("tp", {"tp", "pp"}), "tp");
  EXPECT_EQ(ClosestWord("zzzzzz", {"tp", "pp"}), "");
}

}  // namespace
}  // namespace fitplan
