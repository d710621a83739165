#include "planner/text_columns.h"

#include <algorithm>
#include <cassert>

namespace fitplan {
namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Byte offset just past the first `columns` code points of `s` (s.size() when shorter).
size_t OffsetOfColumn(std::string_view s, size_t columns) {
  size_t i = 0;
  for (size_t seen = 0; i < s.size(); ++i) {
    if (IsContinuationByte(s[i])) continue;
    if (seen == columns) return i;
    ++seen;
  }
  return s.size();
}

// Appends `line` (no newline inside) to `out`, broken into pieces of at most `width` columns.
void WrapLine(std::string_view line, size_t width, std::string* out) {
  // Continuations indent two more than the line, but never past half the width.
  const size_t lead_spaces = std::min(line.find_first_not_of(' '), width / 2 - 2);
  const std::string indent(lead_spaces + 2, ' ');
  std::string_view rest = line;
  bool first = true;
  while (true) {
    const size_t room = first ? width : width - indent.size();
    if (!first) *out += indent;
    if (Columns(rest) <= room) {
      *out += rest;
      *out += '\n';
      return;
    }
    const size_t limit = OffsetOfColumn(rest, room);
    // The last space that keeps the piece within the width, but not the indentation's.
    size_t cut = rest.rfind(' ', limit);
    // Keep separators ("a · b") at the end of the line rather than opening the next one.
    while (cut != std::string_view::npos && cut > 0 && rest.substr(cut + 1).starts_with("\u00b7")) {
      cut = rest.rfind(' ', cut - 1);
    }
    const size_t lead = first ? rest.find_first_not_of(' ') : 0;
    size_t next;
    if (cut == std::string_view::npos || cut <= lead) {
      cut = limit;  // one long word: break it
      next = limit;
    } else {
      next = rest.find_first_not_of(' ', cut);
      while (cut > lead && rest[cut - 1] == ' ') --cut;
    }
    *out += rest.substr(0, cut);
    *out += '\n';
    if (next == std::string_view::npos) return;
    rest = rest.substr(next);
    first = false;
  }
}

}  // namespace

size_t Columns(std::string_view utf8) {
  size_t n = 0;
  for (char c : utf8) n += IsContinuationByte(c) ? 0 : 1;
  return n;
}

std::string WrapToColumns(std::string_view text, size_t width) {
  assert(width > 20);
  std::string out;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    if (Columns(line) <= width) {
      out += line;
      if (end != std::string_view::npos) out += '\n';
    } else {
      WrapLine(line, width, &out);
      if (end == std::string_view::npos) out.pop_back();  // keep a missing final newline missing
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

}  // namespace fitplan
