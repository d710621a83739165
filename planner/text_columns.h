// Terminal columns of UTF-8 text. The human reports promise lines of at most 80 columns, and the
// characters they print ("·", "×") take one column but two bytes, so widths count code points.
#ifndef FITPLAN_PLANNER_TEXT_COLUMNS_H_
#define FITPLAN_PLANNER_TEXT_COLUMNS_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace fitplan {

// Columns `utf8` takes on a terminal: its code points (every character fitplan prints is one
// column wide; no tabs, no combining marks).
size_t Columns(std::string_view utf8);

// `text` with every line longer than `width` columns broken at its last space that fits; the
// continuation lines repeat the line's indentation plus two spaces. A word longer than the line
// (a long file name) is broken between code points. Lines that fit are unchanged.
// REQUIRES: width > 20 (room for the indentation).
std::string WrapToColumns(std::string_view text, size_t width);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_TEXT_COLUMNS_H_
