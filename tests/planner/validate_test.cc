// fitplan validate: the row mapping against hand-built workloads, the comparison bases, fit
// checks, every skip reason, and the statistics on lists with hand-computed answers.
#include "planner/validate.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "hardware/gpu_catalog.h"
#include "hardware/topology.h"
#include "planner/core/units.h"
#include "planner/cost_model.h"
#include "strategies/parallelism.h"

namespace fitplan {
namespace {

using Cells = std::map<std::string, std::string>;

const std::vector<std::string> kColumns = {"case_id",
                                           "source_key",
                                           "usable",
                                           "unusable_reason",
                                           "model_name",
                                           "architecture",
                                           "layers",
                                           "hidden",
                                           "heads",
                                           "kv_heads",
                                           "ffn",
                                           "vocab",
                                           "tie_embeddings",
                                           "experts",
                                           "experts_per_token",
                                           "gpu",
                                           "gpu_capacity_gib",
                                           "num_gpus",
                                           "gpus_per_node",
                                           "inter_node_gbps",
                                           "method",
                                           "lora_rank",
                                           "lora_targets",
                                           "precision",
                                           "optimizer",
                                           "sharding",
                                           "offload",
                                           "checkpointing",
                                           "tp",
                                           "pp",
                                           "vpp",
                                           "cp",
                                           "ep",
                                           "dp",
                                           "sp",
                                           "micro_batch",
                                           "grad_accum",
                                           "global_batch",
                                           "seq_len",
                                           "measured_gib",
                                           "metric",
                                           "oom",
                                           "measured_step_s",
                                           "measured_tokens_per_s",
                                           "measured_mfu",
                                           "flash_attention"};

// Llama-3.1-8B LoRA on one A100-80GB, measured at 20 GiB allocated.
const Cells kLlamaLora = {{"case_id", "L1"},
                          {"source_key", "A"},
                          {"usable", "yes"},
                          {"architecture", "llama"},
                          {"layers", "32"},
                          {"hidden", "4096"},
                          {"heads", "32"},
                          {"kv_heads", "8"},
                          {"ffn", "14336"},
                          {"vocab", "128256"},
                          {"tie_embeddings", "false"},
                          {"gpu", "a100-sxm-80gb"},
                          {"num_gpus", "1"},
                          {"gpus_per_node", "1"},
                          {"method", "lora"},
                          {"lora_rank", "16"},
                          {"lora_targets", "all-linear"},
                          {"precision", "bf16-mixed"},
                          {"optimizer", "adamw"},
                          {"sharding", "none"},
                          {"offload", "none"},
                          {"checkpointing", "full"},
                          {"micro_batch", "1"},
                          {"seq_len", "2048"},
                          {"measured_gib", "20"},
                          {"metric", "allocated"},
                          {"oom", "no"}};

// A 2-layer, 256-wide llama that fits anywhere.
const Cells kTiny = {{"layers", "2"}, {"hidden", "256"}, {"heads", "4"},    {"kv_heads", "4"},
                     {"ffn", "512"},  {"vocab", "1000"}, {"method", "full"}};

// Llama-3.1-70B full fine-tune with AdamW on one GPU: 16 B/param × 70.6e9 ≈ 1.1 TB of states.
const Cells kFull70b = {{"layers", "80"}, {"hidden", "8192"},  {"heads", "64"},   {"kv_heads", "8"},
                        {"ffn", "28672"}, {"vocab", "128256"}, {"method", "full"}};

Cells With(Cells base, const Cells& changes) {
  for (const auto& [k, v] : changes) base[k] = v;
  return base;
}

std::string Csv(const std::vector<Cells>& rows) {
  std::string text;
  for (size_t i = 0; i < kColumns.size(); ++i) text += (i ? "," : "") + kColumns[i];
  text += "\n";
  for (const Cells& row : rows) {
    for (size_t i = 0; i < kColumns.size(); ++i) {
      const auto it = row.find(kColumns[i]);
      text += (i ? "," : "") + (it == row.end() ? "" : it->second);
    }
    text += "\n";
  }
  return text;
}

CsvTable Table(const std::string& text) {
  StatusOr<CsvTable> t = CsvTable::Parse(text, "v.csv");
  EXPECT_TRUE(t.ok()) << t.status().message();
  return t.ok() ? t.value() : CsvTable{};
}

ValidationReport Validate(const std::vector<Cells>& rows, const ValidateOptions& options = {}) {
  StatusOr<ValidationReport> r = RunValidation(Table(Csv(rows)), options);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? r.value() : ValidationReport{};
}

const Comparison& Memory(const RowResult& row) { return *row.comparisons[int(Family::kMemory)]; }

// kLlamaLora built by hand from shared/calibration/README.md's column meanings.
Workload HandBuiltLlamaLora() {
  ModelSpec m;
  m.name = "L1";  // no model_name: the case id
  m.layers = 32;
  m.hidden = 4096;
  m.heads = 32;
  m.kv_heads = 8;
  m.ffn = 14336;
  m.vocab = 128256;
  ResolveModelDefaults(&m);
  Cluster c;
  c.name = "L1";
  c.gpu = *FindGpu("a100-sxm-80gb");
  c.intra_node = {LinkKind::kNvswitch, c.gpu.nvlink_bytes_per_s};
  c.cpu_ram_bytes_per_node = 64.0 * 1024 * kGiB;
  c.nvme_bytes_per_node = 1024.0 * 1024 * kGiB;
  c.price_per_gpu_hour = 1;
  Job job;
  job.seq_len = 2048;
  job.global_batch = 1;  // micro_batch 1 × grad_accum 1 × dp 1
  return MakeWorkload(m, job, c);
}

Plan HandBuiltLoraPlan() {
  Plan p;
  p.method = Method::kLora;
  p.checkpointing = Checkpointing::kFull;
  p.seq_len = 2048;
  return p;
}

Estimate Reference(const Workload& w, const Plan& p) {
  const Topology topology(w.cluster);
  return Evaluate(w, LinksFor(topology, p, w.cluster.gpus_per_node), p);
}

TEST(ValidateTest, RowMapsToTheHandBuiltWorkloadAndPlan) {
  const CsvTable t = Table(Csv({kLlamaLora}));
  const StatusOr<ValidationCase> c = BuildCase(t, t.rows()[0]);
  ASSERT_TRUE(c.ok()) << c.status().message();
  const Workload w = HandBuiltLlamaLora();
  EXPECT_EQ(c->workload.model, w.model);
  EXPECT_EQ(c->workload.cluster, w.cluster);
  EXPECT_EQ(c->workload.job, w.job);
  EXPECT_EQ(c->plan, HandBuiltLoraPlan());
  EXPECT_EQ(c->line, 2);
  EXPECT_DOUBLE_EQ(*c->measured_bytes, 20 * kGiB);
}

TEST(ValidateTest, AllocatedMetricComparesAllocatedBytes) {
  const ValidationReport r = Validate({kLlamaLora});
  ASSERT_EQ(r.rows.size(), 1u);
  const Estimate e = Reference(HandBuiltLlamaLora(), HandBuiltLoraPlan());
  const Comparison& m = Memory(r.rows[0]);
  EXPECT_EQ(m.basis, "allocated");
  EXPECT_DOUBLE_EQ(m.predicted, e.memory.gpu_allocated_bytes);
  EXPECT_DOUBLE_EQ(*m.error, (e.memory.gpu_allocated_bytes - 20 * kGiB) / (20 * kGiB));
  EXPECT_FALSE(m.false_fit);
  EXPECT_FALSE(m.false_rejection);
  EXPECT_EQ(r.summaries[int(Family::kMemory)].scored, 1);
  EXPECT_FALSE(r.rows[0].comparisons[int(Family::kStepTime)].has_value());
}

TEST(ValidateTest, EachMetricHasItsBasis) {
  const ValidationReport r =
      Validate({With(kLlamaLora, {{"case_id", "R"}, {"metric", "reserved"}}),
                With(kLlamaLora, {{"case_id", "U"}, {"metric", "unknown"}}),
                With(kLlamaLora, {{"case_id", "A"}, {"metric", "active"}}),
                With(kLlamaLora, {{"case_id", "S"}, {"metric", "nvidia-smi"}})});
  ASSERT_EQ(r.rows.size(), 4u);
  const MemoryLedger m = Reference(HandBuiltLlamaLora(), HandBuiltLoraPlan()).memory;
  // reserved = max_memory_reserved = allocated + fragmentation; unknown is read as reserved.
  EXPECT_DOUBLE_EQ(Memory(r.rows[0]).predicted, m.gpu_allocated_bytes + m.fragmentation_bytes);
  EXPECT_DOUBLE_EQ(Memory(r.rows[1]).predicted, m.gpu_allocated_bytes + m.fragmentation_bytes);
  EXPECT_DOUBLE_EQ(Memory(r.rows[2]).predicted, m.gpu_allocated_bytes);
  EXPECT_DOUBLE_EQ(Memory(r.rows[3]).predicted, m.gpu_peak_bytes);
  EXPECT_EQ(Memory(r.rows[3]).basis, "nvidia-smi");
}

TEST(ValidateTest, OomRowsAreFitChecks) {
  const ValidationReport r = Validate({
      With(With(kLlamaLora, kTiny), {{"case_id", "tiny"}, {"oom", "yes"}, {"measured_gib", ""}}),
      With(With(kLlamaLora, kFull70b), {{"case_id", "70b"}, {"oom", "yes"}, {"measured_gib", ""}}),
  });
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_TRUE(r.rows[0].fits());
  EXPECT_TRUE(Memory(r.rows[0]).false_fit);  // a tiny model cannot run out of 80 GiB
  EXPECT_FALSE(Memory(r.rows[0]).error.has_value());
  EXPECT_FALSE(r.rows[1].fits());
  EXPECT_FALSE(Memory(r.rows[1]).false_fit);  // predicted not to fit, as measured
  EXPECT_EQ(Memory(r.rows[1]).basis, "oom");
  const FamilySummary& s = r.summaries[int(Family::kMemory)];
  EXPECT_EQ(s.fit_checks, 2);
  EXPECT_EQ(s.scored, 0);
  EXPECT_EQ(s.false_fits, 1);
  EXPECT_EQ(s.false_rejections, 0);
  EXPECT_TRUE(std::isnan(s.median_abs_error));
}

TEST(ValidateTest, FalseRejectionAndMeasuredAboveTheGpu) {
  const ValidationReport r = Validate({
      With(With(kLlamaLora, kFull70b), {{"case_id", "ran"}, {"measured_gib", "70"}}),
      // 85 GiB measured on an 80 GiB GPU: the stated plan cannot have fit, yet it is predicted to.
      With(With(kLlamaLora, kTiny), {{"case_id", "over"}, {"measured_gib", "85"}}),
  });
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_TRUE(Memory(r.rows[0]).false_rejection);
  EXPECT_TRUE(Memory(r.rows[0]).error.has_value());  // still scored
  EXPECT_TRUE(Memory(r.rows[1]).false_fit);
  EXPECT_EQ(r.summaries[int(Family::kMemory)].false_rejections, 1);
  EXPECT_EQ(r.summaries[int(Family::kMemory)].false_fits, 1);
  EXPECT_EQ(r.summaries[int(Family::kMemory)].scored, 2);
}

struct SkipCase {
  Cells changes;
  std::string reason;
};

TEST(ValidateTest, SkipReasons) {
  const std::vector<SkipCase> cases = {
      {{{"usable", "no"}, {"unusable_reason", "optimizer_in_bwd is not expressible"}},
       "optimizer_in_bwd is not expressible"},
      {{{"usable", ""}}, "not marked usable"},
      // A memory peak is scored on a stand-in GPU (UnstatedGpu* below); an OOM row needs the
      // capacity, a time row the GPU itself.
      {{{"gpu", "other"}, {"measured_gib", ""}, {"oom", "yes"}}, "GPU not stated"},
      {{{"gpu", ""}, {"measured_gib", ""}, {"measured_step_s", "3"}}, "GPU not stated"},
      {{{"gpu", "gaudi2-96gb"}, {"measured_gib", ""}, {"measured_mfu", "0.4"}},
       "gpu: 'gaudi2-96gb' is not in the GPU catalog"},
      {{{"gpu", "other"}, {"gpu_capacity_gib", "big"}}, "gpu_capacity_gib: 'big' is not a number"},
      {{{"architecture", "bert"}}, "architecture bert is not modelled"},
      {{{"layers", ""}}, "layers: missing"},
      {{{"seq_len", ""}}, "seq_len: missing"},
      {{{"micro_batch", "two"}}, "micro_batch: 'two' is not an integer"},
      {{{"micro_batch", "1.5"}}, "micro_batch: '1.5' is not an integer"},
      {{{"tp", "0"}}, "tp: 0 is out of range; expected an integer from 1 to 1000000"},
      {{{"hidden", "99999999999999999999"}},
       "hidden: 99999999999999999999 is out of range; expected an integer from 1 to 1000000"},
      {{{"measured_gib", "lots"}}, "measured_gib: 'lots' is not a number"},
      {{{"measured_gib", "-3"}},
       "measured_gib: -3 is out of range; expected a number above 0 and at most 4096"},
      {{{"measured_gib", ""}}, "no measured value"},
      {{{"precision", "fp4"}},
       "precision: unknown value 'fp4'; expected one of bf16-mixed, fp16-mixed, bf16, fp8-mixed, "
       "fp32"},
      {{{"metric", "rss"}},
       "metric: unknown value 'rss'; expected one of allocated, reserved, active, nvidia-smi, "
       "unknown"},
      {{{"oom", "maybe"}}, "oom: expected yes or no, got 'maybe'"},
      {{{"tie_embeddings", "1"}}, "tie_embeddings: expected true or false, got '1'"},
      {{{"kv_heads", "5"}}, "kv_heads: 5 does not divide heads 32"},
      {{{"heads", "3"}, {"kv_heads", ""}}, "heads: 3 does not divide hidden 4096"},
      {{{"architecture", "moe"}}, "experts: missing"},
      {{{"dp", "2"}}, "dp: tp·pp·cp·dp = 2 but num_gpus is 1"},
      {{{"tp", "2"}}, "tp: tp·pp·cp = 2 does not divide num_gpus 1"},
      {{{"num_gpus", "12"}, {"gpus_per_node", ""}},
       "num_gpus: 12 is not a multiple of gpus_per_node 8"},
      {{{"grad_accum", "2"}, {"global_batch", "3"}},
       "global_batch: 3 but micro_batch·grad_accum·dp = 2"},
      {{{"micro_batch", "2"}, {"global_batch", "3"}},
       "global_batch: 3 is not a multiple of micro_batch·dp = 2"},
      // TP 3 divides neither 32 heads nor 8 KV heads.
      {{{"num_gpus", "3"}, {"gpus_per_node", "3"}, {"tp", "3"}}, "not a legal plan: parallelism"},
  };
  std::vector<Cells> rows;
  for (size_t i = 0; i < cases.size(); ++i) {
    rows.push_back(With(kLlamaLora, cases[i].changes));
    rows.back()["case_id"] = "S" + std::to_string(i);
  }
  const ValidationReport r = Validate(rows);
  EXPECT_TRUE(r.rows.empty());
  ASSERT_EQ(r.skipped.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(r.skipped[i].case_id, "S" + std::to_string(i));
    EXPECT_EQ(r.skipped[i].reason, cases[i].reason) << i;
    EXPECT_EQ(r.skipped[i].line, int(i) + 2);
  }
  // Unusable rows are counted as one group; the rest by their reason, in the family they measure.
  const FamilySummary& s = r.summaries[int(Family::kMemory)];
  EXPECT_EQ(s.skipped, int(cases.size()) - 2);  // S3 measures step time, S4 MFU
  EXPECT_EQ(s.skip_groups[0].first, "unusable (the row's unusable_reason says why)");
  EXPECT_EQ(s.skip_groups[0].second, 2);
  // S3 and the row without any measurement ("no measured value") count where time was expected.
  EXPECT_EQ(r.summaries[int(Family::kStepTime)].skip_groups,
            (std::vector<std::pair<std::string, int>>{{"GPU not stated", 1},
                                                      {"no measured value", 1}}));
}

// A memory row whose GPU is not stated is predicted on the A100-80GB stand-in: the bytes a plan
// holds do not depend on the GPU model. Without a capacity its verdict is shown but not scored.
TEST(ValidateTest, UnstatedGpuMemoryRowIsScoredWithoutAVerdict) {
  const ValidationReport r = Validate({
      With(kLlamaLora, {{"case_id", "other"}, {"gpu", "other"}}),
      With(kLlamaLora, {{"case_id", "empty"}, {"gpu", ""}}),
      // 1.1 TB of states on one GPU: "no" on any GPU, yet the run is not called a false rejection.
      With(With(kLlamaLora, kFull70b), {{"case_id", "70b"}, {"gpu", "other"}}),
  });
  ASSERT_EQ(r.rows.size(), 3u);
  const Estimate e = Reference(HandBuiltLlamaLora(), HandBuiltLoraPlan());
  for (int i = 0; i < 2; ++i) {
    EXPECT_FALSE(r.rows[i].fit_checked);
    EXPECT_DOUBLE_EQ(Memory(r.rows[i]).predicted, e.memory.gpu_allocated_bytes);
  }
  EXPECT_FALSE(r.rows[2].fits());
  EXPECT_FALSE(Memory(r.rows[2]).false_rejection);
  const FamilySummary& s = r.summaries[int(Family::kMemory)];
  EXPECT_EQ(s.scored, 3);
  EXPECT_EQ(s.unchecked, 3);
  EXPECT_EQ(s.skipped, 0);
  EXPECT_EQ(s.false_rejections, 0);
  const std::string table = FormatValidationTable(r);
  EXPECT_NE(table.find("  -\n"), std::string::npos) << table;  // no FIT/NO mark
  const nlohmann::json j = nlohmann::json::parse(FormatValidationJson(r));
  EXPECT_EQ(j["rows"][0]["fit_checked"], false);
  EXPECT_EQ(j["memory"]["verdict_not_scored"], 3);
  EXPECT_NE(table.find("0 false rejections\n               3 rows without a GPU capacity: verdict "
                       "not scored\n"),
            std::string::npos)
      << table;
}

// With gpu_capacity_gib the stand-in takes that capacity and the verdict is scored.
TEST(ValidateTest, UnstatedGpuWithCapacityChecksTheFit) {
  const Estimate e = Reference(HandBuiltLlamaLora(), HandBuiltLoraPlan());
  ASSERT_LT(e.memory.gpu_peak_bytes, 40 * kGiB);  // the LoRA plan needs well under 40 GiB
  ASSERT_GT(e.memory.gpu_peak_bytes, 8 * kGiB);   // and more than 8
  const ValidationReport r = Validate({
      With(kLlamaLora, {{"case_id", "40"}, {"gpu", "other"}, {"gpu_capacity_gib", "40"}}),
      With(kLlamaLora, {{"case_id", "8"}, {"gpu", "l20-48gb"}, {"gpu_capacity_gib", "8"}}),
      With(kLlamaLora,
           {{"case_id", "oom"}, {"gpu", ""}, {"gpu_capacity_gib", "8"}, {"oom", "yes"}}),
  });
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_TRUE(r.rows[0].fit_checked);
  EXPECT_TRUE(r.rows[0].fits());
  EXPECT_DOUBLE_EQ(Memory(r.rows[0]).predicted, e.memory.gpu_allocated_bytes);
  EXPECT_FALSE(r.rows[1].fits());
  EXPECT_TRUE(Memory(r.rows[1]).false_rejection);  // 20 GiB measured; 8 GiB cannot hold it
  EXPECT_FALSE(r.rows[2].fits());
  EXPECT_FALSE(Memory(r.rows[2]).false_fit);  // OOM on 8 GiB, predicted not to fit
  EXPECT_EQ(Memory(r.rows[2]).basis, "oom");
}

// A row measuring memory and time on a GPU not in the catalog: memory on the stand-in, time
// skipped (its prediction needs the GPU's FLOPs and links). FP8 plans stand in on an H100.
TEST(ValidateTest, UnknownGpuScoresMemoryAndSkipsTime) {
  const ValidationReport r = Validate({
      With(kLlamaLora, {{"gpu", "l20-48gb"}, {"measured_step_s", "2"}}),
      With(With(kLlamaLora, kTiny),
           {{"case_id", "fp8"}, {"gpu", "other"}, {"precision", "fp8-mixed"}}),
  });
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_TRUE(r.rows[0].comparisons[int(Family::kMemory)].has_value());
  EXPECT_FALSE(r.rows[0].comparisons[int(Family::kStepTime)].has_value());
  EXPECT_EQ(r.summaries[int(Family::kStepTime)].skip_groups,
            (std::vector<std::pair<std::string, int>>{
                {"gpu: 'l20-48gb' is not in the GPU catalog", 1}}));
  EXPECT_EQ(r.summaries[int(Family::kMemory)].skipped, 0);
  EXPECT_EQ(r.rows[1].plan.precision, Precision::kFp8Mixed);
  EXPECT_TRUE(Memory(r.rows[1]).error.has_value());
}

TEST(ValidateTest, MalformedLinesAreSkippedNotFatal) {
  const std::string csv = Csv({kLlamaLora});
  const std::string row = csv.substr(csv.find('\n') + 1);  // "L1,A,yes,...\n"
  std::string text = csv;
  text += "X,A,yes\n";                                   // line 3: too few fields
  text += std::string(kColumns.size() - 1, ',') + "\n";  // line 4: every cell empty
  text += "\"Q\"x" + row.substr(2);                      // line 5: "Q"x,A,yes,...
  const StatusOr<ValidationReport> r = RunValidation(Table(text));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->rows.size(), 1u);
  ASSERT_EQ(r->skipped.size(), 3u);
  EXPECT_EQ(r->skipped[0].case_id, "X");
  EXPECT_EQ(r->skipped[0].reason, "wrong number of fields: 3, the header has 46");
  EXPECT_EQ(r->skipped[1].case_id, "line 4");
  EXPECT_EQ(r->skipped[1].reason, "not marked usable");
  EXPECT_EQ(r->skipped[2].reason, "malformed CSV: text after the closing quote in field 1");
}

TEST(ValidateTest, ClusterAndBatchDefaults) {
  const CsvTable t = Table(Csv({
      // 16 A100s, gpus_per_node unstated → 2 nodes of 8 on 200 GB/s InfiniBand (the DGX A100's
      // 8 × 200 Gb/s HDR); dp 16 / tp 2 = 8;
      // grad_accum = global_batch 64 / (micro_batch 2 × dp 8) = 4.
      With(kLlamaLora, {{"num_gpus", "16"},
                        {"gpus_per_node", ""},
                        {"tp", "2"},
                        {"micro_batch", "2"},
                        {"global_batch", "64"}}),
      With(kLlamaLora, {{"num_gpus", "16"}, {"gpus_per_node", "8"}, {"inter_node_gbps", "100"}}),
      // 2 GPUs of an 8-GPU node: one node of 2.
      With(kLlamaLora, {{"num_gpus", "2"},
                        {"gpus_per_node", "8"},
                        {"method", "full"},
                        {"lora_targets", "other"}}),
      // H100 (NVLink 4): the DGX H100 fabric, 8 × 400 Gb/s NDR = 400 GB/s per node.
      With(kLlamaLora, {{"num_gpus", "16"}, {"gpu", "h100-sxm-80gb"}}),
  }));
  const StatusOr<ValidationCase> a = BuildCase(t, t.rows()[0]);
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->workload.cluster.nodes, 2);
  EXPECT_EQ(a->workload.cluster.gpus_per_node, 8);
  EXPECT_EQ(a->workload.cluster.inter_node, (LinkSpec{LinkKind::kInfiniband, 200e9}));
  EXPECT_EQ(a->plan.dp, 8);
  EXPECT_EQ(a->plan.grad_accum, 4);
  EXPECT_EQ(a->workload.job.global_batch, 64);
  const StatusOr<ValidationCase> b = BuildCase(t, t.rows()[1]);
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_DOUBLE_EQ(b->workload.cluster.inter_node.bytes_per_s, 100e9);
  EXPECT_EQ(b->plan.grad_accum, 1);  // neither grad_accum nor global_batch given
  const StatusOr<ValidationCase> c = BuildCase(t, t.rows()[2]);
  ASSERT_TRUE(c.ok()) << c.status().message();  // adapter columns are ignored for full
  EXPECT_EQ(c->workload.cluster.nodes, 1);
  EXPECT_EQ(c->workload.cluster.gpus_per_node, 2);
  EXPECT_EQ(c->workload.cluster.inter_node.bytes_per_s, 0);
  const StatusOr<ValidationCase> d = BuildCase(t, t.rows()[3]);
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->workload.cluster.inter_node, (LinkSpec{LinkKind::kInfiniband, 400e9}));
}

