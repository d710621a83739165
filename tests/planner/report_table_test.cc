// The human table of `fitplan estimate`: every line fits an 80-column terminal, and the capacity
// bar shows the peak against the usable memory.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hardware/topology.h"
#include "planner/core/units.h"
#include "planner/cost_model.h"
#include "planner/plan_parser.h"
#include "planner/report.h"
#include "strategies/strategy_table.h"
#include "tests/test_support.h"

namespace fitplan {
namespace {

using testing::A100Cluster;
using testing::CatalogWorkload;

// Terminal columns of UTF-8 text, counted here independently of planner/text_columns: one per
// byte that does not continue a multi-byte character.
size_t CodePoints(const std::string& line) {
  size_t n = 0;
  for (unsigned char c : line) n += (c & 0xC0) != 0x80;
  return n;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

Estimate Eval(const Workload& w, std::string_view plan_text) {
  const StatusOr<Plan> p = ParsePlan(plan_text, w.job, w.cluster.total_gpus());
  EXPECT_TRUE(p.ok()) << p.status().message();
  EXPECT_TRUE(PlanLegal(w, *p)) << plan_text;
  const Topology topology(w.cluster);
  return Evaluate(w, LinksFor(topology, *p, w.cluster.gpus_per_node), *p);
}

TEST(ReportTableTest, EveryEstimateLineFitsEightyColumns) {
  Workload w = CatalogWorkload("llama-3.1-70b", A100Cluster(8));
  const char* plans[] = {
      "method=lora,sharding=zero3,checkpointing=full",                         // fits
      "method=full,sharding=zero3,checkpointing=full",                         // does not fit
      "method=lora,lora_targets=attention,tp=2,sp=true,pp=2,vpp=4,cp=2,dp=1",  // longest recipe
      "method=full,sharding=zero3,offload=optimizer-param-nvme,checkpointing=full",
  };
  for (const std::string& model_name : {std::string("llama-3.1-70b"), std::string(100, 'm')}) {
    w.model.name = model_name;  // a model file's name can be as long as the user likes
    for (const char* plan : plans) {
      const std::string table = FormatEstimate(w, Eval(w, plan), Format::kTable);
      for (const std::string& line : Lines(table)) {
        EXPECT_LE(CodePoints(line), 80u) << plan << "\n" << line;
      }
      EXPECT_GT(Lines(table).size(), 20u) << table;  // the whole breakdown is there
    }
  }
}

// The bar's line, e.g. "  [#############.............|.........] 29.3 / 79.2 GiB usable, ...".
std::string BarLine(const std::string& table) {
  for (const std::string& line : Lines(table)) {
    if (line.starts_with("  [")) return line;
  }
  ADD_FAILURE() << "no capacity bar in\n" << table;
  return "";
}

TEST(ReportTableTest, CapacityBarShowsPeakAndHighEstimate) {
  const Workload w = CatalogWorkload("llama-3.1-70b", A100Cluster(8));
  const Estimate e = Eval(w, "method=lora,sharding=zero3,checkpointing=full");
  ASSERT_EQ(e.verdict, Verdict::kFits);  // so the high estimate lies inside the bar
  const std::string bar = BarLine(FormatEstimate(w, e, Format::kTable));
  ASSERT_GE(bar.size(), 40u);
  const std::string cells = bar.substr(3, 36);
  EXPECT_EQ(bar[39], ']') << bar;
  const double usable = e.memory.gpu_usable_bytes;
  // One cell per 1/36 of usable memory: '#' up to the peak (rounded), '|' at the high estimate.
  const size_t hashes = size_t(e.memory.gpu_peak_bytes / usable * 36 + 0.5);
  EXPECT_EQ(cells.find_first_not_of('#'), hashes) << bar;
  EXPECT_EQ(cells.find('|'), size_t(e.memory.gpu_peak_high_bytes / usable * 36)) << bar;
  char numbers[80];
  std::snprintf(numbers, sizeof numbers, "] %.1f / %.1f GiB usable, high %.1f at |",
                e.memory.gpu_peak_bytes / kGiB, usable / kGiB, e.memory.gpu_peak_high_bytes / kGiB);
  EXPECT_EQ(bar.substr(39), numbers);
}

TEST(ReportTableTest, OverfullBarIsAllHashesWithTheHighEstimateAfterIt) {
  const Workload w = CatalogWorkload("llama-3.1-70b", A100Cluster(8));
  const Estimate e = Eval(w, "method=full,sharding=zero3,checkpointing=full");
  ASSERT_FALSE(e.fits());
  const std::string bar = BarLine(FormatEstimate(w, e, Format::kTable));
  EXPECT_EQ(bar.substr(0, 40), "  [" + std::string(36, '#') + "]") << bar;
  EXPECT_EQ(bar.find('|'), std::string::npos) << bar;
  EXPECT_NE(bar.find(" GiB usable, high "), std::string::npos) << bar;
}

}  // namespace
}  // namespace fitplan
