#include "planner/core/config_node.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace fitplan {
namespace {

std::string Quote(std::string_view s) {
  std::string out = "'";  // appended piecewise: GCC 12 -O3 warns (-Wrestrict) on "'" + s + "'"
  out += s;
  out += '\'';
  return out;
}

constexpr int64_t kMaxExactInteger = int64_t{1} << 53;

// Parses a whole scalar as a finite double (accepts 1e9, 1.0e+9, 200).
bool ParseDouble(const std::string& text, double* out) {
  if (text.empty()) return false;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

// Where errors about `key` of `map` point: the key, else its value, else the map (an absent key).
TextPosition PositionOf(const ConfigNode& map, std::string_view key) {
  const ConfigNode* v = map.Find(key);
  if (!v) return map.position;
  if (v->key_position.line > 0) return v->key_position;
  return v->position.line > 0 ? v->position : map.position;
}

}  // namespace

ConfigNode::ConfigNode() = default;
ConfigNode::~ConfigNode() = default;
ConfigNode::ConfigNode(const ConfigNode&) = default;
ConfigNode::ConfigNode(ConfigNode&&) noexcept = default;
ConfigNode& ConfigNode::operator=(const ConfigNode&) = default;
ConfigNode& ConfigNode::operator=(ConfigNode&&) noexcept = default;

const ConfigNode* ConfigNode::Find(std::string_view key) const {
  for (const auto& [k, v] : map) {
    if (k == key) return &v;
  }
  return nullptr;
}

Status ErrorAt(std::string_view file, TextPosition at, std::string_view field,
               std::string_view what) {
  return InputError(file, at.line, at.column, field, what);
}

Status FieldReader::Error(std::string_view key, std::string_view what) const {
  return ErrorAt(file_, PositionOf(map_, key), prefix_ + std::string(key), what);
}

Status FieldReader::String(std::string_view key, std::string* out, bool required) const {
  const ConfigNode* v = map_.Find(key);
  if (!v || v->kind == ConfigNode::Kind::kNull) {
    return required ? Error(key, "missing; expected a string") : Status::Ok();
  }
  if (v->kind != ConfigNode::Kind::kScalar) return Error(key, "expected a string");
  *out = v->scalar;
  return Status::Ok();
}

Status FieldReader::Number(std::string_view key, double* out, bool required,
                           double min_exclusive) const {
  const ConfigNode* v = map_.Find(key);
  if (!v || v->kind == ConfigNode::Kind::kNull) {
    return required ? Error(key, "missing; expected a number") : Status::Ok();
  }
  double value = 0;
  if (v->kind != ConfigNode::Kind::kScalar || v->quoted || !ParseDouble(v->scalar, &value)) {
    return Error(key, Quote(v->kind == ConfigNode::Kind::kScalar ? v->scalar : "(not a scalar)") +
                          " is not a number");
  }
  if (!(value > min_exclusive)) {
    char bound[32];
    std::snprintf(bound, sizeof bound, "%g", min_exclusive);
    return Error(key, v->scalar + " is out of range; expected a number > " + bound);
  }
  *out = value;
  return Status::Ok();
}

Status FieldReader::NonNegativeNumber(std::string_view key, double* out) const {
  const ConfigNode* v = map_.Find(key);
  if (!v || v->kind == ConfigNode::Kind::kNull) return Status::Ok();
  double value = 0;
  if (v->kind != ConfigNode::Kind::kScalar || v->quoted || !ParseDouble(v->scalar, &value)) {
    return Error(key, Quote(v->kind == ConfigNode::Kind::kScalar ? v->scalar : "(not a scalar)") +
                          " is not a number");
  }
  if (value < 0) return Error(key, v->scalar + " is negative; expected a number ≥ 0");
  *out = value;
  return Status::Ok();
}

Status FieldReader::Int(std::string_view key, int64_t* out, bool required, int64_t min_inclusive,
                        int64_t max_inclusive) const {
  const ConfigNode* v = map_.Find(key);
  if (!v || v->kind == ConfigNode::Kind::kNull) {
    return required ? Error(key, "missing; expected an integer") : Status::Ok();
  }
  double value = 0;
  if (v->kind != ConfigNode::Kind::kScalar || v->quoted || !ParseDouble(v->scalar, &value) ||
      value != std::floor(value)) {
    return Error(key, Quote(v->kind == ConfigNode::Kind::kScalar ? v->scalar : "(not a scalar)") +
                          " is not an integer");
  }
  // Above 2^53 a double no longer holds every integer, so the text could not be read exactly.
  const int64_t max = std::min(max_inclusive, kMaxExactInteger);
  if (value > double(max) || (max_inclusive != kNoMax && value < double(min_inclusive))) {
    return Error(key, v->scalar + " is out of range; expected an integer from " +
                          std::to_string(min_inclusive) + " to " + std::to_string(max));
  }
  if (value < double(min_inclusive)) {
    return Error(key, v->scalar + " is out of range; expected an integer ≥ " +
                          std::to_string(min_inclusive));
  }
  *out = int64_t(value);
  return Status::Ok();
}

Status FieldReader::Bool(std::string_view key, bool* out) const {
  const ConfigNode* v = map_.Find(key);
  if (!v || v->kind == ConfigNode::Kind::kNull) return Status::Ok();
  if (v->kind == ConfigNode::Kind::kScalar && !v->quoted) {
    if (v->scalar == "true" || v->scalar == "True" || v->scalar == "yes") {
      *out = true;
      return Status::Ok();
    }
    if (v->scalar == "false" || v->scalar == "False" || v->scalar == "no") {
      *out = false;
      return Status::Ok();
    }
  }
  return Error(key, Quote(v->scalar) + " is not a boolean; expected true or false");
}

Status FieldReader::RejectUnknownKeys(std::initializer_list<std::string_view> known) const {
  const std::vector<std::string_view> candidates(known);
  for (const auto& [key, value] : map_.map) {
    if (std::find(candidates.begin(), candidates.end(), key) != candidates.end()) continue;
    std::string what = "unknown key";
    const std::string guess = ClosestWord(key, candidates);
    if (!guess.empty()) what += "; did you mean '" + guess + "'?";
    return ErrorAt(file_, PositionOf(map_, key), prefix_ + key, what);
  }
  return Status::Ok();
}

int EditDistance(std::string_view a, std::string_view b) {
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = int(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = int(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string ClosestWord(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::string best;
  int best_distance = int(word.size()) / 3 + 1;
  for (std::string_view c : candidates) {
    const int d = EditDistance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(c);
    }
  }
  return best;
}

}  // namespace fitplan
