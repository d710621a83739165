// Time of one NCCL collective over a ring of n ranks (NVIDIA/nccl-tests doc/PERFORMANCE.md;
// latency per step from calculon network.py, shared/docs/cost-model.md §8.3). `bytes` is the full
// array S; the link's bandwidth is the per-rank bottleneck of the ring (hardware/topology.h).
#ifndef FITPLAN_STRATEGIES_COLLECTIVES_H_
#define FITPLAN_STRATEGIES_COLLECTIVES_H_

#include "hardware/topology.h"
#include "strategies/calibration.h"

namespace fitplan {

// Achieved bandwidth: NCCL reaches calib::kNvlinkEfficiency of NVLink/PCIe, kNetworkEfficiency of
// a NIC (calculon η).
inline double EffectiveBytesPerS(const GroupLink& link) {
  return link.bytes_per_s *
         (link.crosses_nodes ? calib::kNetworkEfficiency : calib::kNvlinkEfficiency);
}

// AllReduce: t = α·2(n−1) + (S/B)·2(n−1)/n.
inline double AllReduceSeconds(double bytes, double n, const GroupLink& link) {
  if (n <= 1 || bytes <= 0) return 0;
  return link.latency_s * 2 * (n - 1) + bytes / EffectiveBytesPerS(link) * 2 * (n - 1) / n;
}

// AllGather or ReduceScatter: t = α·(n−1) + (S/B)·(n−1)/n.
inline double AllGatherSeconds(double bytes, double n, const GroupLink& link) {
  if (n <= 1 || bytes <= 0) return 0;
  return link.latency_s * (n - 1) + bytes / EffectiveBytesPerS(link) * (n - 1) / n;
}

// AlltoAll: t = α·(n−1) + (S/B)·(n−1)/n, S the bytes each rank holds (nccl-tests PERFORMANCE.md).
inline double AllToAllSeconds(double bytes, double n, const GroupLink& link) {
  return AllGatherSeconds(bytes, n, link);
}

// Point-to-point send of `bytes` (a pipeline boundary): t = α + S/B.
inline double SendSeconds(double bytes, const GroupLink& link) {
  if (bytes <= 0) return 0;
  return link.latency_s + bytes / EffectiveBytesPerS(link);
}

}  // namespace fitplan

#endif  // FITPLAN_STRATEGIES_COLLECTIVES_H_
