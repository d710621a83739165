#include "planner/report_serve.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

#include "planner/core/units.h"
#include "planner/report_json.h"

namespace fitplan {
namespace {

using nlohmann::ordered_json;

std::string Printf(const char* format, auto... args) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, format, args...);
  return buffer;
}

std::string ShapeLine(const ServeShape& s) {
  return Printf("%s weights, %s KV, tp%d pp%d", NameOf(s.weights), NameOf(s.kv), s.tp, s.pp);
}

ordered_json MemoryJson(const ServeMemory& m) {
  ordered_json j;
  j["weights_bytes"] = m.weights;
  j["kv_cache_bytes"] = m.kv_cache;
  j["activations_bytes"] = m.activations;
  j["logits_bytes"] = m.logits;
  j["workspace_bytes"] = m.workspace;
  j["runtime_bytes"] = m.runtime;
  j["total_bytes"] = m.total();
  j["budget_bytes"] = m.budget;
  j["kv_budget_bytes"] = m.kv_budget;
  return j;
}

ordered_json SpeedJson(const ServeSpeed& s) {
  ordered_json j;
  j["decode_step_s"] = s.decode_step_s;
  j["decode_memory_s"] = s.decode_memory_s;
  j["decode_compute_s"] = s.decode_compute_s;
  j["decode_overhead_s"] = s.decode_overhead_s;
  j["decode_tokens_per_s"] = s.tokens_per_s;
  j["decode_tokens_per_s_per_user"] = s.tokens_per_s_per_user;
  j["prefill_s"] = s.prefill_s;
  return j;
}

ordered_json EstimateJson(const ServeEstimate& e) {
  ordered_json j;
  j["weights"] = NameOf(e.shape.weights);
  j["kv"] = NameOf(e.shape.kv);
  j["tp"] = e.shape.tp;
  j["pp"] = e.shape.pp;
  j["gpus"] = e.gpus;
  j["context_tokens"] = e.load.context_tokens;
  j["sequences"] = e.load.sequences;
  j["fits"] = e.fits;
  if (!e.fits) j["reason"] = e.reason;
  j["kv_bytes_per_token_per_gpu"] = e.kv_bytes_per_token;
  j["max_sequences"] = e.max_sequences;
  j["max_context_tokens"] = e.max_context;
  j["max_context_memory_tokens"] = e.max_context_memory;
  j["memory"] = MemoryJson(e.memory);
  j["speed"] = SpeedJson(e.speed);
  j["usd_per_hour"] = e.usd_per_hour;
  return j;
}

std::string Bar(double share, int width) {
  const int n = share <= 0 ? 0 : std::min(width, int(share * width + 0.5));
  return std::string(n, '#');
}

std::string MemoryTable(const ServeEstimate& e) {
  const ServeMemory& m = e.memory;
  std::string t = "GPU memory per GPU                    GiB\n";
  const auto row = [&](const std::string& name, double bytes) {
    t += Printf("  %-30s %7.2f  %s\n", name.c_str(), bytes / kGiB,
                Bar(bytes / m.budget, 30).c_str());
  };
  row("weights", m.weights);
  row(Printf("KV cache (%.0f × %.0f tokens)", e.load.sequences, e.load.context_tokens), m.kv_cache);
  row(Printf("activations (%.0f-token chunk)", e.load.prefill_chunk_tokens), m.activations);
  row("logits", m.logits);
  row("workspace", m.workspace);
  row("runtime (CUDA, NCCL)", m.runtime);
  t += Printf("  total %.1f of a %.1f GiB budget (%.2f of usable); room for KV %.1f GiB\n",
              m.total() / kGiB, m.budget / kGiB, e.load.gpu_memory_utilization,
              std::max(0.0, m.kv_budget) / kGiB);
  return t;
}

std::string SpeedLine(const ServeEstimate& e) {
  const ServeSpeed& s = e.speed;
  return Printf("  decode  %.1f tokens/s per user, %.0f in all (step %.1f ms: HBM %.1f, "
                "compute %.1f, fixed %.1f)\n",
                s.tokens_per_s_per_user, s.tokens_per_s, s.decode_step_s * 1e3,
                s.decode_memory_s * 1e3, s.decode_compute_s * 1e3, s.decode_overhead_s * 1e3);
}

}  // namespace

