// The built-in GPU catalog: datasheet rows for the accelerators people train on
// (shared/docs/cost-model.md §9), each citing its source.
#ifndef FITPLAN_HARDWARE_GPU_CATALOG_H_
#define FITPLAN_HARDWARE_GPU_CATALOG_H_

#include <span>
#include <string>
#include <string_view>

#include "hardware/gpu_spec.h"

namespace fitplan {

// Every catalog GPU, in a fixed order (the order `fitplan list gpus` prints).
std::span<const GpuSpec> GpuCatalog();

// Returns the catalog GPU named `name`, or nullptr.
const GpuSpec* FindGpu(std::string_view name);

// The catalog name closest to `name` (edit distance), for "did you mean" messages.
std::string ClosestGpuName(std::string_view name);

}  // namespace fitplan

#endif  // FITPLAN_HARDWARE_GPU_CATALOG_H_
