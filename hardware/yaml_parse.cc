#include "hardware/yaml_parse.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

namespace fitplan {
namespace {

// Converts recursively, counting nodes so that alias bombs stop at kMaxYamlNodes.
Status Convert(const YAML::Node& in, std::string_view file, int* budget, ConfigNode* out) {
  if (--*budget < 0) {
    return InputError(file, in.Mark().line + 1, "",
                      "document expands to more than " + std::to_string(kMaxYamlNodes) +
                          " nodes (recursive or exponential aliases?)");
  }
  out->line = in.Mark().line >= 0 ? in.Mark().line + 1 : 0;
  switch (in.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      out->kind = ConfigNode::Kind::kNull;
      return Status::Ok();
    case YAML::NodeType::Scalar:
      out->kind = ConfigNode::Kind::kScalar;
      out->scalar = in.Scalar();
      out->quoted = in.Tag() == "!";  // yaml-cpp tags quoted scalars "!"
      return Status::Ok();
    case YAML::NodeType::Sequence:
      out->kind = ConfigNode::Kind::kSequence;
      for (const YAML::Node& item : in) {
        out->sequence.emplace_back();
        Status s = Convert(item, file, budget, &out->sequence.back());
        if (!s.ok()) return s;
      }
      return Status::Ok();
    case YAML::NodeType::Map:
      out->kind = ConfigNode::Kind::kMap;
      for (const auto& kv : in) {
        if (!kv.first.IsScalar()) {
          return InputError(file, kv.first.Mark().line + 1, "", "map keys must be plain strings");
        }
        const std::string key = kv.first.Scalar();
        if (out->Find(key)) {
          return InputError(file, kv.first.Mark().line + 1, key, "duplicate key");
        }
        out->map.emplace_back(key, ConfigNode{});
        Status s = Convert(kv.second, file, budget, &out->map.back().second);
        if (!s.ok()) return s;
        if (out->map.back().second.line == 0) out->map.back().second.line = kv.first.Mark().line + 1;
      }
      return Status::Ok();
  }
  return Status::Ok();
}

}  // namespace

StatusOr<ConfigNode> ParseYaml(std::string_view text, std::string_view file) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return InputError(file, e.mark.line >= 0 ? e.mark.line + 1 : 0, "",
                      "YAML syntax error: " + e.msg);
  }
  ConfigNode out;
  int budget = kMaxYamlNodes;
  Status s = Convert(root, file, &budget, &out);
  if (!s.ok()) return s;
  return out;
}

StatusOr<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InputError(path, 0, "", "cannot read the file (does it exist?)");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return InputError(path, 0, "", "cannot read the file");
  return buffer.str();
}

}  // namespace fitplan
