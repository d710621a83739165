// Cluster YAML as `--cluster FILE` reads it; an accepted cluster runs the default plan of a small
// catalog model.
#include "hardware/cluster_loader.h"
#include "planner/model_catalog.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fitplan;
  const StatusOr<Cluster> cluster = ParseClusterYaml(fuzz::AsText(data, size), "fuzz.yaml");
  if (cluster.ok()) fuzz::EstimateDefaultPlan(*FindModel("llama-3.2-1b"), Job{}, *cluster);
  return 0;
}
