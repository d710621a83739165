#include "planner/cost_model.h"

#include <algorithm>

#include "planner/memory_model.h"
#include "planner/time_model.h"
#include "strategies/calibration.h"

namespace fitplan {
namespace {

// The first broken limit, GPU memory first (what users hit most), then host RAM, then NVMe.
void DecideVerdict(const Workload& w, Estimate* e) {
  const MemoryLedger& m = e->memory;
  e->broken_limit = Limit::kNone;
  if (m.gpu_peak_bytes > w.gpu_usable_bytes) {
    e->broken_limit = Limit::kGpuMemory;
    e->limit_needed = m.gpu_peak_bytes;
    e->limit_available = w.gpu_usable_bytes;
  } else if (m.cpu_ram_per_node_bytes > w.host_usable_bytes) {
    e->broken_limit = Limit::kCpuRam;
    e->limit_needed = m.cpu_ram_per_node_bytes;
    e->limit_available = w.host_usable_bytes;
  } else if (m.nvme_per_node_bytes > w.cluster.nvme_bytes_per_node) {
    e->broken_limit = Limit::kNvme;
    e->limit_needed = m.nvme_per_node_bytes;
    e->limit_available = w.cluster.nvme_bytes_per_node;
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
