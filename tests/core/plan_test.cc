#include "planner/core/plan.h"

#include <gtest/gtest.h>

#include "planner/core/engine.h"

#include "planner/core/estimate.h"
#include "planner/core/job.h"
#include "planner/core/units.h"

namespace fitplan {
namespace {

TEST(PlanTest, NamesRoundTrip) {
  for (size_t i = 0; i < kShardingNames.size(); ++i) {
    const auto parsed = ParseEnum<Sharding>(kShardingNames, kShardingNames[i]);
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(Name(*parsed), kShardingNames[i]);
  }
  EXPECT_FALSE(ParseEnum<Sharding>(kShardingNames, "zero4").has_value());
}

TEST(PlanTest, ToStringSpellsEveryField) {
  Plan p;
  p.method = Method::kLora;
  p.dp = 8;
  EXPECT_EQ(p.ToString(),
            "method=lora,lora_rank=16,lora_targets=all-linear,precision=bf16-mixed,optimizer=adamw,"
            "sharding=none,offload=none,checkpointing=none,tp=1,pp=1,vpp=1,cp=1,ep=1,dp=8,sp=false,"
            "micro_batch=1,grad_accum=1,seq_len=0");
  p.order = RankOrder::kDpTpCpPp;
  EXPECT_NE(p.ToString().find(",order=dp-tp-cp-pp"), std::string::npos);
}

TEST(PlanTest, CompareIsATotalOrder) {
  Plan a, b;
  EXPECT_EQ(ComparePlans(a, b), 0);
  b.micro_batch = 2;
  EXPECT_EQ(ComparePlans(a, b), -1);
  EXPECT_EQ(ComparePlans(b, a), 1);
  b = a;
  b.method = Method::kQlora;
  EXPECT_LT(ComparePlans(a, b), 0);
}

TEST(PlanTest, FilterAllows) {
  PlanFilter f;
  f.methods = 1u << int(Method::kQlora);
  f.tp = 1;
  Plan p;
  EXPECT_FALSE(f.AllowsPlan(p));
  p.method = Method::kQlora;
  EXPECT_TRUE(f.AllowsPlan(p));
  p.tp = 2;
  EXPECT_FALSE(f.AllowsPlan(p));
  // engines: tp 2 makes it a Megatron plan (EngineFor).
  f.tp.reset();
  f.engines = 1u << int(Engine::kMegatron);
  EXPECT_TRUE(f.AllowsPlan(p));
  p.tp = 1;
  p.sharding = Sharding::kZero3;  // DeepSpeed's
  EXPECT_FALSE(f.AllowsPlan(p));
}

TEST(EstimateTest, ReasonNamesLimitAndSizes) {
  Estimate e;
  EXPECT_EQ(ReasonText(e), "");
  e.broken_limit = Limit::kGpuMemory;
  e.limit_needed = 91.2 * kGiB;
  e.limit_available = 79.1 * kGiB;
  EXPECT_EQ(ReasonText(e), "GPU memory: needs 91.2 GiB of 79.1 GiB usable");
}

}  // namespace
}  // namespace fitplan
