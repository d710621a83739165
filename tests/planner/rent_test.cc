#include "planner/rent.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hardware/cluster_loader.h"
#include "hardware/topology.h"
#include "planner/core/units.h"
#include "planner/model_catalog.h"
#include "planner/offers_loader.h"
#include "planner/search.h"

namespace fitplan {
namespace {

// Three offers, eight clusters: h100 1x1, 1x2, 1x4, 1x8, 2x8; a100 1x8, 2x8; l4 1x8.
const char kOffers[] = R"(offers:
  - name: h100
    gpu: h100-sxm-80gb
    gpus_per_node: 8
    gpu_counts: [1, 2, 4]
    max_nodes: 2
    inter_node: { kind: infiniband, bandwidth_gbps: 400 }
    cpu_ram_gb: 2048
    price_per_gpu_hour: 3.00
    price_date: 2026-11
  - name: a100
    gpu: a100-sxm-80gb
    gpus_per_node: 8
    max_nodes: 2
    inter_node: { kind: infiniband, bandwidth_gbps: 200 }
    cpu_ram_gb: 1024
    price_per_gpu_hour: 1.50
    price_date: 2026-11
  - name: l4
    gpu: l4-24gb
    gpus_per_node: 8
    max_nodes: 1
    cpu_ram_gb: 384
    price_per_gpu_hour: 0.80
    price_date: 2026-11
)";

std::vector<Offer> Offers(const std::string& yaml = kOffers) {
  StatusOr<std::vector<Offer>> offers = ParseOffersYaml(yaml, "offers.yaml");
  EXPECT_TRUE(offers.ok()) << offers.status().message();
  return offers.ok() ? *offers : std::vector<Offer>{};
}

const ModelSpec& Model(const std::string& name) { return *FindModel(name); }

std::vector<std::string> Names(const std::vector<Cluster>& clusters) {
  std::vector<std::string> names;
  for (const Cluster& c : clusters) names.push_back(c.name);
  return names;
}

// What a row says, for comparing two answers: cluster, recipe, verdict and dollars.
std::string RowsText(const std::vector<RentRow>& rows) {
  std::string text;
  for (const RentRow& r : rows) {
    text += r.candidate.cluster.name + " " + r.best.plan.ToString() + " " +
            kVerdictNames[int(r.best.verdict)] + " " + std::to_string(r.best.cost.usd) + "\n";
  }
  return text;
}

TEST(RentTest, OfferClustersArePowersOfTwoUpToMaxNodesAndPartialNodes) {
  Offer offer = Offers()[0];
  offer.machine.nodes = 12;  // max_nodes 12: 1, 2, 4, 8 and 12 itself
  const std::vector<Cluster> clusters = OfferClusters(offer);
  EXPECT_EQ(Names(clusters), (std::vector<std::string>{"h100-1x1", "h100-1x2", "h100-1x4",
                                                       "h100-1x8", "h100-2x8", "h100-4x8",
                                                       "h100-8x8", "h100-12x8"}));
  // A partial node gets its share of the node's RAM: 2048 GiB × 2/8 GPUs = 512 GiB.
  EXPECT_EQ(clusters[1].cpu_ram_bytes_per_node, 512 * kGiB);
  EXPECT_EQ(clusters[3].cpu_ram_bytes_per_node, 2048 * kGiB);
}

// A candidate is the cluster its cluster file would load to.
TEST(RentTest, CandidateIsTheClusterOfTheSameClusterFile) {
  const std::vector<Cluster> clusters = OfferClusters(Offers()[0]);
  const StatusOr<Cluster> two_nodes = ParseClusterYaml(R"(name: h100-2x8
gpu: h100-sxm-80gb
nodes: 2
gpus_per_node: 8
inter_node: { kind: infiniband, bandwidth_gbps: 400 }
cpu_ram_gb: 2048
price_per_gpu_hour: 3.00
)", "h100-2x8.yaml");
  ASSERT_TRUE(two_nodes.ok()) << two_nodes.status().message();
  EXPECT_EQ(clusters[4], *two_nodes);
  // 2 GPUs of a node: 2048 × 2/8 = 512 GiB of RAM, no fabric.
  const StatusOr<Cluster> two_gpus = ParseClusterYaml(R"(name: h100-1x2
gpu: h100-sxm-80gb
gpus_per_node: 2
cpu_ram_gb: 512
price_per_gpu_hour: 3.00
)", "h100-1x2.yaml");
  ASSERT_TRUE(two_gpus.ok()) << two_gpus.status().message();
  EXPECT_EQ(clusters[1], *two_gpus);
}

TEST(RentTest, FilterByGpuAndSize) {
  const std::vector<Offer> offers = Offers();
  EXPECT_EQ(Candidates(offers, {}).size(), 8u);  // 5 h100 + 2 a100 + 1 l4
  std::vector<std::string> names;
  for (const Candidate& c : Candidates(offers, {.gpu = "a100-sxm-80gb"})) {
    names.push_back(c.cluster.name);
    EXPECT_EQ(c.offer, 1);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"a100-1x8", "a100-2x8"}));
  EXPECT_EQ(Candidates(offers, {.gpu = "", .max_gpus = 4}).size(), 3u);  // h100 1x1, 1x2, 1x4
}

