// Human-readable renderings: the ranked table, CSV, Markdown and the single-plan breakdown.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "planner/core/units.h"
#include "planner/report.h"
#include "planner/text_columns.h"

namespace fitplan {
namespace {

std::string Printf(const char* format, double a, double b = 0) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, a, b);
  return buf;
}

// The width the human table promises (README: every line of `fitplan estimate` fits a terminal).
constexpr size_t kReportColumns = 80;

std::string Gib(double bytes) { return Printf("%.1f", bytes / kGiB); }

// One row of cells per plan, shared by the table, CSV and Markdown.
const std::vector<std::string> kColumns = {"#",      "recipe", "GPU GiB", "of",   "RAM GiB/node",
                                           "step s", "tok/s",  "MFU",     "hours", "USD"};

std::vector<std::string> Row(size_t rank, const Estimate& e) {
  const std::string mark = e.verdict == Verdict::kTight ? " (tight)" : "";
  return {std::to_string(rank),
          RecipeLine(e.plan) + mark,
          Gib(e.memory.gpu_peak_bytes),
          Gib(e.memory.gpu_usable_bytes),
          Gib(e.memory.cpu_ram_per_node_bytes),
          Printf("%.2f", e.time.step_seconds),
          Printf("%.0f", e.time.tokens_per_second),
          Printf("%.1f%%", 100 * e.time.mfu),
          Printf("%.1f", e.cost.training_hours),
          Printf("%.0f", e.cost.usd)};
}

std::string Join(const std::vector<std::string>& cells, const std::string& sep) {
  std::string s;
  for (size_t i = 0; i < cells.size(); ++i) s += (i ? sep : "") + cells[i];
  return s;
}

