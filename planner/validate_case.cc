// The row mapping of `fitplan validate`: one normalized calibration row (shared/calibration/
// README.md) → model, cluster, job, plan and measurements, from the row's columns alone.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>

#include "hardware/gpu_catalog.h"
#include "planner/core/units.h"
#include "planner/validate.h"
#include "strategies/strategy_table.h"

namespace fitplan {
namespace {

// Integer bounds as the loaders apply them (plan_parser.cc, cluster_loader.cc): larger values are
// typing mistakes, and the topology graph grows with the GPU count.
constexpr int64_t kMaxInteger = 1'000'000;
constexpr double kMaxMeasuredGib = 4096;
constexpr double kMaxStepSeconds = 1e7;
constexpr double kMaxTokensPerSecond = 1e12;

// Cluster facts the rows do not state. An HGX node has 8 GPUs with one InfiniBand HCA each: the
// DGX A100 has 8 × 200 Gb/s HDR (200 GB/s per node; Selene in Megatron SC'21), the DGX H100, H200
// and B200 8 × 400 Gb/s NDR ConnectX-7 (400 GB/s; DGX H100/B200 datasheets). The GPU's NVLink
// generation tells which reference node a row ran on: NVLink 4+ (≥ 450 GB/s per direction) is
// Hopper or later. Host RAM and NVMe are effectively unlimited: these rows measure GPU memory and
// step time, not whether the host could hold the offloaded states.
constexpr int64_t kDefaultGpusPerNode = 8;
constexpr double kDefaultInterNodeGbps = 200;
constexpr double kDefaultInterNodeGbpsNvlink4 = 400;
constexpr double kHostRamBytesPerNode = 64.0 * 1024 * kGiB;  // 64 TiB
constexpr double kNvmeBytesPerNode = 1024.0 * 1024 * kGiB;   // 1 PiB
// GPT-2/GPT-3 checkpoints have 2048 learned positions at least; a longer sequence needs more.
constexpr int64_t kMinLearnedPositions = 2048;

// The stand-ins for a memory row's unstated GPU (ReadGpu): the GPU most of the public rows ran on.
constexpr std::string_view kStandInGpu = "a100-sxm-80gb";
constexpr std::string_view kStandInGpuFp8 = "h100-sxm-80gb";

struct RowGpu {
  GpuSpec spec;
  bool catalog = true;          // the row names a catalog GPU
  bool capacity_stated = true;  // its memory size is known: fit verdicts can be scored
  std::string why_not_catalog;  // the skip reason of the row's time measurements
};

Status Error(std::string_view column, std::string_view what) {
  return InputError("", 0, column, what);
}

template <size_t N>
std::string OneOf(const std::array<std::string_view, N>& names) {
  std::string s;
  for (size_t i = 0; i < N; ++i) s += (i ? ", " : "") + std::string(names[i]);
  return s;
}

// Typed access to the cells of one row. Every reader leaves *out alone for an empty cell.
class RowReader {
 public:
  RowReader(const CsvTable& table, const CsvRow& row) : table_(table), row_(row) {}

  std::string_view Cell(std::string_view column) const { return table_.Cell(row_, column); }
  bool Has(std::string_view column) const { return !Cell(column).empty(); }

  // An integer from 1 to `max`.
  Status Integer(std::string_view column, int64_t* out, int64_t max = kMaxInteger) const {
    const std::string_view v = Cell(column);
    if (v.empty()) return Status::Ok();
    int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
    const bool whole = ptr == v.data() + v.size();
    if ((ec != std::errc() && ec != std::errc::result_out_of_range) || !whole) {
      return Error(column, "'" + std::string(v) + "' is not an integer");
    }
    if (ec == std::errc::result_out_of_range || value < 1 || value > max) {
      return Error(column, std::string(v) + " is out of range; expected an integer from 1 to " +
                               std::to_string(max));
    }
    *out = value;
    return Status::Ok();
  }
  Status Integer(std::string_view column, int32_t* out) const {
    int64_t value = *out;
    FITPLAN_RETURN_IF_ERROR(Integer(column, &value));
    *out = int32_t(value);
    return Status::Ok();
  }
  Status RequiredInteger(std::string_view column, int64_t* out, int64_t max = kMaxInteger) const {
    if (!Has(column)) return Error(column, "missing");
    return Integer(column, out, max);
  }

