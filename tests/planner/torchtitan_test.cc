// FSDP composed with tensor, pipeline and context parallelism: torchtitan's engine
// (planner/core/engine.h). Which plans it runs, what its conventions change in the memory and
// time model, and the job config `fitplan export --to torchtitan` writes.
#include <gtest/gtest.h>

#include <string>

#include "hardware/topology.h"
#include "planner/core/engine.h"
#include "planner/core/units.h"
#include "planner/cost_model.h"
#include "planner/export.h"
#include "planner/memory_model.h"
#include "planner/plan_parser.h"
#include "strategies/calibration.h"
#include "strategies/checkpointing.h"
#include "strategies/parallelism.h"
#include "strategies/sharding.h"
#include "strategies/strategy_table.h"
#include "tests/plan_support.h"
#include "tests/test_support.h"

namespace fitplan {
namespace {

using testing::MustParse;
using testing::Eval;
using testing::RejectedBy;

// Pre-training `model` with `seq_len`-token sequences, `global_batch` a step, on `cluster`.
Workload Pretrain(const std::string& model, const Cluster& cluster, int64_t seq_len,
                  int64_t global_batch) {
  Job job;
  job.kind = JobKind::kPretrain;
  job.seq_len = seq_len;
  job.global_batch = global_batch;
  return testing::CatalogWorkload(model, cluster, job);
}

// Llama-3.1-70B pre-training on 4 nodes × 8 H100, seq 8192, global batch 32.
Workload PretrainWorkload() {
  return Pretrain("llama-3.1-70b", testing::GpuCluster("h100-sxm-80gb", 8, 4), 8192, 32);
}

TEST(TorchtitanTest, FsdpWithModelParallelismIsTorchtitans) {
  Plan p;
  p.sharding = Sharding::kFsdpFull;
  EXPECT_EQ(EngineFor(p), Engine::kFsdp);
  for (auto set :
       {+[](Plan* q) { q->tp = 2; }, +[](Plan* q) { q->pp = 2; }, +[](Plan* q) { q->cp = 2; }}) {
    Plan q = p;
    set(&q);
    EXPECT_EQ(EngineFor(q), Engine::kTorchtitan) << q.ToString();
    q.sharding = Sharding::kZero1;  // Megatron's distributed optimizer
    EXPECT_EQ(EngineFor(q), Engine::kMegatron) << q.ToString();
  }
  EXPECT_EQ(kEngineNames[size_t(Engine::kTorchtitan)], "torchtitan");
}

TEST(TorchtitanTest, RunsWholeModelTrainingWithSequenceParallelTp) {
  const Workload w = PretrainWorkload();
  const std::string base = "method=full,precision=bf16-mixed,sharding=fsdp-full,tp=4,sp=true,dp=8";
  EXPECT_EQ(RejectedBy(w, MustParse(w, base)), "legal");
  EXPECT_EQ(RejectedBy(w, MustParse(w, base + ",precision=fp8-mixed")), "legal");
  EXPECT_EQ(RejectedBy(w, MustParse(w, base + ",sharding=fsdp-hybrid")), "legal");
  // Its TP plan is always sequence-parallel; it trains in bf16 mixed or FP8 only.
  EXPECT_EQ(RejectedBy(w, MustParse(w, base + ",sp=false")), "sharding");
  EXPECT_EQ(RejectedBy(w, MustParse(w, base + ",precision=fp32")), "sharding");
  // torch.optim's AdamW only, no offload under model parallelism.
  EXPECT_EQ(RejectedBy(w, MustParse(w, base + ",optimizer=adamw-8bit")), "optimizer");
  EXPECT_EQ(RejectedBy(w, MustParse(w, base + ",offload=optimizer-param-cpu")), "offload");
  // No PEFT: a LoRA fine-tune with TP under FSDP is NeMo AutoModel's (automodel_test.cc), and
  // torchtitan never sees one.
  Workload finetune = w;
  finetune.job.kind = JobKind::kFinetune;
  const Plan lora = MustParse(finetune, base + ",method=lora");
  EXPECT_EQ(EngineFor(lora), Engine::kAutomodel);
  EXPECT_FALSE(TorchtitanComposes(lora));
}

TEST(TorchtitanTest, FsdpShardsOverDataAndContextRanks) {
  // torchtitan's FSDP mesh is dp_shard × cp: dp 2 × cp 4 = 8 shards of every state.
  Plan p;
  p.sharding = Sharding::kFsdpFull;
  p.dp = 2;
  p.cp = 4;
  const ShardDivisors d = ShardDivisorsFor(p, 8);
  EXPECT_EQ(d.weight, 8);
  EXPECT_EQ(d.grad, 8);
  EXPECT_EQ(d.optimizer, 8);
  // Hybrid: the 4 DP ranks of a node (8 GPUs / cp 2) × cp 2 = 8; replicas across nodes.
  p.sharding = Sharding::kFsdpHybrid;
  p.dp = 8;
  p.cp = 2;
  EXPECT_EQ(ShardDivisorsFor(p, 8).weight, 8);
  // It reads each rank's shard of a DCP checkpoint, as Megatron does.
  EXPECT_EQ(LoadStrategyFor(p), LoadStrategy::kShardedPerRank);
}

TEST(TorchtitanTest, LossHoldsFp32SoftmaxAndItsGradients) {
  Plan p;
  p.sharding = Sharding::kFsdpFull;
  p.cp = 2;
  // cross_entropy(pred.float()): saved fp32 log-softmax 4 + its gradient 4 + the input's 4.
  EXPECT_EQ(LossBytesPerLogit(p), 12);
  // loss_parallel under TP also materializes exp(output) in fp32: 16 (÷ tp elsewhere).
  p.cp = 1;
  p.tp = 2;
  p.sp = true;
  EXPECT_EQ(LossBytesPerLogit(p), 16);
  p.tp = 1;  // FSDP alone: accelerate and HF's loss
  EXPECT_EQ(LossBytesPerLogit(p), calib::kHfLossBytesPerLogit);
}

TEST(TorchtitanTest, TpDividesActivationsAndStatesAtTheSameGpuCount) {
  const Workload w = PretrainWorkload();
  const Plan fsdp = MustParse(w,
                              "method=full,precision=bf16-mixed,sharding=fsdp-full,"
                              "checkpointing=full,dp=32,micro_batch=1");
  const Plan titan = MustParse(w,
                               "method=full,precision=bf16-mixed,sharding=fsdp-full,"
                               "checkpointing=full,tp=4,sp=true,dp=8,micro_batch=1");
  // Full checkpointing keeps each layer's input: α·T·h = 2 × 8192 × 8192 = 134,217,728 B,
  // sequence-sharded over tp 4 with SP: 33,554,432 B.
  EXPECT_DOUBLE_EQ(LayerActivationBytes(w, fsdp).saved, 134217728.0);
  EXPECT_DOUBLE_EQ(LayerActivationBytes(w, titan).saved, 33554432.0);
  const Estimate a = Eval(w, fsdp), b = Eval(w, titan);
  // States: 16 B/param over 32 ranks either way (÷ 32 shards, or ÷ 4 TP × ÷ 8 shards).
  const double states_a = a.memory.breakdown.weights + a.memory.breakdown.gradients +
                          a.memory.breakdown.optimizer_states;
  const double states_b = b.memory.breakdown.weights + b.memory.breakdown.gradients +
                          b.memory.breakdown.optimizer_states;
  EXPECT_NEAR(states_b / states_a, 1.0, 0.01);
  EXPECT_LT(b.memory.gpu_allocated_bytes, a.memory.gpu_allocated_bytes);
  // TP collectives appear and run exposed: async TP is not what torchtitan runs by default.
  EXPECT_EQ(a.time.breakdown.tp_comm, 0);
  EXPECT_GT(b.time.breakdown.tp_comm, 0);
  EXPECT_FALSE(TpCommOverlapped(w, titan));
  EXPECT_EQ(TpCommExposedFraction(w, titan), calib::kTpCommExposedFraction);
}

// torchtitan's published runs on its 500 W H100 (shared/calibration/throughput_public.csv, peaks
// as printed, max over GPUs): the measured peak lies between fitplan's central and high estimate.
TEST(TorchtitanTest, PublishedPeaksLieInsideTheBand) {
  // Row 296: Llama-3.1-8B, 8 GPUs, FP8, full checkpointing, CP 4 at 131,072 tokens: 84.0 GiB.
  const Workload cp_run =
      Pretrain("llama-3.1-8b", testing::GpuCluster("h100-sxm-96gb-500w", 8), 131072, 2);
  const Estimate a = Eval(cp_run, MustParse(cp_run,
                                            "method=full,precision=fp8-mixed,sharding=fsdp-"
                                            "full,checkpointing=full,cp=4,dp=2"));
  EXPECT_LT(a.memory.gpu_peak_bytes, 84.0 * kGiB);
  EXPECT_GT(a.memory.gpu_peak_high_bytes, 84.0 * kGiB);
  // Row 298: Llama-3.1-70B, 256 GPUs, FP8, TP 8, local batch 16 at 8,192: 71.9 GiB, 19.76 s.
  const Workload tp_run =
      Pretrain("llama-3.1-70b", testing::GpuCluster("h100-sxm-96gb-500w", 8, 32), 8192, 512);
  const Estimate b =
      Eval(tp_run, MustParse(tp_run,
                             "method=full,precision=fp8-mixed,sharding=fsdp-full,"
                             "checkpointing=full,tp=8,sp=true,dp=32,micro_batch=16"));
  EXPECT_LT(b.memory.gpu_peak_bytes, 71.9 * kGiB);
  EXPECT_GT(b.memory.gpu_peak_high_bytes, 71.9 * kGiB);
  EXPECT_NEAR(b.time.step_seconds, 19.76, 0.1 * 19.76);
}

TEST(TorchtitanTest, ExportWritesTheJobConfig) {
  const Workload w = PretrainWorkload();
  const Plan p = MustParse(w,
                           "method=full,precision=fp8-mixed,sharding=fsdp-grad-op,"
                           "checkpointing=selective,tp=4,sp=true,pp=4,vpp=2,dp=2,"
                           "micro_batch=1,grad_accum=16");
  ASSERT_TRUE(CheckExportTarget(p, ExportTarget::kTorchtitan).ok());
  EXPECT_EQ(CheckExportTarget(p, ExportTarget::kMegatron).message(),
            "--to megatron: the plan runs on torchtitan (sharding=fsdp-grad-op,tp=4,pp=4); "
            "export it --to torchtitan");
  EXPECT_FALSE(CheckExportTarget(p, ExportTarget::kTorchrun).ok());
  EXPECT_EQ(TargetFor(Engine::kTorchtitan), ExportTarget::kTorchtitan);
  const std::vector<ExportFile> files = ExportPlan(w, p, ExportTarget::kTorchtitan);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].name, "torchtitan.toml");
  const std::string& t = files[0].contents;
  for (const char* line :
       {"flavor = \"70B\"\n", "converters = [\"float8\"]\n",
        // pipeline micro-batches are the accumulation: local batch 1 × 16, global 1·16·2
        "local_batch_size = 16\n", "global_batch_size = 32\n", "seq_len = 8192\n",
        "mixed_precision_reduce = \"float32\"\n", "data_parallel_replicate_degree = 1\n",
        "data_parallel_shard_degree = 2\n", "fsdp_reshard_after_forward = \"never\"\n",
        "tensor_parallel_degree = 4\n", "pipeline_parallel_degree = 4\n",
        "pipeline_parallel_schedule = \"Interleaved1F1B\"\n",
        // 80 layers over pp 4 × vpp 2 chunks of 10: the first holds the embedding, the last
        // the final norm and output
        "module_fqns_per_model_part = [\n  [\"tok_embeddings\", \"layers.0\", \"layers.1\", ",
        "\"layers.9\"],\n  [\"layers.10\", ", "  [\"layers.70\", \"layers.71\", ",
        "\"layers.79\", \"norm\", \"output\"],\n]\n", "pipeline_parallel_microbatch_size = 1\n",
        "context_parallel_degree = 1\n", "mode = \"selective\"\n", "selective_ac_option = \"op\"\n",
        "enable_fsdp_float8_all_gather = true\n"}) {
    EXPECT_NE(t.find(line), std::string::npos) << line << t;
  }
}

