#include "planner/offers_loader.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "hardware/cluster_loader.h"
#include "planner/core/units.h"

namespace fitplan {
namespace {

const char kOffer[] = R"(offers:
  - name: lab-h100
    provider: Our lab
    gpu: h100-sxm-80gb
    gpus_per_node: 8
    gpu_counts: [8, 1, 2, 4, 2]
    max_nodes: 4
    intra_node: { kind: nvswitch, bandwidth_gbps: 450 }
    inter_node: { kind: infiniband, nics: 8, nic_bandwidth_gbps: 50 }
    cpu_ram_gb: 2048
    price_per_gpu_hour: 2.50
    price_date: 2026-11
    source: https://example.com/pricing
    note: example list price, edit
)";

std::vector<Offer> Parse(const std::string& yaml) {
  StatusOr<std::vector<Offer>> offers = ParseOffersYaml(yaml, "offers.yaml");
  EXPECT_TRUE(offers.ok()) << offers.status().message();
  return offers.ok() ? *offers : std::vector<Offer>{};
}

std::string Error(const std::string& yaml) {
  StatusOr<std::vector<Offer>> offers = ParseOffersYaml(yaml, "offers.yaml");
  return offers.ok() ? "(no error)" : offers.status().message();
}

// `yaml` with `from` replaced by `to` (removed when `to` is empty).
std::string Edit(std::string yaml, const std::string& from, const std::string& to) {
  const size_t at = yaml.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) yaml.replace(at, from.size(), to);
  return yaml;
}

std::string With(const std::string& from, const std::string& to) { return Edit(kOffer, from, to); }

const char kFabric[] = "    inter_node: { kind: infiniband, nics: 8, nic_bandwidth_gbps: 50 }\n";

TEST(OffersLoaderTest, ReadsEveryField) {
  const std::vector<Offer> offers = Parse(kOffer);
  ASSERT_EQ(offers.size(), 1u);
  const Offer& o = offers[0];
  EXPECT_EQ(o.name, "lab-h100");
  EXPECT_EQ(o.provider, "Our lab");
  EXPECT_EQ(o.machine.name, "lab-h100");
  EXPECT_EQ(o.machine.nodes, 4);  // max_nodes
  EXPECT_EQ(o.machine.gpus_per_node, 8);
  EXPECT_EQ(o.machine.inter_node.bytes_per_s, 400e9);  // 8 NICs × 50 GB/s
  EXPECT_EQ(o.machine.cpu_ram_bytes_per_node, 2048 * kGiB);
  EXPECT_EQ(o.machine.price_per_gpu_hour, 2.50);
  // Sorted, duplicates dropped, the full node (8) left to the node counts.
  EXPECT_EQ(o.partial_gpu_counts, (std::vector<int32_t>{1, 2, 4}));
  EXPECT_EQ(o.price_date, "2026-11");
  EXPECT_EQ(o.source, "https://example.com/pricing");
  EXPECT_EQ(o.note, "example list price, edit");
}

// The machine fields go through the cluster loader: an offer means what a cluster file means.
TEST(OffersLoaderTest, MachineIsTheClusterLoadersCluster) {
  const StatusOr<Cluster> cluster = ParseClusterYaml(R"(name: lab-h100
gpu: h100-sxm-80gb
nodes: 4
gpus_per_node: 8
intra_node: { kind: nvswitch, bandwidth_gbps: 450 }
inter_node: { kind: infiniband, nics: 8, nic_bandwidth_gbps: 50 }
cpu_ram_gb: 2048
price_per_gpu_hour: 2.50
)", "lab.yaml");
  ASSERT_TRUE(cluster.ok()) << cluster.status().message();
  EXPECT_EQ(Parse(kOffer)[0].machine, *cluster);
}

TEST(OffersLoaderTest, MaxNodesDefaultsTo64AndOneNodeNeedsNoFabric) {
  EXPECT_EQ(Parse(With("    max_nodes: 4\n", ""))[0].machine.nodes, kDefaultMaxNodes);
  const Offer one = Parse(Edit(With("max_nodes: 4", "max_nodes: 1"), kFabric, ""))[0];
  EXPECT_EQ(one.machine.nodes, 1);
  EXPECT_EQ(one.machine.inter_node, LinkSpec{});
}

