// Validation: fitplan's predictions against configurations that others ran and measured
// (shared/calibration/README.md "The normalized format"). Each row becomes a ValidationCase built
// from its columns alone (never from the model's name), the cost model evaluates that one plan,
// and the prediction is compared with the measurement on the same basis. A row is scored on
// whichever measurements it has: peak memory (or only the fit verdict, for a run that went out of
// memory), step time, and MFU. The statistics weigh sources equally as well as rows, because one
// source (a sweep) can contribute most of the rows.
#ifndef FITPLAN_PLANNER_VALIDATE_H_
#define FITPLAN_PLANNER_VALIDATE_H_

#include <array>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "planner/core/estimate.h"
#include "planner/core/plan.h"
#include "planner/core/status.h"
#include "planner/csv_reader.h"
#include "strategies/workload.h"

namespace fitplan {

// The measured quantities a row can be scored on; the order of the summaries.
enum class Family { kMemory, kStepTime, kMfu };
inline constexpr int kNumFamilies = 3;
inline constexpr std::array<std::string_view, kNumFamilies> kFamilyNames = {"memory", "step_time",
                                                                            "mfu"};

// What a memory measurement counts (the `metric` column).
enum class MemoryMetric { kAllocated, kReserved, kActive, kNvidiaSmi, kUnknown };
inline constexpr std::array<std::string_view, 5> kMemoryMetricNames = {
    "allocated", "reserved", "active", "nvidia-smi", "unknown"};
inline std::string_view Name(MemoryMetric v) { return kMemoryMetricNames[size_t(v)]; }

// One usable row, ready to evaluate.
struct ValidationCase {
  std::string case_id;
  std::string source;  // source_key: what the source-balanced statistics group by
  int line = 0;        // line of the CSV file
  Workload workload;   // model, job (seq_len, global batch) and cluster from the row's columns
  Plan plan;           // REQUIRES: PlanLegal(workload, plan)
  MemoryMetric metric = MemoryMetric::kUnknown;
  std::optional<double> measured_bytes;   // peak GPU memory per GPU on `metric`'s basis
  bool oom = false;                       // the run went out of memory: a fit check only
  std::optional<double> measured_step_s;  // seconds per optimizer step
  std::optional<double> measured_mfu;     // model FLOPs / (step × GPUs × dense 16-bit peak)
  // A memory row on a GPU that is not stated (or not in the catalog) runs on a stand-in GPU
  // (validate_case.cc ReadGpu): without a stated capacity its verdict is not scored, and its time
  // measurements are skipped for this reason.
  bool fit_checked = true;
  std::string time_skip_reason;
};

// Returns the case of `row`, or why it cannot be scored: the status message is the skip reason
// ("layers: missing", "GPU not stated", "not a legal plan: parallelism", or the row's own
// unusable_reason). REQUIRES: CheckColumns(table) is OK.
StatusOr<ValidationCase> BuildCase(const CsvTable& table, const CsvRow& row);

// The estimate Score compares: the case's plan evaluated on its workload's topology.
Estimate EvaluateCase(const ValidationCase& c);

// The families whose measurement cells `row` fills; when it fills none, the families the file
// has columns for (so a row without a measurement counts as skipped where it was expected).
std::array<bool, kNumFamilies> RowFamilies(const CsvTable& table, const CsvRow& row);

// OK when the file has every column a case needs; else "FILE:1: COLUMN: missing column ...".
Status CheckColumns(const CsvTable& table);

// One measurement compared with its prediction.
struct Comparison {
  std::string basis;               // the memory metric, "oom", "step" or "mfu"
  double predicted = 0;            // bytes, seconds or a fraction, as the family measures
  std::optional<double> measured;  // absent for an OOM row
  std::optional<double> error;     // signed (predicted − measured) / measured
  bool false_fit = false;          // went (or must go) out of memory, predicted `fits` (confident)
  bool tight_oom = false;          // went out of memory, predicted `tight`: the user was warned
  bool false_rejection = false;    // ran, predicted not to fit
};

struct RowResult {
  std::string case_id, source;
  int line = 0;
  Plan plan;
  Verdict verdict = Verdict::kNo;
  bool fit_checked = true;  // ValidationCase::fit_checked: else the verdict is shown, not scored
  std::string reason;       // ReasonText: why the plan is predicted not to fit
  std::array<std::optional<Comparison>, kNumFamilies> comparisons;  // by Family
  bool fits() const { return verdict != Verdict::kNo; }
};

struct SkippedRow {
  std::string case_id;  // "line N" when the row has none
  std::string source;
  int line = 0;
  std::string reason;  // BuildCase's message
  std::string group;   // what summaries count by: the reason, or one label for unusable rows
  std::array<bool, kNumFamilies> families{};  // RowFamilies
};

// Absolute errors are fractions (0.1 = 10%); NaN where there is nothing to take them of.
struct SourceSummary {
  std::string source;
  int rows = 0;
  double median_abs_error = 0;
  double p90_abs_error = 0;
};

struct WorstRow {
  std::string case_id, source;
  double error = 0;  // signed
};

struct FamilySummary {
  int scored = 0;      // rows with an error
  int fit_checks = 0;  // OOM rows, scored on the verdict alone
  int unchecked = 0;   // scored rows whose verdict is not (no GPU capacity: fit_checked false)
  int skipped = 0;
  std::vector<std::pair<std::string, int>> skip_groups;  // SkippedRow::group → rows, most first
  double median_abs_error = 0;
  double p90_abs_error = 0;
  double balanced_median_abs_error = 0;  // median of the per-source medians
  double balanced_p90_abs_error = 0;     // rows weighted 1 / (rows of their source)
  std::vector<SourceSummary> sources;    // by source key
  std::vector<WorstRow> worst;           // up to kWorstRows, largest |error| first
  int false_fits = 0;
  int tight_ooms = 0;
  int false_rejections = 0;
  // 90th percentile of measured / predicted: the factor 90% of rows stay under. Memory sets
  // calib::kPeakHighFactor, the upper band of gpu_peak_high_bytes.
  double upper_ratio_p90 = 0;
};
inline constexpr int kWorstRows = 5;

struct ValidationReport {
  std::string file;
  std::vector<RowResult> rows;  // in file order
  std::vector<SkippedRow> skipped;
  std::array<FamilySummary, kNumFamilies> summaries;  // by Family
};

struct ValidateOptions {
  std::string source;   // only rows whose source_key is this; "" = every row
  std::string case_id;  // only the row with this case_id; "" = every row
};

// Scores every row of `table`. Errors only for the file as a whole: a missing column, or a
// --source no row has. Malformed rows are skipped with their reason.
StatusOr<ValidationReport> RunValidation(const CsvTable& table,
                                         const ValidateOptions& options = {});

// Statistics. Percentiles use the nearest-rank method: the smallest value whose rank k (from 1,
// ascending) satisfies k ≥ p·n, i.e. rank ⌈p·n⌉. The weighted form takes the smallest value whose
// cumulative weight reaches p × the total weight; with equal weights the two agree. The median is
// the usual one (the mean of the two middle values for an even count). Empty input → NaN.
double Median(std::vector<double> values);
double NearestRankPercentile(std::vector<double> values, double p);
double WeightedNearestRankPercentile(std::vector<std::pair<double, double>> value_weights,
                                     double p);

// The report as a per-comparison table with the summaries (100 columns), or as JSON:
// {"file", "rows": [...], "skipped": [...], "memory": {...}, "step_time": {...}, "mfu": {...}}.
std::string FormatValidationTable(const ValidationReport& report);
std::string FormatValidationJson(const ValidationReport& report);

// `fitplan validate CASES.csv [--format table|json] [--source KEY]` (argv[0] is "validate").
// Returns the exit code: 0 once the file is read, 2 for usage errors, an unreadable file or a
// missing column, with one message on `err`.
int ValidateCommand(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_VALIDATE_H_