TEST(TorchtitanTest, ExportSplitsAnUnevenPipelineAsFitplanCountsIt) {
  // 405B's 126 layers on pp 8 × vpp 2 (torchtitan's published interleaved run): with the
  // embedding and the output counted as a layer each, 128 / 16 = 8 a chunk, 7 in the first and
  // the last: chunk 0 layers 0-6, chunk 8 (rank 0's second) 7 + 7·8 = 63 … 70, chunk 15 119-125.
  const Workload w =
      Pretrain("llama-3.1-405b", testing::GpuCluster("h100-sxm-80gb", 8, 64), 8192, 256);
  const Plan p = MustParse(w,
                           "method=full,precision=bf16-mixed,sharding=fsdp-grad-op,"
                           "checkpointing=full,tp=8,sp=true,pp=8,vpp=2,dp=8,"
                           "micro_batch=1,grad_accum=32");
  const std::string t = ExportPlan(w, p, ExportTarget::kTorchtitan)[0].contents;
  for (const char* line :
       {"  [\"tok_embeddings\", \"layers.0\", \"layers.1\", \"layers.2\", \"layers.3\", "
        "\"layers.4\", \"layers.5\", \"layers.6\"],\n  [\"layers.7\", ",
        "\"layers.62\"],\n  [\"layers.63\", \"layers.64\", \"layers.65\", \"layers.66\", "
        "\"layers.67\", \"layers.68\", \"layers.69\", \"layers.70\"],\n",
        "  [\"layers.119\", \"layers.120\", \"layers.121\", \"layers.122\", \"layers.123\", "
        "\"layers.124\", \"layers.125\", \"norm\", \"output\"],\n]\n"}) {
    EXPECT_NE(t.find(line), std::string::npos) << line << t;
  }
  EXPECT_EQ(t.find("pipeline_parallel_layers_per_stage"), std::string::npos);
}

TEST(TorchtitanTest, ExportNamesTheFlavorToRegisterForOtherShapes) {
  const Workload w = Pretrain("qwen2.5-7b", testing::GpuCluster("h100-sxm-80gb", 8), 4096, 16);
  const Plan p =
      MustParse(w, "method=full,precision=bf16-mixed,sharding=fsdp-full,tp=2,sp=true,dp=4");
  const std::string t = ExportPlan(w, p, ExportTarget::kTorchtitan)[0].contents;
  EXPECT_NE(t.find("flavor = \"custom\""), std::string::npos) << t;
  EXPECT_NE(t.find("add a flavor with layers 28, dim 3584"), std::string::npos) << t;
}

}  // namespace
}  // namespace fitplan
