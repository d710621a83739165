#include "planner/csv_reader.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

namespace fitplan {
namespace {

std::string_view Trim(std::string_view s) {
  const size_t first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// Reads one record starting at *pos, advancing *pos past its line break and *line by the lines it
// spans. Sets *blank for a record with no characters at all (an empty line).
CsvRow ReadRecord(std::string_view text, size_t* pos, int* line, bool* blank) {
  enum class State { kFieldStart, kUnquoted, kQuoted, kAfterQuote };
  CsvRow row;
  row.line = *line;
  std::string field;
  State state = State::kFieldStart;
  auto note = [&row](const std::string& what) {
    if (row.error.empty()) row.error = what + " in field " + std::to_string(row.fields.size() + 1);
  };
  size_t i = *pos;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (state == State::kQuoted) {
      if (c != '"') {
        if (c == '\n') ++*line;
        field += c;
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else {
        state = State::kAfterQuote;
      }
      continue;
    }
    if (c == ',') {
      row.fields.push_back(std::move(field));
      field.clear();
      state = State::kFieldStart;
      continue;
    }
    if (c == '\n' || c == '\r') break;
    if (c == '"' && state == State::kFieldStart) {
      state = State::kQuoted;
      continue;
    }
    // RFC 4180 allows neither; the character is kept so the row can still name its case.
    if (c == '"') note("a quote inside an unquoted field");
    if (state == State::kAfterQuote) note("text after the closing quote");
    if (state == State::kFieldStart) state = State::kUnquoted;
    field += c;
  }
  if (state == State::kQuoted) note("a quoted field not closed before the end of the file");
  *blank = i == *pos;
  row.fields.push_back(std::move(field));
  if (i < text.size()) {  // the record's line break: CRLF, LF or a lone CR
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    ++i;
    ++*line;
  }
  *pos = i;
  return row;
}

}  // namespace

StatusOr<CsvTable> CsvTable::Parse(std::string_view text, std::string file) {
  constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  CsvTable table;
  table.file_ = std::move(file);
  size_t pos = 0;
  int line = 1;
  bool have_header = false;
  while (pos < text.size()) {
    bool blank = false;
    CsvRow row = ReadRecord(text, &pos, &line, &blank);
    if (blank) continue;
    if (have_header) {
      table.rows_.push_back(std::move(row));
      continue;
    }
    if (!row.error.empty()) return InputError(table.file_, row.line, "header", row.error);
    for (const std::string& name : row.fields) {
      const std::string column(Trim(name));
      if (table.Column(column) >= 0) {
        return InputError(table.file_, row.line, column, "the header names this column twice");
      }
      table.header_.push_back(column);
    }
    have_header = true;
  }
  if (!have_header) return InputError(table.file_, 0, "", "no header line (the file is empty)");
  return table;
}

StatusOr<CsvTable> CsvTable::Read(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return InputError(path, 0, "", "is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) return InputError(path, 0, "", "cannot read the file (does it exist?)");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return InputError(path, 0, "", "cannot read the file");
  return Parse(buffer.str(), path);
}

int CsvTable::Column(std::string_view name) const {
  for (size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return int(i);
  }
  return -1;
}

std::string_view CsvTable::Cell(const CsvRow& row, std::string_view name) const {
  const int column = Column(name);
  if (column < 0 || size_t(column) >= row.fields.size()) return {};
  return Trim(row.fields[size_t(column)]);
}

}  // namespace fitplan
