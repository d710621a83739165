// Offers YAML (planner/offers_loader.h) → offers. The machine fields go through the cluster
// loader's ReadClusterFields, so their checks and messages are the cluster YAML's.
#include "planner/offers_loader.h"

#include <algorithm>
#include <cctype>

#include "hardware/cluster_loader.h"
#include "hardware/yaml_parse.h"
#include "planner/core/config_node.h"

namespace fitplan {
namespace {

bool IsAbsent(const ConfigNode* v) { return !v || v->kind == ConfigNode::Kind::kNull; }

// YYYY-MM or YYYY-MM-DD, digits where digits go (the calendar itself is not checked).
bool IsDate(std::string_view text) {
  if (text.size() != 7 && text.size() != 10) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? text[i] != '-' : !std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

Status ReadName(const FieldReader& r, std::string* name) {
  if (Status s = r.String("name", name, /*required=*/true); !s.ok()) return s;
  if (name->empty() || name->find_first_of(" \t/") != std::string::npos) {
    return r.Error("name", "'" + *name + "' is not a label; expected one word such as lambda-h100");
  }
  return Status::Ok();
}

Status ReadPriceDate(const FieldReader& r, std::string* date) {
  if (IsAbsent(r.node().Find("price_date"))) {
    return r.Error("price_date",
                   "missing; expected the month the price was published, YYYY-MM (prices change)");
  }
  if (Status s = r.String("price_date", date); !s.ok()) return s;
  if (!IsDate(*date)) {
    return r.Error("price_date", "'" + *date + "' is not a date; expected YYYY-MM or YYYY-MM-DD");
  }
  return Status::Ok();
}

// `gpu_counts: [1, 2, 4, 8]`: integers from 1 to gpus_per_node; those below it are kept.
Status ReadGpuCounts(const FieldReader& r, int32_t gpus_per_node, std::vector<int32_t>* out) {
  const ConfigNode* v = r.node().Find("gpu_counts");
  if (IsAbsent(v)) return Status::Ok();
  if (v->kind != ConfigNode::Kind::kSequence) {
    return r.Error("gpu_counts", "expected a list of GPU counts such as [1, 2, 4, 8]");
  }
  for (const ConfigNode& item : v->sequence) {
    const std::string expected = "expected integers from 1 to " + std::to_string(gpus_per_node) +
                                 " (gpus_per_node)";
    char* end = nullptr;
    const long count = item.kind == ConfigNode::Kind::kScalar && !item.quoted
                           ? std::strtol(item.scalar.c_str(), &end, 10)
                           : 0;
    if (end == nullptr || *end != '\0' || item.scalar.empty() || count < 1 ||
        count > gpus_per_node) {
      const std::string text = item.kind == ConfigNode::Kind::kScalar ? item.scalar : "(not a scalar)";
      return r.Error("gpu_counts", "'" + text + "' is not a GPU count; " + expected);
    }
    if (count < gpus_per_node) out->push_back(int32_t(count));
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
  return Status::Ok();
}

Status ReadOffer(const ConfigNode& map, std::string_view file, std::string_view prefix,
                 Offer* offer) {
  const FieldReader r(map, file, prefix);
  Status s = r.RejectUnknownKeys({"name", "provider", "gpu", "gpus_per_node", "max_nodes",
                                  "gpu_counts", "intra_node", "inter_node", "cpu_ram_gb", "nvme_gb",
                                  "price_per_gpu_hour", "price_date", "source", "note"});
  if (s.ok()) s = ReadName(r, &offer->name);
  if (s.ok()) s = r.String("provider", &offer->provider);
  if (s.ok()) s = ReadClusterFields(r, {"max_nodes", kDefaultMaxNodes}, &offer->machine);
  if (s.ok()) s = ReadGpuCounts(r, offer->machine.gpus_per_node, &offer->partial_gpu_counts);
  if (s.ok() && IsAbsent(map.Find("price_per_gpu_hour"))) {
    s = r.Error("price_per_gpu_hour", "missing; expected USD per GPU-hour (a number ≥ 0)");
  }
  if (s.ok()) s = ReadPriceDate(r, &offer->price_date);
  if (s.ok()) s = r.String("source", &offer->source);
  if (s.ok()) s = r.String("note", &offer->note);
  offer->machine.name = offer->name;
  return s;
}

}  // namespace

StatusOr<std::vector<Offer>> ParseOffersYaml(std::string_view yaml_text, std::string_view file) {
  StatusOr<ConfigNode> root = ParseYaml(yaml_text, file);
  if (!root.ok()) return root.status();
  if (root->kind != ConfigNode::Kind::kMap) {
    return ErrorAt(file, root->position, "", "expected a map with an offers list");
  }
  const FieldReader r(*root, file);
  if (Status s = r.RejectUnknownKeys({"offers"}); !s.ok()) return s;
  const ConfigNode* list = root->Find("offers");
  if (IsAbsent(list)) return r.Error("offers", "missing; expected a list of offers");
  if (list->kind != ConfigNode::Kind::kSequence || list->sequence.empty()) {
    return r.Error("offers", "expected a non-empty list of offers");
  }
  std::vector<Offer> offers;
  for (size_t i = 0; i < list->sequence.size(); ++i) {
    const ConfigNode& item = list->sequence[i];
    const std::string prefix = "offers[" + std::to_string(i) + "]";
    if (item.kind != ConfigNode::Kind::kMap) {
      return ErrorAt(file, item.position, prefix,
                        "expected a map of offer fields (name, gpu, gpus_per_node, ...)");
    }
    Offer offer;
    if (Status s = ReadOffer(item, file, prefix + ".", &offer); !s.ok()) return s;
    for (size_t j = 0; j < offers.size(); ++j) {
      if (offers[j].name != offer.name) continue;
      return ErrorAt(file, item.Find("name")->key_position, prefix + ".name",
                        "'" + offer.name + "' is already the name of offers[" + std::to_string(j) +
                            "]; expected a unique name");
    }
    offers.push_back(std::move(offer));
  }
  return offers;
}

StatusOr<std::vector<Offer>> LoadOffers(const std::string& path) {
  StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return ParseOffersYaml(*text, path);
}

}  // namespace fitplan
