// Job YAML, the configs/jobs examples, `allow:` filters and --set overrides, with exact errors.
#include "planner/job_loader.h"

#include <gtest/gtest.h>

#include <string>

namespace fitplan {
namespace {

const std::string kJobs = std::string(FITPLAN_SOURCE_DIR) + "/configs/jobs/";

std::string JobError(const std::string& yaml) {
  StatusOr<Job> job = ParseJobYaml(yaml, "j.yaml");
  return job.ok() ? "(parsed)" : job.status().message();
}

std::string OverrideError(const std::string& key_value) {
  Job job;
  Status status = ApplyJobOverride(key_value, &job);
  return status.ok() ? "(applied)" : status.message();
}

template <typename Enum>
uint32_t Bit(Enum value) {
  return 1u << static_cast<uint32_t>(value);
}

// ---- configs/jobs ----

TEST(JobConfigsTest, DefaultIsTheBuiltInDefault) {
  StatusOr<Job> job = LoadJob(kJobs + "default.yaml");
  ASSERT_TRUE(job.ok()) << job.status().message();
  EXPECT_EQ(*job, Job{});  // the README's default: fine-tune, 4096 × 64, 2e8 tokens
}

TEST(JobConfigsTest, Pretrain4k) {
  StatusOr<Job> job = LoadJob(kJobs + "pretrain-4k.yaml");
  ASSERT_TRUE(job.ok()) << job.status().message();
  EXPECT_EQ(job->kind, JobKind::kPretrain);
  EXPECT_EQ(job->seq_len, 4096);
  EXPECT_EQ(job->global_batch, 1024);
  EXPECT_EQ(job->train_tokens, 1e12);
  EXPECT_EQ(job->allow, PlanFilter{});
}

TEST(JobConfigsTest, QloraOnly) {
  StatusOr<Job> job = LoadJob(kJobs + "qlora-only.yaml");
  ASSERT_TRUE(job.ok()) << job.status().message();
  PlanFilter expected;
  expected.methods = Bit(Method::kQlora);
  EXPECT_EQ(job->allow, expected);
}

// ---- Job YAML ----

TEST(JobYamlTest, InterfaceExample) {
  // shared/docs/interface.md "Job YAML", verbatim.
  StatusOr<Job> job = ParseJobYaml(
      "kind: finetune                 # finetune | pretrain\n"
      "seq_len: 4096\n"
      "global_batch: 64               # sequences per optimizer step (or global_batch_tokens)\n"
      "train_tokens: 1.0e9            # for training time and cost\n"
      "allow: { method: [full, lora, qlora] }   # optional: limit the search\n",
      "j.yaml");
  ASSERT_TRUE(job.ok()) << job.status().message();
  EXPECT_EQ(job->train_tokens, 1e9);
  EXPECT_EQ(job->allow.methods, Bit(Method::kFull) | Bit(Method::kLora) | Bit(Method::kQlora));
}

TEST(JobYamlTest, AbsentFieldsKeepDefaults) {
  StatusOr<Job> job = ParseJobYaml("kind: pretrain\n", "j.yaml");
  ASSERT_TRUE(job.ok()) << job.status().message();
  Job expected;
  expected.kind = JobKind::kPretrain;
  EXPECT_EQ(*job, expected);
}

TEST(JobYamlTest, GlobalBatchTokensBecomeSequences) {
  // 524,288 tokens / 8192 tokens per sequence = 64 sequences.
  StatusOr<Job> job = ParseJobYaml("seq_len: 8192\nglobal_batch_tokens: 524288\n", "j.yaml");
  ASSERT_TRUE(job.ok()) << job.status().message();
  EXPECT_EQ(job->global_batch, 64);
}

TEST(JobYamlTest, AllowFilters) {
  StatusOr<Job> job = ParseJobYaml(
      "allow:\n"
      "  precision: [bf16-mixed, fp8-mixed]\n"
      "  optimizer: adamw                     # one value needs no list\n"
      "  sharding: [zero3, fsdp-full]\n"
      "  offload: [none]\n"
      "  checkpointing: [selective, full]\n"
      "  lora_targets: [attention]\n"
      "  lora_rank: 64\n"
      "  tp: 8\n"
      "  pp: 1\n"
      "  sp: true\n",
      "j.yaml");
  ASSERT_TRUE(job.ok()) << job.status().message();
  PlanFilter expected;
  expected.precisions = Bit(Precision::kBf16Mixed) | Bit(Precision::kFp8Mixed);
  expected.optimizers = Bit(Optimizer::kAdamW);
  expected.shardings = Bit(Sharding::kZero3) | Bit(Sharding::kFsdpFull);
  expected.offloads = Bit(Offload::kNone);
  expected.checkpointings = Bit(Checkpointing::kSelective) | Bit(Checkpointing::kFull);
  expected.lora_targets = Bit(LoraTargets::kAttention);
  expected.lora_rank = 64;
  expected.tp = 8;
  expected.pp = 1;
  expected.sp = true;
  EXPECT_EQ(job->allow, expected);
}

// One row per error class; the whole message is compared (house style: exact error text). A job
// has no required field (every one has a default), so "missing" has no row.
struct ErrorCase {
  const char* name;
  const char* input;
  const char* error;
};

const ErrorCase kJobErrors[] = {
    {"UnknownKeyDidYouMean", "seqlen: 4096\n",
     "j.yaml:1:1: seqlen: unknown key; did you mean 'seq_len'?"},
    {"UnknownNestedKey", "allow:\n  metod: [lora]\n",
     "j.yaml:2:3: allow.metod: unknown key; did you mean 'method'?"},
    {"WrongTypeInteger", "seq_len: 4k\n", "j.yaml:1:1: seq_len: '4k' is not an integer"},
    {"WrongTypeNumber", "train_tokens: lots\n", "j.yaml:1:1: train_tokens: 'lots' is not a number"},
    {"WrongTypeAllow", "allow: [lora]\n",
     "j.yaml:1:1: allow: expected a map of plan fields, e.g. { method: [lora, qlora] }"},
    {"WrongTypeAllowList", "allow: { method: { lora: 1 } }\n",
     "j.yaml:1:10: allow.method: expected a value or a list of values"},
    {"UnknownKind", "kind: pretraining\n",
     "j.yaml:1:1: kind: 'pretraining' is not one of finetune, pretrain; did you mean 'pretrain'?"},
    {"UnknownValueInList", "allow:\n  method: [lora,\n    qlor]\n",
     "j.yaml:3:5: allow.method: 'qlor' is not one of full, lora, qlora; did you mean 'qlora'?"},
    {"UnknownSharding", "allow: { sharding: [zero4] }\n",
     "j.yaml:1:21: allow.sharding: 'zero4' is not one of none, zero1, zero2, zero3, fsdp-full, "
     "fsdp-grad-op, fsdp-hybrid; did you mean 'zero1'?"},
    {"EmptyList", "allow: { method: [] }\n",
     "j.yaml:1:10: allow.method: empty list; expected at least one value"},
    {"ZeroSeqLen", "seq_len: 0\n",
     "j.yaml:1:1: seq_len: 0 is out of range; expected an integer from 1 to 16777216"},
    {"AbsurdSeqLen", "seq_len: 100000000\n",
     "j.yaml:1:1: seq_len: 100000000 is out of range; expected an integer from 1 to 16777216"},
    {"ZeroTrainTokens", "train_tokens: 0\n",
     "j.yaml:1:1: train_tokens: 0 is out of range; expected a number > 0"},
    {"AbsurdTrainTokens", "train_tokens: 1e20\n",
     "j.yaml:1:1: train_tokens: 1e20 is out of range; expected a number > 0 and ≤ 1e+15"},
    {"ZeroPin", "allow: { tp: 0 }\n",
     "j.yaml:1:10: allow.tp: 0 is out of range; expected an integer from 1 to 2147483647"},
    {"AbsurdPin", "allow: { tp: 3000000000 }\n",
     "j.yaml:1:10: allow.tp: 3000000000 is out of range; expected an integer from 1 to "
     "2147483647"},
    {"BothBatchSizes", "seq_len: 4096\nglobal_batch: 64\nglobal_batch_tokens: 262144\n",
     "j.yaml:3:1: global_batch_tokens: give global_batch or global_batch_tokens, not both"},
    {"BatchTokensNotWholeSequences", "seq_len: 4096\nglobal_batch_tokens: 1000000\n",
     "j.yaml:2:1: global_batch_tokens: 1000000 is not a multiple of seq_len 4096"},
    // 2^40 tokens / 4096 = 2^28 sequences > 2^24.
    {"TooManyBatchSequences", "seq_len: 4096\nglobal_batch_tokens: 1099511627776\n",
     "j.yaml:2:1: global_batch_tokens: 1099511627776 is more than 16777216 sequences"},
    {"DuplicateKey", "seq_len: 4096\nseq_len: 8192\n", "j.yaml:2:1: seq_len: duplicate key"},
    {"UnknownAttention", "seq_len: 4096\nattention: sdpa\n",
     "j.yaml:2:1: attention: 'sdpa' is not one of flash, eager"},
    {"RootNotAMap", "just text\n",
     "j.yaml:1:1: expected a map of job fields (kind, seq_len, global_batch, train_tokens, "
     "attention, allow)"},
    {"YamlSyntaxError", "allow: { method: [lora }\n",
     "j.yaml:1:24: YAML syntax error: illegal flow end"},
    {"AliasBomb",
     "kind: &a [x, x, x, x, x, x, x, x, x, x]\n"
     "seq_len: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "global_batch: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
     "train_tokens: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
     "allow: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
     "j.yaml:1:38: document expands to more than 100000 nodes (recursive or exponential "
     "aliases?)"},
};

class JobYamlErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(JobYamlErrorTest, WholeMessage) { EXPECT_EQ(JobError(GetParam().input), GetParam().error); }

INSTANTIATE_TEST_SUITE_P(Errors, JobYamlErrorTest, ::testing::ValuesIn(kJobErrors),
                         [](const ::testing::TestParamInfo<ErrorCase>& info) {
                           return std::string(info.param.name);
                         });

TEST(JobYamlTest, UnreadableFile) {
  EXPECT_EQ(LoadJob("/nonexistent/job.yaml").status().message(),
            "/nonexistent/job.yaml: cannot read the file (does it exist?)");
}

// ---- --set ----

TEST(JobOverrideTest, AppliesEachField) {
  Job job;
  ASSERT_TRUE(ApplyJobOverride("kind=pretrain", &job).ok());
  ASSERT_TRUE(ApplyJobOverride("seq_len=8192", &job).ok());
  ASSERT_TRUE(ApplyJobOverride("global_batch=32", &job).ok());
  ASSERT_TRUE(ApplyJobOverride("train_tokens=1e9", &job).ok());
  EXPECT_EQ(job.kind, JobKind::kPretrain);
  EXPECT_EQ(job.seq_len, 8192);
  EXPECT_EQ(job.global_batch, 32);
  EXPECT_EQ(job.train_tokens, 1e9);
  // Tokens use the seq_len set so far: 1,048,576 / 8192 = 128 sequences.
  ASSERT_TRUE(ApplyJobOverride("global_batch_tokens=1048576", &job).ok());
  EXPECT_EQ(job.global_batch, 128);
  EXPECT_EQ(job.attention, AttentionKind::kFlash);
  ASSERT_TRUE(ApplyJobOverride("attention=eager", &job).ok());
  EXPECT_EQ(job.attention, AttentionKind::kEager);
}

const ErrorCase kOverrideErrors[] = {
    {"NotKeyValue", "seq_len", "--set: expected key=value, got 'seq_len'"},
    {"NoKey", "=4096", "--set: expected key=value, got '=4096'"},
    {"UnknownKeyDidYouMean", "sec_len=4096", "--set: sec_len: unknown key; did you mean 'seq_len'?"},
    {"PlanFieldIsNotAJobField", "method=lora", "--set: method: unknown key"},
    {"WrongTypeInteger", "seq_len=abc", "--set: seq_len: 'abc' is not an integer"},
    {"EmptyValue", "seq_len=", "--set: seq_len: '' is not an integer"},
    {"UnknownKind", "kind=pre", "--set: kind: 'pre' is not one of finetune, pretrain"},
    {"AbsurdSeqLen", "seq_len=1e9",
     "--set: seq_len: 1e9 is out of range; expected an integer from 1 to 16777216"},
    {"NegativeTrainTokens", "train_tokens=-5",
     "--set: train_tokens: -5 is out of range; expected a number > 0"},
    {"BatchTokensNotWholeSequences", "global_batch_tokens=1000",
     "--set: global_batch_tokens: 1000 is not a multiple of seq_len 4096"},
    {"UnknownAttention", "attention=eagr",
     "--set: attention: 'eagr' is not one of flash, eager; did you mean 'eager'?"},
};

class JobOverrideErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(JobOverrideErrorTest, WholeMessage) {
  EXPECT_EQ(OverrideError(GetParam().input), GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(Errors, JobOverrideErrorTest, ::testing::ValuesIn(kOverrideErrors),
                         [](const ::testing::TestParamInfo<ErrorCase>& info) {
                           return std::string(info.param.name);
                         });

TEST(JobOverrideTest, FailureLeavesTheJobUnchanged) {
  Job job;
  EXPECT_FALSE(ApplyJobOverride("train_tokens=-5", &job).ok());
  EXPECT_EQ(job, Job{});
}

}  // namespace
}  // namespace fitplan
