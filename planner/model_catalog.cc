#include "planner/model_catalog.h"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

#include "planner/core/config_node.h"

namespace fitplan {
namespace {

// A catalog row: the HF repo its numbers describe (also accepted as an alias by FindModel) and
// the spec. Numbers are shared/data/models.csv's, which checks each row against two public copies
// of the config.json and the checkpoint's exact parameter count; the comment names one copy.
// Fields left out take ModelSpec's defaults: llama family, RMSNorm, 2 norms per layer, gated MLP,
// no biases, RoPE, head_dim = hidden / heads, kv_heads as given.
struct CatalogEntry {
  std::string_view hf_id;
  ModelSpec spec;
};

const std::vector<CatalogEntry>& Entries() {
  static const std::vector<CatalogEntry> entries = [] {
    // One model per entry, fields packed, so the catalog reads as the table it is.
    // clang-format off
    std::vector<CatalogEntry> rows = {
        // Lightning-AI/litgpt@26857050:litgpt/config.py#Llama-2-7b (L698)
        {"meta-llama/Llama-2-7b-hf",
         {.name = "llama-2-7b", .layers = 32, .hidden = 4096, .heads = 32, .kv_heads = 32,
          .ffn = 11008, .vocab = 32000, .max_position = 4096}},
        // Lightning-AI/litgpt@26857050:litgpt/config.py#Llama-2-13b (L712)
        {"meta-llama/Llama-2-13b-hf",
         {.name = "llama-2-13b", .layers = 40, .hidden = 5120, .heads = 40, .kv_heads = 40,
          .ffn = 13824, .vocab = 32000, .max_position = 4096}},
        // Lightning-AI/litgpt@26857050:litgpt/config.py#Llama-2-70b (L728)
        {"meta-llama/Llama-2-70b-hf",
         {.name = "llama-2-70b", .layers = 80, .hidden = 8192, .heads = 64, .kv_heads = 8,
          .ffn = 28672, .vocab = 32000, .max_position = 4096}},
        // Lightning-AI/litgpt@26857050:litgpt/config.py#Llama-3.1-8B (L776)
        {"meta-llama/Llama-3.1-8B",
         {.name = "llama-3.1-8b", .layers = 32, .hidden = 4096, .heads = 32, .kv_heads = 8,
          .ffn = 14336, .vocab = 128256, .max_position = 131072}},
        // Lightning-AI/litgpt@26857050:litgpt/config.py#Llama-3.1-70B (L814)
        {"meta-llama/Llama-3.1-70B",
         {.name = "llama-3.1-70b", .layers = 80, .hidden = 8192, .heads = 64, .kv_heads = 8,
          .ffn = 28672, .vocab = 128256, .max_position = 131072}},
        // Lightning-AI/litgpt@26857050:litgpt/config.py#Llama-3.1-405B (L834)
        {"meta-llama/Llama-3.1-405B",
         {.name = "llama-3.1-405b", .layers = 126, .hidden = 16384, .heads = 128, .kv_heads = 8,
          .ffn = 53248, .vocab = 128256, .max_position = 131072}},
        // Lightning-AI/litgpt@26857050:litgpt/config.py#Llama-3.2-1B (L854)
        {"meta-llama/Llama-3.2-1B",
         {.name = "llama-3.2-1b", .layers = 16, .hidden = 2048, .heads = 32, .kv_heads = 8,
          .ffn = 8192, .vocab = 128256, .tie_embeddings = true, .max_position = 131072}},
        // Lightning-AI/litgpt@26857050:litgpt/config.py#Llama-3.2-3B (L874)
        {"meta-llama/Llama-3.2-3B",
         {.name = "llama-3.2-3b", .layers = 28, .hidden = 3072, .heads = 24, .kv_heads = 8,
          .ffn = 8192, .vocab = 128256, .tie_embeddings = true, .max_position = 131072}},
        // Lightning-AI/litgpt@26857050:litgpt/config.py#Mistral-7B-v0.3 (L2095)
        {"mistralai/Mistral-7B-v0.3",
         {.name = "mistral-7b", .layers = 32, .hidden = 4096, .heads = 32, .kv_heads = 8,
          .ffn = 14336, .vocab = 32768, .max_position = 32768}},
        // Lightning-AI/litgpt@26857050:litgpt/config.py#Qwen2.5-0.5B (L2264)
        {"Qwen/Qwen2.5-0.5B",
         {.name = "qwen2.5-0.5b", .layers = 24, .hidden = 896, .heads = 14, .kv_heads = 2,
          .ffn = 4864, .vocab = 151936, .tie_embeddings = true, .qkv_bias = true,
          .max_position = 32768}},
        // Lightning-AI/litgpt@26857050:litgpt/config.py#Qwen2.5-1.5B (L2285)
        {"Qwen/Qwen2.5-1.5B",
         {.name = "qwen2.5-1.5b", .layers = 28, .hidden = 1536, .heads = 12, .kv_heads = 2,
          .ffn = 8960, .vocab = 151936, .tie_embeddings = true, .qkv_bias = true,
          .max_position = 131072}},
        // Lightning-AI/litgpt@26857050:litgpt/config.py#Qwen2.5-3B (L2306)
        {"Qwen/Qwen2.5-3B",
         {.name = "qwen2.5-3b", .layers = 36, .hidden = 2048, .heads = 16, .kv_heads = 2,
          .ffn = 11008, .vocab = 151936, .tie_embeddings = true, .qkv_bias = true,
          .max_position = 32768}},
        // Lightning-AI/litgpt@26857050:litgpt/config.py#Qwen2.5-7B (L2327)
        {"Qwen/Qwen2.5-7B",
         {.name = "qwen2.5-7b", .layers = 28, .hidden = 3584, .heads = 28, .kv_heads = 4,
          .ffn = 18944, .vocab = 152064, .qkv_bias = true, .max_position = 131072}},
        // Lightning-AI/litgpt@26857050:litgpt/config.py#Qwen2.5-14B (L2348)
        {"Qwen/Qwen2.5-14B",
         {.name = "qwen2.5-14b", .layers = 48, .hidden = 5120, .heads = 40, .kv_heads = 8,
          .ffn = 13824, .vocab = 152064, .qkv_bias = true, .max_position = 131072}},
        // Lightning-AI/litgpt@26857050:litgpt/config.py#Qwen2.5-32B (L2369)
        {"Qwen/Qwen2.5-32B",
         {.name = "qwen2.5-32b", .layers = 64, .hidden = 5120, .heads = 40, .kv_heads = 8,
          .ffn = 27648, .vocab = 152064, .qkv_bias = true, .max_position = 131072}},
        // Lightning-AI/litgpt@26857050:litgpt/config.py#Qwen2.5-72B (L2390)
        {"Qwen/Qwen2.5-72B",
         {.name = "qwen2.5-72b", .layers = 80, .hidden = 8192, .heads = 64, .kv_heads = 8,
          .ffn = 29568, .vocab = 152064, .qkv_bias = true, .max_position = 131072}},
        // Lightning-AI/litgpt@26857050:litgpt/config.py#Gemma-2-2b (L1111)
        {"google/gemma-2-2b",
         {.name = "gemma-2-2b", .layers = 26, .hidden = 2304, .heads = 8, .kv_heads = 4,
          .head_dim = 256, .ffn = 9216, .vocab = 256000, .tie_embeddings = true,
          .norms_per_layer = 4, .max_position = 8192}},
        // Lightning-AI/litgpt@26857050:litgpt/config.py#Gemma-2-9b (L1139)
        {"google/gemma-2-9b",
         {.name = "gemma-2-9b", .layers = 42, .hidden = 3584, .heads = 16, .kv_heads = 8,
          .head_dim = 256, .ffn = 14336, .vocab = 256000, .tie_embeddings = true,
          .norms_per_layer = 4, .max_position = 8192}},
        // Lightning-AI/litgpt@26857050:litgpt/config.py#Gemma-2-27b (L1167)
        {"google/gemma-2-27b",
         {.name = "gemma-2-27b", .layers = 46, .hidden = 4608, .heads = 32, .kv_heads = 16,
          .head_dim = 128, .ffn = 36864, .vocab = 256000, .tie_embeddings = true,
          .norms_per_layer = 4, .max_position = 8192}},
        // Lightning-AI/litgpt@26857050:litgpt/config.py#Phi-3-mini-4k-instruct (L1817)
        {"microsoft/Phi-3-mini-4k-instruct",
         {.name = "phi-3-mini-4k", .layers = 32, .hidden = 3072, .heads = 32, .kv_heads = 32,
          .ffn = 8192, .vocab = 32064, .max_position = 4096}},
        // mlc-ai/mlc-llm@79d603f0:python/mlc_llm/model/model_preset.py#gpt2 (L308, HF config)
        {"openai-community/gpt2",
         {.name = "gpt2", .architecture = Architecture::kGpt, .layers = 12, .hidden = 768,
          .heads = 12, .kv_heads = 12, .ffn = 3072, .vocab = 50257, .tie_embeddings = true,
          .qkv_bias = true, .o_bias = true, .mlp_bias = true, .norm = NormKind::kLayerNorm,
          .gated_mlp = false, .learned_positions = true, .max_position = 1024}},
        // GPT-3 paper (Brown et al. 2020, arXiv 2005.14165) Table 2.1 and Sec. 2.1; no checkpoint,
        // so no hf id. Tied embeddings assumed as in GPT-2 (models.csv: untied adds 0.618B).
        {"",
         {.name = "gpt3-175b", .architecture = Architecture::kGpt, .layers = 96, .hidden = 12288,
          .heads = 96, .kv_heads = 96, .ffn = 49152, .vocab = 50257, .tie_embeddings = true,
          .qkv_bias = true, .o_bias = true, .mlp_bias = true, .norm = NormKind::kLayerNorm,
          .gated_mlp = false, .learned_positions = true, .max_position = 2048}},
        // Lightning-AI/litgpt@26857050:litgpt/config.py#Mixtral-8x7B (L2009)
        {"mistralai/Mixtral-8x7B-v0.1",
         {.name = "mixtral-8x7b", .architecture = Architecture::kMoe, .layers = 32, .hidden = 4096,
          .heads = 32, .kv_heads = 8, .ffn = 14336, .vocab = 32000, .max_position = 32768,
          .experts = 8, .experts_per_token = 2, .moe_ffn = 14336}},
        // AI-Hypercomputer/maxtext@e591f30c:src/maxtext/configs/models/mixtral-8x22b.yml; vocab
        // 32000 of the base v0.1 per the mistral-inference README (models.csv: medium confidence).
        {"mistralai/Mixtral-8x22B-v0.1",
         {.name = "mixtral-8x22b", .architecture = Architecture::kMoe, .layers = 56, .hidden = 6144,
          .heads = 48, .kv_heads = 8, .ffn = 16384, .vocab = 32000, .max_position = 65536,
          .experts = 8, .experts_per_token = 2, .moe_ffn = 16384}},
        // AI-Hypercomputer/maxtext@e591f30c:src/maxtext/configs/models/llama4-17b-16e.yml (HF
        // text_config): every layer MoE, 16 routed experts (top-1) + 1 shared, each 3·h·8192;
        // QK-norm is parameter-free. The text decoder only (the vision encoder and projector add
        // 0.87B). Chunked 8192-token attention on 3 of 4 layers is not modeled: beyond 8192 tokens
        // attention FLOPs and memory are over-counted (the safe side).
        {"meta-llama/Llama-4-Scout-17B-16E",
         {.name = "llama-4-scout", .architecture = Architecture::kMoe, .layers = 48,
          .hidden = 5120, .heads = 40, .kv_heads = 8, .ffn = 16384, .vocab = 202048,
          .max_position = 262144, .experts = 16, .experts_per_token = 1, .shared_experts = 1,
          .moe_ffn = 8192}},
    };
    // clang-format on
    for (CatalogEntry& row : rows) ResolveModelDefaults(&row.spec);
    return rows;
  }();
  return entries;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return out;
}

// True when the characters of `part` appear in `whole` in order.
bool IsSubsequence(std::string_view part, std::string_view whole) {
  size_t i = 0;
  for (char c : whole) {
    if (i < part.size() && part[i] == c) ++i;
  }
  return i == part.size();
}

}  // namespace

std::span<const ModelSpec> ModelCatalog() {
  static const std::vector<ModelSpec> specs = [] {
    std::vector<ModelSpec> out;
    for (const CatalogEntry& row : Entries()) out.push_back(row.spec);
    return out;
  }();
  return specs;
}

// Names compare case-insensitively, and the HF repo id is an alias ("meta-llama/Llama-3.1-70B"),
// so a name copied from the Hub works.
const ModelSpec* FindModel(std::string_view name) {
  const std::string wanted = Lower(name);
  const std::span<const ModelSpec> specs = ModelCatalog();
  for (size_t i = 0; i < specs.size(); ++i) {
    const CatalogEntry& row = Entries()[i];
    if (Lower(row.spec.name) == wanted || (!row.hf_id.empty() && Lower(row.hf_id) == wanted)) {
      return &specs[i];
    }
  }
  return nullptr;
}

std::string_view CatalogHubId(std::string_view name) {
  const std::string wanted = Lower(name);
  for (const CatalogEntry& row : Entries()) {
    if (Lower(row.spec.name) == wanted) return row.hf_id;
  }
  return "";
}

// A user who shortens a name ("llama-3-70b", "qwen-7b") types a subsequence of it, so a name
// containing the query in order (and at most twice as long) wins over one a few substitutions away
// ("llama-2-70b" is 1 edit from "llama-3-70b", "llama-3.1-70b" 2). Otherwise the nearest name
// within half the query's length in edits; an unrelated word gets no suggestion.
std::string ClosestModelName(std::string_view name) {
  const std::string wanted = Lower(name);
  const int max_distance = std::max<int>(1, int(wanted.size()) / 2);
  std::string best;
  std::pair<bool, int> best_key = {true, max_distance + 1};  // (not a subsequence, distance)
  for (const ModelSpec& spec : ModelCatalog()) {
    const bool subsequence = !wanted.empty() && 2 * wanted.size() >= spec.name.size() &&
                             IsSubsequence(wanted, spec.name);
    const std::pair<bool, int> key = {!subsequence, EditDistance(wanted, spec.name)};
    if ((subsequence || key.second <= max_distance) && key < best_key) {
      best_key = key;
      best = spec.name;
    }
  }
  return best;
}

}  // namespace fitplan
