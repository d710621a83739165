#include <gtest/gtest.h>

#include <utility>

#include "hardware/topology.h"
#include "strategies/accumulation.h"
#include "strategies/collectives.h"
#include "strategies/offload.h"
#include "strategies/sharding.h"
#include "tests/test_support.h"

namespace fitplan {
namespace {

TEST(ShardingTest, DivisorsFollowZeroStages) {
  Plan p;
  p.dp = 8;
  const struct {
    Sharding s;
    ShardDivisors d;
  } cases[] = {{Sharding::kNone, {1, 1, 1}},     {Sharding::kZero1, {1, 1, 8}},
               {Sharding::kZero2, {1, 8, 8}},    {Sharding::kZero3, {8, 8, 8}},
               {Sharding::kFsdpFull, {8, 8, 8}}, {Sharding::kFsdpGradOp, {1, 8, 8}}};
  for (const auto& c : cases) {
    p.sharding = c.s;
    const ShardDivisors d = ShardDivisorsFor(p, 8);
    EXPECT_EQ(d.weight, c.d.weight) << Name(c.s);
    EXPECT_EQ(d.grad, c.d.grad) << Name(c.s);
    EXPECT_EQ(d.optimizer, c.d.optimizer) << Name(c.s);
  }
  // Hybrid over 4 nodes × 8: shards inside the node only.
  p.dp = 32;
  p.sharding = Sharding::kFsdpHybrid;
  EXPECT_EQ(ShardDivisorsFor(p, 8).weight, 8);
}

TEST(ShardingTest, Zero3GatherBufferIsLargestModulePlusPrefetch) {
  const Workload w = testing::CatalogWorkload("llama-3.1-70b", testing::A100Cluster(8));
  const Plan p = testing::BasePlan(w, Method::kFull, Sharding::kZero3, Checkpointing::kFull);
  const StageParams stage = StageParamsFor(w, p, true);
  const ShardingBuffers b = ShardingBuffersFor(w, p, stage, 2, 1e9, 2);
  // Kept through the loss by the reuse distance: kZero3MaxLiveParameters = 1e9 of the 70.6e9,
  // 2 B × 1e9. Live in forward and backward: 2 B × (embedding 128256·8192 = 1,050,673,152
  // + prefetch 0.9·8192² = 60,397,977.6) = 2,222,142,259.2, of which 2e9 are the kept set.
  EXPECT_DOUBLE_EQ(b.root_gathered, 2e9);
  EXPECT_DOUBLE_EQ(b.root_gathered + b.gathered, 2 * (1050673152.0 + 0.9 * 8192 * 8192));
  // IPG bucket h² × 2 B = 134,217,728; fp32 grad sub-group 4 · min(1e9/8, 1e9) = 5e8
  EXPECT_DOUBLE_EQ(b.backward, 134217728.0);
  EXPECT_DOUBLE_EQ(b.persistent, 5e8);
}

// The fp32 gradient partitions DeepSpeed builds for the optimizer step sit where the optimizer
// does: on the GPU, ZeRO-2's 4 B × 8e9 / 8 = 4e9 and ZeRO-3's sub-group 4 · min(1e9, 1e9) = 4e9;
// with the optimizer offloaded, on the host (self.device = 'cpu' under cpu_offload), so none.
TEST(ShardingTest, OffloadedOptimizerKeepsItsFp32GradientsOnTheHost) {
  const Workload w = testing::CatalogWorkload("llama-3.1-70b", testing::A100Cluster(8));
  Plan p = testing::BasePlan(w, Method::kFull, Sharding::kZero2, Checkpointing::kFull);
  const StageParams stage = StageParamsFor(w, p, true);
  EXPECT_DOUBLE_EQ(ShardingBuffersFor(w, p, stage, 2, 8e9, 2).step_gradients, 4e9);
  p.offload = Offload::kOptimizerCpu;
  EXPECT_DOUBLE_EQ(ShardingBuffersFor(w, p, stage, 2, 8e9, 2).step_gradients, 0);
  p.sharding = Sharding::kZero3;
  EXPECT_DOUBLE_EQ(ShardingBuffersFor(w, p, stage, 2, 8e9, 2).persistent, 0);
  p.offload = Offload::kNone;
  EXPECT_DOUBLE_EQ(ShardingBuffersFor(w, p, stage, 2, 8e9, 2).persistent, 4e9);
}

// A model smaller than kZero3MaxLiveParameters stays gathered whole from forward into backward:
// Llama-3.2-1B (1,235,814,400 params > 1e9) keeps 1e9; Qwen2.5-0.5B (494,032,768) keeps all of it.
TEST(ShardingTest, Zero3KeepsUpToMaxLiveParameters) {
  for (const auto& [model, kept] : {std::pair<const char*, double>{"llama-3.2-1b", 1e9},
                                    std::pair<const char*, double>{"qwen2.5-0.5b", 494032768.0}}) {
    const Workload w = testing::CatalogWorkload(model, testing::A100Cluster(8));
    const Plan p = testing::BasePlan(w, Method::kFull, Sharding::kZero3, Checkpointing::kFull);
    const StageParams stage = StageParamsFor(w, p, true);
    EXPECT_NEAR(ShardingBuffersFor(w, p, stage, 2, 1e8, 2).root_gathered, 2 * kept, 1) << model;
  }
}

// LoRA on FSDP: the adapters share their layer's flat parameter, whose gradient is layer-sized.
// Llama-3.1-8B: one layer = attention 2·4096² + 2·4096·1024 = 41,943,040 + MLP 3·4096·14336 =
// 176,160,768 + norms 8,192 = 218,112,000; 32 layers = 6,979,584,000 params, 2 B each (bf16 base).
TEST(ShardingTest, FsdpLoraGradientsAreLayerSized) {
  const Workload w = testing::CatalogWorkload("llama-3.1-8b", testing::A100Cluster(2));
  Plan p = testing::BasePlan(w, Method::kLora, Sharding::kFsdpFull, Checkpointing::kFull);
  ASSERT_GT(p.grad_accum, 1);  // 64 sequences / dp 2 / micro-batch 1 = 32
  const StageParams stage = StageParamsFor(w, p, true);
  ASSERT_DOUBLE_EQ(stage.block_params, 6979584000.0);
  const ShardingBuffers accumulating = ShardingBuffersFor(w, p, stage, 2, 1e7, 4);
  // no_sync keeps 6,979,584,000 × 2 B unsharded; the step holds its shard over dp 2.
  EXPECT_DOUBLE_EQ(accumulating.accumulated_gradients, 13959168000.0);
  EXPECT_DOUBLE_EQ(accumulating.step_gradients, 6979584000.0);
  EXPECT_DOUBLE_EQ(accumulating.backward, 218112000.0 * 2);  // one layer's unsharded gradient
  p.grad_accum = 1;
  p.micro_batch = 32;
  const ShardingBuffers synced = ShardingBuffersFor(w, p, stage, 2, 1e7, 4);
  EXPECT_DOUBLE_EQ(synced.accumulated_gradients, 0);
  EXPECT_DOUBLE_EQ(synced.step_gradients, 6979584000.0);
  // CPUOffload(offload_params=True) keeps the sharded gradients on the host with the params.
  p.offload = Offload::kOptimizerParamCpu;
  EXPECT_DOUBLE_EQ(ShardingBuffersFor(w, p, stage, 2, 1e7, 4).step_gradients, 0);
  p.offload = Offload::kNone;
  // FSDP-QLoRA recipes wrap the adapters apart: the quantized layers need no gradient.
  p.method = Method::kQlora;
  p.grad_accum = 32;
  p.micro_batch = 1;
  const ShardingBuffers qlora = ShardingBuffersFor(w, p, stage, 2, 1e7, 4);
  EXPECT_DOUBLE_EQ(qlora.accumulated_gradients, 0);
  EXPECT_DOUBLE_EQ(qlora.step_gradients, 0);
  p.method = Method::kLora;
  // Full fine-tuning's units hold trainable parameters only: FSDP reduce-scatters every
  // micro-batch, as Composer, torchtitan and torchtune do, and the sharded grads are states.
  p = testing::BasePlan(w, Method::kFull, Sharding::kFsdpFull, Checkpointing::kFull);
  const ShardingBuffers full = ShardingBuffersFor(w, p, stage, 2, 8e9, 4);
  EXPECT_DOUBLE_EQ(full.accumulated_gradients, 0);
  EXPECT_DOUBLE_EQ(full.step_gradients, 0);
  EXPECT_DOUBLE_EQ(full.backward, 8e9 / 32 * 4);  // one layer's share of the trainable grads, 4 B
}

// Under accumulation the layer-sized reduce-scatter leaves the micro-batch for the step.
TEST(ShardingTest, FsdpLoraReducesOncePerStepUnderNoSync) {
  const Workload w = testing::CatalogWorkload("llama-3.1-8b", testing::A100Cluster(2));
  Plan p = testing::BasePlan(w, Method::kLora, Sharding::kFsdpFull, Checkpointing::kFull);
  const Topology topology(w.cluster);
  const LayoutLinks links = LinksFor(topology, p, 2);
  const StageParams stage = StageParamsFor(w, p, true);
  const double weights = (stage.block_params + stage.extra_params) * 2;
  const DataParallelComm accumulating = DataParallelCommFor(w, p, stage, links, 2, 1e7, 2);
  EXPECT_DOUBLE_EQ(accumulating.per_micro_step_s, 2 * AllGatherSeconds(weights, 2, links.dp));
  EXPECT_DOUBLE_EQ(accumulating.per_step_s, AllGatherSeconds(13959168000.0, 2, links.dp));
  p.grad_accum = 1;
  p.micro_batch = 32;
  const DataParallelComm synced = DataParallelCommFor(w, p, stage, links, 2, 1e7, 2);
  EXPECT_DOUBLE_EQ(synced.per_step_s, 0);
  EXPECT_DOUBLE_EQ(synced.per_micro_step_s, 2 * AllGatherSeconds(weights, 2, links.dp) +
                                                AllGatherSeconds(13959168000.0, 2, links.dp));
}

TEST(ShardingTest, LoadStrategies) {
  Plan p;
  p.dp = 8;
  p.sharding = Sharding::kZero2;
  EXPECT_EQ(LoadStrategyFor(p), LoadStrategy::kEveryRankFullCopy);
  p.sharding = Sharding::kFsdpFull;
  EXPECT_EQ(LoadStrategyFor(p), LoadStrategy::kRankZeroFullCopy);
  p.sharding = Sharding::kZero3;
  EXPECT_EQ(LoadStrategyFor(p), LoadStrategy::kShardedPerRank);
  p.sharding = Sharding::kNone;
  p.method = Method::kQlora;
  EXPECT_EQ(LoadStrategyFor(p), LoadStrategy::kStreamedShards);
}

TEST(AccumulationTest, MicroBatchesAreTheDivisorsAscending) {
  // 64 sequences over dp 8: 8 per replica → 1, 2, 4, 8; over dp 3: not divisible → none.
  EXPECT_EQ(MicroBatchChoices(64, 8), (std::vector<int32_t>{1, 2, 4, 8}));
  EXPECT_EQ(MicroBatchChoices(36, 1), (std::vector<int32_t>{1, 2, 3, 4, 6, 9, 12, 18, 36}));
  EXPECT_TRUE(MicroBatchChoices(64, 3).empty());
  EXPECT_EQ(MicroBatchChoices(int64_t{1} << 24, 1).size(), 25u);  // 2^0 … 2^24
}

TEST(OffloadTest, LegalCombinations) {
  Plan p;
  p.dp = 8;
  p.sharding = Sharding::kZero2;
  p.offload = Offload::kOptimizerCpu;
  EXPECT_TRUE(OffloadLegal(p));
  p.offload = Offload::kOptimizerParamCpu;  // param offload needs ZeRO-3
  EXPECT_FALSE(OffloadLegal(p));
  p.sharding = Sharding::kZero3;
  EXPECT_TRUE(OffloadLegal(p));
  p.offload = Offload::kOptimizerParamNvme;
  EXPECT_TRUE(OffloadLegal(p));
  p.sharding = Sharding::kFsdpFull;
  EXPECT_FALSE(OffloadLegal(p));  // FSDP offloads params with the optimizer, on CPU only
  p.offload = Offload::kOptimizerParamCpu;
  EXPECT_TRUE(OffloadLegal(p));
  p.sharding = Sharding::kNone;
  EXPECT_FALSE(OffloadLegal(p));
}

TEST(OffloadTest, PcieTrafficIsFourBytesPerParamPerStep) {
  const Workload w = testing::CatalogWorkload("llama-3.1-8b", testing::A100Cluster(8));
  Plan p = testing::BasePlan(w, Method::kFull, Sharding::kZero2, Checkpointing::kFull, 8);
  p.offload = Offload::kOptimizerCpu;
  ASSERT_EQ(p.grad_accum, 1);
  // 1e9 trainable params per rank: D2H 2 B + H2D 2 B = 4e9 B over A100 PCIe 4 (32e9 B/s
  // × 0.8 efficiency) = 0.15625 s; CPU Adam 30 B × 1e9 × 8 ranks / 150e9 B/s = 1.6 s.
  const OffloadTime t = OffloadTimeFor(w, p, 1e9, 1e9, 8);
  EXPECT_DOUBLE_EQ(t.pcie_s, 4e9 / (32e9 * 0.8));
  EXPECT_DOUBLE_EQ(t.cpu_optimizer_s, 30.0 * 1e9 * 8 / 150e9);
  EXPECT_DOUBLE_EQ(t.nvme_s, 0);
}

}  // namespace
}  // namespace fitplan
