#include "planner/plan_parser.h"

#include <gtest/gtest.h>

#include "planner/core/engine.h"

#include "planner/cli_common.h"
#include "tests/test_support.h"

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

// One row per error class of --plan, parsed for the default job (64 sequences of 4096) on 8 GPUs;
// the whole message is compared. No field is required (each has a default).
struct ErrorCase {
  const char* name;
  const char* input;
  const char* error;
};

const ErrorCase kPlanErrors[] = {
    {"NotKeyValue", "lora", "--plan: expected key=value, got 'lora'"},
    {"UnknownFieldDidYouMean", "metod=lora", "--plan: metod: unknown plan field; did you mean 'method'?"},
    {"UnknownValue", "sharding=zero4",
     "--plan: sharding: unknown value 'zero4'; expected one of none, zero1, zero2, zero3, "
     "fsdp-full, fsdp-grad-op, fsdp-hybrid"},
    {"WrongTypeInteger", "tp=two", "--plan: tp: 'two' is not an integer"},
    {"WrongTypeBoolean", "sp=yes", "--plan: sp: expected true or false"},
    {"ZeroDegree", "tp=0", "--plan: tp: 0 is out of range; expected an integer ≥ 1"},
    {"DegreeNotDividingGpus", "tp=3", "--plan: tp: tp·pp·cp = 3 does not divide the cluster's 8 GPUs"},
    {"DegreesNotMatchingGpus", "dp=3", "--plan: dp: tp·pp·cp·dp = 3 but the cluster has 8 GPUs"},
    // 10^6 · 10^6 · 10^6 · dp would overflow int64; the product is checked before.
    {"DegreesFarBeyondGpus", "tp=1000000,pp=1000000,cp=1000000,dp=1000000",
     "--plan: tp: tp·pp·cp = 1000000000000000000 is more than the cluster's 8 GPUs"},
    {"MicroBatchNotDividingBatch", "micro_batch=3",
     "--plan: micro_batch: micro_batch·dp = 24 does not divide the global batch of 64 sequences"},
    {"GradAccumInconsistent", "grad_accum=3",
     "--plan: grad_accum: micro_batch·grad_accum·dp = 24 but the job's global batch is 64"},
};

class PlanErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(PlanErrorTest, WholeMessage) {
  EXPECT_EQ(ParsePlan(GetParam().input, Job{}, 8).status().message(), GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(Errors, PlanErrorTest, ::testing::ValuesIn(kPlanErrors),
                         [](const ::testing::TestParamInfo<ErrorCase>& info) {
                           return std::string(info.param.name);
                         });

// LoadPlan (the CLI's --plan) adds the rules that depend on the model: GPT-2 (12 layers, 12 heads)
// on two 8-GPU nodes.
const ErrorCase kWorkloadPlanErrors[] = {
    {"MorePipelineStagesThanLayers", "pp=16,dp=1",
     "--plan: pp: 16 pipeline stages is more than the model's 12 layers; expected pp ≤ 12"},
    {"TpNotDividingHeads", "tp=8,dp=2",
     "--plan: tp: 8 does not divide the model's 12 attention heads and 12 KV heads"},
    {"SequenceParallelWithoutTp", "sp=true",
     "--plan: sp: sequence parallelism needs tp > 1"},
    {"ContextParallelSplittingTheSequence", "cp=16,dp=1,seq_len=8200",
     "--plan: cp: 16 needs seq_len a multiple of 2·cp = 32 (ring attention's chunks); seq_len is "
     "8200"},
    {"ExpertParallelWithoutExperts", "ep=2",
     "--plan: ep: the model has no experts; expected ep=1"},
    {"VirtualStagesWithoutPipeline", "vpp=2",
     "--plan: vpp: 2 virtual stages need pp > 1 and grad_accum a multiple of pp (pp 1, "
     "grad_accum 4)"},
    // 12 layers on 8 stages: not 12 or 14 evenly, and 6 middle stages of ⌈12/8⌉ = 2 leave 0 for
    // the first and last.
    {"StagesWithoutLayers", "pp=8,dp=2",
     "--plan: pp: the model's 12 layers do not split into 8 pipeline stages of one or more layers "
     "each, evenly, with the embedding and loss counted as layers, or with only the first and "
     "last stage uneven (Megatron-LM); choose another pp"},
    // pp 2 × vpp 8: 16 chunks for 12 (or 14) layers, and first + last = 12 is not two multiples
    // of 8.
    {"VirtualStagesWithoutWholeLayers", "pp=2,vpp=8,dp=8",
     "--plan: pp: the model's 12 layers do not split into 2 pipeline stages of a multiple of vpp "
     "= 8 layers each, evenly, with the embedding and loss counted as layers, or with only the "
     "first and last stage uneven (Megatron-LM); choose another pp or vpp"},
    // Sharding names the rule it applies and what to set.
    {"ZeroWithModelParallelism", "sharding=zero3,tp=2,dp=8",
     "--plan: sharding=zero3 with tp, pp, cp or ep > 1: Megatron-LM shards with its distributed "
     "optimizer (sharding=zero1) or not at all (none); ZeRO-2/3 need tp=pp=cp=ep=1, and fsdp-* "
     "with tp, pp or cp runs on torchtitan (LoRA with tp on NeMo AutoModel)"},
    {"AutomodelRunsLoraWithTensorParallelismOnly", "method=lora,sharding=fsdp-full,pp=2,dp=8",
     "--plan: sharding=fsdp-full with LoRA runs on NeMo AutoModel with tensor parallelism only; "
     "LoRA with pp, cp or ep > 1 runs on Megatron (sharding=none or zero1)"},
    {"AutomodelCheckpointsWholeLayers",
     "method=lora,sharding=fsdp-full,tp=2,sp=true,dp=8,checkpointing=selective",
     "--plan: sharding=fsdp-full with tp > 1 and LoRA runs on NeMo AutoModel, which checkpoints "
     "whole decoder layers: checkpointing=none or full"},
    {"TorchtitanTpIsSequenceParallel", "sharding=fsdp-full,tp=2,dp=8",
     "--plan: sharding=fsdp-full with tp > 1 runs on torchtitan, whose tensor parallelism is "
     "always sequence-parallel: set sp=true"},
    {"TorchtitanPrecision", "precision=fp32,sharding=fsdp-full,pp=2,dp=8",
     "--plan: sharding=fsdp-full with tp, pp or cp runs on torchtitan, which trains in bf16-mixed "
     "or fp8-mixed; precision is fp32"},
    {"StrategyRefuses", "method=qlora,tp=2,dp=8",
     "--plan: peft: this combination of method, lora_rank, lora_targets is not possible for gpt2 "
     "on test-a100 (qlora r16 · bf16-mixed · adamw · none · ckpt=none · tp2 pp1 dp8 · mb1×ga8)"},
};

class WorkloadPlanErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(WorkloadPlanErrorTest, WholeMessage) {
  const Workload w = testing::CatalogWorkload("gpt2", testing::A100Cluster(8, 2));
  EXPECT_EQ(LoadPlan(w, GetParam().input).status().message(), GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(Errors, WorkloadPlanErrorTest, ::testing::ValuesIn(kWorkloadPlanErrors),
                         [](const ::testing::TestParamInfo<ErrorCase>& info) {
                           return std::string(info.param.name);
                         });

const ErrorCase kFixErrors[] = {
    {"NotKeyValue", "tp", "--fix: expected key=value, got 'tp'"},
    {"UnknownFieldDidYouMean", "precison=bf16", "--fix: precison: unknown plan field; did you mean 'precision'?"},
    {"UnknownValue", "precision=bf32",
     "--fix: precision: unknown value 'bf32'; expected one of bf16-mixed, fp16-mixed, bf16, "
     "fp8-mixed, fp32"},
    {"UnknownValueAmongSeveral", "method=lora|qlor",
     "--fix: method: unknown value 'qlor'; expected one of full, lora, qlora"},
    {"WrongTypeInteger", "tp=abc", "--fix: tp: 'abc' is not an integer"},
    {"ZeroDegree", "pp=0", "--fix: pp: 0 is out of range; expected an integer ≥ 1"},
    {"NotAPin", "seq_len=8192", "--fix: seq_len: set the sequence length with --set seq_len=N"},
    {"EngineDidYouMean", "engin=fsdp", "--fix: engin: unknown plan field; did you mean 'engine'?"},
    {"UnknownEngine", "engine=colossal",
     "--fix: engine: unknown value 'colossal'; expected one of torchrun, deepspeed, fsdp, megatron, "
     "torchtitan, automodel"},
};

class FixErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(FixErrorTest, WholeMessage) {
  PlanFilter f;
  EXPECT_EQ(ApplyFix(GetParam().input, &f).message(), GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(Errors, FixErrorTest, ::testing::ValuesIn(kFixErrors),
                         [](const ::testing::TestParamInfo<ErrorCase>& info) {
                           return std::string(info.param.name);
                         });

TEST(PlanParserTest, FixPinsTheEngineButAPlanCannotNameIt) {
  PlanFilter f;
  ASSERT_TRUE(ApplyFix("engine=deepspeed|fsdp", &f).ok());
  EXPECT_EQ(f.engines, (1u << int(Engine::kDeepSpeed)) | (1u << int(Engine::kFsdp)));
  // The engine follows from the plan's fields (EngineFor): --plan has no engine key.
  EXPECT_EQ(ParsePlan("engine=fsdp", Job{}, 8).status().message(),
            "--plan: engine: unknown plan field");
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
