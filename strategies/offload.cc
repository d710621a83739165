#include "strategies/offload.h"

#include "planner/core/engine.h"
#include "strategies/calibration.h"

namespace fitplan {

OffloadPlacement PlacementFor(Offload offload) {
  switch (offload) {
    case Offload::kNone:
      return {false, false, false};
    case Offload::kOptimizerCpu:
      return {true, false, false};
    case Offload::kOptimizerParamCpu:
      return {true, true, false};
    case Offload::kOptimizerNvme:
      return {true, false, true};
    case Offload::kOptimizerParamNvme:
      return {true, true, true};
  }
  return {};
}

OffloadTime OffloadTimeFor(const Workload& w, const Plan& plan, double trainable_per_rank,
                           double params_per_rank, int64_t ranks_per_node) {
  OffloadTime t;
  const OffloadPlacement place = PlacementFor(plan.offload);
  if (!place.optimizer_on_host) return t;
  const double pcie = w.cluster.gpu.pcie_bytes_per_s * calib::kPcieEfficiency;
  double pcie_bytes = 4 * trainable_per_rank;
  if (plan.sharding == Sharding::kZero2 && plan.grad_accum > 1) {
    pcie_bytes += 4 * trainable_per_rank * (plan.grad_accum - 1);  // host accumulator in/out
  }
  if (place.params_on_host) pcie_bytes += 2 * 2 * params_per_rank * plan.grad_accum;
  t.pcie_s = pcie_bytes / pcie;
  t.cpu_optimizer_s = calib::kCpuAdamBytesPerParam * trainable_per_rank * ranks_per_node /
                      calib::kHostMemoryBytesPerS;
  if (place.nvme) {
    t.nvme_s = 2 * 16 * trainable_per_rank * ranks_per_node / calib::kNvmeBytesPerS;
  }
  return t;
}

bool OffloadLegal(const Plan& plan) {
  if (plan.offload == Offload::kNone) return true;
  switch (EngineFor(plan)) {
    case Engine::kTorch:
    case Engine::kMegatron:
    // torchtitan's enable_cpu_offload (FSDP2 CPUOffloadPolicy) is not modelled with TP/PP/CP:
    // a plan that needs offload on top of model parallelism runs on DeepSpeed instead.
    case Engine::kTorchtitan:
    case Engine::kAutomodel:
      return false;
    case Engine::kFsdp:
      return plan.offload == Offload::kOptimizerParamCpu;
    case Engine::kDeepSpeed:
      break;
  }
  if (plan.sharding == Sharding::kZero3) return true;
  return plan.offload == Offload::kOptimizerCpu;  // params and NVMe offload need ZeRO-3
}

}  // namespace fitplan