// flash_attention = no: the job runs eager attention, which keeps every layer's scores; empty or
// yes: the fused kernel. At seq 8192 kLlamaLora (full recompute) runs one layer's scores at a
// time, 32 heads × 8192 × 8192 × (4 + 2 + 2) B = 17,179,869,184 B, more than the 8 GiB of
// logits that set the flash plan's peak: the eager peak is at least 9e9 B higher.
TEST(ValidateTest, FlashAttentionColumnSetsTheAttention) {
  const Cells long_seq = With(kLlamaLora, {{"seq_len", "8192"}});
  const CsvTable t = Table(Csv({long_seq, With(long_seq, {{"flash_attention", "yes"}}),
                                With(long_seq, {{"flash_attention", "no"}})}));
  const StatusOr<ValidationCase> unstated = BuildCase(t, t.rows()[0]);
  const StatusOr<ValidationCase> flash = BuildCase(t, t.rows()[1]);
  const StatusOr<ValidationCase> eager = BuildCase(t, t.rows()[2]);
  ASSERT_TRUE(unstated.ok() && flash.ok() && eager.ok());
  EXPECT_EQ(unstated->workload.job.attention, AttentionKind::kFlash);
  EXPECT_EQ(flash->workload.job.attention, AttentionKind::kFlash);
  EXPECT_EQ(eager->workload.job.attention, AttentionKind::kEager);
  const Estimate f = Reference(flash->workload, flash->plan);
  const Estimate e = Reference(eager->workload, eager->plan);
  EXPECT_GT(e.memory.gpu_allocated_bytes - f.memory.gpu_allocated_bytes, 9e9);
  EXPECT_GT(e.time.step_seconds, f.time.step_seconds);  // every score, not the causal half
  const CsvTable bad = Table(Csv({With(kLlamaLora, {{"flash_attention", "maybe"}})}));
  EXPECT_FALSE(BuildCase(bad, bad.rows()[0]).ok());
}

