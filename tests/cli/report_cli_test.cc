// `fitplan plan --report` and `--export-top`, and the estimate table's width, on the built binary.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/cli/cli_runner.h"

namespace fitplan {
namespace {

using testing::CliRun;
using testing::RunFitplan;
using testing::TempPath;

const char kDefault[] = "--cluster configs/clusters/8x-a100-80g.yaml --model llama-3.1-70b";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

size_t Count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST(ReportCliTest, ReportHasOneRowPerPlanOfTheJsonOutput) {
  const std::string html = TempPath("report", ".html");
  const CliRun r =
      RunFitplan(std::string("plan ") + kDefault + " --top 7 --format json --report " + html);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);  // stdout stays pure JSON
  ASSERT_EQ(j["plans"].size(), 7u);
  EXPECT_TRUE(j["pareto"].empty());  // computed for the report, printed only with --pareto
  EXPECT_EQ(r.err, "\nWrote the report " + html + "\n");
  const std::string page = ReadFile(html);
  EXPECT_EQ(Count(page, "<tr class=\"plan"), 7u);
  EXPECT_EQ(Count(page, "<svg id=\"memory-chart\""), 1u);
  EXPECT_EQ(Count(page, "<svg id=\"cost-time-chart\""), 1u);
  EXPECT_GT(Count(page, "<path class=\"pareto\""), 0u);  // the front, though --pareto was not given
  EXPECT_EQ(Count(page, "<script"), 0u);
  std::remove(html.c_str());
}

TEST(ReportCliTest, ReportLeavesTheTableAsItWas) {
  const std::string html = TempPath("report-table", ".html");
  const CliRun plain = RunFitplan(std::string("plan ") + kDefault);
  const CliRun with_report = RunFitplan(std::string("plan ") + kDefault + " --report " + html);
  ASSERT_EQ(with_report.code, 0) << with_report.err;
  EXPECT_EQ(with_report.out, plain.out + "\nWrote the report " + html + "\n");
  std::remove(html.c_str());
}

TEST(ReportCliTest, ExportTopWritesEachPlansEngineFiles) {
  const std::string dir = TempPath("export-top", "");
  std::filesystem::remove_all(dir);
  // --export-top may reach past --top: 2 plans printed, 4 exported.
  const CliRun r = RunFitplan(std::string("plan ") + kDefault + " --top 2 --export-top 4 --out " +
                              dir + " --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["plans"].size(), 2u);
  const CliRun four = RunFitplan(std::string("plan ") + kDefault + " --top 4 --format json");
  const auto ranked = nlohmann::json::parse(four.out)["plans"];
  ASSERT_EQ(ranked.size(), 4u);
  std::vector<std::string> dirs;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    dirs.push_back(entry.path().filename().string());
  }
  std::sort(dirs.begin(), dirs.end());
  ASSERT_EQ(dirs.size(), 4u) << r.err;
  for (size_t i = 0; i < dirs.size(); ++i) {
    ASSERT_TRUE(dirs[i].starts_with(std::to_string(i + 1) + "-")) << dirs[i];
    const std::string path = dir + "/" + dirs[i] + "/";
    const auto& plan = ranked[i]["plan"];
    // The engine EngineFor gives the plan (strategies/engine.h) decides the files.
    const bool megatron = plan["tp"] > 1 || plan["pp"] > 1 || plan["cp"] > 1 || plan["ep"] > 1;
    const std::string sharding = plan["sharding"];
    const char* engine_file = megatron                       ? "megatron_args.sh"
                              : sharding.starts_with("zero") ? "ds_config.json"
                              : sharding.starts_with("fsdp") ? "accelerate_fsdp.yaml"
                                                             : "launch.sh";
    EXPECT_TRUE(std::filesystem::exists(path + engine_file)) << path << engine_file;
    EXPECT_EQ(std::filesystem::exists(path + "peft_config.py"), plan["method"] != "full") << path;
    EXPECT_NE(r.err.find(path + "plan.txt\n"), std::string::npos) << r.err;
    // plan.txt's --plan line re-runs the plan as it was ranked.
    const std::string text = ReadFile(path + "plan.txt");
    const size_t at = text.find("\n--plan ");
    ASSERT_NE(at, std::string::npos) << text;
    const std::string plan_arg = text.substr(at + 8, text.find('\n', at + 1) - at - 8);
    const CliRun again =
        RunFitplan(std::string("estimate ") + kDefault + " --format json --plan " + plan_arg);
    ASSERT_EQ(again.code, 0) << again.err;
    EXPECT_EQ(nlohmann::json::parse(again.out)["plan"], plan);
  }
  std::filesystem::remove_all(dir);
}

TEST(ReportCliTest, BadReportAndExportOptionsAreOneLineExitTwo) {
  const std::string plan = std::string("plan ") + kDefault;
  const struct {
    std::string args, message;
  } cases[] = {
      {" --export-top 0 --out x", "--export-top: expected an integer from 1 to 10000\n"},
      {" --export-top 2", "--export-top: needs --out DIR\n"},
      {" --out somewhere", "--out: only with --export-top N (fitplan export writes one plan)\n"},
      // A directory below a regular file cannot be made, even by root.
      {" --export-top 1 --out README.md/runs",
       "--out: cannot create README.md/runs: Not a directory\n"},
      {" --report README.md/report.html",
       "--report: cannot write README.md/report.html: Not a directory\n"},
  };
  for (const auto& c : cases) {
    const CliRun r = RunFitplan(plan + c.args);
    EXPECT_EQ(r.code, 2) << c.args;
    EXPECT_EQ(r.err, c.message) << c.args;
    EXPECT_EQ(r.out, "") << c.args;  // refused before the search
  }
}

TEST(ReportCliTest, EstimateTableFitsEightyColumns) {
  const CliRun r = RunFitplan(std::string("estimate ") + kDefault +
                              " --plan method=lora,sharding=zero3,checkpointing=full");
  ASSERT_EQ(r.code, 0) << r.err;
  size_t lines = 0, start = 0;
  for (size_t end; (end = r.out.find('\n', start)) != std::string::npos; start = end + 1, ++lines) {
    size_t columns = 0;  // UTF-8 code points: "·" and "×" are two bytes, one column
    for (size_t i = start; i < end; ++i)
      columns += (static_cast<unsigned char>(r.out[i]) & 0xC0) != 0x80;
    EXPECT_LE(columns, 80u) << r.out.substr(start, end - start);
  }
  EXPECT_GT(lines, 20u);
  EXPECT_NE(r.out.find("GiB usable, high "), std::string::npos) << r.out;  // the capacity bar
}

}  // namespace
}  // namespace fitplan
