// Guards the calibrated memory model against the published measurements of
// ../shared/calibration/memory_public.csv: a change that makes the errors worse than the
// thresholds below, or lets a run that went out of memory pass as a confident fit, fails CI.
// The thresholds are where the model stands today (2026-11-22, `fitplan validate`); tighten
// them as the model improves. The issue targets are a source-balanced median ≤ 8%, p90 ≤ 20%,
// zero false fits and false rejections ≤ 2% of rows.
#include <gtest/gtest.h>

#include <string>

#include "planner/validate.h"
#include "strategies/calibration.h"

namespace fitplan {
namespace {

// Today (2026-12-06): balanced median 10.6%, overall median 8.9%, 1 false fit (LIT-33:
// Lightning FSDP, whose loading puts a full copy on every GPU), 0 false rejections, of 125 scored
// rows. Since the 8 rows whose GPU is not stated are scored (stand-in GPU, verdict not scored;
// two more sources, TTDOC 5.6% and TTMAY 19.3%), QLoRA keeps bitsandbytes' saved Linear inputs
// (LIT 21.4% → 5.0%, LITHUB 16.4% → 10.3%) and ZeRO-3 keeps its reuse-distance set gathered
// (QWEN 8.8% → 8.4%): balanced 16.7% → 10.6%, overall 12.5% → 8.9%.
constexpr double kMaxBalancedMedianAbsError = 0.11;
constexpr double kMaxMedianAbsError = 0.095;
constexpr int kMaxFalseFits = 1;
constexpr int kMaxFalseRejections = 0;
constexpr int kMinScoredRows = 120;

// Step time against throughput_public.csv today: source-balanced median 6.5% (7.4% before the
// Hopper efficiency factors, 10.1% before --tp-comm-overlap on Hopper), balanced p90 16.4% (19.0%
// before Hopper rows got the DGX H100's 400 GB/s fabric), median 6.5% over 171 rows (the
// time-model issue targets ≤ 12% and ≤ 25%).
constexpr double kMaxBalancedMedianStepError = 0.07;
constexpr double kMaxBalancedP90StepError = 0.17;
constexpr int kMinScoredStepRows = 160;

ValidationReport PublicReport(const std::string& file) {
  const StatusOr<CsvTable> table =
      CsvTable::Read(std::string(FITPLAN_SHARED_DIR) + "/calibration/" + file);
  EXPECT_TRUE(table.ok()) << table.status().message();
  StatusOr<ValidationReport> report = RunValidation(*table);
  EXPECT_TRUE(report.ok()) << report.status().message();
  return std::move(report).value();
}

ValidationReport PublicMemoryReport() { return PublicReport("memory_public.csv"); }

TEST(CalibrationGuardTest, MemoryErrorsStayWithinThresholds) {
  const FamilySummary s = PublicMemoryReport().summaries[int(Family::kMemory)];
  EXPECT_GE(s.scored, kMinScoredRows);
  EXPECT_LE(s.balanced_median_abs_error, kMaxBalancedMedianAbsError);
  EXPECT_LE(s.median_abs_error, kMaxMedianAbsError);
  EXPECT_LE(s.false_fits, kMaxFalseFits);
  EXPECT_LE(s.false_rejections, kMaxFalseRejections);
}

TEST(CalibrationGuardTest, UpperBandCoversNinetyPercentOfRows) {
  // gpu_peak_high_bytes = peak × kPeakHighFactor must be at least the factor that 90% of the
  // public rows stay under, or the `fits` verdict would promise more than the data supports.
  const FamilySummary s = PublicMemoryReport().summaries[int(Family::kMemory)];
  EXPECT_LE(s.upper_ratio_p90, calib::kPeakHighFactor + 1e-9);
}

TEST(CalibrationGuardTest, StepTimeErrorsStayWithinThresholds) {
  const FamilySummary s =
      PublicReport("throughput_public.csv").summaries[int(Family::kStepTime)];
  EXPECT_GE(s.scored, kMinScoredStepRows);
  EXPECT_LE(s.balanced_median_abs_error, kMaxBalancedMedianStepError);
  EXPECT_LE(s.balanced_p90_abs_error, kMaxBalancedP90StepError);
}

}  // namespace
}  // namespace fitplan