  // A finite number in (0, max].
  Status Number(std::string_view column, double max, std::optional<double>* out) const {
    const std::string_view v = Cell(column);
    if (v.empty()) return Status::Ok();
    double value = 0;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
    if (ec != std::errc() || ptr != v.data() + v.size() || !std::isfinite(value)) {
      return Error(column, "'" + std::string(v) + "' is not a number");
    }
    if (value <= 0 || value > max) {
      char range[64];
      std::snprintf(range, sizeof range, "; expected a number above 0 and at most %g", max);
      return Error(column, std::string(v) + " is out of range" + range);
    }
    *out = value;
    return Status::Ok();
  }

  Status Boolean(std::string_view column, std::string_view yes, std::string_view no,
                 bool* out) const {
    const std::string_view v = Cell(column);
    if (v.empty()) return Status::Ok();
    if (v != yes && v != no) {
      return Error(column, "expected " + std::string(yes) + " or " + std::string(no) + ", got '" +
                               std::string(v) + "'");
    }
    *out = v == yes;
    return Status::Ok();
  }

  template <typename Enum, size_t N>
  Status Choice(std::string_view column, const std::array<std::string_view, N>& names,
                Enum* out) const {
    const std::string_view v = Cell(column);
    if (v.empty()) return Status::Ok();
    const std::optional<Enum> parsed = ParseEnum<Enum>(names, v);
    if (!parsed) {
      return Error(column,
                   "unknown value '" + std::string(v) + "'; expected one of " + OneOf(names));
    }
    *out = *parsed;
    return Status::Ok();
  }

