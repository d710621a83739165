// Parses YAML text into a ConfigNode tree (planner/core/config_node.h). The one file that knows
// yaml-cpp. Refuses documents whose aliases would expand beyond a bound (billion-laughs).
#ifndef FITPLAN_HARDWARE_YAML_PARSE_H_
#define FITPLAN_HARDWARE_YAML_PARSE_H_

#include <string_view>

#include "planner/core/config_node.h"
#include "planner/core/status.h"

namespace fitplan {

// Nodes a document may expand to, aliases counted at every use.
inline constexpr int kMaxYamlNodes = 100000;

// Returns the document's root; every node knows its position (ConfigNode::position). Syntax
// errors read "FILE:LINE:COLUMN: YAML syntax error: ...".
StatusOr<ConfigNode> ParseYaml(std::string_view text, std::string_view file);

// Reads a whole file; "FILE: cannot read: ..." when it cannot.
StatusOr<std::string> ReadTextFile(const std::string& path);

}  // namespace fitplan

#endif  // FITPLAN_HARDWARE_YAML_PARSE_H_
