// CsvTable: RFC 4180 quoting, line numbers across quoted line breaks, and the exact errors.
#include "planner/csv_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace fitplan {
namespace {

CsvTable Parsed(const std::string& text) {
  StatusOr<CsvTable> table = CsvTable::Parse(text, "t.csv");
  EXPECT_TRUE(table.ok()) << table.status().message();
  return table.ok() ? table.value() : CsvTable{};
}

std::string ParseError(const std::string& text) {
  StatusOr<CsvTable> table = CsvTable::Parse(text, "t.csv");
  return table.ok() ? "(parsed)" : table.status().message();
}

using Fields = std::vector<std::string>;

TEST(CsvReaderTest, PlainRecordsWithLf) {
  const CsvTable t = Parsed("a,b,c\n1,2,3\n4,,6\n");
  EXPECT_EQ(t.header(), (Fields{"a", "b", "c"}));
  ASSERT_EQ(t.rows().size(), 2u);
  EXPECT_EQ(t.rows()[0].fields, (Fields{"1", "2", "3"}));
  EXPECT_EQ(t.rows()[1].fields, (Fields{"4", "", "6"}));
  EXPECT_EQ(t.rows()[0].line, 2);
  EXPECT_EQ(t.rows()[1].line, 3);
}

TEST(CsvReaderTest, QuotedFieldsKeepCommasQuotesAndLineBreaks) {
  // Record 1 spans lines 2–3 (a line break inside quotes), so record 2 starts on line 4.
  const CsvTable t = Parsed(
      "id,notes,n\r\n"
      "x,\"a, b \"\"quoted\"\"\nsecond line\",1\r\n"
      "y,\"\",2\r\n");
  ASSERT_EQ(t.rows().size(), 2u);
  EXPECT_EQ(t.rows()[0].fields, (Fields{"x", "a, b \"quoted\"\nsecond line", "1"}));
  EXPECT_EQ(t.rows()[0].line, 2);
  EXPECT_EQ(t.rows()[1].fields, (Fields{"y", "", "2"}));
  EXPECT_EQ(t.rows()[1].line, 4);
  EXPECT_TRUE(t.rows()[0].error.empty());
}

TEST(CsvReaderTest, CrlfBlankLinesBomAndMissingFinalNewline) {
  const CsvTable t = Parsed(
      "\xEF\xBB\xBF"
      "a,b\r\n\r\n1,2\r\n\n3,4");
  EXPECT_EQ(t.header(), (Fields{"a", "b"}));
  ASSERT_EQ(t.rows().size(), 2u);
  EXPECT_EQ(t.rows()[0].line, 3);
  EXPECT_EQ(t.rows()[1].fields, (Fields{"3", "4"}));
  EXPECT_EQ(t.rows()[1].line, 5);
}

TEST(CsvReaderTest, CellTrimsAndToleratesShortRowsAndUnknownColumns) {
  const CsvTable t = Parsed("a, b ,c\n 1 ,2\n");
  EXPECT_EQ(t.Column("b"), 1);  // header names are trimmed too
  EXPECT_EQ(t.Column("z"), -1);
  const CsvRow& row = t.rows()[0];
  EXPECT_EQ(row.fields.size(), 2u);  // the caller decides what a short row means
  EXPECT_EQ(t.Cell(row, "a"), "1");
  EXPECT_EQ(t.Cell(row, "c"), "");
  EXPECT_EQ(t.Cell(row, "z"), "");
}

TEST(CsvReaderTest, MalformedRecordsKeepTheirLineAndSayWhy) {
  const CsvTable t = Parsed("a,b\n1,x\"y\n\"2\"z,3\n4,\"open\n5,6\n");
  ASSERT_EQ(t.rows().size(), 3u);
  EXPECT_EQ(t.rows()[0].error, "a quote inside an unquoted field in field 2");
  EXPECT_EQ(t.rows()[0].fields, (Fields{"1", "x\"y"}));
  EXPECT_EQ(t.rows()[1].error, "text after the closing quote in field 1");
  EXPECT_EQ(t.rows()[1].line, 3);
  // The unclosed quote swallows the rest of the file into one record starting on line 4.
  EXPECT_EQ(t.rows()[2].error, "a quoted field not closed before the end of the file in field 2");
  EXPECT_EQ(t.rows()[2].line, 4);
}

TEST(CsvReaderTest, WholeFileErrors) {
  EXPECT_EQ(ParseError(""), "t.csv: no header line (the file is empty)");
  EXPECT_EQ(ParseError("\r\n\n"), "t.csv: no header line (the file is empty)");
  EXPECT_EQ(ParseError("\na,b,a\n1,2,3\n"), "t.csv:2: a: the header names this column twice");
  EXPECT_EQ(ParseError("a,\"b\n"),
            "t.csv:1: header: a quoted field not closed before the end of the file in field 2");
}

TEST(CsvReaderTest, ReadsFilesAndNamesTheUnreadableOne) {
  const std::string path =
      ::testing::TempDir() + "csv_reader_test_" + std::to_string(getpid()) + ".csv";
  std::ofstream(path) << "a,b\n1,2\n";
  const StatusOr<CsvTable> t = CsvTable::Read(path);
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->file(), path);
  EXPECT_EQ(t->rows().size(), 1u);
  std::remove(path.c_str());
  const StatusOr<CsvTable> missing = CsvTable::Read("no/such/cases.csv");
  EXPECT_EQ(missing.status().message(), "no/such/cases.csv: cannot read the file (does it exist?)");
}

}  // namespace
}  // namespace fitplan
