#include "planner/cost_model.h"

#include <algorithm>
#include <cmath>

#include "planner/memory_model.h"
#include "planner/time_model.h"
#include "strategies/calibration.h"

namespace fitplan {
namespace {

// The most broken limit (needed / available), so the reason names what binds and "closest"
// ranks by it: a plan 5% over on the GPU but 10× over on host RAM is not close. Ties go to GPU
// memory (what users hit most), then host RAM, then NVMe.
void DecideVerdict(const Workload& w, Estimate* e) {
  const MemoryLedger& m = e->memory;
  e->broken_limit = Limit::kNone;
  const struct {
    Limit limit;
    double needed, available;
  } limits[] = {{Limit::kGpuMemory, m.gpu_peak_bytes, w.gpu_usable_bytes},
                {Limit::kCpuRam, m.cpu_ram_per_node_bytes, w.host_usable_bytes},
                {Limit::kNvme, m.nvme_per_node_bytes, w.cluster.nvme_bytes_per_node}};
  double worst = 1;
  for (const auto& l : limits) {
    if (l.needed <= l.available) continue;
    // An absent resource (no NVMe) is infinitely over: it binds before any finite ratio.
    const double ratio = l.available > 0 ? l.needed / l.available : HUGE_VAL;
    if (ratio > worst) {
      worst = ratio;
      e->broken_limit = l.limit;
      e->limit_needed = l.needed;
      e->limit_available = l.available;
    }
  }
  if (e->broken_limit != Limit::kNone) {
    e->verdict = Verdict::kNo;
  } else {
    e->verdict = m.gpu_peak_high_bytes <= w.gpu_usable_bytes ? Verdict::kFits : Verdict::kTight;
  }
}

}  // namespace

Estimate Evaluate(const Workload& w, const LayoutLinks& links, const Plan& plan) {
  Estimate e;
  e.plan = plan;
  const StageLoad load = ComputeMemory(w, plan, &e.memory);
  // Paged 8-bit states use whatever the GPU has left; the rest pages over PCIe (§3.5).
  const double headroom = std::max(0.0, w.gpu_usable_bytes - e.memory.gpu_peak_bytes);
  const double evicted = std::max(0.0, load.paged_state_bytes - headroom);
  ComputeTime(w, links, plan, load, evicted, &e.time, &e.cost);
  DecideVerdict(w, &e);
  return e;
}

double PeakLowerBound(const Workload& w, const Plan& plan) { return PersistentPeakBytes(w, plan); }

}  // namespace fitplan
