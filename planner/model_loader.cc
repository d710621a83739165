// Model YAML, HF config.json and LoadModel. Both readers fill a ModelSpec and then run the same
// checks (Validate), which name each key the way the input spells it.
#include "planner/model_loader.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <iterator>
#include <span>
#include <system_error>
#include <utility>

#include "hardware/yaml_parse.h"
#include "planner/core/config_node.h"
#include "planner/core/model_stats.h"
#include "planner/json_parse.h"
#include "planner/model_catalog.h"

namespace fitplan {
namespace {

// Sizes past any model anyone could train are typing mistakes (an extra digit, bytes for a count)
// and are refused; anything below them is a model, however large, and `plan` says whether it fits
// (a 10^13-parameter model on one GPU: "nothing fits", with the reason). The largest published
// values (shared/data/models.csv) and the headroom left:
//   layers 126 (Llama-3.1-405B): 10^5;  hidden 18,432 (PaLM-540B): 10^6;  ffn 73,728 (PaLM):
//   10^7;  heads 128: 10^5, head_dim 256 (Gemma-2): 10^5;  vocab 256,000 (Gemma): 10^8;
//   experts 2,048 (Switch-C): 10^5;  norms per layer 4 (Gemma-2): 64;  positions: the job's
//   longest sequence (job_loader.cc, 2^24).
// Parameters: 10^15 is 2,500× Llama-3.1-405B, and its 16 B/parameter of training state (1.6e16 B)
// stays far inside int64 byte counts.
constexpr int64_t kMaxLayers = 100'000;
constexpr int64_t kMaxHidden = 1'000'000;
constexpr int64_t kMaxFfn = 10'000'000;
constexpr int64_t kMaxHeads = 100'000;
constexpr int64_t kMaxVocab = 100'000'000;
constexpr int64_t kMaxExperts = 100'000;
constexpr int64_t kMaxNormsPerLayer = 64;
constexpr int64_t kMaxPositions = int64_t{1} << 24;
constexpr double kMaxModelParams = 1e15;

constexpr std::string_view kArchitectureNames[] = {"llama", "gpt", "moe"};  // enum order

// ---- Shared by both readers ----

// How one input format spells the spec's fields: "heads" in model YAML, "num_attention_heads" in
// a config.json, "n_head" in GPT-2's. An empty head_dim means the format has no such key.
struct FieldNames {
  std::string_view layers, hidden, heads, kv_heads, head_dim, experts, experts_per_token,
      dense_layers;
};
constexpr FieldNames kYamlNames = {
    "layers",      "hidden", "heads", "kv_heads", "head_dim", "experts", "experts_per_token",
    "dense_layers"};
constexpr FieldNames kHfNames = {
    "num_hidden_layers", "hidden_size",       "num_attention_heads", "num_key_value_heads",
    "head_dim",          "num_local_experts", "num_experts_per_tok", ""};
constexpr FieldNames kGpt2Names = {"n_layer", "n_embd", "n_head", "n_head", "", "", "", ""};

// Appends rather than `"'" + std::string(s)`, which GCC 12 at -O2 flags with a false
// -Wrestrict (GCC bug 105329).
std::string Quote(std::string_view s) {
  std::string out = "'";
  out.append(s);
  out += '\'';
  return out;
}
std::string Str(std::string_view s) { return std::string(s); }
std::string Num(int64_t v) { return std::to_string(v); }

// "'lama' is not one of llama, gpt, moe; did you mean 'llama'?"
std::string NotOneOf(std::string_view value, std::span<const std::string_view> names) {
  std::string what = Quote(value) + " is not one of ";
  for (size_t i = 0; i < names.size(); ++i) what += (i ? ", " : "") + Str(names[i]);
  const std::string guess = ClosestWord(value, {names.begin(), names.end()});
  if (!guess.empty()) what += "; did you mean " + Quote(guess) + "?";
  return what;
}

// An integer field: its key, where it goes, whether it must be there, its legal range.
struct IntField {
  std::string_view key;
  int64_t* out;
  bool required;
  int64_t min;
  int64_t max;
};

Status ReadInts(const FieldReader& r, std::initializer_list<IntField> fields) {
  for (const IntField& f : fields) {
    FITPLAN_RETURN_IF_ERROR(r.Int(f.key, f.out, f.required, f.min, f.max));
  }
  return Status::Ok();
}

// What the field readers cannot see one key at a time. REQUIRES: layers, hidden, heads, ffn and
// vocab ≥ 1, other sizes ≥ 0 (the readers' bounds). On success the defaults are resolved.
Status Validate(const FieldReader& r, const FieldNames& n, ModelSpec* m) {
  if (m->head_dim == 0 && m->hidden % m->heads != 0) {
    std::string what = Num(m->heads) + " does not divide " + Str(n.hidden) + " " + Num(m->hidden);
    if (!n.head_dim.empty()) {
      what += "; give " + Str(n.head_dim) + " if the model's heads are not " + Str(n.hidden) + "/" +
              Str(n.heads) + " wide";
    }
    return r.Error(n.heads, what);
  }
  ResolveModelDefaults(m);
  if (m->heads % m->kv_heads != 0) {
    return r.Error(n.kv_heads,
                   Num(m->kv_heads) + " does not divide " + Str(n.heads) + " " + Num(m->heads));
  }
  if (m->experts_per_token > m->experts) {
    return r.Error(n.experts_per_token, Num(m->experts_per_token) + " is more than " +
                                            Str(n.experts) + " " + Num(m->experts));
  }
  if (m->dense_layers > m->layers) {
    return r.Error(n.dense_layers,
                   Num(m->dense_layers) + " is more than " + Str(n.layers) + " " + Num(m->layers));
  }
  const double params = ComputeModelStats(*m).total_params;
  if (params > kMaxModelParams) {
    char text[160];
    std::snprintf(text, sizeof text,
                  "%.3g parameters is out of range; expected at most %.0e (is %s or %s a digit "
                  "too long?)",
                  params, kMaxModelParams, Str(n.hidden).c_str(), Str(n.layers).c_str());
    return ErrorAt(r.file(), r.node().position, "", text);
  }
  return Status::Ok();
}

// The file's stem ("configs/models/llama-3.1-8b.yaml" → "llama-3.1-8b"), or for config.json its
// folder: HF snapshots keep config.json in a folder named after the model.
std::string NameFromPath(std::string_view file) {
  const std::filesystem::path path{Str(file)};
  const std::string parent = path.parent_path().filename().string();
  if (path.stem() == "config" && !parent.empty() && parent != "." && parent != "..") {
    return parent;
  }
  return path.stem().string();
}

// ---- Model YAML (shared/docs/interface.md "Model YAML", plus optional extension keys) ----

Status ReadArchitecture(const FieldReader& r, ModelSpec* m) {
  std::string arch = "llama";
  FITPLAN_RETURN_IF_ERROR(r.String("architecture", &arch));
  for (size_t i = 0; i < std::size(kArchitectureNames); ++i) {
    if (arch != kArchitectureNames[i]) continue;
    m->architecture = static_cast<Architecture>(i);
    if (m->architecture == Architecture::kGpt) {  // interface.md: LayerNorm, GELU, learned, biases
      m->norm = NormKind::kLayerNorm;
      m->gated_mlp = false;
      m->learned_positions = true;
      m->qkv_bias = m->o_bias = m->mlp_bias = true;
    }
    return Status::Ok();
  }
  return r.Error("architecture", NotOneOf(arch, kArchitectureNames));
}

// `norm: rmsnorm|layernorm` and `position: rope|learned` describe models that mix the families
// (GPT-NeoX: LayerNorm and biases with rotary positions).
Status ReadNormAndPosition(const FieldReader& r, ModelSpec* m) {
  static constexpr std::string_view kNorms[] = {"rmsnorm", "layernorm"};
  static constexpr std::string_view kPositions[] = {"rope", "learned"};
  std::string norm, position;
  FITPLAN_RETURN_IF_ERROR(r.String("norm", &norm));
  FITPLAN_RETURN_IF_ERROR(r.String("position", &position));
  if (norm == "rmsnorm" || norm == "layernorm") {
    m->norm = norm == "rmsnorm" ? NormKind::kRmsNorm : NormKind::kLayerNorm;
  } else if (!norm.empty()) {
    return r.Error("norm", NotOneOf(norm, kNorms));
  }
  if (position == "rope" || position == "learned") {
    m->learned_positions = position == "learned";
  } else if (!position.empty()) {
    return r.Error("position", NotOneOf(position, kPositions));
  }
  return Status::Ok();
}

Status ReadMoeFields(const FieldReader& r, ModelSpec* m) {
  static constexpr std::string_view kMoeKeys[] = {"experts", "experts_per_token", "shared_experts",
                                                  "moe_ffn", "dense_layers"};
  if (m->architecture != Architecture::kMoe) {
    for (std::string_view key : kMoeKeys) {
      if (r.node().Find(key)) {
        return r.Error(key, "only architecture moe has experts; this model's architecture is " +
                                Str(kArchitectureNames[size_t(m->architecture)]));
      }
    }
    return Status::Ok();
  }
  return ReadInts(r, {{"experts", &m->experts, true, 1, kMaxExperts},
                      {"experts_per_token", &m->experts_per_token, true, 1, kMaxExperts},
                      {"shared_experts", &m->shared_experts, false, 0, kMaxExperts},
                      {"moe_ffn", &m->moe_ffn, false, 1, kMaxFfn},
                      {"dense_layers", &m->dense_layers, false, 0, kMaxLayers}});
}

Status ReadModelYaml(const FieldReader& r, ModelSpec* m) {
  FITPLAN_RETURN_IF_ERROR(r.RejectUnknownKeys(
      {"name",           "architecture", "layers",       "hidden",  "heads",
       "kv_heads",       "head_dim",     "ffn",          "vocab",   "tie_embeddings",
       "qkv_bias",       "o_bias",       "mlp_bias",     "norm",    "norms_per_layer",
       "gated_mlp",      "position",     "max_position", "experts", "experts_per_token",
       "shared_experts", "moe_ffn",      "dense_layers", "qk_norm"}));
  FITPLAN_RETURN_IF_ERROR(r.String("name", &m->name));
  FITPLAN_RETURN_IF_ERROR(ReadArchitecture(r, m));
  FITPLAN_RETURN_IF_ERROR(
      ReadInts(r, {{"layers", &m->layers, true, 1, kMaxLayers},
                   {"hidden", &m->hidden, true, 1, kMaxHidden},
                   {"heads", &m->heads, true, 1, kMaxHeads},
                   {"kv_heads", &m->kv_heads, false, 1, kMaxHeads},
                   {"head_dim", &m->head_dim, false, 1, kMaxHeads},
                   {"ffn", &m->ffn, true, 1, kMaxFfn},
                   {"vocab", &m->vocab, true, 1, kMaxVocab},
                   {"norms_per_layer", &m->norms_per_layer, false, 0, kMaxNormsPerLayer},
                   {"max_position", &m->max_position, false, 1, kMaxPositions}}));
  for (auto [key, out] : {std::pair{"tie_embeddings", &m->tie_embeddings},
                          {"qkv_bias", &m->qkv_bias},
                          {"o_bias", &m->o_bias},
                          {"mlp_bias", &m->mlp_bias},
                          {"gated_mlp", &m->gated_mlp},
                          {"qk_norm", &m->qk_norm}}) {
    FITPLAN_RETURN_IF_ERROR(r.Bool(key, out));
  }
  FITPLAN_RETURN_IF_ERROR(ReadNormAndPosition(r, m));
  FITPLAN_RETURN_IF_ERROR(ReadMoeFields(r, m));
  if (m->learned_positions && m->max_position == 0) {
    return r.Error("max_position",
                   "missing; expected an integer (the rows of the learned position table)");
  }
  return Validate(r, kYamlNames, m);
}

// ---- HF config.json ----
// Key names and defaults are those of each family's transformers config class
// (transformers src/transformers/models/<family>/configuration_<family>.py); which Linears have
// biases and how many norms a block has come from its modeling_<family>.py.

struct HfFamily {
  std::string_view model_type;
  Architecture architecture;
  bool tie_default;           // the config class's tie_word_embeddings default
  bool qkv_bias;              // q/k/v biases hard-wired in the modeling code
  bool reads_attention_bias;  // an `attention_bias` key puts biases on q, k, v and o
  bool reads_mlp_bias;        // an `mlp_bias` key puts biases on gate, up and down
  int64_t norms_per_layer;
  int64_t head_dim_default;  // when the file has no head_dim; 0 = hidden_size / heads
  bool gpt_style;            // LayerNorm with bias, biases on every Linear, 2-matrix GELU MLP
  bool qk_norm = false;      // q_norm and k_norm of head_dim in every attention
  // MoE families: the key of the routed expert count and of one expert's width ("" = the
  // intermediate_size key).
  std::string_view experts_key = "";
  std::string_view moe_ffn_key = "";
};

constexpr HfFamily kHfFamilies[] = {
    // LlamaConfig: tie False, attention_bias False (q, k, v and o_proj), mlp_bias False.
    {"llama", Architecture::kLlama, false, false, true, true, 2, 0, false},
    // MistralConfig: tie False; every Linear bias=False in modeling_mistral.
    {"mistral", Architecture::kLlama, false, false, false, false, 2, 0, false},
    // Qwen2Config: tie False; modeling_qwen2 has q/k/v_proj bias=True, o_proj bias=False.
    {"qwen2", Architecture::kLlama, false, true, false, false, 2, 0, false},
    // Gemma2Config: head_dim 256, tie True, attention_bias False; four RMSNorms per block
    // (input, post-attention, pre- and post-feedforward); GeGLU is a gated MLP.
    {"gemma2", Architecture::kLlama, true, false, true, false, 4, 256, false},
    // Phi3Config: tie False; fused qkv_proj and gate_up_proj hold as many weights as split ones.
    {"phi3", Architecture::kLlama, false, false, false, false, 2, 0, false},
    // MixtralConfig: tie False; intermediate_size is one expert's width; router h × E, no bias.
    {"mixtral", Architecture::kMoe, false, false, false, false, 2, 0, false, false,
     "num_local_experts"},
    // Qwen3Config: tie False, head_dim 128, attention_bias (q, k, v and o_proj); q_norm and k_norm
    // RMSNorm(head_dim) in Qwen3Attention; MLP without biases.
    {"qwen3", Architecture::kLlama, false, false, true, false, 2, 128, false, true},
    // Qwen3MoeConfig: as qwen3 (no head_dim default: hidden / heads), num_experts routed experts of
    // moe_intermediate_size, router h × E without bias, no shared expert; decoder_sparse_step 1
    // and empty mlp_only_layers (every layer MoE) are the only layouts fitplan reads.
    {"qwen3_moe", Architecture::kMoe, false, false, true, false, 2, 0, false, true, "num_experts",
     "moe_intermediate_size"},
    // Gemma3TextConfig (text-only Gemma 3, e.g. gemma-3-1b): as gemma2 (head_dim 256, tie True,
    // four norms) plus q_norm and k_norm of head_dim.
    {"gemma3_text", Architecture::kLlama, true, false, true, false, 4, 256, false, true},
    // GPTNeoXConfig: tie False (separate embed_out); LayerNorm and biases throughout, rotary
    // positions (no position table); the parallel residual changes no count.
    {"gpt_neox", Architecture::kGpt, false, true, false, false, 2, 0, true},
    // GPT2Config: its own key names (ReadGpt2); tie True (lm_head shares wte).
    {"gpt2", Architecture::kGpt, true, true, false, false, 2, 0, true},
};

// GPT-2: n_layer, n_embd, n_head, n_positions (learned position rows), n_inner (null = 4·n_embd,
// modeling_gpt2 GPT2Block).
Status ReadGpt2(const FieldReader& r, ModelSpec* m) {
  FITPLAN_RETURN_IF_ERROR(ReadInts(r, {{"n_layer", &m->layers, true, 1, kMaxLayers},
                                       {"n_embd", &m->hidden, true, 1, kMaxHidden},
                                       {"n_head", &m->heads, true, 1, kMaxHeads},
                                       {"n_inner", &m->ffn, false, 1, kMaxFfn},
                                       {"vocab_size", &m->vocab, true, 1, kMaxVocab},
                                       {"n_positions", &m->max_position, true, 1, kMaxPositions}}));
  if (m->ffn == 0) m->ffn = 4 * m->hidden;
  m->learned_positions = true;
  FITPLAN_RETURN_IF_ERROR(r.Bool("tie_word_embeddings", &m->tie_embeddings));
  return Validate(r, kGpt2Names, m);
}

// Qwen-MoE layouts with dense layers between the MoE ones (decoder_sparse_step > 1, a non-empty
// mlp_only_layers) are refused: fitplan's MoE spec has only leading dense layers.
Status RejectInterleavedDenseLayers(const FieldReader& r) {
  int64_t step = 1;
  FITPLAN_RETURN_IF_ERROR(ReadInts(r, {{"decoder_sparse_step", &step, false, 1, kMaxLayers}}));
  if (step != 1) {
    return r.Error("decoder_sparse_step", "is " + std::to_string(step) +
                                              "; fitplan reads MoE configs whose every layer is "
                                              "MoE (1): write a model YAML with dense_layers");
  }
  const ConfigNode* dense = r.node().Find("mlp_only_layers");
  if (dense && dense->kind == ConfigNode::Kind::kSequence && !dense->sequence.empty()) {
    return r.Error("mlp_only_layers", "dense layers between MoE layers are not read; write a "
                                      "model YAML with dense_layers");
  }
  return Status::Ok();
}

// Every other family: the Llama-style keys, then the family's bias and MoE keys.
Status ReadLlamaStyle(const FieldReader& r, const HfFamily& f, ModelSpec* m) {
  m->head_dim = f.head_dim_default;
  FITPLAN_RETURN_IF_ERROR(
      ReadInts(r, {{"num_hidden_layers", &m->layers, true, 1, kMaxLayers},
                   {"hidden_size", &m->hidden, true, 1, kMaxHidden},
                   {"num_attention_heads", &m->heads, true, 1, kMaxHeads},
                   {"num_key_value_heads", &m->kv_heads, false, 1, kMaxHeads},
                   {"head_dim", &m->head_dim, false, 1, kMaxHeads},
                   {"intermediate_size", &m->ffn, true, 1, kMaxFfn},
                   {"vocab_size", &m->vocab, true, 1, kMaxVocab},
                   {"max_position_embeddings", &m->max_position, false, 1, kMaxPositions}}));
  FITPLAN_RETURN_IF_ERROR(r.Bool("tie_word_embeddings", &m->tie_embeddings));
  if (f.reads_attention_bias) {
    bool attention_bias = false;
    FITPLAN_RETURN_IF_ERROR(r.Bool("attention_bias", &attention_bias));
    m->qkv_bias = m->o_bias = attention_bias;
  }
  if (f.reads_mlp_bias) FITPLAN_RETURN_IF_ERROR(r.Bool("mlp_bias", &m->mlp_bias));
  m->qk_norm = f.qk_norm;
  if (f.architecture == Architecture::kMoe) {
    FITPLAN_RETURN_IF_ERROR(
        ReadInts(r, {{f.experts_key, &m->experts, true, 1, kMaxExperts},
                     {"num_experts_per_tok", &m->experts_per_token, true, 1, kMaxExperts}}));
    m->moe_ffn = m->ffn;
    if (!f.moe_ffn_key.empty()) {
      FITPLAN_RETURN_IF_ERROR(ReadInts(r, {{f.moe_ffn_key, &m->moe_ffn, true, 1, kMaxFfn}}));
    }
    FITPLAN_RETURN_IF_ERROR(RejectInterleavedDenseLayers(r));
  }
  FieldNames names = kHfNames;
  if (!f.experts_key.empty()) names.experts = f.experts_key;
  return Validate(r, names, m);
}

// Every key some family reads. A config.json carries dozens of keys fitplan has no use for
// (rope_theta, torch_dtype, ...), so unknown keys are not errors there; but a key one or two edits
// from one of these, while that one is absent, is a misspelling that would silently take the
// default (num_key_value_head: multi-head attention instead of GQA), and is refused.
constexpr std::string_view kHfKeys[] = {"model_type",
                                        "_name_or_path",
                                        "num_hidden_layers",
                                        "hidden_size",
                                        "num_attention_heads",
                                        "num_key_value_heads",
                                        "head_dim",
                                        "intermediate_size",
                                        "vocab_size",
                                        "max_position_embeddings",
                                        "tie_word_embeddings",
                                        "attention_bias",
                                        "mlp_bias",
                                        "num_local_experts",
                                        "num_experts",
                                        "moe_intermediate_size",
                                        "decoder_sparse_step",
                                        "mlp_only_layers",
                                        "num_experts_per_tok",
                                        "n_layer",
                                        "n_embd",
                                        "n_head",
                                        "n_inner",
                                        "n_positions"};
constexpr int kMaxMisspellingEdits = 2;

Status RejectMisspelledHfKeys(const FieldReader& r) {
  for (const auto& [key, value] : r.node().map) {
    if (std::find(std::begin(kHfKeys), std::end(kHfKeys), key) != std::end(kHfKeys)) continue;
    for (std::string_view known : kHfKeys) {
      if (!r.node().Find(known) && EditDistance(key, known) <= kMaxMisspellingEdits) {
        return r.Error(key, "unknown key; did you mean " + Quote(known) + "?");
      }
    }
  }
  return Status::Ok();
}

const HfFamily* FindHfFamily(std::string_view model_type) {
  for (const HfFamily& f : kHfFamilies) {
    if (f.model_type == model_type) return &f;
  }
  return nullptr;
}

// ---- LoadModel ----

using Parser = StatusOr<ModelSpec> (*)(std::string_view, std::string_view);

StatusOr<ModelSpec> LoadFile(const std::string& path, Parser parse) {
  StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return parse(*text, path);
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

StatusOr<ModelSpec> ParseModelYaml(std::string_view yaml_text, std::string_view file) {
  StatusOr<ConfigNode> root = ParseYaml(yaml_text, file);
  if (!root.ok()) return root.status();
  if (root->kind != ConfigNode::Kind::kMap) {
    return ErrorAt(file, root->position, "",
                   "expected a map of model fields (name, architecture, layers, hidden, heads, "
                   "kv_heads, ffn, vocab, tie_embeddings)");
  }
  ModelSpec spec;
  spec.name = NameFromPath(file);
  FITPLAN_RETURN_IF_ERROR(ReadModelYaml(FieldReader(*root, file), &spec));
  return spec;
}

StatusOr<ModelSpec> ParseHfConfigJson(std::string_view json_text, std::string_view file) {
  StatusOr<ConfigNode> root = ParseJson(json_text, file);
  if (!root.ok()) return root.status();
  if (root->kind != ConfigNode::Kind::kMap) {
    return ErrorAt(file, root->position, "", "expected a JSON object (a HuggingFace config.json)");
  }
  const FieldReader r(*root, file);
  FITPLAN_RETURN_IF_ERROR(RejectMisspelledHfKeys(r));
  std::string model_type;
  FITPLAN_RETURN_IF_ERROR(r.String("model_type", &model_type, /*required=*/true));
  const HfFamily* family = FindHfFamily(model_type);
  if (!family) {
    // No did-you-mean: a near miss ("gemma" for "gemma2") is a different architecture.
    std::string types;
    for (const HfFamily& f : kHfFamilies) types += (types.empty() ? "" : ", ") + Str(f.model_type);
    return r.Error("model_type", "unsupported model type " + Quote(model_type) +
                                     "; fitplan reads " + types +
                                     " (write a model YAML for others)");
  }
  ModelSpec spec;
  FITPLAN_RETURN_IF_ERROR(r.String("_name_or_path", &spec.name));
  if (spec.name.empty()) spec.name = NameFromPath(file);
  spec.architecture = family->architecture;
  spec.tie_embeddings = family->tie_default;
  spec.qkv_bias = family->qkv_bias;
  spec.norms_per_layer = family->norms_per_layer;
  if (family->gpt_style) {
    spec.norm = NormKind::kLayerNorm;
    spec.gated_mlp = false;
    spec.o_bias = spec.mlp_bias = true;
  }
  FITPLAN_RETURN_IF_ERROR(family->model_type == "gpt2" ? ReadGpt2(r, &spec)
                                                       : ReadLlamaStyle(r, *family, &spec));
  return spec;
}

// The order: explicit file types first, then the catalog (names, and HF ids such as
// "meta-llama/Llama-3.1-8B"), then a downloaded HF snapshot folder, then any other path as YAML.
StatusOr<ModelSpec> LoadModel(const std::string& spec) {
  if (EndsWith(spec, ".json")) return LoadFile(spec, ParseHfConfigJson);
  if (EndsWith(spec, ".yaml") || EndsWith(spec, ".yml")) return LoadFile(spec, ParseModelYaml);
  if (const ModelSpec* model = FindModel(spec)) return *model;
  std::error_code error;
  const std::filesystem::path config = std::filesystem::path(spec) / "config.json";
  if (std::filesystem::is_regular_file(config, error)) {
    return LoadFile(config.string(), ParseHfConfigJson);
  }
  if (spec.find('/') != std::string::npos) return LoadFile(spec, ParseModelYaml);
  const std::string guess = ClosestModelName(spec);
  if (!guess.empty()) {
    return InputError("", 0, "--model",
                      "unknown model " + Quote(spec) + "; did you mean " + Quote(guess) +
                          "? (fitplan list models)");
  }
  return InputError("", 0, "--model",
                    "unknown model " + Quote(spec) +
                        "; expected a catalog name (fitplan list models) or a path to a model "
                        "YAML or config.json");
}

}  // namespace fitplan
