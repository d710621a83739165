#include "planner/export_top.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "planner/plan_parser.h"
#include "planner/report.h"
#include "strategies/strategy_table.h"
#include "tests/test_support.h"

namespace fitplan {
namespace {

using testing::A100Cluster;
using testing::CatalogWorkload;

// A ranked plan as the search returns it; only the plan matters to the export.
Estimate Ranked(const Workload& w, std::string_view plan_text) {
  const StatusOr<Plan> p = ParsePlan(plan_text, w.job, w.cluster.total_gpus());
  EXPECT_TRUE(p.ok()) << p.status().message();
  Estimate e;
  if (p.ok()) e.plan = *p;
  EXPECT_TRUE(PlanLegal(w, e.plan)) << plan_text;
  e.verdict = Verdict::kFits;
  return e;
}

std::vector<std::string> FileNames(const PlanExport& e) {
  std::vector<std::string> names;
  for (const ExportFile& f : e.files) names.push_back(f.name);
  return names;
}

using Names = std::vector<std::string>;

TEST(ExportTopTest, EachPlanGetsItsEnginesFilesInRankOrder) {
  const Workload w = CatalogWorkload("llama-3.1-8b", A100Cluster(8));
  const std::vector<Estimate> ranked = {
      Ranked(w, "method=lora,sharding=zero3,checkpointing=full"),      // DeepSpeed + PEFT
      Ranked(w, "method=full,sharding=fsdp-full,checkpointing=full"),  // FSDP via accelerate
      Ranked(w, "method=full,tp=2,sharding=none"),                     // tp > 1: Megatron-LM
      Ranked(w, "method=qlora,sharding=none,checkpointing=full"),      // DDP: torchrun + PEFT
  };
  const std::vector<PlanExport> out = ExportTop(w, ranked, 4);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(FileNames(out[0]), (Names{"ds_config.json", "peft_config.py", "plan.txt"}));
  EXPECT_EQ(FileNames(out[1]), (Names{"accelerate_fsdp.yaml", "launch.sh", "plan.txt"}));
  EXPECT_EQ(FileNames(out[2]), (Names{"megatron_args.sh", "plan.txt"}));
  EXPECT_EQ(FileNames(out[3]), (Names{"launch.sh", "peft_config.py", "plan.txt"}));
  for (size_t i = 0; i < out.size(); ++i) {
    EXPECT_EQ(out[i].dir, std::to_string(i + 1) + "-" + PlanSlug(ranked[i].plan));
    // plan.txt names the plan in --plan syntax, so `fitplan estimate --plan` can re-run it.
    EXPECT_NE(out[i].files.back().contents.find("\n--plan " + ranked[i].plan.ToString() + "\n"),
              std::string::npos)
        << out[i].files.back().contents;
  }
}

TEST(ExportTopTest, ExportsAtMostTheRankedPlans) {
  const Workload w = CatalogWorkload("llama-3.1-8b", A100Cluster(8));
  const std::vector<Estimate> ranked = {Ranked(w, "method=lora,sharding=zero3"),
                                        Ranked(w, "method=lora,sharding=zero2")};
  EXPECT_EQ(ExportTop(w, ranked, 1).size(), 1u);
  EXPECT_EQ(ExportTop(w, ranked, 5).size(), 2u);
  EXPECT_TRUE(ExportTop(w, {}, 3).empty());
}

TEST(ExportTopTest, SlugIsTheRecipeLineAsADirectoryName) {
  const Workload w = CatalogWorkload("llama-3.1-8b", A100Cluster(8));
  const Plan plan = Ranked(w, "method=lora,sharding=zero3,checkpointing=full").plan;
  // RecipeLine: "lora r16 · bf16-mixed · adamw · zero3 · ckpt=full · tp1 pp1 dp8 · mb1×ga8".
  ASSERT_EQ(RecipeLine(plan),
            "lora r16 · bf16-mixed · adamw · zero3 · ckpt=full · tp1 pp1 dp8 · mb1×ga8");
  EXPECT_EQ(PlanSlug(plan), "lora-r16-bf16-mixed-adamw-zero3-ckpt-full-tp1-pp1-dp8-mb1-ga8");
  // "+" of "zero3+optimizer-cpu" and "tp2+sp" becomes "-" like every other separator.
  const Plan offload = Ranked(w, "method=full,sharding=zero3,offload=optimizer-cpu").plan;
  EXPECT_NE(PlanSlug(offload).find("-zero3-optimizer-cpu-"), std::string::npos)
      << PlanSlug(offload);
  const Plan tensor_parallel = Ranked(w, "method=full,tp=2,sp=true,sharding=none").plan;
  EXPECT_NE(PlanSlug(tensor_parallel).find("-tp2-sp-pp1-"), std::string::npos)
      << PlanSlug(tensor_parallel);
  for (const Plan& p : {plan, offload, tensor_parallel}) {
    EXPECT_EQ(PlanSlug(p).find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-"),
              std::string::npos)
        << PlanSlug(p);
  }
}

}  // namespace
}  // namespace fitplan