TEST(ValidateTest, GptRowsGetGptConventions) {
  const CsvTable t = Table(Csv({
      With(kLlamaLora, {{"architecture", "gpt"}, {"seq_len", "4096"}, {"kv_heads", ""}}),
      With(kLlamaLora, {{"architecture", "gpt"}, {"seq_len", "1024"}, {"kv_heads", ""}}),
  }));
  const StatusOr<ValidationCase> a = BuildCase(t, t.rows()[0]);
  ASSERT_TRUE(a.ok()) << a.status().message();
  const ModelSpec& m = a->workload.model;
  EXPECT_EQ(m.norm, NormKind::kLayerNorm);
  EXPECT_FALSE(m.gated_mlp);
  EXPECT_TRUE(m.learned_positions && m.qkv_bias && m.o_bias && m.mlp_bias);
  EXPECT_EQ(m.kv_heads, 32);  // empty → heads
  EXPECT_EQ(m.max_position, 4096);
  EXPECT_EQ(BuildCase(t, t.rows()[1])->workload.model.max_position, 2048);
}

TEST(ValidateTest, ThroughputRowsScoreStepTimeAndMfu) {
  const Cells throughput = With(kLlamaLora, {{"measured_gib", ""},
                                             {"metric", ""},
                                             {"oom", ""},
                                             {"micro_batch", "4"},
                                             {"global_batch", "8"}});
  const ValidationReport r = Validate({
      // 8 sequences × 2048 tokens / 4096 tokens/s = 4 s per step.
      With(throughput, {{"case_id", "T1"}, {"measured_tokens_per_s", "4096"}}),
      With(throughput, {{"case_id", "T2"},
                        {"measured_step_s", "3"},
                        {"measured_tokens_per_s", "4096"},
                        {"measured_mfu", "0.4"}}),
  });
  ASSERT_EQ(r.rows.size(), 2u);
  const Comparison& t1 = *r.rows[0].comparisons[int(Family::kStepTime)];
  EXPECT_EQ(t1.basis, "step");
  EXPECT_DOUBLE_EQ(*t1.measured, 4.0);
  EXPECT_FALSE(r.rows[0].comparisons[int(Family::kMemory)].has_value());
  const Comparison& t2 = *r.rows[1].comparisons[int(Family::kStepTime)];
  EXPECT_DOUBLE_EQ(*t2.measured, 3.0);  // measured_step_s wins over tokens/s
  EXPECT_DOUBLE_EQ(*t2.error, (t2.predicted - 3.0) / 3.0);
  const Comparison& mfu = *r.rows[1].comparisons[int(Family::kMfu)];
  EXPECT_DOUBLE_EQ(*mfu.measured, 0.4);
  EXPECT_GT(mfu.predicted, 0);
  EXPECT_EQ(r.summaries[int(Family::kStepTime)].scored, 2);
  EXPECT_EQ(r.summaries[int(Family::kMfu)].scored, 1);
}

