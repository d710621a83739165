#include <gtest/gtest.h>

#include <string>

#include "hardware/gpu_catalog.h"
#include "strategies/optimizer.h"
#include "strategies/peft.h"
#include "strategies/precision.h"
#include "strategies/strategy_table.h"
#include "tests/test_support.h"

namespace fitplan {
namespace {

double BytesPerParam(Precision p, Engine e, Optimizer o) {
  const TrainableBytes b = TrainableBytesFor(p, e);
  return b.weight + b.grad + b.master + OptimizerStateBytes(o, b.state_width, 4096);
}

TEST(PrecisionTest, BytesPerParamMatchCostModelTable) {
  // cost-model.md §3.2: ZeRO mixed AdamW 2 + 2 + 4 + 8 = 16; Megatron 2 + 4 + 4 + 8 = 18;
  // FSDP (fp32 sharded param is the master) 4 + 4 + 8 = 16; pure bf16 2 + 2 + 4 = 8; fp32 16.
  EXPECT_DOUBLE_EQ(BytesPerParam(Precision::kBf16Mixed, Engine::kDeepSpeed, Optimizer::kAdamW), 16);
  EXPECT_DOUBLE_EQ(BytesPerParam(Precision::kBf16Mixed, Engine::kMegatron, Optimizer::kAdamW), 18);
  EXPECT_DOUBLE_EQ(BytesPerParam(Precision::kBf16Mixed, Engine::kFsdp, Optimizer::kAdamW), 16);
  EXPECT_DOUBLE_EQ(BytesPerParam(Precision::kBf16, Engine::kTorch, Optimizer::kAdamW), 8);
  EXPECT_DOUBLE_EQ(BytesPerParam(Precision::kFp32, Engine::kTorch, Optimizer::kAdamW), 16);
  // 8-bit: 2 + 2 + 4 + 2·(1 + 4/256) = 10.03125; SGD momentum fp32: 2 + 2 + 4 + 4 = 12
  EXPECT_DOUBLE_EQ(BytesPerParam(Precision::kBf16Mixed, Engine::kDeepSpeed, Optimizer::kAdamW8bit),
                   10.03125);
  EXPECT_DOUBLE_EQ(BytesPerParam(Precision::kBf16Mixed, Engine::kDeepSpeed, Optimizer::kSgd), 12);
  // FP8 (TE): + FP8 weight and transpose caches, 16 + 2 = 18 with ZeRO.
  EXPECT_DOUBLE_EQ(BytesPerParam(Precision::kFp8Mixed, Engine::kDeepSpeed, Optimizer::kAdamW), 18);
}

TEST(PrecisionTest, AdafactorStatesAreFactored) {
  // (n + m)/(n·m) per element ≈ 2/h: 4 B × 2/4096 ≈ 0.002 B/param, far below AdamW's 8.
  EXPECT_NEAR(OptimizerStateBytes(Optimizer::kAdafactor, 4, 4096), 4.0 * 2 / 4096, 1e-12);
}

TEST(PrecisionTest, LegalityFollowsHardware) {
  Cluster c = testing::A100Cluster(1);
  EXPECT_FALSE(PrecisionLegal(Precision::kFp8Mixed, Method::kFull, c.gpu));  // A100: no FP8
  EXPECT_TRUE(PrecisionLegal(Precision::kBf16Mixed, Method::kQlora, c.gpu));
  EXPECT_FALSE(PrecisionLegal(Precision::kFp32, Method::kQlora, c.gpu));
  GpuSpec v100 = c.gpu;
  v100.bf16_flops = 0;
  EXPECT_FALSE(PrecisionLegal(Precision::kBf16Mixed, Method::kFull, v100));
  EXPECT_TRUE(PrecisionLegal(Precision::kFp16Mixed, Method::kFull, v100));
}

// FP8 LoRA: Transformer Engine runs the frozen base in FP8 under NeMo/Megatron, which the engine
// follows from; QLoRA's NF4 base has no FP8 path. The frozen base keeps its bf16 copy plus the
// FP8 cast and transpose: 2 + 2 = 4 B/param, against 2 for a 16-bit base.
TEST(PrecisionTest, Fp8LoraRunsOnMegatron) {
  const GpuSpec& h100 = *FindGpu("h100-sxm-80gb");
  EXPECT_TRUE(PrecisionLegal(Precision::kFp8Mixed, Method::kLora, h100));
  EXPECT_FALSE(PrecisionLegal(Precision::kFp8Mixed, Method::kQlora, h100));
  EXPECT_FALSE(PrecisionLegal(Precision::kFp8Mixed, Method::kLora, *FindGpu("a100-sxm-80gb")));
  Plan p;
  p.method = Method::kLora;
  p.precision = Precision::kFp8Mixed;
  for (Sharding s : {Sharding::kNone, Sharding::kZero1, Sharding::kZero3, Sharding::kFsdpFull}) {
    p.sharding = s;
    EXPECT_EQ(EngineFor(p), Engine::kMegatron);  // data parallel only: still Megatron
  }
  p.precision = Precision::kBf16Mixed;
  EXPECT_EQ(EngineFor(p), Engine::kFsdp);
  p.method = Method::kFull;
  p.precision = Precision::kFp8Mixed;
  EXPECT_EQ(EngineFor(p), Engine::kFsdp);  // full FP8 training: torchao float8 under FSDP
  // Megatron shards with its distributed optimizer only: FP8 LoRA under ZeRO-3 or FSDP is no plan.
  const Workload w = testing::CatalogWorkload("llama-3.1-8b", testing::GpuCluster("h100-sxm-80gb", 8));
  Plan lora = testing::BasePlan(w, Method::kLora, Sharding::kZero1, Checkpointing::kFull);
  lora.precision = Precision::kFp8Mixed;
  EXPECT_TRUE(PlanLegal(w, lora)) << lora.ToString();
  for (Sharding s : {Sharding::kZero2, Sharding::kZero3, Sharding::kFsdpFull}) {
    lora.sharding = s;
    const Strategy* rejected = nullptr;
    EXPECT_FALSE(PlanLegal(w, lora, &rejected));
    ASSERT_NE(rejected, nullptr);
    EXPECT_EQ(std::string(rejected->name), "sharding");
  }
  EXPECT_EQ(FrozenWeightBytes(Precision::kFp8Mixed), 4);
  EXPECT_EQ(FrozenWeightBytes(Precision::kBf16Mixed), 2);
  EXPECT_EQ(FrozenWeightBytes(Precision::kFp32), 4);
}

TEST(OptimizerTest, StepTemporaries) {
  // Fused AdamW (fitplan's torch recipes): in place, no temporary.
  EXPECT_EQ(OptimizerTemporaryBytesPerParam(Optimizer::kAdamW, Engine::kTorch, 4), 0);
  EXPECT_EQ(OptimizerTemporaryBytesPerParam(Optimizer::kAdamW, Engine::kFsdp, 2), 0);
  // foreach SGD: one full-size list of the state dtype (fp32: 4 B, bf16: 2 B per parameter).
  EXPECT_EQ(OptimizerTemporaryBytesPerParam(Optimizer::kSgd, Engine::kTorch, 4), 4);
  EXPECT_EQ(OptimizerTemporaryBytesPerParam(Optimizer::kSgd, Engine::kFsdp, 2), 2);
  // DeepSpeed and Megatron step in fused kernels; bitsandbytes blockwise in place.
  EXPECT_EQ(OptimizerTemporaryBytesPerParam(Optimizer::kSgd, Engine::kDeepSpeed, 4), 0);
  EXPECT_EQ(OptimizerTemporaryBytesPerParam(Optimizer::kSgd, Engine::kMegatron, 4), 0);
  EXPECT_EQ(OptimizerTemporaryBytesPerParam(Optimizer::kAdamW8bit, Engine::kTorch, 4), 0);
}

TEST(OptimizerTest, OffloadNeedsAdamAndMegatronNeedsAdamOrSgd) {
  EXPECT_TRUE(OptimizerLegal(Optimizer::kAdamW, Offload::kOptimizerCpu, Engine::kDeepSpeed));
  EXPECT_FALSE(OptimizerLegal(Optimizer::kAdamW8bit, Offload::kOptimizerCpu, Engine::kDeepSpeed));
  EXPECT_FALSE(OptimizerLegal(Optimizer::kAdafactor, Offload::kNone, Engine::kMegatron));
  EXPECT_TRUE(OptimizerLegal(Optimizer::kSgd, Offload::kNone, Engine::kMegatron));
}

TEST(PeftTest, Nf4BytesPerParam) {
  // bitsandbytes double quant: (4 + 8/64 + 32/(64·256)) / 8 = 4.126953125 / 8 = 0.515869140625
  EXPECT_DOUBLE_EQ(kNf4BytesPerParam, 0.515869140625);
}

}  // namespace
}  // namespace fitplan
