// `fitplan validate` end to end: the built binary on the published calibration cases.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "planner/csv_reader.h"
#include "tests/cli/cli_runner.h"

namespace fitplan {
namespace {

using testing::CliRun;
using testing::TempPath;

CliRun Fitplan(const std::string& args) { return testing::RunFitplan(args); }

const std::string kMemoryCases = std::string(FITPLAN_SHARED_DIR) + "/calibration/memory_public.csv";
const std::string kThroughputCases =
    std::string(FITPLAN_SHARED_DIR) + "/calibration/throughput_public.csv";

// Every case id of `file` is reported, as a row or as skipped.
void ExpectEveryCaseReported(const std::string& file, const nlohmann::json& j) {
  std::set<std::string> reported;
  for (const auto& row : j["rows"]) reported.insert(row["case"].get<std::string>());
  for (const auto& row : j["skipped"]) reported.insert(row["case"].get<std::string>());
  const StatusOr<CsvTable> table = CsvTable::Read(file);
  ASSERT_TRUE(table.ok()) << table.status().message();
  for (const CsvRow& row : table->rows()) {
    const std::string id(table->Cell(row, "case_id"));
    EXPECT_TRUE(reported.count(id)) << id;
  }
  EXPECT_EQ(j["rows"].size() + j["skipped"].size(), table->rows().size());
}

TEST(ValidateCliTest, MemoryCasesAreScored) {
  const CliRun r = Fitplan("validate " + kMemoryCases + " --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_GT(j["memory"]["scored"].get<int>(), 100);
  ExpectEveryCaseReported(kMemoryCases, j);
}

TEST(ValidateCliTest, ThroughputCasesScoreStepTimeAndMfu) {
  const CliRun r = Fitplan("validate " + kThroughputCases + " --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_GT(j["step_time"]["scored"].get<int>(), 100);
  EXPECT_GT(j["mfu"]["scored"].get<int>(), 100);
  ExpectEveryCaseReported(kThroughputCases, j);
}

TEST(ValidateCliTest, TableEndsWithTheSummaries) {
  const CliRun r = Fitplan("validate " + kMemoryCases + " --source QWEN");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("case         source", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("\nmemory: "), std::string::npos);
  EXPECT_EQ(r.out.find("LIT-"), std::string::npos);  // other sources filtered out
}

// --case: one row, then what its prediction is made of (the estimate breakdown of that plan).
TEST(ValidateCliTest, OneCaseShowsItsBreakdown) {
  const CliRun r = Fitplan("validate " + kMemoryCases + " --case LIT-11");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("LIT-11 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nmemory: 1 rows scored"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("GPU memory (peak in "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nmethod=lora,"), std::string::npos) << r.out;
  const CliRun none = Fitplan("validate " + kMemoryCases + " --case NO-SUCH");
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("--case: no row has case_id 'NO-SUCH'"), std::string::npos) << none.err;
}

TEST(ValidateCliTest, UnreadableFileAndMissingColumnExitTwo) {
  const CliRun missing = Fitplan("validate no/such/cases.csv");
  EXPECT_EQ(missing.code, 2);
  EXPECT_EQ(missing.err, "no/such/cases.csv: cannot read the file (does it exist?)\n");
  const std::string path = TempPath("cases", ".csv");
  std::ofstream(path) << "case_id,source_key,usable\nx,y,yes\n";
  const CliRun no_column = Fitplan("validate " + path);
  EXPECT_EQ(no_column.code, 2);
  EXPECT_EQ(no_column.err,
            path +
                ":1: architecture: missing column (shared/calibration/README.md lists the "
                "format)\n");
  std::remove(path.c_str());
}

}  // namespace
}  // namespace fitplan
