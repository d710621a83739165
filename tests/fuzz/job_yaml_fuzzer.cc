// Job YAML as `--job FILE` reads it; an accepted job runs the default plan of a small model.
#include "hardware/cluster_loader.h"
#include "planner/job_loader.h"
#include "planner/model_catalog.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fitplan;
  static const Cluster kCluster = LoadCluster("8x-a100-80g").value();
  const StatusOr<Job> job = ParseJobYaml(fuzz::AsText(data, size), "fuzz.yaml");
  if (job.ok()) fuzz::EstimateDefaultPlan(*FindModel("llama-3.2-1b"), *job, kCluster);
  return 0;
}
