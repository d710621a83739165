#include "hardware/yaml_parse.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

namespace fitplan {
namespace {

// yaml-cpp's 0-based Mark (-1 when unknown) → 1-based TextPosition.
TextPosition PositionOf(const YAML::Mark& mark) {
  if (mark.line < 0 || mark.column < 0) return {};
  return {mark.line + 1, mark.column + 1};
}

// Converts recursively, counting nodes so that alias bombs stop at kMaxYamlNodes.
Status Convert(const YAML::Node& in, std::string_view file, int* budget, ConfigNode* out) {
  out->position = PositionOf(in.Mark());
  if (--*budget < 0) {
    return ErrorAt(file, out->position, "",
                   "document expands to more than " + std::to_string(kMaxYamlNodes) +
                       " nodes (recursive or exponential aliases?)");
  }
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
        const TextPosition key_position = PositionOf(kv.first.Mark());
        if (!kv.first.IsScalar()) {
          return ErrorAt(file, key_position, "", "map keys must be plain strings");
        }
        const std::string key = kv.first.Scalar();
        if (out->Find(key)) return ErrorAt(file, key_position, key, "duplicate key");
        out->map.emplace_back(key, ConfigNode{});
        ConfigNode& value = out->map.back().second;
        Status s = Convert(kv.second, file, budget, &value);
        if (!s.ok()) return s;
        value.key_position = key_position;
        if (value.position.line == 0) value.position = key_position;  // `key:` with no value
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
    return ErrorAt(file, PositionOf(e.mark), "", "YAML syntax error: " + e.msg);
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
