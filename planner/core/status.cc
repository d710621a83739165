#include "planner/core/status.h"

namespace fitplan {

Status InputError(std::string_view file, int line, std::string_view field, std::string_view what) {
  std::string text;
  if (!file.empty()) {
    text += file;
    if (line > 0) {
      text += ':';  // appended piecewise: GCC 12 -O3 -Wrestrict false positive (bug 105329)
      text += std::to_string(line);
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

}  // namespace fitplan
