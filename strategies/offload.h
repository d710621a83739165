// CPU and NVMe offload (ZeRO-Offload, ZeRO-Infinity, FSDP CPUOffload): which model states leave
// the GPU, the host RAM and NVMe they take, and the PCIe, host and NVMe time they cost
// (DeepSpeed stage_1_and_2.py, stage3.py, offload_config.py; shared/docs/cost-model.md §4.4, §8.6).
#ifndef FITPLAN_STRATEGIES_OFFLOAD_H_
#define FITPLAN_STRATEGIES_OFFLOAD_H_

#include "planner/core/plan.h"
#include "strategies/workload.h"

namespace fitplan {

struct OffloadPlacement {
  bool optimizer_on_host = false;  // fp32 master, optimizer states and fp32 grads
  bool params_on_host = false;     // 16-bit parameters (ZeRO-3) / sharded params and grads (FSDP)
  bool nvme = false;               // the host part swaps to NVMe through pinned buffers
};

OffloadPlacement PlacementFor(Offload offload);

// Per-step seconds of one rank's offload traffic and CPU optimizer, not overlapped:
//  PCIe: D2H 16-bit grads + H2D 16-bit params = 4Ψ/d bytes per step (ZeRO-Offload data flow),
//  + 2Ψ/d H2D per forward and per backward of every micro-step with params offloaded;
//  CPU Adam: calib::kCpuAdamBytesPerParam of host DRAM traffic per param, all ranks of a node
//  sharing calib::kHostMemoryBytesPerS; NVMe: read + write of 16Ψ/d states per step per rank.
struct OffloadTime {
  double pcie_s = 0;
  double cpu_optimizer_s = 0;
  double nvme_s = 0;
  double total() const { return pcie_s + cpu_optimizer_s + nvme_s; }
};
OffloadTime OffloadTimeFor(const Workload& w, const Plan& plan, double trainable_per_rank,
                           double params_per_rank, int64_t ranks_per_node);

// DeepSpeed offloads with ZeRO stages (optimizer NVMe needs stage 3, ZeRO-Infinity); FSDP only
// offloads parameters with their optimizer (CPUOffload(offload_params=True)); DDP and Megatron
// plans here do not offload.
bool OffloadLegal(const Plan& plan);

}  // namespace fitplan

#endif  // FITPLAN_STRATEGIES_OFFLOAD_H_
