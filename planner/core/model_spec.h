// ModelSpec: the architecture numbers of a decoder-only transformer, as a HuggingFace config.json or
// the model YAML of shared/docs/interface.md states them. Plain data; ModelStats (model_stats.h)
// derives every count the cost model needs.
#ifndef FITPLAN_PLANNER_CORE_MODEL_SPEC_H_
#define FITPLAN_PLANNER_CORE_MODEL_SPEC_H_

#include <cstdint>
#include <string>

namespace fitplan {

// llama: RMSNorm, gated MLP (SwiGLU/GeGLU), RoPE, optional GQA, no biases unless stated.
// gpt:   LayerNorm (weight + bias), 2-matrix GELU MLP, learned positions, biases everywhere.
// moe:   llama-style attention with routed-expert MLPs (Mixtral).
enum class Architecture { kLlama, kGpt, kMoe };
enum class NormKind { kRmsNorm, kLayerNorm };

struct ModelSpec {
  std::string name;
  Architecture architecture = Architecture::kLlama;
  int64_t layers = 0;
  int64_t hidden = 0;
  int64_t heads = 0;
  int64_t kv_heads = 0;   // 0 in a loaded file means "= heads" (MHA); loaders resolve it.
  int64_t head_dim = 0;   // 0 in a loaded file means hidden / heads; loaders resolve it.
  int64_t ffn = 0;        // MLP intermediate size (dense layers)
  int64_t vocab = 0;
  bool tie_embeddings = false;
  bool qkv_bias = false;  // Qwen2: true
  bool o_bias = false;
  bool mlp_bias = false;
  NormKind norm = NormKind::kRmsNorm;
  int64_t norms_per_layer = 2;  // Gemma 2: 4
  bool qk_norm = false;         // Qwen3, Gemma 3: an RMSNorm of head_dim on q and on k per layer
  bool gated_mlp = true;        // 3 matrices (gate, up, down) vs 2 (fc1, fc2)
  bool learned_positions = false;
  int64_t max_position = 0;  // learned position table rows (gpt); informational otherwise
  // MoE only (architecture kMoe); 0 elsewhere.
  int64_t experts = 0;
  int64_t experts_per_token = 0;
  int64_t shared_experts = 0;
  int64_t moe_ffn = 0;       // width of one expert's MLP; 0 means = ffn
  int64_t dense_layers = 0;  // leading layers with a dense MLP

  bool operator==(const ModelSpec&) const = default;
  std::string ToString() const;
};

// Fills the defaults (kv_heads = heads, head_dim = hidden/heads, moe_ffn = ffn) of a spec whose
// loader left them 0. Idempotent.
void ResolveModelDefaults(ModelSpec* spec);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_CORE_MODEL_SPEC_H_
