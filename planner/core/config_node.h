// ConfigNode: a parsed configuration document (YAML or JSON) as a plain tree that remembers where
// each value stood, plus typed field readers whose errors follow the house format
//   FILE:LINE:COLUMN: FIELD: what was wrong, and what was expected
// The YAML parser (hardware/yaml_parse.h) and the JSON parser (planner/json_parse.h) produce it;
// the cluster, model and job loaders read it, so they share one set of error messages.
#ifndef FITPLAN_PLANNER_CORE_CONFIG_NODE_H_
#define FITPLAN_PLANNER_CORE_CONFIG_NODE_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "planner/core/status.h"

namespace fitplan {

// Where a piece of text starts in its file, 1-based as editors and compilers count; 0 = unknown.
struct TextPosition {
  int line = 0;
  int column = 0;
};

struct ConfigNode {
  // Declared here, defined (defaulted) in the .cc: with clang and libstdc++, an implicit
  // constructor makes std::pair<std::string, ConfigNode> ask whether ConfigNode is default
  // constructible while ConfigNode is still incomplete, which does not compile.
  ConfigNode();
  ~ConfigNode();
  ConfigNode(const ConfigNode&);
  ConfigNode(ConfigNode&&) noexcept;
  ConfigNode& operator=(const ConfigNode&);
  ConfigNode& operator=(ConfigNode&&) noexcept;

  enum class Kind { kNull, kScalar, kMap, kSequence };
  Kind kind = Kind::kNull;
  std::string scalar;   // kScalar: the text as written (quotes removed)
  bool quoted = false;  // kScalar: was written as a quoted string (JSON strings, YAML "…")
  std::vector<std::pair<std::string, ConfigNode>> map;  // kMap, in document order
  std::vector<ConfigNode> sequence;                     // kSequence
  TextPosition position;      // where the value starts (a map or list: its first character)
  TextPosition key_position;  // a map entry's value: where its key starts; else unknown

  // Returns the value of `key` in a map, or nullptr.
  const ConfigNode* Find(std::string_view key) const;
};

// "FILE:LINE:COLUMN: FIELD: WHAT" at `at` (InputError with a TextPosition).
Status ErrorAt(std::string_view file, TextPosition at, std::string_view field,
               std::string_view what);

// Reads the fields of one map node, naming `file` and a dotted `prefix` ("inter_node.") in errors.
class FieldReader {
 public:
  FieldReader(const ConfigNode& map, std::string_view file, std::string_view prefix = "")
      : map_(map), file_(file), prefix_(prefix) {}

  // Each reader leaves *out unchanged when the key is absent and returns OK; with `required` an
  // absent key is an error. Numbers must be finite; `min_exclusive` rejects values ≤ the bound.
  // Integers outside [min_inclusive, max_inclusive] are out of range (the message names both
  // bounds when max_inclusive is not kNoMax).
  static constexpr int64_t kNoMax = INT64_MAX;
  Status String(std::string_view key, std::string* out, bool required = false) const;
  Status Int(std::string_view key, int64_t* out, bool required = false, int64_t min_inclusive = 1,
             int64_t max_inclusive = kNoMax) const;
  Status Number(std::string_view key, double* out, bool required = false,
                double min_exclusive = 0) const;
  Status NonNegativeNumber(std::string_view key, double* out) const;
  Status Bool(std::string_view key, bool* out) const;

  // Fails on the first key not in `known`, with a did-you-mean when one is close.
  Status RejectUnknownKeys(std::initializer_list<std::string_view> known) const;

  // An error about `key`: at the key when it is present, else at the map.
  Status Error(std::string_view key, std::string_view what) const;

  const ConfigNode& node() const { return map_; }
  std::string_view file() const { return file_; }
  std::string_view prefix() const { return prefix_; }

 private:
  const ConfigNode& map_;
  std::string file_;
  std::string prefix_;
};

// Edit distance between two ASCII strings (for did-you-mean).
int EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is within a third of its length in edits, else "".
std::string ClosestWord(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_CORE_CONFIG_NODE_H_