TEST(ValidateTest, MedianAndNearestRankPercentiles) {
  EXPECT_DOUBLE_EQ(Median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(Median({4, 1, 3, 2}), 2.5);  // (2 + 3) / 2
  EXPECT_TRUE(std::isnan(Median({})));
  const std::vector<double> ten = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  EXPECT_DOUBLE_EQ(NearestRankPercentile(ten, 0.9), 9);    // rank ⌈0.9 × 10⌉ = 9
  EXPECT_DOUBLE_EQ(NearestRankPercentile(ten, 0.5), 5);    // rank 5
  EXPECT_DOUBLE_EQ(NearestRankPercentile(ten, 0.91), 10);  // rank ⌈9.1⌉ = 10
  EXPECT_DOUBLE_EQ(NearestRankPercentile(ten, 0), 1);
  EXPECT_DOUBLE_EQ(NearestRankPercentile(ten, 1), 10);
  EXPECT_DOUBLE_EQ(NearestRankPercentile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 0.9), 10);  // ⌈9.9⌉
  EXPECT_TRUE(std::isnan(NearestRankPercentile({}, 0.9)));
  // Equal weights agree with the unweighted rank.
  std::vector<std::pair<double, double>> equal;
  for (double v : ten) equal.emplace_back(v, 0.1);
  EXPECT_DOUBLE_EQ(WeightedNearestRankPercentile(equal, 0.9), 9);
  // Weights 1, 1, 2 (total 4): cumulative 1, 2, 4; p50 needs 2 → the second value.
  EXPECT_DOUBLE_EQ(WeightedNearestRankPercentile({{10, 2}, {1, 1}, {2, 1}}, 0.5), 2);
  EXPECT_DOUBLE_EQ(WeightedNearestRankPercentile({{10, 2}, {1, 1}, {2, 1}}, 0.51), 10);
}

