// JSON and YAML renderings of estimates and searches (shared/docs/interface.md "JSON output").
#include "planner/report_json.h"

#include <algorithm>
#include <cmath>

#include "planner/core/engine.h"
#include "planner/report.h"

namespace fitplan {

using nlohmann::ordered_json;

namespace {

// Bytes as integers (the contract's example shows integral bytes); non-finite → 0. Capped at
// 2^59 B (512 PiB, far above any GPU or host) so that int64 holds the value and the sum of the
// breakdown's seven terms: an absurd workload prints as "far too big", not as an overflow.
constexpr double kMaxPrintedBytes = double(int64_t{1} << 59);
int64_t Bytes(double b) {
  if (!std::isfinite(b)) return 0;
  return int64_t(std::llround(std::clamp(b, -kMaxPrintedBytes, kMaxPrintedBytes)));
}
double Finite(double x) { return std::isfinite(x) ? x : 0.0; }

ordered_json PlanJson(const Plan& p) {
  return ordered_json{{"method", Name(p.method)},
                      {"lora_rank", p.lora_rank},
                      {"lora_targets", Name(p.lora_targets)},
                      {"precision", Name(p.precision)},
                      {"optimizer", Name(p.optimizer)},
                      {"sharding", Name(p.sharding)},
                      {"offload", Name(p.offload)},
                      {"checkpointing", Name(p.checkpointing)},
                      {"tp", p.tp},
                      {"pp", p.pp},
                      {"vpp", p.vpp},
                      {"cp", p.cp},
                      {"ep", p.ep},
                      {"dp", p.dp},
                      {"sp", p.sp},
                      {"micro_batch", p.micro_batch},
                      {"grad_accum", p.grad_accum},
                      {"seq_len", p.seq_len},
                      {"order", Name(p.order)}};
}

}  // namespace

ordered_json EstimateJson(const Estimate& e) {
  const MemoryLedger& m = e.memory;
  const MemoryBreakdown& b = m.breakdown;
  // The breakdown is rounded term by term; the allocated total is their sum so the contract's
  // "breakdown sums to gpu_allocated_bytes" holds exactly.
  const int64_t terms[] = {Bytes(b.weights),     Bytes(b.gradients), Bytes(b.optimizer_states),
                           Bytes(b.activations), Bytes(b.logits),    Bytes(b.comm_buffers),
                           Bytes(b.temporary)};
  int64_t allocated = 0;
  for (int64_t t : terms) allocated += t;
  const TimeBreakdown& t = e.time.breakdown;
  return ordered_json{
      {"plan", PlanJson(e.plan)},
      {"engine", std::string(kEngineNames[int(EngineFor(e.plan))])},
      {"fits", e.fits()},
      {"verdict", kVerdictNames[int(e.verdict)]},
      {"reason", ReasonText(e)},
      {"memory",
       {{"gpu_capacity_bytes", Bytes(m.gpu_capacity_bytes)},
        {"gpu_usable_bytes", Bytes(m.gpu_usable_bytes)},
        {"gpu_allocated_bytes", allocated},
        {"gpu_peak_bytes", Bytes(m.gpu_peak_bytes)},
        {"breakdown",
         {{"weights", terms[0]},
          {"gradients", terms[1]},
          {"optimizer_states", terms[2]},
          {"activations", terms[3]},
          {"logits", terms[4]},
          {"comm_buffers", terms[5]},
          {"temporary", terms[6]}}},
        {"peak_phase", kPhaseNames[int(m.peak_phase)]},
        {"fragmentation_bytes", Bytes(m.fragmentation_bytes)},
        {"gpu_peak_high_bytes", Bytes(m.gpu_peak_high_bytes)},
        {"runtime_overhead_bytes", Bytes(m.runtime_overhead_bytes)},
        {"cpu_ram_per_node_bytes", Bytes(m.cpu_ram_per_node_bytes)},
        {"cpu_ram_load_bytes", Bytes(m.cpu_ram_load_bytes)},
        {"cpu_ram_steady_bytes", Bytes(m.cpu_ram_steady_bytes)},
        {"cpu_ram_capacity_bytes", Bytes(m.cpu_ram_capacity_bytes)},
        {"load_strategy", kLoadStrategyNames[int(m.load_strategy)]},
        {"nvme_per_node_bytes", Bytes(m.nvme_per_node_bytes)}}},
      {"time",
       {{"step_seconds", Finite(e.time.step_seconds)},
        {"tokens_per_second", Finite(e.time.tokens_per_second)},
        {"mfu", Finite(e.time.mfu)},
        {"breakdown",
         {{"compute", Finite(t.compute)},
          {"recompute", Finite(t.recompute)},
          {"tp_comm", Finite(t.tp_comm)},
          {"cp_comm", Finite(t.cp_comm)},
          {"ep_comm", Finite(t.ep_comm)},
          {"pp_comm", Finite(t.pp_comm)},
          {"dp_comm", Finite(t.dp_comm)},
          {"pp_bubble", Finite(t.pp_bubble)},
          {"offload", Finite(t.offload)},
          {"optimizer", Finite(t.optimizer)}}}}},
      {"cost",
       {{"training_hours", Finite(e.cost.training_hours)},
        {"gpu_hours", Finite(e.cost.gpu_hours)},
        {"usd", Finite(e.cost.usd)}}}};
}

namespace {

ordered_json SearchJson(const SearchResult& r) {
  ordered_json plans = ordered_json::array();
  for (const Estimate& e : r.plans) plans.push_back(EstimateJson(e));
  ordered_json closest = ordered_json::array();
  for (const Estimate& e : r.closest) closest.push_back(EstimateJson(e));
  ordered_json pareto = ordered_json::array();
  for (const Estimate& e : r.pareto) pareto.push_back(EstimateJson(e));
  const SearchStats& s = r.stats;
  ordered_json stats = {{"space", s.space},
                        {"evaluated", s.evaluated},
                        {"pruned", s.pruned},
                        {"feasible", s.feasible},
                        {"over_budget", s.over_budget},
                        {"seconds", s.seconds},
                        {"plans_per_second", s.plans_per_second},
                        {"threads", s.threads}};
  if (!s.cut.empty()) stats["cut"] = s.cut;
  return ordered_json{{"plans", plans},
                      {"closest", closest},
                      {"pareto", pareto},
                      {"stats", stats}};
}

// Block-style YAML of a JSON value (scalars as JSON spells them, which YAML reads back).
void EmitYaml(const ordered_json& j, int indent, std::string* out) {
  const std::string pad(size_t(indent), ' ');
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      *out += pad + key + ":";
      if ((value.is_object() || value.is_array()) && !value.empty()) {
        *out += "\n";
        EmitYaml(value, indent + 2, out);
      } else {
        *out += " " + (value.is_object() ? std::string("{}") : JsonText(value)) + "\n";
      }
    }
  } else if (j.is_array()) {
    for (const auto& value : j) {
      if (value.is_object() && !value.empty()) {
        std::string inner;
        EmitYaml(value, indent + 2, &inner);
        inner.replace(size_t(indent), 2, "- ");
        *out += inner;
      } else {
        *out += pad + "- " + JsonText(value) + "\n";
      }
    }
  }
}

}  // namespace

std::string EstimateJsonText(const Estimate& e) { return JsonText(EstimateJson(e), 2) + "\n"; }
std::string SearchJsonText(const SearchResult& r) { return JsonText(SearchJson(r), 2) + "\n"; }

std::string EstimateYamlText(const Estimate& e) {
  std::string out;
  EmitYaml(EstimateJson(e), 0, &out);
  return out;
}

std::string SearchYamlText(const SearchResult& r) {
  std::string out;
  EmitYaml(SearchJson(r), 0, &out);
  return out;
}

// Names come from the user's files (a model YAML's name, a cluster's) and may hold bytes that are
// not UTF-8; nlohmann::json throws on those when it prints, so they print as U+FFFD instead.
std::string JsonText(const ordered_json& j, int indent) {
  return j.dump(indent, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace fitplan