std::string FormatServeEstimate(const ServeContext& c, const ServeEstimate& e,
                                const ServeEstimate* at_capacity, Format format) {
  if (format == Format::kJson || format == Format::kYaml) {
    ordered_json j;
    j["model"] = c.model;
    j["cluster"] = c.cluster;
    j["replica"] = EstimateJson(e);
    if (at_capacity) j["at_max_sequences"] = EstimateJson(*at_capacity);
    return JsonText(j, 2) + "\n";
  }
  std::string t;
  if (format == Format::kMarkdown) {
    t += Printf("### %s on %s: %s (%lld × %s, $%.2f/h)\n\n", c.model.c_str(), c.cluster.c_str(),
                ShapeLine(e.shape).c_str(), (long long)e.gpus, c.gpu.c_str(), e.usd_per_hour);
    t += "| part | GiB per GPU |\n|---|---:|\n";
    const ServeMemory& m = e.memory;
    const std::pair<const char*, double> rows[] = {
        {"weights", m.weights},         {"KV cache", m.kv_cache}, {"activations", m.activations},
        {"logits", m.logits},           {"workspace", m.workspace},
        {"runtime (CUDA, NCCL)", m.runtime}, {"**total**", m.total()}};
    for (const auto& [name, bytes] : rows) t += Printf("| %s | %.2f |\n", name, bytes / kGiB);
    t += Printf("\n- load: %.0f × %.0f tokens: %s\n", e.load.sequences, e.load.context_tokens,
                e.fits ? "fits" : ("does not fit: " + e.reason).c_str());
    t += Printf("- max concurrent sequences at %.0f tokens: %.0f\n", e.load.context_tokens,
                e.max_sequences);
    t += Printf("- decode: %.1f tokens/s per user, %.0f in all\n", e.speed.tokens_per_s_per_user,
                e.speed.tokens_per_s);
    if (at_capacity) {
      t += Printf("- decode at %.0f sequences: %.1f tokens/s per user, %.0f in all\n",
                  at_capacity->load.sequences, at_capacity->speed.tokens_per_s_per_user,
                  at_capacity->speed.tokens_per_s);
    }
    return t;
  }
  t += Printf("%s on %s: %s\n", c.model.c_str(), c.cluster.c_str(), ShapeLine(e.shape).c_str());
  t += Printf("%lld × %s, $%.2f/h; load %.0f × %.0f tokens: %s\n\n", (long long)e.gpus,
              c.gpu.c_str(), e.usd_per_hour, e.load.sequences, e.load.context_tokens,
              e.fits ? "fits" : ("does not fit: " + e.reason).c_str());
  t += MemoryTable(e);
  t += "\nCapacity\n";
  t += Printf("  KV cache per token      %.1f KiB per GPU\n", e.kv_bytes_per_token / 1024);
  t += Printf("  max concurrent seqs     %.0f at %.0f tokens each\n", e.max_sequences,
              e.load.context_tokens);
  t += Printf("  max context             %.0f tokens at %.0f sequence(s)%s\n", e.max_context,
              e.load.sequences,
              e.max_context < e.max_context_memory
                  ? Printf(" (the model's positions; memory holds %.0f)", e.max_context_memory)
                        .c_str()
                  : "");
  t += Printf("\nSpeed at %.0f sequence(s) of %.0f tokens\n", e.load.sequences,
              e.load.context_tokens);
  t += SpeedLine(e);
  t += Printf("  prefill %.0f tokens in %.2f s\n", e.load.context_tokens, e.speed.prefill_s);
  if (at_capacity) {
    t += Printf("Speed at the most sequences (%.0f)\n", at_capacity->load.sequences);
    t += SpeedLine(*at_capacity);
  }
  return t;
}

std::string FormatServeSearch(const ServeContext& c, const ServeTarget& target,
                              const ServeSearchResult& result, Format format) {
  if (format == Format::kJson || format == Format::kYaml) {
    ordered_json j;
    j["model"] = c.model;
    j["cluster"] = c.cluster;
    j["users"] = target.users;
    j["context_tokens"] = target.load.context_tokens;
    j["tokens_per_s_per_user"] = target.tokens_per_s_per_user;
    ordered_json list = ordered_json::array();
    for (const ServeDeployment& d : result.ranked) {
      ordered_json row;
      row["replicas"] = d.replicas;
      row["gpus"] = d.gpus;
      row["usd_per_hour"] = d.usd_per_hour;
      row["replica"] = EstimateJson(d.replica);
      list.push_back(row);
    }
    j["deployments"] = list;
    if (!result.why_none.empty()) j["why_none"] = result.why_none;
    j["stats"] = {{"shapes", result.shapes}, {"feasible", result.feasible}};
    return JsonText(j, 2) + "\n";
  }
  std::string t;
  const bool md = format == Format::kMarkdown;
  t += Printf(md ? "### Serving %s on %s\n\n" : "Serving %s on %s\n", c.model.c_str(),
              c.cluster.c_str());
  t += Printf("%.0f users × %.0f tokens, ≥ %.1f tokens/s each: %lld of %lld shapes serve it\n\n",
              target.users, target.load.context_tokens, target.tokens_per_s_per_user,
              (long long)result.feasible, (long long)result.shapes);
  if (result.ranked.empty() && !result.why_none.empty()) {
    t += "nothing serves this load: " + result.why_none + "\n";
    return t;
  }
  if (result.ranked.empty()) {
    t += "nothing serves this load on this cluster: try fewer users, a shorter context, a lower "
         "speed or more GPUs\n";
    return t;
  }
  if (md) {
    t += "| # | shape | replicas | GPUs | $/h | seqs/replica | tok/s/user | peak GiB |\n";
    t += "|---:|---|---:|---:|---:|---:|---:|---:|\n";
  } else {
    t += " #  shape                            repl  GPUs     $/h  seqs  tok/s/u  GiB\n";
  }
  int rank = 1;
  for (const ServeDeployment& d : result.ranked) {
    const ServeEstimate& e = d.replica;
    t += Printf(md ? "| %d | %s | %lld | %lld | %.2f | %.0f | %.1f | %.1f |\n"
                   : "%2d  %-31s %5lld %5lld %7.2f %5.0f %8.1f %4.1f\n",
                rank++, ShapeLine(e.shape).c_str(), (long long)d.replicas, (long long)d.gpus,
                d.usd_per_hour, e.load.sequences, e.speed.tokens_per_s_per_user,
                e.memory.total() / kGiB);
  }
  return t;
}

}  // namespace fitplan