// One edit of kOffer and the whole message it must give.
struct BadOffer {
  const char* from;
  const char* to;
  const char* message;
};

const BadOffer kBadOffers[] = {
    {"max_nodes: 4", "max_node: 4",
     "offers.yaml:7:5: offers[0].max_node: unknown key; did you mean 'max_nodes'?"},
    {"gpu: h100-sxm-80gb", "gpu: h100",
     "offers.yaml:4:5: offers[0].gpu: unknown GPU 'h100'; did you mean 'h100-sxm-80gb'?"},
    {"    price_date: 2026-11\n", "",
     "offers.yaml:2:5: offers[0].price_date: missing; expected the month the price was published, "
     "YYYY-MM (prices change)"},
    {"price_date: 2026-11", "price_date: Nov 2026",
     "offers.yaml:12:5: offers[0].price_date: 'Nov 2026' is not a date; expected YYYY-MM or "
     "YYYY-MM-DD"},
    {"    price_per_gpu_hour: 2.50\n", "",
     "offers.yaml:2:5: offers[0].price_per_gpu_hour: missing; expected USD per GPU-hour (a number "
     "≥ 0)"},
    {"[8, 1, 2, 4, 2]", "[1, 16]",
     "offers.yaml:6:5: offers[0].gpu_counts: '16' is not a GPU count; expected integers from 1 to 8 "
     "(gpus_per_node)"},
    {kFabric, "",
     "offers.yaml:7:5: offers[0].inter_node: missing; required when max_nodes > 1 (kind and "
     "bandwidth_gbps per node)"},
    {"kind: nvswitch", "kind: nvswitc",
     "offers.yaml:8:19: offers[0].intra_node.kind: unknown kind 'nvswitc'; did you mean 'nvswitch'?"},
    {"name: lab-h100", "name: lab h100",
     "offers.yaml:2:5: offers[0].name: 'lab h100' is not a label; expected one word such as "
     "lambda-h100"},
};

TEST(OffersLoaderTest, ErrorsNameTheFileLineAndField) {
  for (const BadOffer& bad : kBadOffers) {
    EXPECT_EQ(Error(With(bad.from, bad.to)), bad.message) << bad.from;
  }
  // The same offer twice: line 15 is the second "- name:".
  const std::string twice = std::string(kOffer) + std::string(kOffer).substr(sizeof "offers:");
  EXPECT_EQ(Error(twice),
            "offers.yaml:15:5: offers[1].name: 'lab-h100' is already the name of offers[0]; "
            "expected a unique name");
  EXPECT_EQ(Error("offers: []\n"), "offers.yaml:1:1: offers: expected a non-empty list of offers");
  EXPECT_EQ(Error("offer: []\n"), "offers.yaml:1:1: offer: unknown key; did you mean 'offers'?");
}

// configs/offers.yaml: at least 10 GPU types (issue 8), every price dated, sourced and marked as
// an example.
TEST(OffersLoaderTest, ShippedOffersAreDatedSourcedExamples) {
  const StatusOr<std::vector<Offer>> offers =
      LoadOffers(std::string(FITPLAN_SOURCE_DIR) + "/configs/offers.yaml");
  ASSERT_TRUE(offers.ok()) << offers.status().message();
  std::set<std::string> gpus;
  for (const Offer& o : *offers) {
    gpus.insert(o.machine.gpu.name);
    EXPECT_GT(o.machine.price_per_gpu_hour, 0) << o.name;
    EXPECT_EQ(o.price_date.size(), 7u) << o.name;
    EXPECT_EQ(o.source.rfind("https://", 0), 0u) << o.name;
    EXPECT_NE(o.note.find("example"), std::string::npos) << o.name;
  }
  EXPECT_GE(gpus.size(), 10u);
}

}  // namespace
}  // namespace fitplan
