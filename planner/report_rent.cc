#include "planner/report_rent.h"

#include <cassert>
#include <cstdio>
#include <set>
#include <vector>

#include "hardware/gpu_catalog.h"
#include "planner/core/units.h"
#include "planner/report_json.h"

namespace fitplan {
namespace {

using nlohmann::ordered_json;

std::string Printf(const char* format, double value) {
  char text[64];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

// "1 GPU", "8 GPUs".
std::string Count(int64_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string Shape(const Cluster& c) {
  return std::to_string(c.nodes) + "x" + std::to_string(c.gpus_per_node);
}

std::string JobLine(const RentContext& x) {
  return x.model.name + ", seq " + std::to_string(x.job.seq_len) + ", global batch " +
         std::to_string(x.job.global_batch) + ", " + Printf("%.3g", x.job.train_tokens) +
         " tokens" + (x.job.attention == AttentionKind::kEager ? ", eager attention" : "");
}

// A catalog GPU by name; any other as the cluster YAML's custom-GPU map.
ordered_json GpuJson(const GpuSpec& g) {
  if (const GpuSpec* catalog = FindGpu(g.name); catalog && *catalog == g) return g.name;
  return {{"name", g.name},
          {"memory_gb", g.memory_bytes / kGiB},
          {"bf16_tflops", g.bf16_flops / kTera},
          {"fp16_tflops", g.fp16_flops / kTera},
          {"tf32_tflops", g.tf32_flops / kTera},
          {"fp32_tflops", g.fp32_flops / kTera},
          {"fp8_tflops", g.fp8_flops / kTera},
          {"hbm_bandwidth_gbps", g.hbm_bytes_per_s / kGB},
          {"nvlink_bandwidth_gbps", g.nvlink_bytes_per_s / kGB},
          {"pcie_bandwidth_gbps", g.pcie_bytes_per_s / kGB}};
}

// The cluster in the keys and units of the cluster YAML, which reads it back to the same Cluster.
ordered_json ClusterJson(const Cluster& c) {
  ordered_json j = {{"name", c.name},
                    {"gpu", GpuJson(c.gpu)},
                    {"nodes", c.nodes},
                    {"gpus_per_node", c.gpus_per_node},
                    {"intra_node",
                     {{"kind", kLinkKindNames[int(c.intra_node.kind)]},
                      {"bandwidth_gbps", c.intra_node.bytes_per_s / kGB}}}};
  if (c.nodes > 1) {
    ordered_json inter = {{"kind", kLinkKindNames[int(c.inter_node.kind)]},
                          {"bandwidth_gbps", c.inter_node.bytes_per_s / kGB}};
    if (c.inter_node.nics > 0) inter["nics"] = c.inter_node.nics;
    inter["oversubscription"] = c.inter_node.oversubscription;
    j["inter_node"] = inter;
  }
  j["cpu_ram_gb"] = c.cpu_ram_bytes_per_node / kGiB;
  j["nvme_gb"] = c.nvme_bytes_per_node / kGiB;
  j["price_per_gpu_hour"] = c.price_per_gpu_hour;
  return j;
}

ordered_json RowJson(const RentRow& row, std::span<const Offer> offers) {
  const Offer& offer = offers[size_t(row.candidate.offer)];
  ordered_json j = EstimateJson(row.best);
  j["cluster"] = ClusterJson(row.candidate.cluster);
  j["offer"] = {{"name", offer.name},
                {"provider", offer.provider},
                {"price_date", offer.price_date},
                {"source", offer.source},
                {"note", offer.note}};
  return j;
}

ordered_json OptionalRowJson(const std::optional<RentRow>& row, std::span<const Offer> offers) {
  return row ? RowJson(*row, offers) : ordered_json(nullptr);
}

// `first`: the first column's name ("#" for ranks, "GPUs" for --min-gpus).
std::string TableHeader(const char* first) {
  char line[160];
  std::snprintf(line, sizeof line, "%4s  %-16s %-14s %5s %7s %9s %6s %8s  %s\n", first, "offer",
                "GPU", "shape", "$/GPU-h", "GPU GiB", "hours", "USD", "verdict");
  return line;
}

// One row on two lines: the cluster and the numbers, then the plan's recipe.
std::string TableRow(const std::string& label, const RentRow& row, std::span<const Offer> offers) {
  const std::vector<std::string> c = RentCells(row, offers);
  char line[240];
  std::snprintf(line, sizeof line, "%4s  %-16s %-14s %5s %7s %9s %6s %8s  %s\n", label.c_str(),
                c[0].c_str(), c[1].c_str(), c[2].c_str(), c[3].c_str(), c[4].c_str(),
                c[5].c_str(), c[6].c_str(), c[7].c_str());
  return line + ("      " + RecipeLine(row.best.plan) + "\n");
}

std::string MarkdownHeader() {
  return "| # | offer | GPU | shape | $/GPU-h | recipe | GPU GiB | hours | USD | verdict |\n"
         "|---|---|---|---|---|---|---|---|---|---|\n";
}

std::string MarkdownRow(const std::string& label, const RentRow& row,
                        std::span<const Offer> offers) {
  std::vector<std::string> c = RentCells(row, offers);
  c.insert(c.begin() + 4, RecipeLine(row.best.plan));
  std::string out = "| " + label;
  for (const std::string& cell : c) out += " | " + cell;
  return out + " |\n";
}

std::string RentTable(const RentContext& x, const RentResult& r) {
  std::string out = JobLine(x) + ": " + std::to_string(r.stats.candidates) + " clusters from " +
                    std::string(x.offers_file) + ", cheapest job first\n\n";
  std::vector<const RentRow*> rows;
  if (r.rows.empty()) {
    out += "No cluster on offer fits the job (within --max-hours and --max-gpus).\n";
  } else {
    out += TableHeader("#");
    for (size_t i = 0; i < r.rows.size(); ++i) {
      out += TableRow(std::to_string(i + 1), r.rows[i], x.offers);
      rows.push_back(&r.rows[i]);
    }
  }
  return out + "\n" + PriceNote(x, rows) + RentStatsLine(r.stats);
}

std::vector<std::pair<std::string, const RentRow*>> MinGpusRows(const MinGpusResult& r) {
  std::vector<std::pair<std::string, const RentRow*>> rows;
  if (r.tight) rows.emplace_back("tight", &*r.tight);
  if (r.fits) rows.emplace_back("fits", &*r.fits);
  return rows;
}

std::string MinGpusTable(const RentContext& x, std::string_view gpu, const MinGpusResult& r) {
  std::string out = JobLine(x) + ": the fewest " + std::string(gpu) + " GPUs on offer in " +
                    std::string(x.offers_file) + " that fit\n\n";
  if (r.fits) {
    out += "Fits on " + Count(r.fits->candidate.cluster.total_gpus(), "GPU") + " (" +
           r.fits->candidate.cluster.name + ").\n";
  } else {
    out += "No plan fits with margin on up to " + Count(r.largest_tried, "GPU") + ".\n";
  }
  if (r.tight) {
    out += "Fits only tight (the central memory estimate fits, its upper estimate does not) on " +
           Count(r.tight->candidate.cluster.total_gpus(), "GPU") + " (" +
           r.tight->candidate.cluster.name + ").\n";
  }
  std::vector<const RentRow*> rows;
  if (r.fits || r.tight) {
    out += "\n" + TableHeader("GPUs");
    for (const auto& [label, row] : MinGpusRows(r)) {
      out += TableRow(std::to_string(row->candidate.cluster.total_gpus()), *row, x.offers);
      rows.push_back(row);
    }
  }
  return out + "\n" + PriceNote(x, rows) + MinGpusStatsLine(r);
}

}  // namespace

std::vector<std::string> RentCells(const RentRow& row, std::span<const Offer> offers) {
  const Cluster& c = row.candidate.cluster;
  const Estimate& e = row.best;
  return {offers[size_t(row.candidate.offer)].name,
          c.gpu.name,
          Shape(c),
          Printf("%.2f", c.price_per_gpu_hour),
          Printf("%.1f", e.memory.gpu_peak_bytes / kGiB) + "/" +
              Printf("%.0f", e.memory.gpu_usable_bytes / kGiB),
          Printf("%.1f", e.cost.training_hours),
          Printf("%.0f", e.cost.usd),
          kVerdictNames[int(e.verdict)]};
}

std::string PriceNote(const RentContext& x, const std::vector<const RentRow*>& rows) {
  std::set<std::string> dates;
  for (const RentRow* row : rows) dates.insert(x.offers[size_t(row->candidate.offer)].price_date);
  if (dates.empty()) return "";
  std::string span = *dates.begin();
  if (dates.size() > 1) span += " to " + *dates.rbegin();
  return "Prices: example list prices from " + std::string(x.offers_file) + ", dated " + span +
         "; edit them to your quotes.\n";
}

std::string RentStatsLine(const RentStats& s) {
  char line[240];
  std::snprintf(line, sizeof line,
                "searched %d clusters in %.2f s (%d outranked by the rows above, %d without a "
                "plan that fits the limits); %.2f M plans evaluated, %.2f M pruned\n",
                s.candidates, s.seconds, s.outranked, s.without_plan, s.plans_evaluated / 1e6,
                s.plans_pruned / 1e6);
  return line;
}

std::string MinGpusStatsLine(const MinGpusResult& r) {
  return "searched " + Count(r.searched, "cluster") + " (up to " + Count(r.largest_tried, "GPU") +
         ") in " + Printf("%.2f", r.seconds) + " s\n";
}

std::string FormatRent(const RentContext& x, const RentResult& r, Format format) {
  if (format == Format::kJson) {
    ordered_json plans = ordered_json::array();
    for (const RentRow& row : r.rows) plans.push_back(RowJson(row, x.offers));
    const RentStats& s = r.stats;
    const ordered_json stats = {{"clusters", s.candidates},
                                {"outranked", s.outranked},
                                {"without_plan", s.without_plan},
                                {"evaluated", s.plans_evaluated},
                                {"pruned", s.plans_pruned},
                                {"seconds", s.seconds}};
    return JsonText(ordered_json{{"plans", plans}, {"stats", stats}}, 2) + "\n";
  }
  if (format == Format::kMarkdown) {
    std::string out = MarkdownHeader();
    for (size_t i = 0; i < r.rows.size(); ++i) {
      out += MarkdownRow(std::to_string(i + 1), r.rows[i], x.offers);
    }
    return out;
  }
  assert(format == Format::kTable);  // REQUIRES: table, json or markdown
  return RentTable(x, r);
}

std::string FormatMinGpus(const RentContext& x, std::string_view gpu, const MinGpusResult& r,
                          Format format) {
  if (format == Format::kJson) {
    const ordered_json stats = {
        {"searched", r.searched}, {"largest_gpus", r.largest_tried}, {"seconds", r.seconds}};
    return JsonText(ordered_json{{"gpu", gpu},
                                 {"fits", OptionalRowJson(r.fits, x.offers)},
                                 {"tight", OptionalRowJson(r.tight, x.offers)},
                                 {"stats", stats}},
                    2) +
           "\n";
  }
  if (format == Format::kMarkdown) {
    std::string out = MarkdownHeader();
    for (const auto& [label, row] : MinGpusRows(r)) out += MarkdownRow(label, *row, x.offers);
    return out;
  }
  assert(format == Format::kTable);  // REQUIRES: table, json or markdown
  return MinGpusTable(x, gpu, r);
}

}  // namespace fitplan