 private:
  const CsvTable& table_;
  const CsvRow& row_;
};

// interface.md "Model YAML", with the family conventions model_loader.cc applies.
Status ReadModel(const RowReader& r, int64_t seq_len, ModelSpec* m) {
  const std::string_view arch = r.Cell("architecture");
  if (arch.empty()) return Error("architecture", "missing");
  if (arch == "llama")
    m->architecture = Architecture::kLlama;
  else if (arch == "gpt")
    m->architecture = Architecture::kGpt;
  else if (arch == "moe")
    m->architecture = Architecture::kMoe;
  else
    return Status::InvalidInput("architecture " + std::string(arch) + " is not modelled");
  m->name = std::string(r.Has("model_name") ? r.Cell("model_name") : r.Cell("case_id"));
  FITPLAN_RETURN_IF_ERROR(r.RequiredInteger("layers", &m->layers));
  FITPLAN_RETURN_IF_ERROR(r.RequiredInteger("hidden", &m->hidden));
  FITPLAN_RETURN_IF_ERROR(r.RequiredInteger("heads", &m->heads));
  FITPLAN_RETURN_IF_ERROR(r.Integer("kv_heads", &m->kv_heads));
  FITPLAN_RETURN_IF_ERROR(r.RequiredInteger("ffn", &m->ffn));
  FITPLAN_RETURN_IF_ERROR(r.RequiredInteger("vocab", &m->vocab));
  FITPLAN_RETURN_IF_ERROR(r.Boolean("tie_embeddings", "true", "false", &m->tie_embeddings));
  if (m->hidden % m->heads != 0) {
    return Error("heads",
                 std::to_string(m->heads) + " does not divide hidden " + std::to_string(m->hidden));
  }
  if (m->kv_heads > 0 && m->heads % m->kv_heads != 0) {
    return Error("kv_heads", std::to_string(m->kv_heads) + " does not divide heads " +
                                 std::to_string(m->heads));
  }
  if (m->architecture == Architecture::kGpt) {
    m->norm = NormKind::kLayerNorm;
    m->gated_mlp = false;
    m->learned_positions = true;
    m->qkv_bias = m->o_bias = m->mlp_bias = true;
    m->max_position = std::max(seq_len, kMinLearnedPositions);
  }
  if (m->architecture == Architecture::kMoe) {
    FITPLAN_RETURN_IF_ERROR(r.RequiredInteger("experts", &m->experts));
    FITPLAN_RETURN_IF_ERROR(r.RequiredInteger("experts_per_token", &m->experts_per_token));
    if (m->experts_per_token > m->experts) {
      return Error("experts_per_token", std::to_string(m->experts_per_token) +
                                            " is more than experts " + std::to_string(m->experts));
    }
  }
  ResolveModelDefaults(m);
  return Status::Ok();
}

// The GPU a row ran on. A memory row whose GPU is not stated (or not in the catalog) is still
// scored: the bytes a plan holds do not depend on the GPU model, only the fit verdict does. Its
// plan runs on kStandInGpu (kStandInGpuFp8 for FP8, which needs Hopper) with the row's
// gpu_capacity_gib when it states one; without one the verdict is not scored
// (gpu->capacity_stated). A row measuring time needs the real GPU: its time is not scored.
Status ReadGpu(const RowReader& r, RowGpu* gpu) {
  const std::string_view name = r.Cell("gpu");
  const bool stated = !name.empty() && name != "other";
  if (const GpuSpec* spec = stated ? FindGpu(name) : nullptr) {
    gpu->spec = *spec;
    return Status::Ok();
  }
  const Status unknown = stated ? Error("gpu", "'" + std::string(name) + "' is not in the GPU catalog")
                                : Status::InvalidInput("GPU not stated");
  std::optional<double> capacity_gib;
  FITPLAN_RETURN_IF_ERROR(r.Number("gpu_capacity_gib", kMaxMeasuredGib, &capacity_gib));
  const bool memory_peak = r.Has("measured_gib") && r.Cell("oom") != "yes";
  if (!memory_peak && !(capacity_gib && r.Cell("oom") == "yes")) return unknown;
  gpu->spec = *FindGpu(r.Cell("precision") == "fp8-mixed" ? kStandInGpuFp8 : kStandInGpu);
  gpu->spec.name = stated ? std::string(name) : "unstated";
  if (capacity_gib) gpu->spec.memory_bytes = *capacity_gib * kGiB;
  gpu->catalog = false;
  gpu->capacity_stated = capacity_gib.has_value();
  gpu->why_not_catalog = unknown.message();
  return Status::Ok();
}

Status ReadCluster(const RowReader& r, const GpuSpec& spec, Cluster* c) {
  int64_t gpus = 0;
  FITPLAN_RETURN_IF_ERROR(r.RequiredInteger("num_gpus", &gpus, kMaxTotalGpus));
  int64_t per_node = std::min(gpus, kDefaultGpusPerNode);
  FITPLAN_RETURN_IF_ERROR(r.Integer("gpus_per_node", &per_node, kMaxGpusPerNode));
  per_node = std::min(per_node, gpus);  // a job on part of one node
  if (gpus % per_node != 0) {
    return Error("num_gpus", std::to_string(gpus) + " is not a multiple of gpus_per_node " +
                                 std::to_string(per_node));
  }
  std::optional<double> inter_gbps;
  FITPLAN_RETURN_IF_ERROR(r.Number("inter_node_gbps", kMaxLinkGbps, &inter_gbps));
  c->name = std::string(r.Cell("case_id"));
  c->gpu = spec;
  c->nodes = int32_t(gpus / per_node);
  c->gpus_per_node = int32_t(per_node);
  // As cluster_loader.cc defaults intra_node: the GPU's NVLink behind an NVSwitch, else PCIe.
  c->intra_node = spec.nvlink_bytes_per_s > 0
                      ? LinkSpec{LinkKind::kNvswitch, spec.nvlink_bytes_per_s}
                      : LinkSpec{LinkKind::kPcie, spec.pcie_bytes_per_s};
  if (c->nodes > 1) {
    const double reference =
        spec.nvlink4_or_later() ? kDefaultInterNodeGbpsNvlink4 : kDefaultInterNodeGbps;
    c->inter_node = {LinkKind::kInfiniband, inter_gbps.value_or(reference) * kGB};
  }
  c->cpu_ram_bytes_per_node = kHostRamBytesPerNode;
  c->nvme_bytes_per_node = kNvmeBytesPerNode;
  c->price_per_gpu_hour = 1;
  return Status::Ok();
}

// interface.md "Plan fields"; empty cells take the Plan defaults. Sets the job's global batch.
Status ReadPlan(const RowReader& r, int64_t gpus, Plan* p, int64_t* global_batch) {
  FITPLAN_RETURN_IF_ERROR(r.Choice("method", kMethodNames, &p->method));
  if (p->uses_lora()) {  // adapter columns mean nothing for a full fine-tune
    FITPLAN_RETURN_IF_ERROR(r.Integer("lora_rank", &p->lora_rank));
    FITPLAN_RETURN_IF_ERROR(r.Choice("lora_targets", kLoraTargetNames, &p->lora_targets));
  }
  FITPLAN_RETURN_IF_ERROR(r.Choice("precision", kPrecisionNames, &p->precision));
  FITPLAN_RETURN_IF_ERROR(r.Choice("optimizer", kOptimizerNames, &p->optimizer));
  FITPLAN_RETURN_IF_ERROR(r.Choice("sharding", kShardingNames, &p->sharding));
  FITPLAN_RETURN_IF_ERROR(r.Choice("offload", kOffloadNames, &p->offload));
  FITPLAN_RETURN_IF_ERROR(r.Choice("checkpointing", kCheckpointingNames, &p->checkpointing));
  const std::pair<std::string_view, int32_t*> integers[] = {
      {"tp", &p->tp}, {"pp", &p->pp}, {"vpp", &p->vpp},
      {"cp", &p->cp}, {"ep", &p->ep}, {"micro_batch", &p->micro_batch}};
  for (const auto& [column, field] : integers) FITPLAN_RETURN_IF_ERROR(r.Integer(column, field));
  FITPLAN_RETURN_IF_ERROR(r.Boolean("sp", "true", "false", &p->sp));
  int64_t seq_len = 0, dp = 0, grad_accum = 0, batch = 0;
  FITPLAN_RETURN_IF_ERROR(r.RequiredInteger("seq_len", &seq_len));
  FITPLAN_RETURN_IF_ERROR(r.Integer("dp", &dp));
  FITPLAN_RETURN_IF_ERROR(r.Integer("grad_accum", &grad_accum));
  FITPLAN_RETURN_IF_ERROR(r.Integer("global_batch", &batch));
  const int64_t model_parallel = int64_t(p->tp) * p->pp * p->cp;
  if (dp == 0) {
    if (gpus % model_parallel != 0) {
      return Error("tp", "tp·pp·cp = " + std::to_string(model_parallel) +
                             " does not divide num_gpus " + std::to_string(gpus));
    }
    dp = gpus / model_parallel;
  } else if (model_parallel > gpus) {
    return Error("tp", "tp·pp·cp = " + std::to_string(model_parallel) + " is more than num_gpus " +
                           std::to_string(gpus));
  } else if (model_parallel * dp != gpus) {
    return Error("dp", "tp·pp·cp·dp = " + std::to_string(model_parallel * dp) +
                           " but num_gpus is " + std::to_string(gpus));
  }
  const int64_t per_step = int64_t(p->micro_batch) * dp;
  if (grad_accum == 0 && batch > 0) {
    if (batch % per_step != 0) {
      return Error("global_batch",
                   std::to_string(batch) +
                       " is not a multiple of micro_batch·dp = " + std::to_string(per_step));
    }
    grad_accum = batch / per_step;
  } else if (grad_accum == 0) {
    grad_accum = 1;
  } else if (batch > 0 && batch != per_step * grad_accum) {
    return Error("global_batch", std::to_string(batch) + " but micro_batch·grad_accum·dp = " +
                                     std::to_string(per_step * grad_accum));
  }
  p->dp = int32_t(dp);
  p->grad_accum = int32_t(grad_accum);
  p->seq_len = int32_t(seq_len);
  *global_batch = per_step * grad_accum;
  return Status::Ok();
}

Status ReadMeasurements(const RowReader& r, const Job& job, ValidationCase* c) {
  FITPLAN_RETURN_IF_ERROR(r.Boolean("oom", "yes", "no", &c->oom));
  FITPLAN_RETURN_IF_ERROR(r.Choice("metric", kMemoryMetricNames, &c->metric));
  std::optional<double> gib, step_s, tokens_per_s;
  FITPLAN_RETURN_IF_ERROR(r.Number("measured_gib", kMaxMeasuredGib, &gib));
  FITPLAN_RETURN_IF_ERROR(r.Number("measured_step_s", kMaxStepSeconds, &step_s));
  FITPLAN_RETURN_IF_ERROR(r.Number("measured_tokens_per_s", kMaxTokensPerSecond, &tokens_per_s));
  FITPLAN_RETURN_IF_ERROR(r.Number("measured_mfu", 1.0, &c->measured_mfu));
  // An OOM row's memory cell, if any, is not a peak the run reached.
  if (gib && !c->oom) c->measured_bytes = *gib * kGiB;
  c->measured_step_s = step_s;
  if (!step_s && tokens_per_s) {
    c->measured_step_s = double(job.global_batch) * double(job.seq_len) / *tokens_per_s;
  }
  if (!c->oom && !c->measured_bytes && !c->measured_step_s && !c->measured_mfu) {
    return Status::InvalidInput("no measured value");
  }
  return Status::Ok();
}

}  // namespace

StatusOr<ValidationCase> BuildCase(const CsvTable& table, const CsvRow& row) {
  if (!row.error.empty()) return Status::InvalidInput("malformed CSV: " + row.error);
  if (row.fields.size() != table.header().size()) {
    return Status::InvalidInput("wrong number of fields: " + std::to_string(row.fields.size()) +
                                ", the header has " + std::to_string(table.header().size()));
  }
  const RowReader r(table, row);
  if (r.Cell("usable") != "yes") {
    return Status::InvalidInput(r.Has("unusable_reason") ? std::string(r.Cell("unusable_reason"))
                                                         : "not marked usable");
  }
  ValidationCase c;
  c.case_id = std::string(r.Cell("case_id"));
  c.source = std::string(r.Cell("source_key"));
  c.line = row.line;
  int64_t seq_len = 0;
  FITPLAN_RETURN_IF_ERROR(r.RequiredInteger("seq_len", &seq_len));
  ModelSpec model;
  FITPLAN_RETURN_IF_ERROR(ReadModel(r, seq_len, &model));
  RowGpu gpu;
  FITPLAN_RETURN_IF_ERROR(ReadGpu(r, &gpu));
  Cluster cluster;
  FITPLAN_RETURN_IF_ERROR(ReadCluster(r, gpu.spec, &cluster));
  Job job;  // a fine-tune: the kind changes no number the cost model predicts per step
  job.seq_len = seq_len;
  bool flash = true;  // an empty cell: the fused kernel every recent framework runs
  FITPLAN_RETURN_IF_ERROR(r.Boolean("flash_attention", "yes", "no", &flash));
  job.attention = flash ? AttentionKind::kFlash : AttentionKind::kEager;
  FITPLAN_RETURN_IF_ERROR(ReadPlan(r, cluster.total_gpus(), &c.plan, &job.global_batch));
  FITPLAN_RETURN_IF_ERROR(ReadMeasurements(r, job, &c));
  c.fit_checked = gpu.capacity_stated;
  if (!gpu.catalog && (c.measured_step_s || c.measured_mfu)) {
    c.measured_step_s.reset();
    c.measured_mfu.reset();
    c.time_skip_reason = gpu.why_not_catalog;
  }
  c.workload = MakeWorkload(model, job, cluster);
  const Strategy* rejected = nullptr;
  if (!PlanLegal(c.workload, c.plan, &rejected)) {
    return Status::InvalidInput("not a legal plan: " + std::string(rejected->name));
  }
  return c;
}

std::array<bool, kNumFamilies> RowFamilies(const CsvTable& table, const CsvRow& row) {
  const RowReader r(table, row);
  std::array<bool, kNumFamilies> f{};
  f[int(Family::kMemory)] = r.Has("measured_gib") || r.Cell("oom") == "yes";
  f[int(Family::kStepTime)] = r.Has("measured_step_s") || r.Has("measured_tokens_per_s");
  f[int(Family::kMfu)] = r.Has("measured_mfu");
  if (f[0] || f[1] || f[2]) return f;
  f[int(Family::kMemory)] = table.Column("measured_gib") >= 0;
  f[int(Family::kStepTime)] =
      table.Column("measured_step_s") >= 0 || table.Column("measured_tokens_per_s") >= 0;
  f[int(Family::kMfu)] = table.Column("measured_mfu") >= 0;
  return f;
}

Status CheckColumns(const CsvTable& table) {
  constexpr std::string_view kRequired[] = {"case_id", "source_key", "usable",   "architecture",
                                            "layers",  "hidden",     "heads",    "ffn",
                                            "vocab",   "gpu",        "num_gpus", "seq_len"};
  for (std::string_view column : kRequired) {
    if (table.Column(column) < 0) {
      return InputError(table.file(), 1, column,
                        "missing column (shared/calibration/README.md lists the format)");
    }
  }
  if (table.Column("measured_gib") < 0 && table.Column("measured_step_s") < 0 &&
      table.Column("measured_tokens_per_s") < 0) {
    return InputError(table.file(), 1, "measured_gib",
                      "missing column; a case file measures memory (measured_gib) or time "
                      "(measured_step_s, measured_tokens_per_s)");
  }
  if (table.Column("measured_gib") >= 0 && table.Column("metric") < 0) {
    return InputError(table.file(), 1, "metric",
                      "missing column; it says what measured_gib counts");
  }
  return Status::Ok();
}

}  // namespace fitplan
