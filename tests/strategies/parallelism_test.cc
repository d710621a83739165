#include "strategies/parallelism.h"

#include <gtest/gtest.h>

#include "hardware/cluster_loader.h"
#include "hardware/topology.h"
#include "strategies/calibration.h"
#include "tests/test_support.h"

namespace fitplan {
namespace {

TEST(ParallelismTest, StageParamsSplitLayersAndEmbeddings) {
  const Workload w = testing::CatalogWorkload("llama-3.1-70b", testing::A100Cluster(8));
  Plan p = testing::BasePlan(w, Method::kFull, Sharding::kNone, Checkpointing::kFull);
  p.tp = 2;
  p.pp = 4;
  p.dp = 1;
  const StageParams first = StageParamsFor(w, p, true);
  // 80 layers / 4 = 20 per stage; 20 · 855,654,400 / 2 = 8,556,544,000
  EXPECT_DOUBLE_EQ(first.layers, 20);
  EXPECT_DOUBLE_EQ(first.block_params, 8556544000.0);
  // first stage: embedding 128256·8192 / 2 = 525,336,576
  EXPECT_DOUBLE_EQ(first.extra_params, 525336576.0);
  // last stage: lm_head / 2 + final norm 8192 = 525,344,768
  EXPECT_DOUBLE_EQ(StageParamsFor(w, p, false).extra_params, 525344768.0);
}

TEST(ParallelismTest, InFlightAndBubble) {
  Plan p;
  p.pp = 4;
  p.grad_accum = 8;
  EXPECT_DOUBLE_EQ(InFlightMicroBatches(p), 4);          // min(m, p)
  EXPECT_DOUBLE_EQ(PipelineBubbleFraction(p), 3.0 / 8);  // (p − 1)/m
  p.vpp = 2;
  // min(8, 4) · (1 + 3/(4·2)) = 4 · 1.375 = 5.5; bubble (p − 1)/(v·m) = 3/16
  EXPECT_DOUBLE_EQ(InFlightMicroBatches(p), 5.5);
  EXPECT_DOUBLE_EQ(PipelineBubbleFraction(p), 3.0 / 16);
  // m = p: every forward runs before the first backward (Megatron's all-warmup case), so all
  // 4 micro-batches and no more: min(4, 5.5) = 4.
  p.grad_accum = 4;
  EXPECT_DOUBLE_EQ(InFlightMicroBatches(p), 4);
  p.grad_accum = 2;
  p.vpp = 1;
  EXPECT_DOUBLE_EQ(InFlightMicroBatches(p), 2);
}

TEST(ParallelismTest, MoreMicroBatchesShrinkTheBubble) {
  Plan p;
  p.pp = 8;
  p.grad_accum = 8;
  const double few = PipelineBubbleFraction(p);
  p.grad_accum = 64;
  EXPECT_LT(PipelineBubbleFraction(p), few);
}

TEST(ParallelismTest, ContextParallelRingExchange) {
  const Workload w = testing::CatalogWorkload("llama-3.1-70b", testing::A100Cluster(8));
  Plan p = testing::BasePlan(w, Method::kFull, Sharding::kNone, Checkpointing::kFull);
  p.cp = 8;
  p.dp = 1;
  p.grad_accum = 64;
  const Topology topology(w.cluster);
  const LayoutLinks links = LinksFor(topology, p, 8);
  const StageParams stage = StageParamsFor(w, p, true);
  // K, V chunk: 2 × 1 × (4096/8 = 512 tokens) × (8 kv heads × 128) × 2 B = 2,097,152 B; one hop on
  // NVSwitch: 1e-5 s + 2,097,152 / (300e9 × 0.75) = 1.932e-5 s; 3 transfers × 7 hops × 80 layers
  // × 64 micro-batches = 107,520 hops → ≈ 2.077 s, none hidden when attention takes 0 s.
  const double hop = links.cp.latency_s + 2097152.0 / (links.cp.bytes_per_s * 0.75);
  EXPECT_NEAR(ContextParallelSeconds(w, p, stage, 2, 0, links.cp), 3 * 7 * 80 * 64 * hop, 1e-9);
  EXPECT_DOUBLE_EQ(links.cp.bytes_per_s, 300e9);
  EXPECT_DOUBLE_EQ(ContextParallelSeconds(w, p, stage, 2, 1e6, links.cp), 0);  // fully hidden
  p.cp = 1;
  EXPECT_DOUBLE_EQ(ContextParallelSeconds(w, p, stage, 2, 0, links.cp), 0);
}

TEST(ParallelismTest, ExpertParallelAllToAll) {
  const Workload w = testing::CatalogWorkload("mixtral-8x7b", testing::A100Cluster(8));
  Plan p = testing::BasePlan(w, Method::kFull, Sharding::kNone, Checkpointing::kNone);
  p.ep = 8;  // 8 experts over the 8 data-parallel ranks; grad_accum 64/8 = 8
  ASSERT_TRUE(LayoutLegal(w, p));
  const Topology topology(w.cluster);
  const LayoutLinks links = LinksFor(topology, p, 8);
  const StageParams stage = StageParamsFor(w, p, true);
  // Each rank dispatches k·b·s·h·2 B = 2 × 1 × 4096 × 4096 × 2 = 67,108,864 B; one all-to-all over
  // 8 NVSwitch ranks: 7 × 1e-5 s + 67,108,864 / (300e9 × 0.75) × 7/8 = 3.310e-4 s; 4 per MoE layer
  // (dispatch, combine, forward and backward) × 32 layers × 8 micro-batches ≈ 0.339 s.
  const double a2a = 7 * links.ep.latency_s + 67108864.0 / (links.ep.bytes_per_s * 0.75) * 7 / 8;
  EXPECT_NEAR(ExpertParallelSeconds(w, p, stage, 2, false, links.ep), 4 * a2a * 32 * 8, 1e-9);
  EXPECT_GT(ExpertParallelSeconds(w, p, stage, 2, true, links.ep),
            ExpertParallelSeconds(w, p, stage, 2, false, links.ep));  // recompute redoes forward
  p.ep = 1;
  EXPECT_DOUBLE_EQ(ExpertParallelSeconds(w, p, stage, 2, false, links.ep), 0);
}

// A one-node cluster of `gpu` (NVSwitch at the GPU's NVLink rate).
Cluster Node(const std::string& gpu, int gpus) {
  StatusOr<Cluster> c = ParseClusterYaml("name: n\ngpu: " + gpu +
                                             "\nnodes: 1\ngpus_per_node: " + std::to_string(gpus) +
                                             "\ncpu_ram_gb: 2048\nprice_per_gpu_hour: 2\n",
                                         "n.yaml");
  EXPECT_TRUE(c.ok()) << c.status().message();
  return c.value();
}

TEST(ParallelismTest, TpCommOverlapOnHopperWithSequenceParallelism) {
  const Workload h100 = testing::CatalogWorkload("llama-3.1-70b", Node("h100-sxm-80gb", 8));
  Plan p = testing::BasePlan(h100, Method::kFull, Sharding::kZero1, Checkpointing::kSelective);
  p.tp = 8;
  p.dp = 1;
  p.sp = true;
  EXPECT_TRUE(TpCommOverlapped(h100, p));
  EXPECT_EQ(TpCommExposedFraction(h100, p), calib::kTpCommExposedFractionOverlapped);
  p.sp = false;  // userbuffers overlap needs sequence parallelism
  EXPECT_FALSE(TpCommOverlapped(h100, p));
  EXPECT_EQ(TpCommExposedFraction(h100, p), calib::kTpCommExposedFraction);
  p.sp = true;
  // A100 (NVLink 3, no FP8): Korthikanti22's A100 rows are timed without it.
  const Workload a100 = testing::CatalogWorkload("llama-3.1-70b", testing::A100Cluster(8));
  EXPECT_FALSE(TpCommOverlapped(a100, p));
  // MI300X: no Transformer Engine userbuffers (Infinity Fabric 448 GB/s).
  const Workload mi300 = testing::CatalogWorkload("llama-3.1-70b", Node("mi300x-192gb", 8));
  EXPECT_FALSE(TpCommOverlapped(mi300, p));
}

TEST(ParallelismTest, PipelineSplitsAsMegatronBuildsThem) {
  using Kind = PipelineSplit::Kind;
  // Even: 80 layers on pp 4 × vpp 2 chunks of 10, 20 a stage.
  PipelineSplit s = PipelineSplitFor(80, 4, 2);
  ASSERT_TRUE(s.ok);
  EXPECT_EQ(s.kind, Kind::kEven);
  EXPECT_EQ(s.middle, 20);
  EXPECT_EQ(s.ChunkLayers(0, 4, 2), 10);
  // NeMo's Llama-3.1-405B: 126 layers + embedding + loss = 128 on pp 8 × vpp 8, 2 per chunk;
  // chunks 0 and 63 hold one block: stages 15, 16 × 6, 15.
  s = PipelineSplitFor(126, 8, 8);
  ASSERT_TRUE(s.ok);
  EXPECT_EQ(s.kind, Kind::kEmbeddingAndLoss);
  EXPECT_EQ(s.first, 15);
  EXPECT_EQ(s.middle, 16);
  EXPECT_EQ(s.last, 15);
  EXPECT_EQ(s.ChunkLayers(0, 8, 8), 1);
  EXPECT_EQ(s.ChunkLayers(8, 8, 8), 2);  // rank 0's second chunk
  EXPECT_EQ(s.ChunkLayers(63, 8, 8), 1);
  // Every chunk's blocks add up to the model's: 2 · 64 − 2 = 126.
  int64_t total = 0;
  for (int64_t c = 0; c < 64; ++c) total += s.ChunkLayers(c, 8, 8);
  EXPECT_EQ(total, 126);
  // 80 layers on pp 3 (neither 80 nor 82 divides by 3): middle ⌈80/3⌉ = 27, first + last
  // 80 − 27 = 53: last 27, first 26.
  s = PipelineSplitFor(80, 3, 1);
  ASSERT_TRUE(s.ok);
  EXPECT_EQ(s.kind, Kind::kFirstLast);
  EXPECT_EQ(s.first, 26);
  EXPECT_EQ(s.middle, 27);
  EXPECT_EQ(s.last, 27);
  // 61 layers on pp 2 × vpp 2: 61 and 63 not multiples of 4, and first + last = 61 cannot be two
  // multiples of 2.
  EXPECT_FALSE(PipelineSplitFor(61, 2, 2).ok);
  // 28 layers on 16 stages: 14 middle stages of 2 leave nothing for the first and last.
  EXPECT_FALSE(PipelineSplitFor(28, 16, 1).ok);
}

TEST(ParallelismTest, UnevenPipelineCountsTheBusiestStage) {
  // 405B's 126 layers on pp 8 × vpp 2 (torchtitan's interleaved 405B run): legal, every stage
  // counted with the middle stages' (126 + 2) / 8 = 16 layers.
  const Workload w = testing::CatalogWorkload("llama-3.1-405b", testing::A100Cluster(8, 8));
  ASSERT_EQ(w.model.layers, 126);
  Plan p = testing::BasePlan(w, Method::kFull, Sharding::kZero1, Checkpointing::kFull);
  p.tp = 8;
  p.sp = true;
  p.pp = 8;
  p.dp = 1;
  p.grad_accum = 8;
  EXPECT_TRUE(LayoutLegal(w, p));
  p.vpp = 2;
  EXPECT_TRUE(LayoutLegal(w, p));
  EXPECT_DOUBLE_EQ(StageParamsFor(w, p, true).layers, 16);
  p.vpp = 16;  // 1 per chunk with the embedding and loss, first + last 30 not multiples of 16
  p.grad_accum = 16;
  EXPECT_EQ(BrokenLayoutRule(w, p), LayoutRule::kPpSplit);
}

TEST(ParallelismTest, LayoutRules) {
  const Workload w = testing::CatalogWorkload("llama-3.1-70b", testing::A100Cluster(8));
  Plan p = testing::BasePlan(w, Method::kFull, Sharding::kNone, Checkpointing::kFull);
  EXPECT_TRUE(LayoutLegal(w, p));
  p.tp = 16;  // more than the node's 8 GPUs (and 16 does not divide kv_heads 8)
  p.dp = 1;
  p.pp = 1;
  EXPECT_FALSE(LayoutLegal(w, p));
  p.tp = 8;
  p.sp = true;
  EXPECT_TRUE(LayoutLegal(w, p));
  p.tp = 1;
  p.dp = 8;
  EXPECT_FALSE(LayoutLegal(w, p));  // sp needs tp > 1
  p.sp = false;
  p.dp = 4;  // 4 GPUs of 8
  EXPECT_FALSE(LayoutLegal(w, p));
}

}  // namespace
}  // namespace fitplan
