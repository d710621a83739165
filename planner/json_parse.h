// Parses JSON text (a HuggingFace config.json) into the ConfigNode tree of
// planner/core/config_node.h, so that the model loader reads JSON and YAML with the same field
// readers and error messages. The one file that knows nlohmann::json's parser.
#ifndef FITPLAN_PLANNER_JSON_PARSE_H_
#define FITPLAN_PLANNER_JSON_PARSE_H_

#include <string_view>

#include "planner/core/config_node.h"
#include "planner/core/status.h"

namespace fitplan {

// Deepest nesting of arrays and objects accepted; config.json files nest 3 levels at most, and the
// bound keeps ConfigNode's recursive destructor and readers off the end of the stack on hostile
// input.
inline constexpr int kMaxJsonDepth = 64;

// Returns the document's root. Objects keep their keys in document order, and a key given twice
// is an error (which of the two counts is not for us to guess). Numbers become kScalar text as
// written ("4096", "1e-05"), strings kScalar with quoted = true, booleans "true"/"false" unquoted,
// null kNull. Map entries know where their key and value start (ConfigNode::key_position,
// position), maps and lists where they open. Syntax errors read
// "FILE:LINE:COLUMN: JSON syntax error: ...".
StatusOr<ConfigNode> ParseJson(std::string_view text, std::string_view file);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_JSON_PARSE_H_