TEST(ValidateTest, SourceBalancedStatisticsWeighSourcesEqually) {
  // Measurements placed so the signed errors are exactly known: source A has nine rows with
  // |error| 1%..9% (alternating sign), source B one row at +50%.
  const double predicted = Validate({kLlamaLora}).rows[0].comparisons[0]->predicted;
  std::vector<Cells> rows;
  auto add = [&](const std::string& id, const std::string& source, double error) {
    char gib[64];
    std::snprintf(gib, sizeof gib, "%.17g", predicted / (1 + error) / kGiB);
    rows.push_back(
        With(kLlamaLora, {{"case_id", id}, {"source_key", source}, {"measured_gib", gib}}));
  };
  for (int i = 1; i <= 9; ++i) add("A" + std::to_string(i), "A", (i % 2 ? 1 : -1) * i / 100.0);
  add("B1", "B", 0.5);
  const FamilySummary s = Validate(rows).summaries[int(Family::kMemory)];
  EXPECT_EQ(s.scored, 10);
  // All ten: |errors| 1..9%, 50% → median (5 + 6) / 2 = 5.5%; p90 rank 9 → 9%.
  EXPECT_NEAR(s.median_abs_error, 0.055, 1e-9);
  EXPECT_NEAR(s.p90_abs_error, 0.09, 1e-9);
  ASSERT_EQ(s.sources.size(), 2u);
  EXPECT_EQ(s.sources[0].source, "A");
  EXPECT_EQ(s.sources[0].rows, 9);
  EXPECT_NEAR(s.sources[0].median_abs_error, 0.05, 1e-9);
  EXPECT_NEAR(s.sources[0].p90_abs_error, 0.09, 1e-9);  // rank ⌈8.1⌉ = 9
  EXPECT_NEAR(s.sources[1].median_abs_error, 0.5, 1e-9);
  // Source-balanced: median of the medians (5% + 50%) / 2 = 27.5%; p90 with A's rows weighing
  // 1/9 each and B's 1 (total 2): A's nine reach 1 < 1.8, so B's 50%.
  EXPECT_NEAR(s.balanced_median_abs_error, 0.275, 1e-9);
  EXPECT_NEAR(s.balanced_p90_abs_error, 0.5, 1e-9);
  ASSERT_EQ(s.worst.size(), 5u);
  EXPECT_EQ(s.worst[0].case_id, "B1");
  EXPECT_EQ(s.worst[1].case_id, "A9");
  EXPECT_NEAR(s.worst[1].error, 0.09, 1e-9);
  EXPECT_EQ(s.worst[2].case_id, "A8");
  EXPECT_NEAR(s.worst[2].error, -0.08, 1e-9);
  EXPECT_EQ(s.worst[4].case_id, "A6");
}

