#include "planner/plan_parser.h"

#include <charconv>
#include <string>
#include <vector>

#include "planner/core/config_node.h"
#include "planner/core/engine.h"

namespace fitplan {
namespace {

const std::vector<std::string_view> kPlanKeys = {
    "method", "lora_rank", "lora_targets", "precision", "optimizer", "sharding", "offload",
    "checkpointing", "tp", "pp", "vpp", "cp", "ep", "dp", "sp", "micro_batch", "grad_accum",
    "seq_len", "order"};

template <size_t N>
std::string Expected(const std::array<std::string_view, N>& names) {
  std::string s;
  for (size_t i = 0; i < N; ++i) s += (i ? ", " : "") + std::string(names[i]);
  return s;
}

Status KeyError(std::string_view flag, std::string_view key, std::string_view what) {
  return InputError(flag, 0, key, what);
}

StatusOr<int32_t> ParsePositive(std::string_view flag, std::string_view key, std::string_view v) {
  int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
  if (ec != std::errc() || ptr != v.data() + v.size()) {
    return KeyError(flag, key, "'" + std::string(v) + "' is not an integer");
  }
  if (value < 1 || value > 1'000'000) {
    return KeyError(flag, key, std::string(v) + " is out of range; expected an integer ≥ 1");
  }
  return int32_t(value);
}

// Sets bit i of *mask for each '|'-separated name.
template <size_t N>
Status EnumMask(std::string_view flag, std::string_view key, std::string_view v,
                const std::array<std::string_view, N>& names, uint32_t* mask) {
  uint32_t bits = 0;
  size_t start = 0;
  while (start <= v.size()) {
    const size_t bar = v.find('|', start);
    const std::string_view one = v.substr(start, bar == std::string_view::npos ? v.npos : bar - start);
    bool found = false;
    for (size_t i = 0; i < N; ++i) {
      if (names[i] == one) {
        bits |= 1u << i;
        found = true;
      }
    }
    if (!found) {
      return KeyError(flag, key, "unknown value '" + std::string(one) + "'; expected one of " +
                                     Expected(names));
    }
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  *mask = bits;
  return Status::Ok();
}

// --fix pins every plan field and, beyond them, the engine the plan runs on (derived, not a field).
const std::vector<std::string_view> kFixKeys = [] {
  std::vector<std::string_view> keys = kPlanKeys;
  keys.push_back("engine");
  return keys;
}();

// Splits "k=v" and checks the key against `keys`; `flag` names the option in errors.
Status SplitKeyValue(std::string_view flag, std::string_view item, std::string_view* key,
                     std::string_view* value,
                     const std::vector<std::string_view>& keys = kPlanKeys) {
  const size_t eq = item.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    return InputError(flag, 0, "", "expected key=value, got '" + std::string(item) + "'");
  }
  *key = item.substr(0, eq);
  *value = item.substr(eq + 1);
  for (std::string_view k : keys) {
    if (k == *key) return Status::Ok();
  }
  std::string what = "unknown plan field";
  const std::string guess = ClosestWord(*key, keys);
  if (!guess.empty()) what += "; did you mean '" + guess + "'?";
  return KeyError(flag, *key, what);
}

}  // namespace

Status ApplyFix(std::string_view item, PlanFilter* f) {
  std::string_view key, v;
  Status s = SplitKeyValue("--fix", item, &key, &v, kFixKeys);
  if (!s.ok()) return s;
  const std::string_view flag = "--fix";
  if (key == "engine") return EnumMask(flag, key, v, kEngineNames, &f->engines);
  if (key == "method") return EnumMask(flag, key, v, kMethodNames, &f->methods);
  if (key == "lora_targets") return EnumMask(flag, key, v, kLoraTargetNames, &f->lora_targets);
  if (key == "precision") return EnumMask(flag, key, v, kPrecisionNames, &f->precisions);
  if (key == "optimizer") return EnumMask(flag, key, v, kOptimizerNames, &f->optimizers);
  if (key == "sharding") return EnumMask(flag, key, v, kShardingNames, &f->shardings);
  if (key == "offload") return EnumMask(flag, key, v, kOffloadNames, &f->offloads);
  if (key == "checkpointing") return EnumMask(flag, key, v, kCheckpointingNames, &f->checkpointings);
  if (key == "sp") {
    if (v != "true" && v != "false") return KeyError(flag, key, "expected true or false");
    f->sp = v == "true";
    return Status::Ok();
  }
  if (key == "seq_len") return KeyError(flag, key, "set the sequence length with --set seq_len=N");
  if (key == "order") return KeyError(flag, key, "the search places ranks in Megatron order");
  StatusOr<int32_t> n = ParsePositive(flag, key, v);
  if (!n.ok()) return n.status();
  std::optional<int32_t>* slot = key == "lora_rank"     ? &f->lora_rank
                                 : key == "tp"          ? &f->tp
                                 : key == "pp"          ? &f->pp
                                 : key == "vpp"         ? &f->vpp
                                 : key == "cp"          ? &f->cp
                                 : key == "ep"          ? &f->ep
                                 : key == "dp"          ? &f->dp
                                 : key == "micro_batch" ? &f->micro_batch
                                                        : &f->grad_accum;
  *slot = *n;
  return Status::Ok();
}

StatusOr<Plan> ParsePlan(std::string_view text, const Job& job, int64_t gpus) {
  Plan p;
  p.seq_len = int32_t(job.seq_len);
  bool dp_given = false, ga_given = false;
  const std::string_view flag = "--plan";
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    const std::string_view item = text.substr(start, comma - start);
    start = comma + 1;
    if (item.empty()) continue;
    std::string_view key, v;
    Status s = SplitKeyValue(flag, item, &key, &v);
    if (!s.ok()) return s;
    auto one_of = [&](const auto& names, auto* out) -> Status {
      using Enum = std::remove_pointer_t<decltype(out)>;
      const auto parsed = ParseEnum<Enum>(names, v);
      if (!parsed) {
        return KeyError(flag, key, "unknown value '" + std::string(v) + "'; expected one of " +
                                       Expected(names));
      }
      *out = *parsed;
      return Status::Ok();
    };
    if (key == "method") s = one_of(kMethodNames, &p.method);
    else if (key == "lora_targets") s = one_of(kLoraTargetNames, &p.lora_targets);
    else if (key == "precision") s = one_of(kPrecisionNames, &p.precision);
    else if (key == "optimizer") s = one_of(kOptimizerNames, &p.optimizer);
    else if (key == "sharding") s = one_of(kShardingNames, &p.sharding);
    else if (key == "offload") s = one_of(kOffloadNames, &p.offload);
    else if (key == "checkpointing") s = one_of(kCheckpointingNames, &p.checkpointing);
    else if (key == "order") s = one_of(kRankOrderNames, &p.order);
    else if (key == "sp") {
      if (v != "true" && v != "false") return KeyError(flag, key, "expected true or false");
      p.sp = v == "true";
    } else {
      StatusOr<int32_t> n = ParsePositive(flag, key, v);
      if (!n.ok()) return n.status();
      if (key == "lora_rank") p.lora_rank = *n;
      else if (key == "tp") p.tp = *n;
      else if (key == "pp") p.pp = *n;
      else if (key == "vpp") p.vpp = *n;
      else if (key == "cp") p.cp = *n;
      else if (key == "ep") p.ep = *n;
      else if (key == "dp") { p.dp = *n; dp_given = true; }
      else if (key == "micro_batch") p.micro_batch = *n;
      else if (key == "grad_accum") { p.grad_accum = *n; ga_given = true; }
      else if (key == "seq_len") p.seq_len = *n;
    }
    if (!s.ok()) return s;
  }
  const int64_t model_parallel = int64_t(p.tp) * p.pp * p.cp;
  if (!dp_given) {
    if (gpus % model_parallel != 0) {
      return InputError(flag, 0, "tp", "tp·pp·cp = " + std::to_string(model_parallel) +
                                           " does not divide the cluster's " +
                                           std::to_string(gpus) + " GPUs");
    }
    p.dp = int32_t(gpus / model_parallel);
  }
  if (model_parallel > gpus) {  // also keeps the product below from overflowing
    return InputError(flag, 0, "tp", "tp·pp·cp = " + std::to_string(model_parallel) +
                                         " is more than the cluster's " + std::to_string(gpus) +
                                         " GPUs");
  }
  if (model_parallel * p.dp != gpus) {
    return InputError(flag, 0, "dp", "tp·pp·cp·dp = " + std::to_string(model_parallel * p.dp) +
                                         " but the cluster has " + std::to_string(gpus) + " GPUs");
  }
  const int64_t per_step = int64_t(p.micro_batch) * p.dp;
  if (!ga_given) {
    if (job.global_batch % per_step != 0) {
      return InputError(flag, 0, "micro_batch",
                        "micro_batch·dp = " + std::to_string(per_step) +
                            " does not divide the global batch of " +
                            std::to_string(job.global_batch) + " sequences");
    }
    p.grad_accum = int32_t(job.global_batch / per_step);
  } else if (per_step * p.grad_accum != job.global_batch) {
    return InputError(flag, 0, "grad_accum",
                      "micro_batch·grad_accum·dp = " + std::to_string(per_step * p.grad_accum) +
                          " but the job's global batch is " + std::to_string(job.global_batch));
  }
  return p;
}

}  // namespace fitplan
