#include "planner/search.h"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <limits>
#include <map>
#include <string>

#include "planner/core/engine.h"
#include "planner/core/units.h"
#include "planner/cost_model.h"
#include "planner/ranking.h"
#include "planner/time_model.h"
#include "strategies/accumulation.h"
#include "strategies/parallelism.h"
#include "strategies/peft.h"
#include "strategies/precision.h"
#include "strategies/sharding.h"
#include "strategies/strategy_table.h"

namespace fitplan {
namespace {

// LoRA ranks the search tries (issue scope: r ∈ {8, 16, 64}).
constexpr int32_t kLoraRanks[] = {8, 16, 64};

// One (method … offload, layout) prefix: every checkpointing × micro-batch variant below it
// shares its model states, so one lower bound prunes them all.
struct Prefix {
  Plan plan;  // micro_batch/grad_accum/checkpointing filled per variant
  int layout = 0;
};

struct Layout {
  Plan shape;  // tp, pp, dp, sp set
  LayoutLinks links;
  std::vector<int32_t> micro_batches;
};

// A bounded best-first list: a heap with the worst kept element on top. Reserved once.
class TopK {
 public:
  // `same` (may be null) names outcomes that count once.
  TopK(size_t k, bool (*less)(const Estimate&, const Estimate&, Objective), Objective objective,
       bool (*same)(const Estimate&, const Estimate&) = nullptr)
      : k_(k), less_(less), same_(same), objective_(objective) {
    items_.reserve(k + 1);
  }
  void Offer(const Estimate& e) {
    if (k_ == 0) return;
    auto worse_first = [this](const Estimate& a, const Estimate& b) {
      return less_(a, b, objective_);
    };
    if (items_.size() == k_ && !less_(e, items_.front(), objective_)) return;
    if (same_) {
      // One entry per outcome: a better-ranked plan with the same outcome replaces the kept one.
      for (Estimate& kept : items_) {
        if (!same_(kept, e)) continue;
        if (less_(e, kept, objective_)) {
          kept = e;
          std::make_heap(items_.begin(), items_.end(), worse_first);
        }
        return;
      }
    }
    items_.push_back(e);
    std::push_heap(items_.begin(), items_.end(), worse_first);
    if (items_.size() > k_) {
      std::pop_heap(items_.begin(), items_.end(), worse_first);
      items_.pop_back();
    }
  }
  const std::vector<Estimate>& items() const { return items_; }
  bool full() const { return k_ > 0 && items_.size() == k_; }
  const Estimate& worst() const { return items_.front(); }  // REQUIRES: !items().empty()