std::string CsvCell(const std::string& s) {
  if (s.find_first_of(",\"") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// Aligned columns: recipe on its own line when the row would pass 80 columns.
std::string Table(const std::vector<Estimate>& plans) {
  std::string out;
  char line[160];
  std::snprintf(line, sizeof line, "%3s  %-9s %-11s %7s %7s %6s %6s %8s\n", "#", "GPU GiB",
                "RAM GiB/nd", "step s", "tok/s", "MFU", "hours", "USD");
  out += line;
  for (size_t i = 0; i < plans.size(); ++i) {
    const Estimate& e = plans[i];
    out += Printf("%3.0f  ", double(i + 1)) + RecipeLine(e.plan) +
           (e.verdict == Verdict::kTight ? "  [tight]" : "") + "\n";
    std::snprintf(line, sizeof line, "     %-9s %-11s %7.2f %7.0f %5.1f%% %6.1f %8.0f\n",
                  (Gib(e.memory.gpu_peak_bytes) + "/" + Printf("%.0f", e.memory.gpu_usable_bytes / kGiB)).c_str(),
                  Gib(e.memory.cpu_ram_per_node_bytes).c_str(), e.time.step_seconds,
                  e.time.tokens_per_second, 100 * e.time.mfu, e.cost.training_hours, e.cost.usd);
    out += line;
  }
  return out;
}

std::string Delimited(const std::vector<Estimate>& plans, bool markdown) {
  std::string out;
  if (markdown) {
    out += "| " + Join(kColumns, " | ") + " |\n|";
    for (size_t i = 0; i < kColumns.size(); ++i) out += "---|";
    out += "\n";
  } else {
    out += Join(kColumns, ",") + "\n";
  }
  for (size_t i = 0; i < plans.size(); ++i) {
    std::vector<std::string> cells = Row(i + 1, plans[i]);
    if (markdown) {
      out += "| " + Join(cells, " | ") + " |\n";
    } else {
      for (std::string& c : cells) c = CsvCell(c);
      out += Join(cells, ",") + "\n";
    }
  }
  return out;
}

std::string StatsLine(const SearchStats& s) {
  char line[200];
  std::snprintf(line, sizeof line,
                "searched %lld of %lld plans (%lld evaluated, %lld pruned, %lld fit) in %.3f s: "
                "%.2f M plans/s on %d threads\n",
                (long long)(s.evaluated + s.pruned), (long long)s.space, (long long)s.evaluated,
                (long long)s.pruned,
                (long long)s.feasible, s.seconds, s.plans_per_second / 1e6, s.threads);
  if (!s.cut.empty()) return line + ("search cut short by the " + s.cut + "\n");
  return line;
}

std::string Bar(double part, double whole, int width) {
  const int n = whole > 0 ? int(part / whole * width + 0.5) : 0;
  return std::string(size_t(std::min(std::max(n, 0), width)), '#');
}

// "  [#########.........|.....] 29.3 / 79.2 GiB usable, high 59.1 at |": the peak against the
// usable capacity, one cell per 1/kCells of it; '|' marks the high estimate when it fits in the
// bar, and the legend for it is left out when the line would pass 80 columns.
std::string CapacityBar(const MemoryLedger& m) {
  constexpr int kCells = 36;
  const double usable = m.gpu_usable_bytes;
  std::string cells(kCells, '.');
  const int peak_cells = usable > 0 ? int(m.gpu_peak_bytes / usable * kCells + 0.5) : kCells;
  for (int i = 0; i < std::min(peak_cells, kCells); ++i) cells[size_t(i)] = '#';
  const bool high_in_bar = usable > 0 && m.gpu_peak_high_bytes <= usable;
  if (high_in_bar) {
    const int at = std::min(int(m.gpu_peak_high_bytes / usable * kCells), kCells - 1);
    cells[size_t(at)] = '|';
  }
  std::string line = "  [" + cells + "] " + Gib(m.gpu_peak_bytes) + " / " + Gib(usable) +
                     " GiB usable";
  const std::string high = high_in_bar ? ", high " + Gib(m.gpu_peak_high_bytes) + " at |"
                                       : ", high " + Gib(m.gpu_peak_high_bytes);
  if (Columns(line + high) <= kReportColumns) line += high;
  return line + "\n";
}

}  // namespace

std::string RecipeLine(const Plan& p) {
  std::string s(Name(p.method));
  if (p.uses_lora()) {
    s += " r" + std::to_string(p.lora_rank);
    if (p.lora_targets == LoraTargets::kAttention) s += " attn";
  }
  s += " · " + std::string(Name(p.precision)) + " · " + std::string(Name(p.optimizer)) + " · " +
       std::string(Name(p.sharding));
  if (p.offload != Offload::kNone) s += "+" + std::string(Name(p.offload));
  s += " · ckpt=" + std::string(Name(p.checkpointing));
  s += " · tp" + std::to_string(p.tp) + (p.sp ? "+sp" : "") + " pp" + std::to_string(p.pp);
  if (p.vpp > 1) s += " vpp" + std::to_string(p.vpp);
  if (p.cp > 1) s += " cp" + std::to_string(p.cp);
  if (p.ep > 1) s += " ep" + std::to_string(p.ep);
  s += " dp" + std::to_string(p.dp) + " · mb" + std::to_string(p.micro_batch) + "×ga" +
       std::to_string(p.grad_accum);
  return s;
}

std::string FormatSearch(const Workload& w, const SearchResult& r, Format format,
                         bool show_stats) {
  switch (format) {
    case Format::kJson:
      return SearchJsonText(r);
    case Format::kYaml:
      return SearchYamlText(r);
    case Format::kCsv:
      return Delimited(r.plans, false);
    case Format::kMarkdown:
      return Delimited(r.plans, true) + (show_stats ? "\n" + StatsLine(r.stats) : "");
    case Format::kTable:
      break;
  }
  std::string out = w.model.name + " on " + w.cluster.name + " (" +
                    std::to_string(w.cluster.total_gpus()) + " × " + w.cluster.gpu.name +
                    "), seq " + std::to_string(w.job.seq_len) + ", global batch " +
                    std::to_string(w.job.global_batch) + ", " +
                    Printf("%.3g", w.job.train_tokens) + " tokens" +
                    (w.job.attention == AttentionKind::kEager ? ", eager attention" : "") + "\n\n";
  if (r.plans.empty() && r.stats.space == 0) {
    out += "No legal plan: the pinned fields (--fix, the job's allow lists) exclude every layout of "
           "this model on this cluster (TP larger than a node needs --allow-cross-node-tp; FP8 "
           "LoRA runs on Megatron; QLoRA has no TP, PP or FP8).\n";
  } else if (r.plans.empty() && r.stats.over_budget > 0) {
    out += "No plan fits within the budget: " + std::to_string(r.stats.over_budget) +
           " plans fit in memory but exceed --max-hours or --max-usd.\n";
  } else if (r.plans.empty()) {
    out += "No plan fits.";
    if (!r.closest.empty()) out += " Closest:\n";
    for (const Estimate& e : r.closest) out += "  " + RecipeLine(e.plan) + "\n    " + ReasonText(e) + "\n";
  } else {
    out += Table(r.plans);
  }
  if (!r.pareto.empty()) {
    out += "\nPareto front (no plan is cheaper, faster and roomier at once), cheapest first:\n" +
           Table(r.pareto);
  }
  if (show_stats || !r.stats.cut.empty()) out += "\n" + StatsLine(r.stats);
  return out;
}

std::string FormatEstimate(const Workload& w, const Estimate& e, Format format) {
  switch (format) {
    case Format::kJson:
      return EstimateJsonText(e);
    case Format::kYaml:
      return EstimateYamlText(e);
    case Format::kCsv:
      return Delimited({e}, false);
    case Format::kMarkdown:
      return Delimited({e}, true);
    case Format::kTable:
      break;
  }
  const MemoryLedger& m = e.memory;
  std::string out = RecipeLine(e.plan) + "\n" + w.model.name + " on " + w.cluster.name + ": " +
                    (e.fits() ? (e.verdict == Verdict::kTight ? "fits (tight)" : "fits")
                              : "does not fit\n  " + ReasonText(e)) + "\n\n";
  out += "GPU memory (peak in " + std::string(kPhaseNames[int(m.peak_phase)]) + ")      GiB\n";
  const MemoryBreakdown& b = m.breakdown;
  const std::pair<const char*, double> rows[] = {
      {"weights", b.weights}, {"gradients", b.gradients}, {"optimizer states", b.optimizer_states},
      {"activations", b.activations}, {"logits/loss", b.logits}, {"comm buffers", b.comm_buffers},
      {"temporary", b.temporary}, {"fragmentation", m.fragmentation_bytes},
      {"runtime (CUDA, NCCL)", m.runtime_overhead_bytes}};
  for (const auto& [name, bytes] : rows) {
    char line[120];
    std::snprintf(line, sizeof line, "  %-22s %7.2f  %s\n", name, bytes / kGiB,
                  Bar(bytes, m.gpu_usable_bytes, 40).c_str());
    out += line;
  }
  out += CapacityBar(m);
  out += "  peak " + Gib(m.gpu_peak_bytes) + " of " + Gib(m.gpu_usable_bytes) + " GiB usable (high estimate " +
         Gib(m.gpu_peak_high_bytes) + ")\n";
  out += "  host RAM per node " + Gib(m.cpu_ram_per_node_bytes) + " of " +
         Gib(m.cpu_ram_capacity_bytes) + " GiB\n    load " + Gib(m.cpu_ram_load_bytes) + " (" +
         kLoadStrategyNames[int(m.load_strategy)] + "), steady " + Gib(m.cpu_ram_steady_bytes) +
         "\n\n";
  const TimeBreakdown& t = e.time.breakdown;
  out += "Step time " + Printf("%.3f", e.time.step_seconds) + " s, " +
         Printf("%.0f", e.time.tokens_per_second) + " tokens/s, MFU " +
         Printf("%.1f%%", 100 * e.time.mfu) + "\n";
  const std::pair<const char*, double> times[] = {
      {"compute", t.compute}, {"recompute", t.recompute}, {"TP comm", t.tp_comm},
      {"CP comm (exposed)", t.cp_comm}, {"EP all-to-all", t.ep_comm},
      {"PP comm", t.pp_comm}, {"DP comm (exposed)", t.dp_comm}, {"PP bubble", t.pp_bubble},
      {"offload", t.offload}, {"optimizer", t.optimizer}};
  for (const auto& [name, seconds] : times) {
    char line[120];
    std::snprintf(line, sizeof line, "  %-22s %8.3f  %s\n", name, seconds,
                  Bar(seconds, e.time.step_seconds, 40).c_str());
    out += line;
  }
  out += "\nTraining " + Printf("%.1f", e.cost.training_hours) + " h, " +
         Printf("%.0f", e.cost.gpu_hours) + " GPU-hours, $" + Printf("%.0f", e.cost.usd) + "\n";
  return WrapToColumns(out, kReportColumns);
}

std::optional<Format> ParseFormat(std::string_view name) {
  if (name == "table") return Format::kTable;
  if (name == "json") return Format::kJson;
  if (name == "yaml") return Format::kYaml;
  if (name == "csv") return Format::kCsv;
  if (name == "markdown") return Format::kMarkdown;
  return std::nullopt;
}

}  // namespace fitplan
