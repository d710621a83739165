#include "planner/core/status.h"

namespace fitplan {

Status InputError(std::string_view file, int line, int column, std::string_view field,
                  std::string_view what) {
  std::string text;
  if (!file.empty()) {
    text += file;
    if (line > 0) {
      text += ':';  // appended piecewise: GCC 12 -O3 -Wrestrict false positive (bug 105329)
      text += std::to_string(line);
      if (column > 0) {
        text += ':';
        text += std::to_string(column);
      }
    }
    text += ": ";
  }
  if (!field.empty()) {
    text += field;
    text += ": ";
  }
  text += what;
  return Status::InvalidInput(std::move(text));
}

Status InputError(std::string_view file, int line, std::string_view field, std::string_view what) {
  return InputError(file, line, 0, field, what);
}

}  // namespace fitplan