 private:
  size_t k_;
  bool (*less_)(const Estimate&, const Estimate&, Objective);
  bool (*same_)(const Estimate&, const Estimate&);
  Objective objective_;
  std::vector<Estimate> items_;
};

bool CloserAdapter(const Estimate& a, const Estimate& b, Objective) { return CloserThan(a, b); }

struct ThreadState {
  ThreadState(const SearchOptions& o)
      : best(size_t(o.top), RanksBefore, o.objective, SameOutcome),
        closest(size_t(o.closest), CloserAdapter, o.objective) {}
  TopK best;
  TopK closest;
  // With options.pareto: the best-ranked fitting plan of each recipe this thread saw. Keyed by
  // the recipe's plan string; only --pareto pays for the map.
  std::map<std::string, Estimate> recipes;
  int64_t evaluated = 0, pruned = 0, feasible = 0, over_budget = 0;
};

PlanFilter Intersect(const PlanFilter& a, const PlanFilter& b) {
  PlanFilter f = a;
  f.methods &= b.methods;
  f.lora_targets &= b.lora_targets;
  f.precisions &= b.precisions;
  f.optimizers &= b.optimizers;
  f.shardings &= b.shardings;
  f.offloads &= b.offloads;
  f.checkpointings &= b.checkpointings;
  f.engines &= b.engines;
  auto pin = [](std::optional<int32_t>& x, const std::optional<int32_t>& y) {
    if (y) x = y;  // a --fix pin overrides the job's
  };
  pin(f.lora_rank, b.lora_rank);
  pin(f.tp, b.tp);
  pin(f.pp, b.pp);
  pin(f.vpp, b.vpp);
  pin(f.cp, b.cp);
  pin(f.ep, b.ep);
  pin(f.dp, b.dp);
  pin(f.micro_batch, b.micro_batch);
  pin(f.grad_accum, b.grad_accum);
  if (b.sp) f.sp = b.sp;
  return f;
}

// Values a degree may take: the divisors of `n` (for tp, pp, ep) or its powers of two (cp, vpp).
std::vector<int32_t> Divisors(int64_t n, int64_t limit) {
  std::vector<int32_t> out;
  for (int64_t d = 1; d <= n && d <= limit; ++d) {
    if (n % d == 0) out.push_back(int32_t(d));
  }
  return out;
}

std::vector<int32_t> PowersOfTwo(int64_t limit) {
  std::vector<int32_t> out;
  for (int64_t v = 1; v <= limit; v *= 2) out.push_back(int32_t(v));
  return out;
}

// Virtual stages a pipeline rank may hold, up to one layer a chunk (`layers_per_stage`): powers of
// two and the counts NeMo's recipes use (5, 6, 10, 12, 14, 20: Llama-3-70B pp 4 vp 5, GPT-3-175B
// pp 8 vp 6, Llama-2-70B pp 4 vp 20, Nemotron-340B pp 8 vp 12, Mixtral-8x22B pp 4 vp 14), which
// the split rules (PipelineSplitFor) then accept or refuse for the model's layers.
std::vector<int32_t> VirtualStageChoices(int64_t layers_per_stage) {
  constexpr int32_t kChoices[] = {1, 2, 4, 5, 6, 8, 10, 12, 14, 16, 20};
  std::vector<int32_t> out;
  for (int32_t v : kChoices) {
    if (v <= std::max<int64_t>(1, layers_per_stage)) out.push_back(v);
  }
  return out;
}

// Every layout tp × cp × pp × vpp × ep × sp over all the cluster's GPUs (dp takes the rest), with
// the micro-batch sizes that are legal for it. Placement is Megatron's order.
std::vector<Layout> Layouts(const Workload& w, const Topology& topology, const PlanFilter& f) {
  std::vector<Layout> out;
  const int64_t gpus = w.cluster.total_gpus();
  const int64_t experts = w.model.experts > 0 ? w.model.experts : 1;
  const int64_t tp_limit = w.job.allow.cross_node_tp ? gpus : w.cluster.gpus_per_node;
  for (int32_t tp : Divisors(gpus, tp_limit)) {
    for (int32_t cp : PowersOfTwo(gpus / tp)) {
      if ((gpus / tp) % cp != 0) continue;
      for (int32_t pp : Divisors(gpus / (int64_t(tp) * cp), w.model.layers)) {
        for (int32_t vpp : VirtualStageChoices(pp > 1 ? w.model.layers / pp : 1)) {
          for (int32_t ep : Divisors(experts, gpus)) {
            for (int sp = 0; sp <= (tp > 1 ? 1 : 0); ++sp) {
              Layout l;
              l.shape.tp = tp;
              l.shape.cp = cp;
              l.shape.pp = pp;
              l.shape.vpp = vpp;
              l.shape.ep = ep;
              l.shape.dp = int32_t(gpus / (int64_t(tp) * cp * pp));
              l.shape.sp = sp == 1;
              l.shape.seq_len = int32_t(w.job.seq_len);
              if (!PlanFilter::Allows(f.tp, tp) || !PlanFilter::Allows(f.pp, pp) ||
                  !PlanFilter::Allows(f.dp, l.shape.dp) || (f.sp && *f.sp != l.shape.sp) ||
                  !PlanFilter::Allows(f.vpp, vpp) || !PlanFilter::Allows(f.cp, cp) ||
                  !PlanFilter::Allows(f.ep, ep)) {
                continue;
              }
              for (int32_t mb : MicroBatchChoices(w.job.global_batch, l.shape.dp)) {
                Plan probe = l.shape;
                probe.micro_batch = mb;
                probe.grad_accum = int32_t(w.job.global_batch / (int64_t(mb) * l.shape.dp));
                if (PlanFilter::Allows(f.micro_batch, mb) &&
                    PlanFilter::Allows(f.grad_accum, probe.grad_accum) && LayoutLegal(w, probe)) {
                  l.micro_batches.push_back(mb);
                }
              }
              if (l.micro_batches.empty()) continue;
              l.links = LinksFor(topology, l.shape, w.cluster.gpus_per_node);
              out.push_back(std::move(l));
            }
          }
        }
      }
    }
  }
  return out;
}

// Every legal prefix: method (with LoRA rank) × precision × optimizer × sharding × offload × layout.
// The legal prefixes of layout `li`, appended to `out` in enumeration order.
void LayoutPrefixes(const Workload& w, const std::vector<Layout>& layouts, int li,
                    const PlanFilter& f, std::vector<Prefix>* out) {
  {
    const Layout& l = layouts[li];
    for (size_t mi = 0; mi < kMethodNames.size(); ++mi) {
      const Method method = Method(mi);
      if (!PlanFilter::Allows(f.methods, method)) continue;
      const int ranks = method == Method::kFull ? 1 : int(std::size(kLoraRanks));
      for (int ri = 0; ri < ranks; ++ri) {
        Plan p = l.shape;
        p.method = method;
        if (method != Method::kFull) {
          p.lora_rank = f.lora_rank ? *f.lora_rank : kLoraRanks[ri];
          if (f.lora_rank && ri > 0) break;
        }
        for (size_t ti = 0; ti < (method == Method::kFull ? 1 : kLoraTargetNames.size()); ++ti) {
        p.lora_targets = LoraTargets(ti);
        if (method != Method::kFull && !PlanFilter::Allows(f.lora_targets, p.lora_targets)) continue;
        for (size_t pi = 0; pi < kPrecisionNames.size(); ++pi) {
          p.precision = Precision(pi);
          if (!PlanFilter::Allows(f.precisions, p.precision)) continue;
          for (size_t oi = 0; oi < kOptimizerNames.size(); ++oi) {
            p.optimizer = Optimizer(oi);
            if (!PlanFilter::Allows(f.optimizers, p.optimizer)) continue;
            for (size_t si = 0; si < kShardingNames.size(); ++si) {
              p.sharding = Sharding(si);
              if (!PlanFilter::Allows(f.shardings, p.sharding) ||
                  !PlanFilter::Allows(f.engines, EngineFor(p))) {
                continue;
              }
              for (size_t fi = 0; fi < kOffloadNames.size(); ++fi) {
                p.offload = Offload(fi);
                if (!PlanFilter::Allows(f.offloads, p.offload)) continue;
                Plan probe = p;
                probe.micro_batch = l.micro_batches.front();
                probe.grad_accum = int32_t(w.job.global_batch / (int64_t(probe.micro_batch) * p.dp));
                if (PlanLegalGivenLayout(w, probe) && !ShardingRedundant(w, probe)) {
                  out->push_back({p, li});
                }
              }
            }
          }
        }
        }
      }
    }
  }
}

// Every legal prefix, layouts checked in parallel and concatenated in layout order (so the
// enumeration, and with it the answer, is the same for any thread count).
std::vector<Prefix> Prefixes(const Workload& w, const std::vector<Layout>& layouts,
                             const PlanFilter& f) {
  std::vector<std::vector<Prefix>> per_layout(layouts.size());
  tbb::parallel_for(size_t(0), layouts.size(), [&](size_t li) {
    LayoutPrefixes(w, layouts, int(li), f, &per_layout[li]);
  });
  std::vector<Prefix> out;
  for (const std::vector<Prefix>& v : per_layout) out.insert(out.end(), v.begin(), v.end());
  return out;
}

// Adds `e` to a Pareto front unless a member dominates it; drops the members it dominates.
void OfferToFront(const Estimate& e, std::vector<Estimate>* front) {
  for (const Estimate& member : *front) {
    if (Dominates(member, e)) return;
  }
  std::erase_if(*front, [&](const Estimate& member) { return Dominates(e, member); });
  front->push_back(e);
}

void KeepBestOfRecipe(const Estimate& e, Objective objective,
                      std::map<std::string, Estimate>* recipes) {
  const auto [it, inserted] = recipes->try_emplace(RecipeOf(e.plan).ToString(), e);
  if (!inserted && RanksBefore(e, it->second, objective)) it->second = e;
}

bool OverBudget(const Estimate& e, const SearchOptions& options) {
  return (options.max_hours > 0 && e.cost.training_hours > options.max_hours) ||
         (options.max_usd > 0 && e.cost.usd > options.max_usd);
}

// Plans below one prefix: its checkpointing choices × the layout's micro-batch sizes.
int64_t Variants(const Layout& layout, const PlanFilter& f) {
  int64_t checkpointings = 0;
  for (size_t ci = 0; ci < kCheckpointingNames.size(); ++ci) {
    if (PlanFilter::Allows(f.checkpointings, Checkpointing(ci))) checkpointings += 1;
  }
  return checkpointings * int64_t(layout.micro_batches.size());
}

// Dollars of the job at `step_seconds` a step on `gpus` GPUs (as ComputeTime prices it).
double JobUsd(const Workload& w, double step_seconds, int64_t gpus) {
  const double tokens_per_step = double(w.job.global_batch) * w.job.seq_len;
  return w.job.train_tokens / tokens_per_step * step_seconds / kSecondsPerHour * double(gpus) *
         w.cluster.price_per_gpu_hour;
}

// True when no variant of `prefix` can rank into this thread's full top-K, whose worst entry
// is a confident fit, or cost less than options.usd_to_beat: even its StepSecondsLowerBound
// (compute, pipeline bubble, TP and PP communication) costs more, by more than the ranking's 0.1%
// tie band. The thread's
// worst is no better than the global K-th, so skipping never changes the merged answer. Off for
// --pareto (which needs every plan) and the memory objective.
bool CannotEnterTopK(const Workload& w, const Layout& layout, const Prefix& prefix,
                     const SearchOptions& options, const ThreadState& state) {
  if (options.pareto || options.objective == Objective::kMemory) return false;
  const bool cost = options.objective == Objective::kCost;
  const bool has_worst = state.best.full() && state.best.worst().verdict == Verdict::kFits;
  if (!has_worst && !(cost && options.usd_to_beat > 0)) return false;
  const double step_lb = StepSecondsLowerBound(w, prefix.plan, layout.micro_batches, layout.links);
  if (!cost) return step_lb > state.best.worst().time.step_seconds * (1 + 2e-3);
  const double bound = JobUsd(w, step_lb, prefix.plan.gpus());
  double to_beat = has_worst ? state.best.worst().cost.usd : options.usd_to_beat;
  if (options.usd_to_beat > 0) to_beat = std::min(to_beat, options.usd_to_beat);
  return bound > to_beat * (1 + 2e-3);
}

void EvaluatePrefix(const Workload& w, const Layout& layout, const Prefix& prefix,
                    const PlanFilter& f, const SearchOptions& options, ThreadState* state) {
  const int64_t variants = Variants(layout, f);
  if (options.prune && PeakLowerBound(w, prefix.plan) > w.gpu_usable_bytes) {
    state->pruned += variants;
    // Keep one representative so "nothing fits" can still say what came closest.
    if (options.closest > 0) {
      Plan p = prefix.plan;
      p.checkpointing = Checkpointing::kFull;
      p.micro_batch = layout.micro_batches.front();
      p.grad_accum = int32_t(w.job.global_batch / (int64_t(p.micro_batch) * p.dp));
      state->closest.Offer(Evaluate(w, layout.links, p));
    }
    return;
  }
  if (options.prune && CannotEnterTopK(w, layout, prefix, options, *state)) {
    state->pruned += variants;
    return;
  }
  Plan p = prefix.plan;
  for (size_t ci = 0; ci < kCheckpointingNames.size(); ++ci) {
    p.checkpointing = Checkpointing(ci);
    if (!PlanFilter::Allows(f.checkpointings, p.checkpointing)) continue;
    for (int32_t mb : layout.micro_batches) {
      p.micro_batch = mb;
      p.grad_accum = int32_t(w.job.global_batch / (int64_t(mb) * p.dp));
      const Estimate e = Evaluate(w, layout.links, p);
      ++state->evaluated;
      if (e.fits() && OverBudget(e, options)) {
        ++state->over_budget;
      } else if (e.fits()) {
        ++state->feasible;
        state->best.Offer(e);
        if (options.pareto) KeepBestOfRecipe(e, options.objective, &state->recipes);
      } else {
        state->closest.Offer(e);
      }
    }
  }
}

// The job's allow-list and the --fix pins, with the default optimizer set where neither names
// optimizers: every optimizer but SGD. Per step SGD is the cheapest (no state), but on
// transformers it does not reach Adam's loss in the same tokens (Zhang et al., NeurIPS 2020,
// arXiv:1912.03194; Kunstner et al., ICLR 2023, arXiv:2304.13960), so a cost per token would rank
// it first for a run that would need more of them. It is searched when named.
PlanFilter SearchFilter(const Workload& w, const SearchOptions& options) {
  PlanFilter f = Intersect(w.job.allow, options.fix);
  if (f.optimizers == ~0u) f.optimizers &= ~(1u << uint32_t(Optimizer::kSgd));
  return f;
}

}  // namespace

double CostLowerBound(const Workload& w, const SearchOptions& options) {
  const PlanFilter f = SearchFilter(w, options);
  Plan p;  // one GPU holding the whole global batch in one micro-batch: the highest efficiency
  p.seq_len = int32_t(w.job.seq_len);
  const int32_t whole_batch[] = {int32_t(w.job.global_batch)};
  double bound = std::numeric_limits<double>::infinity();
  for (size_t mi = 0; mi < kMethodNames.size(); ++mi) {
    p.method = Method(mi);
    if (!PlanFilter::Allows(f.methods, p.method)) continue;
    const bool full = p.method == Method::kFull;
    for (int32_t rank : kLoraRanks) {
      p.lora_rank = f.lora_rank ? *f.lora_rank : rank;
      for (size_t ti = 0; ti < (full ? 1 : kLoraTargetNames.size()); ++ti) {
        p.lora_targets = LoraTargets(ti);
        if (!full && !PlanFilter::Allows(f.lora_targets, p.lora_targets)) continue;
        for (size_t pi = 0; pi < kPrecisionNames.size(); ++pi) {
          p.precision = Precision(pi);
          if (!PlanFilter::Allows(f.precisions, p.precision) || !PeftLegal(p, w.job.kind) ||
              !PrecisionLegal(p.precision, p.method, w.cluster.gpu)) {
            continue;  // rules that hold whatever the layout (QLoRA has no fp8)
          }
          bound = std::min(bound, JobUsd(w, StepSecondsLowerBound(w, p, whole_batch, {}), 1));
        }
      }
      if (full || f.lora_rank) break;  // one rank to try
    }
  }
  return bound;
}

SearchResult Search(const Workload& w, const Topology& topology, const SearchOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, size_t(threads));

