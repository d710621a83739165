#include "strategies/strategy_table.h"

#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace fitplan {
namespace {

TEST(StrategyTableTest, TableNamesEachTechniqueOnce) {
  const auto table = Strategies();
  ASSERT_EQ(table.size(), 8u);
  EXPECT_EQ(table[0].name, "parallelism");
  EXPECT_EQ(table[7].name, "accumulation");
}

TEST(StrategyTableTest, RejectsImpossibleCombinationsAndSaysWho) {
  const Workload w = testing::CatalogWorkload("llama-3.1-70b", testing::A100Cluster(8));
  Plan p = testing::BasePlan(w, Method::kQlora, Sharding::kNone, Checkpointing::kFull);
  EXPECT_TRUE(PlanLegal(w, p));
  const Strategy* who = nullptr;
  p.tp = 2;
  p.dp = 4;
  p.grad_accum = 16;
  EXPECT_FALSE(PlanLegal(w, p, &who));  // bitsandbytes 4-bit layers are not TP-aware
  EXPECT_EQ(who->name, "peft");
  p = testing::BasePlan(w, Method::kFull, Sharding::kZero3, Checkpointing::kFull);
  p.precision = Precision::kFp8Mixed;  // A100 has no FP8 tensor cores
  EXPECT_FALSE(PlanLegal(w, p, &who));
  EXPECT_EQ(who->name, "precision");
  p.precision = Precision::kBf16Mixed;
  p.grad_accum = 3;  // 1 × 3 × 8 ≠ 64
  EXPECT_FALSE(PlanLegal(w, p, &who));
  EXPECT_EQ(who->name, "accumulation");
}

TEST(StrategyTableTest, PretrainingTrainsEveryWeight) {
  Job pretrain;
  pretrain.kind = JobKind::kPretrain;
  const Workload w = testing::CatalogWorkload("llama-3.1-8b", testing::A100Cluster(8), pretrain);
  const Strategy* who = nullptr;
  EXPECT_FALSE(PlanLegal(w, testing::BasePlan(w, Method::kLora, Sharding::kZero3,
                                              Checkpointing::kFull), &who));
  EXPECT_EQ(who->name, "peft");
  EXPECT_TRUE(PlanLegal(w, testing::BasePlan(w, Method::kFull, Sharding::kZero3,
                                             Checkpointing::kFull)));
}

}  // namespace
}  // namespace fitplan
