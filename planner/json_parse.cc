#include "planner/json_parse.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

namespace fitplan {
namespace {

using Json = nlohmann::ordered_json;  // keeps keys in document order, for errors and listings

Status Convert(const Json& in, std::string_view file, int depth, ConfigNode* out) {
  if (depth > kMaxJsonDepth) {
    return InputError(file, 0, "",
                      "JSON nests deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  }
  switch (in.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded:
      out->kind = ConfigNode::Kind::kNull;
      return Status::Ok();
    case Json::value_t::object:
      out->kind = ConfigNode::Kind::kMap;
      for (const auto& [key, value] : in.items()) {
        out->map.emplace_back(key, ConfigNode{});
        Status s = Convert(value, file, depth + 1, &out->map.back().second);
        if (!s.ok()) return s;
      }
      return Status::Ok();
    case Json::value_t::array:
      out->kind = ConfigNode::Kind::kSequence;
      for (const Json& item : in) {
        out->sequence.emplace_back();
        Status s = Convert(item, file, depth + 1, &out->sequence.back());
        if (!s.ok()) return s;
      }
      return Status::Ok();
    case Json::value_t::string:
      out->kind = ConfigNode::Kind::kScalar;
      out->scalar = in.get<std::string>();
      out->quoted = true;
      return Status::Ok();
    default:  // boolean, number_integer, number_unsigned, number_float, binary
      out->kind = ConfigNode::Kind::kScalar;
      out->scalar = in.dump();
      return Status::Ok();
  }
}

// nlohmann's parse_error::byte is the 1-based index of the last character read; its line is one
// more than the newlines before it.
int LineOfByte(std::string_view text, size_t byte) {
  const size_t end = std::min(byte > 0 ? byte - 1 : 0, text.size());
  return 1 + int(std::count(text.begin(), text.begin() + end, '\n'));
}

// "[json.exception.parse_error.101] parse error at line 2, column 3: syntax error ..." → the part
// after the position, since the house format puts the line first.
std::string Explanation(const char* what) {
  const std::string_view text(what);
  const size_t bracket = text.find(']');
  const size_t colon = text.find(": ", bracket == std::string_view::npos ? 0 : bracket);
  return std::string(colon == std::string_view::npos ? text : text.substr(colon + 2));
}

}  // namespace

StatusOr<ConfigNode> ParseJson(std::string_view text, std::string_view file) {
  Json root;
  try {
    root = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    return InputError(file, LineOfByte(text, e.byte), "",
                      "JSON syntax error: " + Explanation(e.what()));
  } catch (const Json::exception& e) {
    return InputError(file, 0, "", "JSON syntax error: " + Explanation(e.what()));
  }
  ConfigNode out;
  Status s = Convert(root, file, 0, &out);
  if (!s.ok()) return s;
  return out;
}

}  // namespace fitplan
