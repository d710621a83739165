#include "strategies/workload.h"

#include "strategies/calibration.h"

namespace fitplan {

Workload MakeWorkload(const ModelSpec& model, const Job& job, const Cluster& cluster) {
  Workload w;
  w.model = model;
  w.stats = ComputeModelStats(model);
  w.job = job;
  w.cluster = cluster;
  w.gpu_usable_bytes = cluster.gpu.memory_bytes * calib::kGpuUsableFraction;
  w.host_usable_bytes = cluster.cpu_ram_bytes_per_node * (1.0 - calib::kHostRamReservedFraction);
  return w;
}

}  // namespace fitplan
