// HuggingFace config.json as `--model config.json` reads it; an accepted model runs its default
// plan on one node.
#include "hardware/cluster_loader.h"
#include "planner/model_loader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fitplan;
  static const Cluster kCluster = LoadCluster("8x-a100-80g").value();
  const StatusOr<ModelSpec> model = ParseHfConfigJson(fuzz::AsText(data, size), "config.json");
  if (model.ok()) fuzz::EstimateDefaultPlan(*model, Job{}, kCluster);
  return 0;
}
