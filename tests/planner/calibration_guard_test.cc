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

// Today (2026-12-06): balanced median 9.0%, p90 46.7%; overall median 6.3%, p90 25.4%, of 125
// scored rows. 1 false fit: LIT-M2 (Lightning's bf16-mixed keeps the frozen base in fp32, where
// Qwen's rows with the same label keep it in bf16). 1 false rejection: TTAPR-02 (torchtune syncs
// every micro-batch, so it holds the layer-sized gradients sharded, not the unsharded copy of
// HF Trainer's and Lightning's no_sync). Since FSDP LoRA holds its layers' flat gradients (unsharded under no_sync):
// overall p90 50.2% → 24.7%, balanced p90 47.1% → 38.5%, LIT-33 no longer a false fit. Since pure
// bf16 counts HF's loss like every other precision (not torchtune's chunked one): balanced median
// 10.6% → 9.0%, overall median 7.4% → 6.3%, and balanced p90 38.5% → 46.7%, the torchtune rows
// that do run the chunked loss now over-predicted (TT31-05 +47%), the side that cannot OOM.
constexpr double kMaxBalancedMedianAbsError = 0.095;
constexpr double kMaxMedianAbsError = 0.07;
constexpr double kMaxP90AbsError = 0.26;
constexpr double kMaxBalancedP90AbsError = 0.48;
constexpr int kMaxFalseFits = 1;
constexpr int kMaxFalseRejections = 1;  // the issue allows 2% of the rows: 2
constexpr int kMinScoredRows = 120;

// Step time against throughput_public.csv today: source-balanced median 6.5% (7.4% before the
// Hopper efficiency factors, 10.1% before --tp-comm-overlap on Hopper), balanced p90 16.4% (19.0%
// before Hopper rows got the DGX H100's 400 GB/s fabric), median 6.5% over 171 rows (the
// time-model issue targets ≤ 12% and ≤ 25%). Since torchtitan's 500 W H100 is in the catalog
// (2026-12-06), seven more torchtitan rows are scored (288–294, FSDP alone): torchtitan's median
// 2.4% → 12.3% over 9 rows (the eager bf16 runs 14–16% fast, the torch.compile ones 0–3%, the
// Float8 ones 12–18%: the peak of that GPU is only known to lie between SXM and NVL), and the
// balanced median 6.5% → 7.4%, balanced p90 16.4% → 17.6%, median 6.5% over 178 rows. Since
// FSDP composes with TP/PP/CP (torchtitan's engine), the other 22 torchtitan rows are scored too
// (31 in all, median 13.6%; the long-context CP rows and the TP-8 FP8 rows are predicted fast):
// balanced p90 19.3%, median 6.9% over 200 rows. Since a pipeline may split unevenly as Megatron
// and torchtitan build it, row 301 (405B, 126 layers on pp 8 × vpp 2) is scored too and no row
// with a measured time is skipped; since recomputed attention runs at the attention rate, the
// long-context rows are less fast (296/297 −28/−31% → −17/−19%), and since full recompute no
// longer re-runs the output projection: balanced p90 18.2%, median 6.9% over 201 rows.
constexpr double kMaxBalancedMedianStepError = 0.075;
constexpr double kMaxBalancedP90StepError = 0.20;
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
  EXPECT_LE(s.p90_abs_error, kMaxP90AbsError);
  EXPECT_LE(s.balanced_p90_abs_error, kMaxBalancedP90AbsError);
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
  EXPECT_EQ(s.skipped, 0);  // every usable row's layout is one fitplan can build
  EXPECT_LE(s.balanced_median_abs_error, kMaxBalancedMedianStepError);
  EXPECT_LE(s.balanced_p90_abs_error, kMaxBalancedP90StepError);
}

}  // namespace
}  // namespace fitplan
