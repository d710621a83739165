// What every fuzz target shares: the fuzzer's bytes as text, and a one-plan estimate of whatever
// a loader accepted, so that a value the loader lets through is also run through the cost model
// and the report (the issue: bad input never crashes fitplan, not only its loaders).
#ifndef FITPLAN_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define FITPLAN_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hardware/cluster.h"
#include "planner/core/job.h"
#include "planner/core/model_spec.h"

namespace fitplan::fuzz {

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Topologies above this many GPUs are not built: building one takes longer than the loaders, and
// the fuzzer would spend its 30 s on a few large clusters instead of many inputs.
inline constexpr int64_t kMaxFuzzedGpus = 4096;

// Parses the default --plan ("": every GPU data-parallel) for the workload and, when every
// strategy accepts it, evaluates and formats it as `fitplan estimate` does. The result is
// discarded: the sanitizers are the check.
void EstimateDefaultPlan(const ModelSpec& model, const Job& job, const Cluster& cluster);

}  // namespace fitplan::fuzz

#endif  // FITPLAN_TESTS_FUZZ_FUZZ_SUPPORT_H_
