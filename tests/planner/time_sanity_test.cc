// Ranking sanity of the topology-aware time model on configs/clusters/32x-h100-ib.yaml
// (4 nodes × 8 H100, NVSwitch 450 GB/s per GPU, 400 GB/s InfiniBand per node).
#include <gtest/gtest.h>

#include <string>

#include "hardware/cluster_loader.h"
#include "hardware/topology.h"
#include "planner/cost_model.h"
#include "planner/model_loader.h"
#include "planner/time_model.h"
#include "strategies/strategy_table.h"
#include "tests/test_support.h"

namespace fitplan {
namespace {

Cluster LoadConfig(const std::string& name) {
  StatusOr<Cluster> c = LoadCluster(std::string(FITPLAN_SOURCE_DIR) + "/configs/clusters/" + name);
  EXPECT_TRUE(c.ok()) << c.status().message();
  return c.value();
}

Estimate Eval(const Workload& w, const Plan& p) {
  EXPECT_TRUE(PlanLegal(w, p)) << p.ToString();
  const Topology topology(w.cluster);
  return Evaluate(w, LinksFor(topology, p, w.cluster.gpus_per_node), p);
}

Plan MegatronPlan(const Workload& w, int32_t tp, int32_t pp, int32_t micro_batch) {
  Plan p = testing::BasePlan(w, Method::kFull, Sharding::kZero1, Checkpointing::kSelective);
  p.tp = tp;
  p.pp = pp;
  p.sp = tp > 1;
  p.dp = int32_t(w.cluster.total_gpus() / (int64_t(tp) * pp));
  p.micro_batch = micro_batch;
  p.grad_accum = int32_t(w.job.global_batch / (int64_t(micro_batch) * p.dp));
  return p;
}

TEST(TimeSanityTest, TensorParallelAcrossNodesIsSlower) {
  Job job;
  job.kind = JobKind::kPretrain;
  job.global_batch = 128;
  const Workload w = testing::CatalogWorkload("llama-3.1-70b", LoadConfig("32x-h100-ib.yaml"), job);
  Plan inside = MegatronPlan(w, 8, 1, 1);  // TP 8 on one node's NVSwitch, DP 4 across nodes
  Plan across = inside;
  across.order = RankOrder::kDpTpCpPp;  // DP innermost: each TP group spans all 4 nodes
  const Estimate a = Eval(w, inside), b = Eval(w, across);
  EXPECT_GT(b.time.breakdown.tp_comm, 2 * a.time.breakdown.tp_comm);
  EXPECT_GT(b.time.step_seconds, a.time.step_seconds);
  EXPECT_DOUBLE_EQ(a.time.breakdown.compute, b.time.breakdown.compute);
}

TEST(TimeSanityTest, HalvingInterNodeBandwidthSlowsZero3ButNotOneNode) {
  Job job;
  job.global_batch = 32;  // one sequence per GPU per step: gathers dominate
  job.seq_len = 2048;
  Cluster fast = LoadConfig("32x-h100-ib.yaml");
  Cluster slow = fast;
  slow.inter_node.bytes_per_s /= 2;
  const Workload wf = testing::CatalogWorkload("llama-3.1-70b", fast, job);
  const Workload ws = testing::CatalogWorkload("llama-3.1-70b", slow, job);
  const Plan zero3 = testing::BasePlan(wf, Method::kFull, Sharding::kZero3, Checkpointing::kFull);
  EXPECT_GT(Eval(ws, zero3).time.step_seconds, Eval(wf, zero3).time.step_seconds * 1.05);

  // One node: the same halving changes nothing.
  Cluster one = fast, one_slow = slow;
  one.nodes = one_slow.nodes = 1;
  Job small = job;
  small.global_batch = 8;
  const Workload w1 = testing::CatalogWorkload("llama-3.1-8b", one, small);
  const Workload w1s = testing::CatalogWorkload("llama-3.1-8b", one_slow, small);
  const Plan p1 = testing::BasePlan(w1, Method::kFull, Sharding::kZero3, Checkpointing::kFull);
  EXPECT_DOUBLE_EQ(Eval(w1s, p1).time.step_seconds, Eval(w1, p1).time.step_seconds);
}

TEST(TimeSanityTest, EachEngineHidesItsOwnShareOfDataParallelTraffic) {
  Job job;
  job.global_batch = 32;
  job.seq_len = 1024;  // short: the gathers outlast what either engine hides
  const Workload w = testing::CatalogWorkload("llama-3.1-70b", LoadConfig("32x-h100-ib.yaml"), job);
  const Estimate deepspeed =
      Eval(w, testing::BasePlan(w, Method::kFull, Sharding::kZero3, Checkpointing::kFull));
  const Estimate fsdp =
      Eval(w, testing::BasePlan(w, Method::kFull, Sharding::kFsdpFull, Checkpointing::kFull));
  // Same gathers and reduce-scatters; ZeRO-3 hides 0.5 of the busy time, FSDP 0.7.
  EXPECT_GT(deepspeed.time.breakdown.dp_comm, fsdp.time.breakdown.dp_comm);
}

// The A100-fitted efficiency curve on a Hopper (calibration.h "Hopper and later"): GEMMs at 0.82
// of it; attention at 0.56 under FlashAttention-2 (torch/FSDP/DeepSpeed plans), on the curve
// under Megatron's cuDNN fused attention. Llama-3.1-8B, h 4096, mb 2 × 2048 = 4096 tokens:
//   η = 0.65 · 4096/(4096+512) · 4096/(4096+64) = 0.65 · 0.888889 · 0.984615 = 0.568889
//   H100 matmul    989.4e12 · 0.568889 · 0.82 = 461.544e12 FLOP/s
//   H100 attention 989.4e12 · 0.568889 · 0.56 = 315.201e12 (FSDP), 989.4e12 · 0.568889 =
//                  562.858e12 (Megatron)
//   A100 (reference) 312e12 · 0.568889 = 177.493e12 for both
TEST(TimeSanityTest, HopperRunsTheA100CurveAtItsOwnShare) {
  Job job;
  job.seq_len = 2048;
  job.global_batch = 64;
  const Workload h100 =
      testing::CatalogWorkload("llama-3.1-8b", LoadConfig("32x-h100-ib.yaml"), job);
  Plan fsdp = testing::BasePlan(h100, Method::kFull, Sharding::kFsdpFull, Checkpointing::kFull);
  fsdp.micro_batch = 2;
  const double eta = 0.65 * 4096.0 / (4096 + 512) * 4096.0 / (4096 + 64);
  ComputeRates r = ComputeRatesFor(h100, fsdp);
  EXPECT_NEAR(r.matmul / 1e12, 989.4 * eta * 0.82, 1e-6);
  EXPECT_NEAR(r.attention / 1e12, 989.4 * eta * 0.56, 1e-6);
  EXPECT_NEAR(r.attention / 1e12, 315.201, 1e-3);
  Plan megatron = MegatronPlan(h100, 2, 1, 2);
  r = ComputeRatesFor(h100, megatron);
  EXPECT_NEAR(r.attention / 1e12, 562.858, 1e-3);
  EXPECT_NEAR(r.matmul / 1e12, 461.544, 1e-3);  // tp 2 keeps h: the same curve point

  const Workload a100 =
      testing::CatalogWorkload("llama-3.1-8b", LoadConfig("8x-a100-80g.yaml"), job);
  r = ComputeRatesFor(a100, fsdp);
  EXPECT_NEAR(r.matmul / 1e12, 177.493, 1e-3);
  EXPECT_NEAR(r.attention / 1e12, 177.493, 1e-3);
}

// FP8 LoRA on Megatron (NeMo's LoRA recipes): the frozen base runs its forward and dgrad GEMMs at
// the FP8 rate, so the compute term shrinks by the ratio of the two rates, and its memory holds
// 4 B per frozen parameter (bf16 + FP8 cast + transpose) where bf16-mixed holds 2. Llama-3.1-70B,
// tp 8, mb 1 × 4096: η is the same curve point for both, so compute_fp8 / compute_bf16 =
// (989.4 · 0.82) / (1978.9 · 0.82 · 0.9) = 0.555528 for the GEMMs; attention stays 16-bit.
TEST(TimeSanityTest, Fp8LoraRunsTheFrozenBaseAtTheFp8Rate) {
  Job job;
  job.global_batch = 32;
  const Workload w = testing::CatalogWorkload("llama-3.1-70b", LoadConfig("32x-h100-ib.yaml"), job);
  Plan bf16 = MegatronPlan(w, 8, 1, 1);
  bf16.method = Method::kLora;
  bf16.precision = Precision::kBf16Mixed;
  Plan fp8 = bf16;
  fp8.precision = Precision::kFp8Mixed;
  const Estimate a = Eval(w, bf16), b = Eval(w, fp8);
  const ComputeRates ra = ComputeRatesFor(w, bf16), rb = ComputeRatesFor(w, fp8);
  EXPECT_NEAR(ra.matmul / rb.matmul, 989.4 / (1978.9 * 0.9), 1e-6);
  EXPECT_DOUBLE_EQ(ra.attention, rb.attention);
  EXPECT_LT(b.time.breakdown.compute, a.time.breakdown.compute);
  EXPECT_LT(b.time.step_seconds, a.time.step_seconds);
  // weights = (4 or 2 B × frozen F + 4 B × fp32 adapters A) / tp: (4F + 4A) / (2F + 4A), just
  // under 2 with adapters below 0.3% of the base (r 8).
  const double ratio = b.memory.breakdown.weights / a.memory.breakdown.weights;
  EXPECT_GT(ratio, 1.99);
  EXPECT_LT(ratio, 2.0);
}

// Full checkpointing re-runs each layer's forward: its GEMMs at the (fp8) matmul rate and its
// attention at the 16-bit attention rate, which on a Hopper outside Megatron is FlashAttention-2's
// 0.56 share. Llama-3.1-8B, fp8, 64k-token sequences: per token the forward runs 2N ≈ 15 GFLOP
// of GEMMs and 4·32·4096·65536·0.75 ≈ 25.8 GFLOP of attention, more than the GEMMs: timing it
// at the fp8 GEMM rate (2 × 0.9 of bf16, no FA2 deficit) made the rerun about 3× too fast.
TEST(TimeSanityTest, RecomputedAttentionRunsAtTheAttentionRate) {
  Job job;
  job.seq_len = 65536;
  job.global_batch = 4;
  const Workload w = testing::CatalogWorkload("llama-3.1-8b", LoadConfig("32x-h100-ib.yaml"), job);
  Plan p = testing::BasePlan(w, Method::kFull, Sharding::kFsdpFull, Checkpointing::kFull);
  p.precision = Precision::kFp8Mixed;
  p.cp = 8;
  p.dp = 4;
  p.seq_len = 65536;
  p.micro_batch = 1;
  p.grad_accum = 1;
  const Estimate e = Eval(w, p);
  const StepFlops f = StepFlopsFor(w, p);
  const ComputeRates r = ComputeRatesFor(w, p);
  // 4 · 32 layers · 4096 · 65536 · 0.75 per token, 4 · 65536 tokens
  EXPECT_DOUBLE_EQ(f.recompute_attention, 4.0 * 32 * 4096 * 65536 * 0.75 * 4 * 65536);
  EXPECT_GT(f.recompute_attention, f.recompute - f.recompute_attention);
  // The GEMMs it re-runs are the blocks', 2·(N − V·h) per token: checkpointing wraps the decoder
  // layers, not the output projection (128256 · 4096 weights).
  EXPECT_DOUBLE_EQ(f.recompute - f.recompute_attention,
                   2 * (w.stats.matmul_params_per_token - 128256.0 * 4096) * 4 * 65536);
  EXPECT_NEAR(
      e.time.breakdown.recompute,
      ((f.recompute - f.recompute_attention) / r.matmul + f.recompute_attention / r.attention) / 32,
      1e-9);
  EXPECT_GT(r.matmul, 2.5 * r.attention);  // fp8 GEMMs vs FlashAttention-2 on a Hopper
  EXPECT_GT(e.time.breakdown.recompute, f.recompute / r.matmul / 32 * 2);
}

TEST(TimeSanityTest, MorePipelineMicroBatchesShrinkTheBubble) {
  Job job;
  job.kind = JobKind::kPretrain;
  job.global_batch = 64;
  const Workload w = testing::CatalogWorkload("llama-3.1-70b", LoadConfig("32x-h100-ib.yaml"), job);
  // tp 8 × pp 4 × dp 1: 64 sequences as 4 micro-batches of 16 or 64 of 1 (same total work).
  const Estimate few = Eval(w, MegatronPlan(w, 8, 4, 16));
  const Estimate many = Eval(w, MegatronPlan(w, 8, 4, 1));
  // Bubble (p − 1)/m of the busy time: 3/4 vs 3/64.
  EXPECT_LT(many.time.breakdown.pp_bubble / many.time.breakdown.compute,
            few.time.breakdown.pp_bubble / few.time.breakdown.compute);
  EXPECT_NEAR(
      few.time.breakdown.pp_bubble /
          (few.time.breakdown.compute + few.time.breakdown.recompute + few.time.breakdown.tp_comm),
      3.0 / 4, 1e-9);
}

TEST(TimeSanityTest, RoutedExpertsRunAtTheirOwnGemmShape) {
  // Qwen3-30B-A3B: 128 experts of width 768, top-8; h 2048. mb 1 × 4096 tokens, ep 1:
  //   dense   0.65 · 2048/(2048+512) · 4096/(4096+64)            = 0.512
  //   routed  0.65 · 768/(768+512) · 256/(256+64) (4096·8/128)   = 0.312
  //   share   48 · 3·2048·768 · 8 / (48 · 56,885,248 + 151936·2048) = 0.595708 of the GEMM FLOPs
  //   blend   1 / (0.404292/0.512 + 0.595708/0.312)               = 0.370514
  StatusOr<ModelSpec> model =
      LoadModel(std::string(FITPLAN_SOURCE_DIR) + "/configs/hf/qwen3-30b-a3b");
  ASSERT_TRUE(model.ok()) << model.status().message();
  const Workload w = MakeWorkload(*model, Job{}, LoadConfig("32x-h100-ib.yaml"));
  Plan p = MegatronPlan(w, 1, 1, 1);
  EXPECT_NEAR(LinearEfficiency(w, p, 4096), 0.370514, 1e-6);
  // Expert parallelism over 8 ranks sends each expert 8× the tokens: 2048 → 0.65·0.6·2048/2112.
  p.ep = 8;
  EXPECT_NEAR(LinearEfficiency(w, p, 4096), 1 / (0.404292 / 0.512 + 0.595708 / 0.378182), 1e-5);
  // A dense model is the plain curve.
  const Workload dense = testing::CatalogWorkload("llama-3.1-8b", LoadConfig("32x-h100-ib.yaml"));
  EXPECT_DOUBLE_EQ(LinearEfficiency(dense, MegatronPlan(dense, 1, 1, 1), 4096),
                   MatmulEfficiency(4096, 4096));
}

}  // namespace
}  // namespace fitplan
