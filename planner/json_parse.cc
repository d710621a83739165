// nlohmann::json's SAX parser builds the ConfigNode directly. Its events carry no positions, so the
// input is read through an iterator that publishes how far the lexer has read: when the parser
// reports a key, the lexer has just read the key's closing quote (a string token ends there, with
// no look-ahead), which fixes where the key starts and, past the ':', where its value starts.
#include "planner/json_parse.h"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace fitplan {
namespace {

using Json = nlohmann::json;

// A const char* that stores its position in *cursor on every step, so that the parser's copy of
// it tells us how far it has read.
class CursorIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CursorIterator(const char* p, const char** cursor) : p_(p), cursor_(cursor) {}
  reference operator*() const { return *p_; }
  CursorIterator& operator++() {
    *cursor_ = ++p_;
    return *this;
  }
  CursorIterator operator++(int) {
    CursorIterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const CursorIterator& other) const { return p_ == other.p_; }
  bool operator!=(const CursorIterator& other) const { return p_ != other.p_; }

 private:
  const char* p_;
  const char** cursor_;
};

// 1-based line and column of byte `offset` of `text` (columns count bytes, as nlohmann's do).
TextPosition PositionAt(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  const std::string_view before = text.substr(0, offset);
  const size_t newline = before.rfind('\n');
  const int line = 1 + int(std::count(before.begin(), before.end(), '\n'));
  const size_t line_start = newline == std::string_view::npos ? 0 : newline + 1;
  return {line, int(offset - line_start) + 1};
}

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// "[json.exception.parse_error.101] parse error at line 2, column 3: syntax error ..." → the part
// after the position, since the house format puts the position first.
std::string Explanation(const char* what) {
  const std::string_view text(what);
  const size_t bracket = text.find(']');
  const size_t colon = text.find(": ", bracket == std::string_view::npos ? 0 : bracket);
  return std::string(colon == std::string_view::npos ? text : text.substr(colon + 2));
}

// nlohmann::json's SAX interface (json_sax in its documentation); each event adds one node.
class TreeBuilder {
 public:
  TreeBuilder(std::string_view text, std::string_view file, const char* const* cursor)
      : text_(text), file_(file), cursor_(cursor) {}

  bool null() { return Scalar(ConfigNode::Kind::kNull, "", false); }
  bool boolean(bool v) { return Scalar(ConfigNode::Kind::kScalar, v ? "true" : "false", false); }
  bool number_integer(Json::number_integer_t v) {
    return Scalar(ConfigNode::Kind::kScalar, std::to_string(v), false);
  }
  bool number_unsigned(Json::number_unsigned_t v) {
    return Scalar(ConfigNode::Kind::kScalar, std::to_string(v), false);
  }
  bool number_float(Json::number_float_t, const std::string& as_written) {
    return Scalar(ConfigNode::Kind::kScalar, as_written, false);
  }
  bool string(std::string& v) { return Scalar(ConfigNode::Kind::kScalar, std::move(v), true); }
  bool binary(Json::binary_t&) { return Scalar(ConfigNode::Kind::kNull, "", false); }
  bool start_object(size_t) { return Open(ConfigNode::Kind::kMap); }
  bool start_array(size_t) { return Open(ConfigNode::Kind::kSequence); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }
  bool key(std::string& name);
  bool parse_error(size_t byte, const std::string&, const nlohmann::detail::exception& e) {
    // nlohmann's byte is the 1-based index of the last character read.
    error_ = ErrorAt(file_, PositionAt(text_, byte > 0 ? byte - 1 : 0), "",
                     "JSON syntax error: " + Explanation(e.what()));
    return false;
  }

  Status status() const { return error_; }
  ConfigNode root() && { return std::move(root_); }

 private:
  // The node the next value fills: the root, the value of the last key, or a new list item.
  ConfigNode* Next();
  bool Scalar(ConfigNode::Kind kind, std::string text, bool quoted);
  bool Open(ConfigNode::Kind kind);
  bool Close() {
    open_.pop_back();
    return true;
  }
  size_t Offset() const { return size_t(*cursor_ - text_.data()); }
  // Where the value after the ':' that follows offset `from` starts.
  size_t ValueStart(size_t from) const;

  std::string_view text_;
  std::string file_;
  const char* const* cursor_;
  ConfigNode root_;
  std::vector<ConfigNode*> open_;  // maps and lists not yet closed, innermost last
  Status error_;
};

ConfigNode* TreeBuilder::Next() {
  if (open_.empty()) return &root_;
  ConfigNode* parent = open_.back();
  if (parent->kind == ConfigNode::Kind::kMap) return &parent->map.back().second;
  parent->sequence.emplace_back();
  return &parent->sequence.back();
}

bool TreeBuilder::Scalar(ConfigNode::Kind kind, std::string text, bool quoted) {
  ConfigNode* node = Next();
  node->kind = kind;
  node->scalar = std::move(text);
  node->quoted = quoted;
  return true;
}

bool TreeBuilder::Open(ConfigNode::Kind kind) {
  if (open_.size() >= size_t(kMaxJsonDepth)) {
    error_ = ErrorAt(file_, PositionAt(text_, Offset() - 1), "",
                     "JSON nests deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    return false;
  }
  ConfigNode* node = Next();
  node->kind = kind;
  // A container token is one character with no look-ahead: the lexer has just read it.
  if (node->position.line == 0) node->position = PositionAt(text_, Offset() - 1);
  open_.push_back(node);
  return true;
}

size_t TreeBuilder::ValueStart(size_t from) const {
  size_t i = from;
  while (i < text_.size() && IsJsonSpace(text_[i])) ++i;
  if (i < text_.size() && text_[i] == ':') ++i;
  while (i < text_.size() && IsJsonSpace(text_[i])) ++i;
  return i;
}

bool TreeBuilder::key(std::string& name) {
  ConfigNode* map = open_.back();
  const size_t end = Offset();  // just past the closing quote
  // The opening quote: the nearest '"' before the closing one that no backslash escapes.
  size_t start = end >= 2 ? end - 2 : 0;
  while (start > 0) {
    if (text_[start] == '"') {
      size_t slashes = 0;
      while (slashes < start && text_[start - 1 - slashes] == '\\') ++slashes;
      if (slashes % 2 == 0) break;
    }
    --start;
  }
  const TextPosition key_position = PositionAt(text_, start);
  if (map->Find(name)) {
    error_ = ErrorAt(file_, key_position, name, "duplicate key");
    return false;
  }
  map->map.emplace_back(std::move(name), ConfigNode{});
  ConfigNode& value = map->map.back().second;
  value.key_position = key_position;
  value.position = PositionAt(text_, ValueStart(end));
  return true;
}

}  // namespace

StatusOr<ConfigNode> ParseJson(std::string_view text, std::string_view file) {
  const char* cursor = text.data();
  TreeBuilder builder(text, file, &cursor);
  bool parsed = false;
  try {
    parsed = Json::sax_parse(CursorIterator(text.data(), &cursor),
                             CursorIterator(text.data() + text.size(), &cursor), &builder);
  } catch (const Json::exception& e) {
    return InputError(file, 0, "", "JSON syntax error: " + Explanation(e.what()));
  }
  if (!builder.status().ok()) return builder.status();
  if (!parsed) return InputError(file, 0, "", "JSON syntax error");
  return std::move(builder).root();
}

}  // namespace fitplan