TEST(ValidateTest, SourceFilter) {
  const std::vector<Cells> rows = {kLlamaLora,
                                   With(kLlamaLora, {{"case_id", "L2"}, {"source_key", "B"}})};
  const ValidationReport r = Validate(rows, {"B", ""});
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].case_id, "L2");
  const StatusOr<ValidationReport> none = RunValidation(Table(Csv(rows)), {"C", ""});
  EXPECT_EQ(none.status().message(),
            "v.csv: --source: no row has source_key 'C'; the file's sources are A, B");
}

TEST(ValidateTest, CaseFilter) {
  const std::vector<Cells> rows = {kLlamaLora,
                                   With(kLlamaLora, {{"case_id", "L2"}, {"source_key", "B"}})};
  const ValidationReport r = Validate(rows, {"", "L2"});
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].case_id, "L2");
  EXPECT_EQ(RunValidation(Table(Csv(rows)), {"", "L3"}).status().message(),
            "v.csv: --case: no row has case_id 'L3'");
  EXPECT_EQ(
      RunValidation(Table(Csv(rows)), {"A", "L2"}).status().message(),
      "v.csv: --case: no row of that source has case_id 'L2'");
}

TEST(ValidateTest, MissingColumnsFailTheWholeFile) {
  EXPECT_EQ(RunValidation(Table("case_id,source_key\nx,y\n")).status().message(),
            "v.csv:1: usable: missing column (shared/calibration/README.md lists the format)");
  std::string header = Csv({});
  header.replace(header.find(",measured_gib,metric"), 20, "");
  header.replace(header.find(",measured_step_s,measured_tokens_per_s"), 38, "");
  EXPECT_EQ(RunValidation(Table(header)).status().message(),
            "v.csv:1: measured_gib: missing column; a case file measures memory (measured_gib) or "
            "time (measured_step_s, measured_tokens_per_s)");
}