// One row per cluster, each the cluster's first plan as `fitplan plan` ranks them.
TEST(RentTest, EveryRowIsTheSearchsFirstPlanOnItsCluster) {
  const std::vector<Offer> offers = Offers();
  const ModelSpec& model = Model("llama-3.1-8b");
  const RentResult r = Rent(model, Job{}, offers, RentOptions{});
  ASSERT_FALSE(r.rows.empty());
  EXPECT_EQ(r.stats.candidates, 8);
  for (const RentRow& row : r.rows) {
    const Workload w = MakeWorkload(model, Job{}, row.candidate.cluster);
    const Topology topology(w.cluster);
    const SearchResult direct = Search(w, topology, SearchOptions{});
    ASSERT_FALSE(direct.plans.empty()) << row.candidate.cluster.name;
    EXPECT_EQ(row.best.plan, direct.plans[0].plan) << row.candidate.cluster.name;
    EXPECT_EQ(row.best.cost.usd, direct.plans[0].cost.usd) << row.candidate.cluster.name;
  }
  for (size_t i = 1; i < r.rows.size(); ++i) {
    EXPECT_TRUE(RentRanksBefore(r.rows[i - 1], r.rows[i])) << i;
  }
}

// Searching later clusters only for plans cheaper than the last row changes nothing.
TEST(RentTest, SkippingWhatCannotEnterKeepsTheRows) {
  const std::vector<Offer> offers = Offers();
  RentOptions skip, full;
  skip.top = full.top = 3;  // so that the rows fill and the skip starts
  full.skip = false;
  const RentResult a = Rent(Model("llama-3.1-8b"), Job{}, offers, skip);
  const RentResult b = Rent(Model("llama-3.1-8b"), Job{}, offers, full);
  EXPECT_EQ(RowsText(a.rows), RowsText(b.rows));
  // Nor does the number of clusters searched at once (the order rows arrive in).
  skip.search.threads = 1;
  EXPECT_EQ(RowsText(Rent(Model("llama-3.1-8b"), Job{}, offers, skip).rows), RowsText(a.rows));
  EXPECT_EQ(a.rows.size(), 3u);
  EXPECT_GT(a.stats.outranked, 0);
  EXPECT_EQ(b.stats.outranked, 0);
}

// Issue 8: making one GPU type cheaper never makes the chosen job cost more.
TEST(RentTest, CheaperGpuNeverRaisesTheChosenCost) {
  const std::vector<Offer> offers = Offers();
  const ModelSpec& model = Model("llama-3.1-8b");
  RentOptions options;
  options.top = 1;
  const RentResult before = Rent(model, Job{}, offers, options);
  ASSERT_EQ(before.rows.size(), 1u);
  for (size_t i = 0; i < offers.size(); ++i) {
    std::vector<Offer> cheaper = offers;
    cheaper[i].machine.price_per_gpu_hour *= 0.5;
    const RentResult after = Rent(model, Job{}, cheaper, options);
    ASSERT_EQ(after.rows.size(), 1u) << offers[i].name;
    EXPECT_LE(after.rows[0].best.cost.usd, before.rows[0].best.cost.usd) << offers[i].name;
  }
}

// Full fine-tuning of llama-3.1-8b on H100-80GB, bf16-mixed AdamW without offload, keeps
// 16 B/param (2 weights + 2 grads + 4 master + 8 moments; cost-model.md §3) × 8.03e9 = 128.5e9 B
// = 119.7 GiB of states; sharded over 1 GPU that exceeds 80 GiB, so the answer needs ≥ 2 GPUs,
// and every smaller candidate must have no plan that fits with margin.
TEST(RentTest, MinGpusIsTheFewestGpusWithAPlanThatFits) {
  const std::vector<Offer> offers = Offers();
  const ModelSpec& model = Model("llama-3.1-8b");
  RentOptions options;
  options.filter.gpu = "h100-sxm-80gb";
  options.search.fix.methods = 1u << int(Method::kFull);
  options.search.fix.offloads = 1u << int(Offload::kNone);
  options.search.fix.precisions = 1u << int(Precision::kBf16Mixed);
  options.search.fix.optimizers = 1u << int(Optimizer::kAdamW);
  const MinGpusResult r = MinGpus(model, Job{}, offers, options);
  ASSERT_TRUE(r.fits.has_value());
  const int64_t gpus = r.fits->candidate.cluster.total_gpus();
  EXPECT_GE(gpus, 2);
  EXPECT_EQ(r.fits->best.verdict, Verdict::kFits);
  EXPECT_EQ(r.fits->best.plan.method, Method::kFull);
  for (const Candidate& c : Candidates(offers, options.filter)) {
    if (c.cluster.total_gpus() >= gpus) continue;
    const Workload w = MakeWorkload(model, Job{}, c.cluster);
    const Topology topology(w.cluster);
    SearchOptions search = options.search;
    search.top = 1;
    const SearchResult direct = Search(w, topology, search);
    EXPECT_TRUE(direct.plans.empty() || direct.plans[0].verdict != Verdict::kFits)
        << c.cluster.name;
  }
}

}  // namespace
}  // namespace fitplan
