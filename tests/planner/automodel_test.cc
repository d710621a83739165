// LoRA composed with FSDP2 and tensor parallelism: NeMo AutoModel's engine
// (planner/core/engine.h). Which plans it runs, what its conventions change in the memory and
// time model, the recipe `fitplan export --to automodel` writes, and AutoModel's published
// Llama-3.3-70B LoRA step times (NVIDIA-NeMo/Automodel docs/performance-summary.md).
#include <gtest/gtest.h>

#include <string>

#include "hardware/cluster_loader.h"
#include "hardware/topology.h"
#include "planner/core/engine.h"
#include "planner/cost_model.h"
#include "planner/export.h"
#include "planner/memory_model.h"
#include "planner/plan_parser.h"
#include "strategies/parallelism.h"
#include "strategies/peft.h"
#include "strategies/strategy_table.h"
#include "tests/plan_support.h"
#include "tests/test_support.h"

namespace fitplan {
namespace {

using testing::Eval;
using testing::MustParse;
using testing::RejectedBy;

// Fine-tuning Llama-3.1-70B (Llama-3.3-70B's shape) on `nodes` × 8 H100s with DGX networking
// (400 Gb/s InfiniBand per GPU between nodes), seq 4096, global batch 32.
Workload FinetuneWorkload(int nodes = 1) {
  std::string yaml = "name: test-h100\ngpu: h100-sxm-80gb\nnodes: " + std::to_string(nodes) +
                     "\ngpus_per_node: 8\ncpu_ram_gb: 2048\nprice_per_gpu_hour: 2.0\n";
  if (nodes > 1) yaml += "inter_node: { kind: infiniband, bandwidth_gbps: 400 }\n";
  const StatusOr<Cluster> cluster = ParseClusterYaml(yaml, "test.yaml");
  EXPECT_TRUE(cluster.ok()) << cluster.status().message();
  Job job;
  job.kind = JobKind::kFinetune;
  job.seq_len = 4096;
  job.global_batch = 32;
  return testing::CatalogWorkload("llama-3.1-70b", cluster.value(), job);
}

// AutoModel's published 8-GPU recipe (custom_llama3_3_70b_instruct_peft_benchmark_fsdp_tp.yaml):
// LoRA r16 on every Linear, TP 2 with sequence parallelism × FSDP 4, local batch 2, full
// activation checkpointing.
constexpr const char* kPublished =
    "method=lora,lora_rank=16,lora_targets=all-linear,precision=bf16-mixed,sharding=fsdp-full,"
    "checkpointing=full,tp=2,sp=true,dp=4,micro_batch=2,grad_accum=4";

TEST(AutomodelTest, LoraWithFsdpAndTensorParallelismIsAutomodels) {
  const Workload w = FinetuneWorkload();
  const Plan lora = MustParse(w, kPublished);
  EXPECT_EQ(EngineFor(lora), Engine::kAutomodel);
  EXPECT_EQ(kEngineNames[size_t(Engine::kAutomodel)], "automodel");
  Plan full = lora;
  full.method = Method::kFull;
  EXPECT_EQ(EngineFor(full), Engine::kTorchtitan);
  Plan megatron = lora;
  megatron.sharding = Sharding::kZero1;
  EXPECT_EQ(EngineFor(megatron), Engine::kMegatron);
  Plan data_parallel = lora;  // FSDP alone stays accelerate's
  data_parallel.tp = 1;
  data_parallel.sp = false;
  data_parallel.dp = 8;
  EXPECT_EQ(EngineFor(data_parallel), Engine::kFsdp);
}

TEST(AutomodelTest, RunsWhatItsFsdp2ManagerComposes) {
  const Workload w = FinetuneWorkload();
  struct Change {
    const char* fields;   // appended to the published plan
    const char* verdict;  // RejectedBy's answer
  };
  const Change changes[] = {
      {"", "legal"},
      {",precision=bf16", "legal"},
      {",sp=false", "legal"},
      {",checkpointing=none", "legal"},
      {",lora_targets=attention", "legal"},
      // activation_checkpointing is whole layers; FSDP2Manager shards fully; bf16 loads only.
      {",checkpointing=selective", "sharding"},
      {",sharding=fsdp-grad-op", "sharding"},
      {",precision=fp16-mixed", "sharding"},
      // Pipelines and context parallelism with LoRA stay Megatron's (AutomodelComposes).
      {",tp=1,sp=false,cp=2", "sharding"},
      {",dp=2,pp=2,grad_accum=8", "sharding"},
      // QLoRA does not compose with TP; AdamW only; no offload.
      {",method=qlora", "peft"},
      {",optimizer=adamw-8bit", "optimizer"},
      {",offload=optimizer-param-cpu", "offload"},
  };
  for (const Change& c : changes) {
    EXPECT_EQ(RejectedBy(w, MustParse(w, std::string(kPublished) + c.fields)), c.verdict)
        << c.fields;
  }
}

TEST(AutomodelTest, MemoryFollowsItsConventions) {
  const Workload w = FinetuneWorkload();
  const Plan p = MustParse(w, kPublished);
  // MaskedCrossEntropy gathers the whole vocabulary in fp32 before the loss: torchtitan's 12 B on
  // every logit plus the 2 B bf16 shard, 12·tp + 2 = 26 before the ÷ tp. At local batch 2 × 4096
  // = 8,192 tokens × 128,256 = 1,050,673,152 logits × 26 / 2 = 13,658,750,976 B.
  EXPECT_DOUBLE_EQ(LossBytesPerLogit(p), 26.0);
  const Estimate e = Eval(w, p);
  EXPECT_DOUBLE_EQ(e.memory.breakdown.logits, 13658750976.0);
  // The bf16-loaded base is sharded over all tp·dp = 8 ranks: 2 B × 70,553,706,496 / 8 =
  // 17,638,426,624 B, plus LoRA r16 on the 7 Linears of 80 layers, 16 × (16,384 + 9,216 + 9,216
  // + 16,384 + 3 × 36,864) = 2,588,672 a layer, 207,093,760 in all, in fp32: 103,546,880 B a
  // rank. The TP-replicated norms (81 × 8,192 … ) add under 0.01%.
  EXPECT_NEAR(e.memory.breakdown.weights, 17638426624.0 + 103546880.0, 0.0001 * 17.7e9);
  // bf16 everywhere under FSDP2's MixedPrecisionPolicy: LoRA keeps no cast copies of its inputs.
  EXPECT_EQ(LoraActivationBytesPerToken(w, p), 0);
  // Memory moves the right way: no checkpointing keeps every layer's activations.
  Plan none = p;
  none.checkpointing = Checkpointing::kNone;
  EXPECT_GT(Eval(w, none).memory.breakdown.activations, 5 * e.memory.breakdown.activations);
}

// NVIDIA-NeMo/Automodel docs/performance-summary.md, "Fine-Tuning (LoRA) Performance", DGX-H100,
// BF16, GBS 32, seq 4096, TP 2, local batch 2: Llama3 70B on 8 GPUs (FSDP 4, 4 accumulation
// steps) 15.00 s a step, on 16 GPUs over 2 nodes (FSDP 8, 2 steps) 8.32 s. Not fitted: the
// AutoModel engine reuses torchtitan's FSDP2 conventions unchanged. Both within 10%.
TEST(AutomodelTest, PublishedLlama70bLoraStepTimes) {
  const Workload one_node = FinetuneWorkload();
  const Estimate a = Eval(one_node, MustParse(one_node, kPublished));
  EXPECT_TRUE(a.fits());
  EXPECT_NEAR(a.time.step_seconds, 15.00, 0.10 * 15.00);
  const Workload two_nodes = FinetuneWorkload(2);
  const Estimate b =
      Eval(two_nodes, MustParse(two_nodes, std::string(kPublished) + ",dp=8,grad_accum=2"));
  EXPECT_TRUE(b.fits());
  EXPECT_NEAR(b.time.step_seconds, 8.32, 0.10 * 8.32);
  // Twice the GPUs, the same batch: each GPU computes half as much (measured: 0.555 of the
  // step), while the FSDP all-gathers of the frozen base, per micro-batch and now across nodes,
  // stay hidden behind the compute.
  EXPECT_NEAR(b.time.breakdown.compute, 0.5 * a.time.breakdown.compute,
              1e-9 * a.time.breakdown.compute);
  EXPECT_NEAR(b.time.step_seconds, 0.5 * a.time.step_seconds, 0.02 * a.time.step_seconds);
}

TEST(AutomodelTest, ExportWritesTheRecipe) {
  const Workload w = FinetuneWorkload();
  const Plan p = MustParse(w, kPublished);
  ASSERT_TRUE(CheckExportTarget(p, ExportTarget::kAutomodel).ok());
  EXPECT_EQ(CheckExportTarget(p, ExportTarget::kTorchtitan).message(),
            "--to torchtitan: the plan runs on automodel (method=lora,sharding=fsdp-full,tp=2); "
            "export it --to automodel");
  EXPECT_FALSE(CheckExportTarget(p, ExportTarget::kTorchrun).ok());
  EXPECT_TRUE(CheckExportTarget(p, ExportTarget::kPeft).ok());
  EXPECT_EQ(TargetFor(Engine::kAutomodel), ExportTarget::kAutomodel);
  EXPECT_EQ(*ParseExportTarget("automodel"), ExportTarget::kAutomodel);
  const std::vector<ExportFile> files = ExportPlan(w, p, ExportTarget::kAutomodel);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].name, "automodel.yaml");
  const std::string& y = files[0].contents;
  for (const char* line :
       {"examples/llm_finetune/finetune.py --config automodel.yaml\n",
        // global = micro-batch 2 × accumulation 4 × dp 4
        "  global_batch_size: 32\n", "  local_batch_size: 2\n",
        "  pretrained_model_name_or_path: \"meta-llama/Llama-3.1-70B\"\n", "  torch_dtype: bf16\n",
        "  match_all_linear: true\n", "  dim: 16\n", "  alpha: 32\n",
        "nemo_automodel.components.distributed.fsdp2.FSDP2Manager\n", "  tp_size: 2\n",
        "  cp_size: 1\n", "  sequence_parallel: true\n", "  activation_checkpointing: true\n",
        "nemo_automodel.components.loss.masked_ce.MaskedCrossEntropy\n",
        "  master_weights: true\n"}) {
    EXPECT_NE(y.find(line), std::string::npos) << line << y;
  }
  Plan attention = p;
  attention.lora_targets = LoraTargets::kAttention;
  attention.precision = Precision::kBf16;
  attention.checkpointing = Checkpointing::kNone;
  const std::string a = ExportPlan(w, attention, ExportTarget::kAutomodel)[0].contents;
  for (const char* line : {"  target_modules: [\"q_proj\", \"k_proj\", \"v_proj\", \"o_proj\"]\n",
                           "  activation_checkpointing: false\n", "  master_weights: false\n"}) {
    EXPECT_NE(a.find(line), std::string::npos) << line << a;
  }
}

}  // namespace
}  // namespace fitplan