TEST(ValidateTest, JsonAndTableCarryTheSameRows) {
  const ValidationReport r =
      Validate({kLlamaLora, With(kLlamaLora, {{"case_id", "G"},
                                              {"gpu", "other"},
                                              {"measured_gib", ""},
                                              {"oom", "yes"}})});
  const nlohmann::json j = nlohmann::json::parse(FormatValidationJson(r));
  ASSERT_EQ(j["rows"].size(), 1u);
  EXPECT_EQ(j["rows"][0]["case"], "L1");
  EXPECT_EQ(j["rows"][0]["memory"]["basis"], "allocated");
  EXPECT_DOUBLE_EQ(j["rows"][0]["memory"]["measured_gib"].get<double>(), 20.0);
  EXPECT_EQ(
      j["skipped"][0],
      (nlohmann::json{{"case", "G"}, {"source", "A"}, {"line", 3}, {"reason", "GPU not stated"}}));
  EXPECT_EQ(j["memory"]["scored"], 1);
  EXPECT_EQ(j["memory"]["skipped_by_reason"][0]["reason"], "GPU not stated");
  EXPECT_TRUE(j["step_time"]["median_abs_error_pct"].is_null());
  const std::string table = FormatValidationTable(r);
  EXPECT_NE(table.find("L1           A                     allocated "), std::string::npos)
      << table;
  EXPECT_NE(table.find("memory: 1 rows scored, 1 skipped"), std::string::npos) << table;
  std::istringstream lines(table);
  for (std::string line; std::getline(lines, line);) EXPECT_LE(line.size(), 100u) << line;
}