  const PlanFilter f = SearchFilter(w, options);
  const std::vector<Layout> layouts = Layouts(w, topology, f);
  const std::vector<Prefix> prefixes = Prefixes(w, layouts, f);

  tbb::enumerable_thread_specific<ThreadState> states([&] { return ThreadState(options); });
  int64_t space = 0;
  for (const Prefix& prefix : prefixes) space += Variants(layouts[prefix.layout], f);
  // Bounded work: every prefix first checks the shared stop flag; the first thread past a limit
  // sets it and records why. A cut search ranks what it reached (and says so).
  std::atomic<int64_t> visited{0};
  std::atomic<int> cut{0};  // 0 none, 1 time limit, 2 plan limit
  tbb::parallel_for(tbb::blocked_range<size_t>(0, prefixes.size(), 16),
                    [&](const tbb::blocked_range<size_t>& range) {
                      ThreadState& state = states.local();
                      for (size_t i = range.begin(); i != range.end(); ++i) {
                        if (cut.load(std::memory_order_relaxed) != 0) return;
                        const Layout& layout = layouts[prefixes[i].layout];
                        EvaluatePrefix(w, layout, prefixes[i], f, options, &state);
                        const int64_t seen = visited += Variants(layout, f);
                        const double elapsed = std::chrono::duration<double>(
                            std::chrono::steady_clock::now() - start).count();
                        int none = 0;
                        if (elapsed > options.time_limit_s) cut.compare_exchange_strong(none, 1);
                        if (seen >= options.max_plans) cut.compare_exchange_strong(none, 2);
                      }
                    });

