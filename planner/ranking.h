// Ranking: the total order the search keeps its top-K in and prints. Plans that fit with margin
// come before tight ones; then the objective; then explicit tie-breaks down to every plan field,
// so the ranking never depends on evaluation order or thread count.
#ifndef FITPLAN_PLANNER_RANKING_H_
#define FITPLAN_PLANNER_RANKING_H_

#include "planner/core/estimate.h"
#include "planner/core/job.h"

namespace fitplan {

// True when `a` ranks before `b`. REQUIRES: both fit.
bool RanksBefore(const Estimate& a, const Estimate& b, Objective objective);

// True when two plans are one recipe for the user: equal in every field but the LoRA rank, the
// optimizer and fp16-vs-bf16 autocast. An equivalence relation, so the search's per-thread top-K
// can keep only the best-ranked plan of each recipe and still merge to the same answer.
bool SameOutcome(const Estimate& a, const Estimate& b);

// The plan with those choices normalized: equal for two plans exactly when SameOutcome holds.
Plan RecipeOf(const Plan& plan);

// True when `a` is at least as good as `b` on cost, training hours and memory headroom and
// better on one of them (the Pareto order of `fitplan plan --pareto`).
bool Dominates(const Estimate& a, const Estimate& b);

// For plans that do not fit: true when `a` came closer (smaller needed/available ratio of its
// broken limit), ties broken by plan fields.
bool CloserThan(const Estimate& a, const Estimate& b);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_RANKING_H_
