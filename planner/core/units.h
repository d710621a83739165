// Units. Internally fitplan keeps bytes, bytes per second, FLOPs and seconds as doubles (exact for
// integers below 2^53, which covers every byte count we model); it converts only in reports.
#ifndef FITPLAN_PLANNER_CORE_UNITS_H_
#define FITPLAN_PLANNER_CORE_UNITS_H_

namespace fitplan {

inline constexpr double kKiB = 1024.0;
inline constexpr double kMiB = 1024.0 * kKiB;
inline constexpr double kGiB = 1024.0 * kMiB;  // nvidia-smi's and PyTorch's "GB"
inline constexpr double kGB = 1e9;              // bandwidths (GB/s) and DeepSpeed-style decimal sizes
inline constexpr double kTB = 1e12;
inline constexpr double kTera = 1e12;  // TFLOP/s → FLOP/s
inline constexpr double kSecondsPerHour = 3600.0;

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_CORE_UNITS_H_
