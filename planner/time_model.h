// The time half of the cost model: seconds per optimizer step by term (shared/docs/cost-model.md
// §8), MFU, and training hours and dollars for the job's tokens.
#ifndef FITPLAN_PLANNER_TIME_MODEL_H_
#define FITPLAN_PLANNER_TIME_MODEL_H_

#include "planner/core/estimate.h"
#include "planner/memory_model.h"
#include "strategies/parallelism.h"
#include "strategies/workload.h"

namespace fitplan {

// FLOPs of one optimizer step over the whole cluster.
struct StepFlops {
  double matmul = 0;     // Linear GEMMs executed, forward + backward (frozen weights: dgrad only)
  double attention = 0;  // attention scores and values executed (causal share of the dense count)
  double recompute = 0;  // forward work re-run by activation checkpointing
  double model = 0;      // MFU numerator: (6N + 12·L·q·s) per token (PaLM App. B); 4N for LoRA
};

StepFlops StepFlopsFor(const Workload& w, const Plan& plan);

// Fraction of a GPU's peak its GEMMs reach: calib::kMaxMatmulEfficiency scaled down for a small
// hidden size and few tokens per micro-batch (half efficiency at kHalfEfficiencyHidden and
// kHalfEfficiencyTokens).
double MatmulEfficiency(double hidden, double tokens_per_micro_batch);

// FLOP/s one GPU sustains for the plan's GEMMs and attention (efficiency × peak).
struct ComputeRates {
  double matmul = 0;
  double attention = 0;
};
ComputeRates ComputeRatesFor(const Workload& w, const Plan& plan);

// A lower bound on step seconds for every checkpointing and micro-batch choice of `prefix` up to
// `max_micro_batch`: its compute alone, without recompute, at the efficiency of the largest
// micro-batch (efficiency grows with tokens per micro-batch); every other term is ≥ 0.
double StepSecondsLowerBound(const Workload& w, const Plan& prefix, int32_t max_micro_batch);

// Fills `time` and `cost`. `paged_evicted_bytes`: paged optimizer state that does not fit on the
// GPU and moves over PCIe twice a step.
void ComputeTime(const Workload& w, const LayoutLinks& links, const Plan& plan,
                 const StageLoad& load, double paged_evicted_bytes, TimeLedger* time,
                 CostLedger* cost);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_TIME_MODEL_H_
