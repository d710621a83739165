// The time half of the cost model: seconds per optimizer step by term (shared/docs/cost-model.md
// §8), MFU, and training hours and dollars for the job's tokens.
#ifndef FITPLAN_PLANNER_TIME_MODEL_H_
#define FITPLAN_PLANNER_TIME_MODEL_H_

#include <span>

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
  double recompute_attention = 0;  // of which attention (at the attention rate, 16 bit)
  double model = 0;      // MFU numerator: (6N + 12·L·q·s) per token (PaLM App. B); 4N for LoRA
};

StepFlops StepFlopsFor(const Workload& w, const Plan& plan);

// Fraction of a GPU's peak its GEMMs reach: calib::kMaxMatmulEfficiency scaled down for a small
// hidden size and few tokens per micro-batch (half efficiency at kHalfEfficiencyHidden and
// kHalfEfficiencyTokens).
double MatmulEfficiency(double hidden, double tokens_per_micro_batch);

// FLOP/s one GPU sustains for the plan's GEMMs and attention (efficiency × peak).
// MatmulEfficiency of a plan's Linear layers as one rate: dense layers at the model's hidden
// size, routed MoE experts at their own (narrower, fewer-token) GEMM shape, weighted by FLOPs.
double LinearEfficiency(const Workload& w, const Plan& plan, double tokens_per_micro_batch);

struct ComputeRates {
  double matmul = 0;
  double attention = 0;
};
ComputeRates ComputeRatesFor(const Workload& w, const Plan& plan);

// A lower bound on step seconds for every checkpointing choice of `prefix` and every micro-batch
// size in `micro_batches` (ascending), on a layout with `links`. Per size: the compute alone,
// without recompute, and the pipeline bubble on that compute (ComputeTime: the bubble is a
// fraction of compute + recompute + TP). Plus the TP and PP communication at the largest size
// without recomputed forwards: their bytes per step are the same for every size (micro_batch ×
// grad_accum is fixed), so the fewest micro-batches pay the fewest latencies. Every other term
// is ≥ 0. REQUIRES: micro_batches not empty; LayoutLegal(w, prefix).
double StepSecondsLowerBound(const Workload& w, const Plan& prefix,
                             std::span<const int32_t> micro_batches, const LayoutLinks& links);

// Fills `time` and `cost`. `paged_evicted_bytes`: paged optimizer state that does not fit on the
// GPU and moves over PCIe twice a step.
void ComputeTime(const Workload& w, const LayoutLinks& links, const Plan& plan,
                 const StageLoad& load, double paged_evicted_bytes, TimeLedger* time,
                 CostLedger* cost);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_TIME_MODEL_H_
