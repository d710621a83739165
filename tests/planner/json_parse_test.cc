// JSON → ConfigNode: the shapes the model loader relies on, and syntax errors with their line.
#include "planner/json_parse.h"

#include <gtest/gtest.h>

#include <string>

namespace fitplan {
namespace {

TEST(JsonParseTest, ScalarsKeepTheirTextAndKind) {
  StatusOr<ConfigNode> root = ParseJson(
      R"({"n": 4096, "eps": 1e-05, "theta": 500000.0, "s": "llama", "t": true, "f": false,
          "z": null, "list": [1, "a"], "map": {"k": 2}})",
      "c.json");
  ASSERT_TRUE(root.ok()) << root.status().message();
  ASSERT_EQ(root->kind, ConfigNode::Kind::kMap);
  const auto scalar = [&](const char* key) { return root->Find(key)->scalar; };
  EXPECT_EQ(scalar("n"), "4096");
  EXPECT_EQ(scalar("eps"), "1e-05");
  EXPECT_EQ(scalar("theta"), "500000.0");
  EXPECT_EQ(scalar("s"), "llama");
  EXPECT_TRUE(root->Find("s")->quoted);
  EXPECT_FALSE(root->Find("n")->quoted);
  EXPECT_EQ(scalar("t"), "true");
  EXPECT_FALSE(root->Find("t")->quoted);
  EXPECT_EQ(scalar("f"), "false");
  EXPECT_EQ(root->Find("z")->kind, ConfigNode::Kind::kNull);
  ASSERT_EQ(root->Find("list")->kind, ConfigNode::Kind::kSequence);
  EXPECT_EQ(root->Find("list")->sequence.size(), 2u);
  EXPECT_EQ(root->Find("map")->Find("k")->scalar, "2");
}

TEST(JsonParseTest, KeepsDocumentOrder) {
  StatusOr<ConfigNode> root = ParseJson(R"({"zeta": 1, "alpha": 2, "mid": 3})", "c.json");
  ASSERT_TRUE(root.ok());
  ASSERT_EQ(root->map.size(), 3u);
  EXPECT_EQ(root->map[0].first, "zeta");
  EXPECT_EQ(root->map[2].first, "mid");
}

TEST(JsonParseTest, SyntaxErrorsNameTheLine) {
  StatusOr<ConfigNode> root = ParseJson("{\n  \"a\": 1,\n  \"b\": tru\n}", "c.json");
  ASSERT_FALSE(root.ok());
  EXPECT_EQ(root.status().message(),
            "c.json:3:11: JSON syntax error: syntax error while parsing value - invalid literal; "
            "last read: '\"b\": tru<U+000A>'");
  root = ParseJson("", "c.json");
  ASSERT_FALSE(root.ok());
  EXPECT_EQ(root.status().message(),
            "c.json:1:1: JSON syntax error: syntax error while parsing value - unexpected "
            "end of input; expected '[', '{', or a literal");
}

TEST(JsonParseTest, RefusesDeepNesting) {
  const int depth = kMaxJsonDepth + 2;
  StatusOr<ConfigNode> root =
      ParseJson(std::string(depth, '[') + std::string(depth, ']'), "c.json");
  ASSERT_FALSE(root.ok());
  EXPECT_EQ(root.status().message(), "c.json:1:65: JSON nests deeper than 64 levels");
}

}  // namespace
}  // namespace fitplan
