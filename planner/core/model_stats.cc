#include "planner/core/model_stats.h"

#include <algorithm>

namespace fitplan {
namespace {

// Attention Linears: q (h → a·d_h), k, v (h → g·d_h), o (a·d_h → h).
// shared/data/models.md "llama family"; cost-model.md §2.1.
void AddAttentionLinears(const ModelSpec& m, ModelStats* s) {
  const double h = m.hidden, q = double(m.heads) * m.head_dim, kv = double(m.kv_heads) * m.head_dim;
  if (m.architecture == Architecture::kGpt) {
    s->linears[s->num_linears++] = {h, q + 2 * kv, 1, true};  // fused QKV (GPT-2 c_attn; GQA/MQA: Falcon)
    s->linears[s->num_linears++] = {q, h, 1, true};           // c_proj
    return;
  }
  s->linears[s->num_linears++] = {h, q, 1, true};
  s->linears[s->num_linears++] = {h, kv, 1, true};
  s->linears[s->num_linears++] = {h, kv, 1, true};
  s->linears[s->num_linears++] = {q, h, 1, true};
}

// MLP Linears: gated (gate, up, down) or 2-matrix (fc1, fc2); routed experts repeat them E times.
void AddMlpLinears(const ModelSpec& m, double width, double copies, ModelStats* s) {
  const double h = m.hidden;
  if (m.gated_mlp) {
    s->linears[s->num_linears++] = {h, width, copies, false};
    s->linears[s->num_linears++] = {h, width, copies, false};
  } else {
    s->linears[s->num_linears++] = {h, width, copies, false};
  }
  s->linears[s->num_linears++] = {width, h, copies, false};
}

double SumLinears(const ModelStats& s) {
  double total = 0;
  for (int i = 0; i < s.num_linears; ++i) total += s.linears[i].params();
  return total;
}

}  // namespace

ModelStats ComputeModelStats(const ModelSpec& m) {
  ModelStats s;
  const double h = m.hidden, L = m.layers, V = m.vocab;
  const double q = double(m.heads) * m.head_dim, kv = double(m.kv_heads) * m.head_dim;
  const bool gpt = m.architecture == Architecture::kGpt;
  const bool moe = m.architecture == Architecture::kMoe && m.experts > 0;
  s.attention_width = q;

  // Biases (models.md): gpt has every bias; llama-family only where qkv_bias/o_bias/mlp_bias say.
  // QK-norm (modeling_qwen3 Qwen3Attention q_norm/k_norm): one head_dim weight each, shared by heads.
  const double norm_params = m.norms_per_layer * h * (m.norm == NormKind::kLayerNorm ? 2 : 1) +
                             (m.qk_norm ? 2.0 * m.head_dim : 0);
  double attn_bias = 0, mlp_bias_dense = 0;
  if (gpt) {
    attn_bias = q + 2 * kv + h;
    mlp_bias_dense = m.ffn + h;
  } else {
    if (m.qkv_bias) attn_bias += q + 2 * kv;
    if (m.o_bias) attn_bias += h;
    if (m.mlp_bias) mlp_bias_dense = (m.gated_mlp ? 2 : 1) * double(m.ffn) + h;
  }

  AddAttentionLinears(m, &s);
  const double attn_linear = SumLinears(s);
  if (moe) {
    AddMlpLinears(m, m.moe_ffn, m.experts + m.shared_experts, &s);
  } else {
    AddMlpLinears(m, m.ffn, 1, &s);
  }
  const double mlp_linear = SumLinears(s) - attn_linear;

  // Per-layer counts. MoE: router h·E; shared experts always active (cost-model.md §2.3).
  const double router = moe ? h * m.experts : 0;
  const double mlp_width = m.gated_mlp ? 3 : 2;
  const double expert_params = moe ? mlp_width * h * m.moe_ffn : 0;
  const double moe_layer = attn_linear + attn_bias + mlp_linear + router + norm_params;
  const double moe_layer_active =
      moe ? moe_layer - expert_params * (m.experts - m.experts_per_token) : moe_layer;
  const double dense_layer = attn_linear + attn_bias + mlp_width * h * m.ffn + mlp_bias_dense +
                             norm_params;
  const double dense_count = moe ? std::min<double>(m.dense_layers, L) : L;
  const double moe_count = L - dense_count;

  const double layers_total = dense_count * dense_layer + moe_count * moe_layer;
  const double layers_active = dense_count * dense_layer + moe_count * moe_layer_active;
  s.layer_params = layers_total / L;
  s.active_layer_params = layers_active / L;
  s.layer_linear_params = (dense_count * (attn_linear + mlp_width * h * m.ffn) +
                           moe_count * (attn_linear + mlp_linear)) / L;
  s.layer_small_params = s.layer_params - s.layer_linear_params;
  s.layer_expert_params = moe_count * mlp_linear / L;

  s.embedding_params = V * h + (m.learned_positions ? double(m.max_position) * h : 0);
  s.lm_head_params = m.tie_embeddings ? 0 : V * h;
  s.final_norm_params = h * (m.norm == NormKind::kLayerNorm ? 2 : 1);
  s.total_params = layers_total + s.embedding_params + s.lm_head_params + s.final_norm_params;
  s.active_params = layers_active + s.embedding_params + s.lm_head_params + s.final_norm_params;

  double largest = 0;
  for (int i = 0; i < s.num_linears; ++i) {
    largest = std::max(largest, s.linears[i].in_features * s.linears[i].out_features);
  }
  s.largest_linear_params = largest;

  // 6N convention: matmul weights per token incl. lm_head (tied or not), no input embedding
  // (cost-model.md §8.1, torchtitan get_dense_model_nparams_and_flops).
  const double active_linear_per_layer =
      moe ? (dense_count * (attn_linear + mlp_width * h * m.ffn) +
             moe_count * (attn_linear + expert_params * (m.experts_per_token + m.shared_experts) +
                          router)) / L
          : s.layer_linear_params;
  s.matmul_params_per_token = L * active_linear_per_layer + V * h;
  s.routed_matmul_params_per_token = moe ? moe_count * expert_params * m.experts_per_token : 0;
  return s;
}

double LoraParamsPerLayer(const ModelStats& stats, double rank, bool attention_only) {
  double total = 0;
  for (int i = 0; i < stats.num_linears; ++i) {
    const LinearShape& l = stats.linears[i];
    if (attention_only && !l.attention) continue;
    total += rank * (l.in_features + l.out_features) * l.copies;
  }
  return total;
}

}  // namespace fitplan
