// Offers YAML as `fitplan rent --offers FILE` reads it (every offer checked as a cluster).
#include "planner/offers_loader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fitplan;
  (void)ParseOffersYaml(fuzz::AsText(data, size), "fuzz.yaml");
  return 0;
}