  SearchResult result;
  std::map<std::string, Estimate> recipes;
  for (const ThreadState& s : states) {
    for (const auto& [key, e] : s.recipes) KeepBestOfRecipe(e, options.objective, &recipes);
    result.stats.evaluated += s.evaluated;
    result.stats.pruned += s.pruned;
    result.stats.feasible += s.feasible;
    result.stats.over_budget += s.over_budget;
    result.plans.insert(result.plans.end(), s.best.items().begin(), s.best.items().end());
    result.closest.insert(result.closest.end(), s.closest.items().begin(), s.closest.items().end());
  }
  std::sort(result.plans.begin(), result.plans.end(),
            [&](const Estimate& a, const Estimate& b) { return RanksBefore(a, b, options.objective); });
  // Threads may each hold the best plan of one outcome; keep the first (best-ranked) of each.
  std::vector<Estimate> distinct;
  for (const Estimate& e : result.plans) {
    bool seen = false;
    for (const Estimate& kept : distinct) seen = seen || SameOutcome(kept, e);
    if (!seen && distinct.size() < size_t(options.top)) distinct.push_back(e);
  }
  result.plans = std::move(distinct);
  std::sort(result.closest.begin(), result.closest.end(), CloserThan);
  if (result.closest.size() > size_t(options.closest)) result.closest.resize(size_t(options.closest));
  if (!result.plans.empty()) result.closest.clear();
  // The front over each recipe's best plan, in a fixed order whatever the thread count.
  std::vector<Estimate> best_of_recipe;
  for (const auto& [key, e] : recipes) best_of_recipe.push_back(e);
  auto cheapest_first = [](const Estimate& a, const Estimate& b) {
    return RanksBefore(a, b, Objective::kCost);
  };
  std::sort(best_of_recipe.begin(), best_of_recipe.end(), cheapest_first);
  for (const Estimate& e : best_of_recipe) OfferToFront(e, &result.pareto);
  std::sort(result.pareto.begin(), result.pareto.end(), cheapest_first);

  result.stats.space = space;
  if (cut == 1) {
    result.stats.cut = "time limit of " + std::to_string(int64_t(options.time_limit_s)) +
                       " s (--time-limit)";
  } else if (cut == 2) {
    result.stats.cut = "plan limit of " + std::to_string(options.max_plans) + " (--max-plans)";
  }
  result.stats.threads = threads;
  result.stats.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double visited_plans = double(result.stats.evaluated + result.stats.pruned);
  result.stats.plans_per_second =
      result.stats.seconds > 0 ? visited_plans / result.stats.seconds : 0;
  return result;
}

}  // namespace fitplan
