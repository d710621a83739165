// Scoring and statistics of `fitplan validate`: each case's plan through the cost model, the
// comparison on the measurement's own basis, and per-family summaries.
#include "planner/validate.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "hardware/topology.h"
#include "planner/cost_model.h"
#include "strategies/parallelism.h"

namespace fitplan {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Relative slack when comparing a rank or a cumulative weight with p·n: 0.9 × 10 must reach rank 9.
constexpr double kRankSlack = 1e-9;
constexpr char kUnusableGroup[] = "unusable (the row's unusable_reason says why)";

// The prediction a memory measurement is compared with (interface.md "JSON output"): allocated
// and active peaks are tensor bytes; reserved adds the caching allocator's fragmentation;
// nvidia-smi also counts the CUDA context and communicators. A source that does not say which
// counter it prints is a PyTorch training tool (torchtune, litgpt, PEFT, Qwen's scripts), and those
// print torch.cuda.max_memory_reserved, so `unknown` is compared as reserved.
double PredictedBytes(const MemoryLedger& m, MemoryMetric metric) {
  switch (metric) {
    case MemoryMetric::kAllocated:
    case MemoryMetric::kActive:
      return m.gpu_allocated_bytes;
    case MemoryMetric::kNvidiaSmi:
      return m.gpu_peak_bytes;
    case MemoryMetric::kReserved:
    case MemoryMetric::kUnknown:
      break;
  }
  return m.gpu_allocated_bytes + m.fragmentation_bytes;
}

Comparison Compare(std::string_view basis, double predicted, double measured, bool fits) {
  Comparison c;
  c.basis = std::string(basis);
  c.predicted = predicted;
  c.measured = measured;
  c.error = (predicted - measured) / measured;
  c.false_rejection = !fits;  // the configuration ran
  return c;
}

RowResult Score(const ValidationCase& c) {
  const Estimate e = EvaluateCase(c);
  RowResult r;
  r.case_id = c.case_id;
  r.source = c.source;
  r.line = c.line;
  r.plan = c.plan;
  r.verdict = e.verdict;
  r.fit_checked = c.fit_checked;
  r.reason = ReasonText(e);
  // Without the GPU's capacity there is no verdict to score: count it as the run went.
  const bool fits = e.fits() || !c.fit_checked;
  // A false fit is a confident "fits" for a run that could not fit; a "tight" verdict already
  // told the user the upper estimate does not fit (interface.md `verdict`).
  const bool confident = e.verdict == Verdict::kFits && c.fit_checked;
  auto& memory = r.comparisons[int(Family::kMemory)];
  if (c.oom) {
    memory = Comparison{};
    memory->basis = "oom";
    memory->predicted = e.memory.gpu_peak_bytes;  // what must stay under the usable bytes
    memory->false_fit = confident;
    memory->tight_oom = e.verdict == Verdict::kTight;
  } else if (c.measured_bytes) {
    memory = Compare(Name(c.metric), PredictedBytes(e.memory, c.metric), *c.measured_bytes, fits);
    // A measured peak above what the GPU can give means the plan as stated cannot fit.
    const bool over = *c.measured_bytes > c.workload.gpu_usable_bytes;
    memory->false_fit = confident && over;
    memory->tight_oom = over && e.verdict == Verdict::kTight;
  }
  if (c.measured_step_s) {
    r.comparisons[int(Family::kStepTime)] =
        Compare("step", e.time.step_seconds, *c.measured_step_s, fits);
  }
  if (c.measured_mfu) {
    r.comparisons[int(Family::kMfu)] = Compare("mfu", e.time.mfu, *c.measured_mfu, fits);
  }
  return r;
}

SkippedRow Skip(const CsvTable& table, const CsvRow& row, std::string reason) {
  SkippedRow s;
  s.case_id = std::string(table.Cell(row, "case_id"));
  if (s.case_id.empty()) s.case_id = "line " + std::to_string(row.line);
  s.source = std::string(table.Cell(row, "source_key"));
  s.line = row.line;
  const bool well_formed = row.error.empty() && row.fields.size() == table.header().size();
  s.group = well_formed && table.Cell(row, "usable") != "yes" ? kUnusableGroup : reason;
  s.reason = std::move(reason);
  s.families = RowFamilies(table, row);
  return s;
}

void CountSkips(const std::vector<SkippedRow>& skipped, Family family, FamilySummary* s) {
  std::map<std::string, int> groups;
  for (const SkippedRow& row : skipped) {
    if (!row.families[int(family)]) continue;
    ++s->skipped;
    ++groups[row.group];
  }
  s->skip_groups.assign(groups.begin(), groups.end());
  std::stable_sort(s->skip_groups.begin(), s->skip_groups.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
}

FamilySummary Summarize(const ValidationReport& report, Family family) {
  FamilySummary s;
  std::vector<double> all, ratios;
  std::map<std::string, std::vector<double>> by_source;
  for (const RowResult& row : report.rows) {
    const std::optional<Comparison>& c = row.comparisons[int(family)];
    if (!c) continue;
    s.false_fits += c->false_fit;
    s.tight_ooms += c->tight_oom;
    s.false_rejections += c->false_rejection;
    if (!c->error) {
      ++s.fit_checks;
      continue;
    }
    ++s.scored;
    s.unchecked += !row.fit_checked;
    all.push_back(std::fabs(*c->error));
    ratios.push_back(1.0 / (1.0 + *c->error));  // measured / predicted
    by_source[row.source].push_back(std::fabs(*c->error));
    s.worst.push_back({row.case_id, row.source, *c->error});
  }
  CountSkips(report.skipped, family, &s);
  s.median_abs_error = Median(all);
  s.p90_abs_error = NearestRankPercentile(all, 0.9);
  s.upper_ratio_p90 = NearestRankPercentile(ratios, 0.9);
  std::vector<double> source_medians;
  std::vector<std::pair<double, double>> weighted;
  for (const auto& [source, errors] : by_source) {
    s.sources.push_back(
        {source, int(errors.size()), Median(errors), NearestRankPercentile(errors, 0.9)});
    source_medians.push_back(s.sources.back().median_abs_error);
    for (double e : errors) weighted.emplace_back(e, 1.0 / double(errors.size()));
  }
  s.balanced_median_abs_error = Median(source_medians);
  s.balanced_p90_abs_error = WeightedNearestRankPercentile(weighted, 0.9);
  std::stable_sort(s.worst.begin(), s.worst.end(), [](const WorstRow& a, const WorstRow& b) {
    return std::fabs(a.error) > std::fabs(b.error);
  });
  if (s.worst.size() > size_t(kWorstRows)) s.worst.resize(kWorstRows);
  return s;
}

std::string Join(const std::set<std::string>& names) {
  std::string s;
  for (const std::string& name : names) s += (s.empty() ? "" : ", ") + name;
  return s;
}

}  // namespace

Estimate EvaluateCase(const ValidationCase& c) {
  const Topology topology(c.workload.cluster);
  const LayoutLinks links = LinksFor(topology, c.plan, c.workload.cluster.gpus_per_node);
  return Evaluate(c.workload, links, c.plan);
}

StatusOr<ValidationReport> RunValidation(const CsvTable& table, const ValidateOptions& options) {
  if (Status s = CheckColumns(table); !s.ok()) return s;
  ValidationReport report;
  report.file = table.file();
  std::set<std::string> sources;
  bool source_matched = false, matched = false;
  for (const CsvRow& row : table.rows()) {
    const std::string source(table.Cell(row, "source_key"));
    sources.insert(source);
    if (!options.source.empty() && source != options.source) continue;
    source_matched = true;
    if (!options.case_id.empty() && table.Cell(row, "case_id") != options.case_id) continue;
    matched = true;
    StatusOr<ValidationCase> c = BuildCase(table, row);
    if (c.ok()) {
      report.rows.push_back(Score(*c));
      if (!c->time_skip_reason.empty()) {  // memory scored on a stand-in GPU; time needs the real one
        SkippedRow time = Skip(table, row, c->time_skip_reason);
        time.families[int(Family::kMemory)] = false;
        report.skipped.push_back(std::move(time));
      }
    } else {
      report.skipped.push_back(Skip(table, row, c.status().message()));
    }
  }
  if (!options.source.empty() && !source_matched) {
    return InputError(
        table.file(), 0, "--source",
        "no row has source_key '" + options.source + "'; the file's sources are " + Join(sources));
  }
  if (!options.case_id.empty() && !matched) {
    return InputError(table.file(), 0, "--case",
                      "no row" + std::string(options.source.empty() ? "" : " of that source") +
                          " has case_id '" + options.case_id + "'");
  }
  for (int f = 0; f < kNumFamilies; ++f) report.summaries[f] = Summarize(report, Family(f));
  return report;
}

double Median(std::vector<double> values) {
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double NearestRankPercentile(std::vector<double> values, double p) {
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  const double n = double(values.size());
  const double rank = std::clamp(std::ceil(p * n - kRankSlack * n), 1.0, n);
  return values[size_t(rank) - 1];
}

double WeightedNearestRankPercentile(std::vector<std::pair<double, double>> value_weights,
                                     double p) {
  if (value_weights.empty()) return kNaN;
  std::sort(value_weights.begin(), value_weights.end());
  double total = 0;
  for (const auto& vw : value_weights) total += vw.second;
  double cumulative = 0;
  for (const auto& [value, weight] : value_weights) {
    cumulative += weight;
    if (cumulative >= p * total - kRankSlack * total) return value;
  }
  return value_weights.back().first;
}

}  // namespace fitplan
