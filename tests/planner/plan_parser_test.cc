#include "planner/plan_parser.h"

#include <gtest/gtest.h>

namespace fitplan {
namespace {

TEST(PlanParserTest, FillsDefaultsFromJobAndCluster) {
  const Job job;  // global batch 64, seq 4096
  const StatusOr<Plan> p = ParsePlan("method=lora,sharding=zero3,checkpointing=full", job, 8);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->method, Method::kLora);
  EXPECT_EQ(p->dp, 8);          // 8 GPUs / (tp·pp·cp = 1)
  EXPECT_EQ(p->grad_accum, 8);  // 64 / (micro_batch 1 × dp 8)
  EXPECT_EQ(p->seq_len, 4096);
  EXPECT_EQ(p->lora_rank, 16);
}

TEST(PlanParserTest, ErrorsNameTheFieldAndExpectedValues) {
  const Job job;
  EXPECT_EQ(ParsePlan("sharding=zero4", job, 8).status().message(),
            "--plan: sharding: unknown value 'zero4'; expected one of none, zero1, zero2, zero3, "
            "fsdp-full, fsdp-grad-op, fsdp-hybrid");
  EXPECT_EQ(ParsePlan("metod=lora", job, 8).status().message(),
            "--plan: metod: unknown plan field; did you mean 'method'?");
  EXPECT_EQ(ParsePlan("tp=0", job, 8).status().message(),
            "--plan: tp: 0 is out of range; expected an integer ≥ 1");
  EXPECT_EQ(ParsePlan("tp=3", job, 8).status().message(),
            "--plan: tp: tp·pp·cp = 3 does not divide the cluster's 8 GPUs");
  EXPECT_EQ(ParsePlan("micro_batch=3", job, 8).status().message(),
            "--plan: micro_batch: micro_batch·dp = 24 does not divide the global batch of 64 "
            "sequences");
  EXPECT_EQ(ParsePlan("lora", job, 8).status().message(),
            "--plan: expected key=value, got 'lora'");
}

TEST(PlanParserTest, FixAcceptsSeveralValues) {
  PlanFilter f;
  ASSERT_TRUE(ApplyFix("method=lora|qlora", &f).ok());
  EXPECT_EQ(f.methods, (1u << 1) | (1u << 2));
  ASSERT_TRUE(ApplyFix("tp=2", &f).ok());
  EXPECT_EQ(f.tp, 2);
  EXPECT_EQ(ApplyFix("precision=bf32", &f).message(),
            "--fix: precision: unknown value 'bf32'; expected one of bf16-mixed, fp16-mixed, bf16, "
            "fp8-mixed, fp32");
}

}  // namespace
}  // namespace fitplan
