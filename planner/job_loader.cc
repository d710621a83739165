// Job YAML and --set overrides. A key the file leaves out keeps Job's default (planner/core/job.h:
// the README's fine-tune, 4096 tokens × 64 sequences, 2e8 tokens), so a job file states only
// what differs. `global_batch_tokens` is converted to sequences with the seq_len known at that
// point: the file's, or for --set the job's current one, so a later --set seq_len keeps the
// number of sequences, not of tokens.
#include "planner/job_loader.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <utility>

#include "hardware/yaml_parse.h"
#include "planner/core/config_node.h"

namespace fitplan {
namespace {

constexpr std::string_view kJobKindNames[] = {"finetune", "pretrain"};  // JobKind order
constexpr std::string_view kAttentionNames[] = {"flash", "eager"};        // AttentionKind order

// Bounds that keep Plan's int32 fields and tokens-per-step products exact: 2^24 tokens per
// sequence is above the longest context in shared/data/models.csv (Llama-4-Scout Instruct,
// 10,485,760), and 2^24 sequences per step is far above any published batch (Llama 3 405B's
// largest: 16M tokens = 2,048 sequences of 8,192; arXiv 2407.21783 §3.4.1). Pins are int32.
constexpr int64_t kMaxSeqLen = int64_t{1} << 24;
constexpr int64_t kMaxGlobalBatch = int64_t{1} << 24;
constexpr int64_t kMaxPin = std::numeric_limits<int32_t>::max();
// Tokens to train: Llama 3 was trained on 15.6e12 (arXiv 2407.21783 §3.1); 10^15 is 64× that, and
// a larger number is a typo (or bytes of text).
constexpr double kMaxTrainTokens = 1e15;

// Appends rather than `"'" + std::string(s)`, which GCC 12 at -O2 flags with a false
// -Wrestrict (GCC bug 105329).
std::string Quote(std::string_view s) {
  std::string out = "'";
  out.append(s);
  out += '\'';
  return out;
}

// "'qlor' is not one of full, lora, qlora; did you mean 'qlora'?"
std::string NotOneOf(std::string_view value, std::span<const std::string_view> names) {
  std::string what = Quote(value) + " is not one of ";
  for (size_t i = 0; i < names.size(); ++i) what += (i ? ", " : "") + std::string(names[i]);
  const std::string guess = ClosestWord(value, {names.begin(), names.end()});
  if (!guess.empty()) what += "; did you mean " + Quote(guess) + "?";
  return what;
}

// An integer from 1 to `max` (absent: leaves *out).
Status ReadBoundedInt(const FieldReader& r, std::string_view key, int64_t max, int64_t* out) {
  return r.Int(key, out, /*required=*/false, 1, max);
}

// A field naming one of `names`, stored as that enumerator (absent: leaves *out).
template <typename Enum>
Status ReadEnum(const FieldReader& r, std::string_view key,
                std::span<const std::string_view> names, Enum* out) {
  if (!r.node().Find(key)) return Status::Ok();
  std::string value;
  FITPLAN_RETURN_IF_ERROR(r.String(key, &value));
  for (size_t i = 0; i < names.size(); ++i) {
    if (value == names[i]) {
      *out = static_cast<Enum>(i);
      return Status::Ok();
    }
  }
  return r.Error(key, NotOneOf(value, names));
}

// The job's own fields, in an order that knows seq_len before global_batch_tokens needs it.
Status ReadJobFields(const FieldReader& r, Job* job) {
  FITPLAN_RETURN_IF_ERROR(ReadEnum(r, "kind", kJobKindNames, &job->kind));
  FITPLAN_RETURN_IF_ERROR(ReadBoundedInt(r, "seq_len", kMaxSeqLen, &job->seq_len));
  if (r.node().Find("global_batch") && r.node().Find("global_batch_tokens")) {
    return r.Error("global_batch_tokens", "give global_batch or global_batch_tokens, not both");
  }
  FITPLAN_RETURN_IF_ERROR(ReadBoundedInt(r, "global_batch", kMaxGlobalBatch, &job->global_batch));
  int64_t batch_tokens = 0;
  FITPLAN_RETURN_IF_ERROR(r.Int("global_batch_tokens", &batch_tokens));
  if (batch_tokens > 0) {
    if (batch_tokens % job->seq_len != 0) {
      return r.Error("global_batch_tokens", std::to_string(batch_tokens) +
                                                " is not a multiple of seq_len " +
                                                std::to_string(job->seq_len));
    }
    if (batch_tokens / job->seq_len > kMaxGlobalBatch) {
      return r.Error("global_batch_tokens", std::to_string(batch_tokens) + " is more than " +
                                                std::to_string(kMaxGlobalBatch) + " sequences");
    }
    job->global_batch = batch_tokens / job->seq_len;
  }
  FITPLAN_RETURN_IF_ERROR(r.Number("train_tokens", &job->train_tokens));
  if (job->train_tokens > kMaxTrainTokens) {
    return r.Error("train_tokens", r.node().Find("train_tokens")->scalar +
                                       " is out of range; expected a number > 0 and ≤ 1e+15");
  }
  return ReadEnum(r, "attention", kAttentionNames, &job->attention);
}

// `allow.KEY: name` or `allow.KEY: [name, ...]` → a bitmask over the enumerators of `names`.
Status ReadEnumList(const FieldReader& r, std::string_view key,
                    std::span<const std::string_view> names, uint32_t* mask) {
  const ConfigNode* node = r.node().Find(key);
  if (!node || node->kind == ConfigNode::Kind::kNull) return Status::Ok();
  std::span<const ConfigNode> items(node, 1);
  if (node->kind == ConfigNode::Kind::kSequence) items = node->sequence;
  if (node->kind == ConfigNode::Kind::kMap || items.empty()) {
    return r.Error(key, node->kind == ConfigNode::Kind::kMap
                            ? "expected a value or a list of values"
                            : "empty list; expected at least one value");
  }
  uint32_t bits = 0;
  for (const ConfigNode& item : items) {
    size_t i = 0;
    while (i < names.size() &&
           !(item.kind == ConfigNode::Kind::kScalar && item.scalar == names[i])) {
      ++i;
    }
    if (i == names.size()) {
      const TextPosition at = item.position.line > 0 ? item.position : node->position;
      return ErrorAt(r.file(), at, "allow." + std::string(key),
                     item.kind == ConfigNode::Kind::kScalar
                         ? NotOneOf(item.scalar, names)
                         : "expected a value or a list of values");
    }
    bits |= 1u << i;
  }
  *mask = bits;
  return Status::Ok();
}

Status ReadAllow(const ConfigNode& node, std::string_view file, PlanFilter* f) {
  if (node.kind == ConfigNode::Kind::kNull) return Status::Ok();
  if (node.kind != ConfigNode::Kind::kMap) {
    return ErrorAt(file, node.key_position, "allow",
                   "expected a map of plan fields, e.g. { method: [lora, qlora] }");
  }
  const FieldReader r(node, file, "allow.");
  FITPLAN_RETURN_IF_ERROR(
      r.RejectUnknownKeys({"method", "lora_rank", "lora_targets", "precision", "optimizer",
                           "sharding", "offload", "checkpointing", "tp", "pp", "vpp", "cp", "ep",
                           "dp", "sp", "micro_batch", "grad_accum", "cross_node_tp"}));
  FITPLAN_RETURN_IF_ERROR(r.Bool("cross_node_tp", &f->cross_node_tp));
  struct EnumField {
    std::string_view key;
    std::span<const std::string_view> names;  // plan.h's table, in enumerator order
    uint32_t* mask;
  };
  const EnumField enums[] = {{"method", kMethodNames, &f->methods},
                             {"lora_targets", kLoraTargetNames, &f->lora_targets},
                             {"precision", kPrecisionNames, &f->precisions},
                             {"optimizer", kOptimizerNames, &f->optimizers},
                             {"sharding", kShardingNames, &f->shardings},
                             {"offload", kOffloadNames, &f->offloads},
                             {"checkpointing", kCheckpointingNames, &f->checkpointings}};
  for (const EnumField& e : enums) FITPLAN_RETURN_IF_ERROR(ReadEnumList(r, e.key, e.names, e.mask));
  const std::pair<std::string_view, std::optional<int32_t>*> pins[] = {
      {"lora_rank", &f->lora_rank},
      {"tp", &f->tp},
      {"pp", &f->pp},
      {"vpp", &f->vpp},
      {"cp", &f->cp},
      {"ep", &f->ep},
      {"dp", &f->dp},
      {"micro_batch", &f->micro_batch},
      {"grad_accum", &f->grad_accum}};
  for (const auto& [key, pin] : pins) {
    int64_t value = 0;
    FITPLAN_RETURN_IF_ERROR(ReadBoundedInt(r, key, kMaxPin, &value));
    if (value > 0) *pin = int32_t(value);
  }
  if (r.node().Find("sp")) {
    bool sp = false;
    FITPLAN_RETURN_IF_ERROR(r.Bool("sp", &sp));
    f->sp = sp;
  }
  return Status::Ok();
}

}  // namespace

StatusOr<Job> ParseJobYaml(std::string_view yaml_text, std::string_view file) {
  StatusOr<ConfigNode> root = ParseYaml(yaml_text, file);
  if (!root.ok()) return root.status();
  if (root->kind != ConfigNode::Kind::kMap) {
    return ErrorAt(file, root->position, "",
                   "expected a map of job fields (kind, seq_len, global_batch, train_tokens, "
                   "attention, allow)");
  }
  const FieldReader r(*root, file);
  FITPLAN_RETURN_IF_ERROR(r.RejectUnknownKeys(
      {"kind", "seq_len", "global_batch", "global_batch_tokens", "train_tokens", "attention",
       "allow"}));
  Job job;
  FITPLAN_RETURN_IF_ERROR(ReadJobFields(r, &job));
  if (const ConfigNode* allow = root->Find("allow")) {
    FITPLAN_RETURN_IF_ERROR(ReadAllow(*allow, file, &job.allow));
  }
  return job;
}

StatusOr<Job> LoadJob(const std::string& path) {
  StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return ParseJobYaml(*text, path);
}

// "seq_len=8192" becomes the one-entry map {seq_len: 8192} and goes through the job file's
// readers, so --set errors read like file errors with "--set" as the file.
Status ApplyJobOverride(std::string_view key_value, Job* job) {
  const size_t equals = key_value.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    return InputError("--set", 0, "", "expected key=value, got " + Quote(key_value));
  }
  ConfigNode map;
  map.kind = ConfigNode::Kind::kMap;
  ConfigNode value;
  value.kind = ConfigNode::Kind::kScalar;
  value.scalar = std::string(key_value.substr(equals + 1));
  map.map.emplace_back(std::string(key_value.substr(0, equals)), std::move(value));
  const FieldReader r(map, "--set");
  FITPLAN_RETURN_IF_ERROR(r.RejectUnknownKeys(
      {"kind", "seq_len", "global_batch", "global_batch_tokens", "train_tokens", "attention"}));
  Job updated = *job;
  FITPLAN_RETURN_IF_ERROR(ReadJobFields(r, &updated));
  *job = updated;
  return Status::Ok();
}

}  // namespace fitplan