// Fuzzer find (fuzz_calibration_csv): a cell that is not UTF-8 made nlohmann::json throw while
// printing the report, and `fitplan validate --format json` abort. It prints as U+FFFD now.
TEST(ValidateTest, JsonReportSurvivesCellsThatAreNotUtf8) {
  const ValidationReport r = Validate({With(kLlamaLora, {{"case_id", "L\x87"}, {"layers", ""}})});
  const nlohmann::json j = nlohmann::json::parse(FormatValidationJson(r));
  EXPECT_EQ(j["skipped"][0]["case"], "L\xEF\xBF\xBD");  // "L" U+FFFD
}

TEST(ValidateTest, CommandExitCodes) {
  std::ostringstream out, err;
  const char* bad_format[] = {"validate", "x.csv", "--format", "yaml"};
  EXPECT_EQ(ValidateCommand(4, bad_format, out, err), 2);
  EXPECT_EQ(err.str(), "--format: unknown format 'yaml'; expected table or json\n");
  err.str("");
  const char* missing[] = {"validate", "no/such.csv"};
  EXPECT_EQ(ValidateCommand(2, missing, out, err), 2);
  EXPECT_EQ(err.str(), "no/such.csv: cannot read the file (does it exist?)\n");
  err.str("");
  const char* none[] = {"validate"};
  EXPECT_EQ(ValidateCommand(1, none, out, err), 2);
  EXPECT_EQ(err.str(), "validate: missing CASES.csv; give a case file in the normalized format\n");
}

}  // namespace
}  // namespace fitplan
