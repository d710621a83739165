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

TEST(JobYamlTest, Errors) {
  EXPECT_EQ(JobError("kind: pretraining\n"),
            "j.yaml:1: kind: 'pretraining' is not one of finetune, pretrain; did you mean "
            "'pretrain'?");
  EXPECT_EQ(JobError("seq_len: 4k\n"), "j.yaml:1: seq_len: '4k' is not an integer");
  EXPECT_EQ(JobError("seq_len: 0\n"),
            "j.yaml:1: seq_len: 0 is out of range; expected an integer ≥ 1");
  EXPECT_EQ(JobError("seq_len: 100000000\n"),
            "j.yaml:1: seq_len: 100000000 is out of range; expected an integer ≤ 16777216");
  EXPECT_EQ(JobError("seq_len: 4096\nglobal_batch: 64\nglobal_batch_tokens: 262144\n"),
            "j.yaml:3: global_batch_tokens: give global_batch or global_batch_tokens, not both");
  EXPECT_EQ(JobError("seq_len: 4096\nglobal_batch_tokens: 1000000\n"),
            "j.yaml:2: global_batch_tokens: 1000000 is not a multiple of seq_len 4096");
  EXPECT_EQ(JobError("train_tokens: 0\n"),
            "j.yaml:1: train_tokens: 0 is out of range; expected a number > 0");
  EXPECT_EQ(JobError("train_tokens: lots\n"), "j.yaml:1: train_tokens: 'lots' is not a number");
  EXPECT_EQ(JobError("seqlen: 4096\n"), "j.yaml:1: seqlen: unknown key; did you mean 'seq_len'?");
  EXPECT_EQ(JobError("allow:\n  metod: [lora]\n"),
            "j.yaml:2: allow.metod: unknown key; did you mean 'method'?");
  EXPECT_EQ(JobError("allow:\n  method: [lora,\n    qlor]\n"),
            "j.yaml:3: allow.method: 'qlor' is not one of full, lora, qlora; did you mean "
            "'qlora'?");
  EXPECT_EQ(JobError("allow: { sharding: [zero4] }\n"),
            "j.yaml:1: allow.sharding: 'zero4' is not one of none, zero1, zero2, zero3, "
            "fsdp-full, fsdp-grad-op, fsdp-hybrid; did you mean 'zero1'?");
  EXPECT_EQ(JobError("allow: { method: [] }\n"),
            "j.yaml:1: allow.method: empty list; expected at least one value");
  EXPECT_EQ(JobError("allow: { tp: 0 }\n"),
            "j.yaml:1: allow.tp: 0 is out of range; expected an integer ≥ 1");
  EXPECT_EQ(JobError("allow: { tp: 3000000000 }\n"),
            "j.yaml:1: allow.tp: 3000000000 is out of range; expected an integer ≤ 2147483647");
  EXPECT_EQ(JobError("allow: [lora]\n"),
            "j.yaml:1: allow: expected a map of plan fields, e.g. { method: [lora, qlora] }");
  EXPECT_EQ(JobError("just text\n"),
            "j.yaml:1: expected a map of job fields (kind, seq_len, global_batch, train_tokens, "
            "allow)");
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
}

TEST(JobOverrideTest, Errors) {
  EXPECT_EQ(OverrideError("seq_len=abc"), "--set: seq_len: 'abc' is not an integer");
  EXPECT_EQ(OverrideError("seq_len="), "--set: seq_len: '' is not an integer");
  EXPECT_EQ(OverrideError("seq_len"), "--set: expected key=value, got 'seq_len'");
  EXPECT_EQ(OverrideError("=4096"), "--set: expected key=value, got '=4096'");
  EXPECT_EQ(OverrideError("sec_len=4096"), "--set: sec_len: unknown key; did you mean 'seq_len'?");
  EXPECT_EQ(OverrideError("kind=pre"), "--set: kind: 'pre' is not one of finetune, pretrain");
  EXPECT_EQ(OverrideError("global_batch_tokens=1000"),
            "--set: global_batch_tokens: 1000 is not a multiple of seq_len 4096");
  EXPECT_EQ(OverrideError("method=lora"), "--set: method: unknown key");
}

TEST(JobOverrideTest, FailureLeavesTheJobUnchanged) {
  Job job;
  EXPECT_FALSE(ApplyJobOverride("train_tokens=-5", &job).ok());
  EXPECT_EQ(job, Job{});
}

}  // namespace
}  // namespace fitplan
