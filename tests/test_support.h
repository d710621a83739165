// Shared helpers for tests: small workloads built from inline YAML and catalog models.
#ifndef FITPLAN_TESTS_TEST_SUPPORT_H_
#define FITPLAN_TESTS_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "hardware/cluster_loader.h"
#include "planner/core/job.h"
#include "planner/model_catalog.h"
#include "strategies/workload.h"

namespace fitplan::testing {

// A node (or nodes) of catalog GPU `gpu` with `gpus` GPUs per node; RAM and price as in the
// examples.
inline Cluster GpuCluster(const std::string& gpu, int gpus, int nodes = 1,
                          double cpu_ram_gb = 2048) {
  std::string yaml = "name: test-" + gpu + "\ngpu: " + gpu + "\nnodes: " + std::to_string(nodes) +
                     "\ngpus_per_node: " + std::to_string(gpus) +
                     "\ncpu_ram_gb: " + std::to_string(cpu_ram_gb) +
                     "\nnvme_gb: 30000\nprice_per_gpu_hour: 2.0\n";
  if (nodes > 1) yaml += "inter_node: { kind: infiniband, bandwidth_gbps: 200 }\n";
  StatusOr<Cluster> c = ParseClusterYaml(yaml, "test.yaml");
  EXPECT_TRUE(c.ok()) << c.status().message();
  return c.value();
}

inline Cluster A100Cluster(int gpus, int nodes = 1, double cpu_ram_gb = 2048) {
  Cluster c = GpuCluster("a100-sxm-80gb", gpus, nodes, cpu_ram_gb);
  c.name = "test-a100";
  return c;
}

inline Workload CatalogWorkload(const std::string& model, const Cluster& cluster, Job job = Job{}) {
  const ModelSpec* spec = FindModel(model);
  EXPECT_NE(spec, nullptr) << model;
  return MakeWorkload(*spec, job, cluster);
}

// A plan over every GPU of `w` with the job's batch split as micro_batch × grad_accum × dp.
inline Plan BasePlan(const Workload& w, Method method, Sharding sharding,
                     Checkpointing checkpointing, int32_t micro_batch = 1) {
  Plan p;
  p.method = method;
  p.sharding = sharding;
  p.checkpointing = checkpointing;
  p.dp = int32_t(w.cluster.total_gpus());
  p.micro_batch = micro_batch;
  p.grad_accum = int32_t(w.job.global_batch / (int64_t(micro_batch) * p.dp));
  p.seq_len = int32_t(w.job.seq_len);
  return p;
}

// How often `part` occurs in `text`, overlaps included.
inline size_t CountOf(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// The whole file at `path` ("" when it cannot be read).
inline std::string ReadFileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace fitplan::testing

#endif  // FITPLAN_TESTS_TEST_SUPPORT_H_
