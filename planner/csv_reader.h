// CsvTable: a CSV file as RFC 4180 writes it (comma-separated, fields optionally in double quotes,
// "" for a quote inside quotes, line breaks inside quotes kept, CRLF or LF records), read into a
// header and rows of strings. The first record is the header; blank lines are ignored.
//
// A record that breaks the quoting rules does not stop the file: it keeps its 1-based line and an
// `error`, so a caller can skip that one row and say why. Only an unreadable or empty file, or a
// header that names a column twice, is an error for the whole table.
#ifndef FITPLAN_PLANNER_CSV_READER_H_
#define FITPLAN_PLANNER_CSV_READER_H_

#include <string>
#include <string_view>
#include <vector>

#include "planner/core/status.h"

namespace fitplan {

struct CsvRow {
  int line = 0;                     // line of the file where the record starts, from 1
  std::vector<std::string> fields;  // as written, quotes removed; may differ in count from header
  std::string error;                // "" for a well-formed record, else what is wrong with it
};

class CsvTable {
 public:
  // Parses `text`; `file` names the input in error messages ("cases.csv:1: ...").
  static StatusOr<CsvTable> Parse(std::string_view text, std::string file);
  // Reads and parses the file at `path`.
  static StatusOr<CsvTable> Read(const std::string& path);

  const std::string& file() const { return file_; }
  const std::vector<std::string>& header() const { return header_; }
  const std::vector<CsvRow>& rows() const { return rows_; }

  // Returns the index of the header column `name`, or -1 when the file has no such column.
  int Column(std::string_view name) const;

  // Returns the cell of column `name` in `row` with surrounding spaces removed; "" when the file
  // has no such column or the row is shorter than the header.
  std::string_view Cell(const CsvRow& row, std::string_view name) const;

 private:
  std::string file_;
  std::vector<std::string> header_;
  std::vector<CsvRow> rows_;
};

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_CSV_READER_H_
