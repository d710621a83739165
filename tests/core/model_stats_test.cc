#include "planner/core/model_stats.h"

#include <gtest/gtest.h>

namespace fitplan {
namespace {

ModelSpec Llama(int64_t L, int64_t h, int64_t a, int64_t g, int64_t f, int64_t V, bool tied) {
  ModelSpec m;
  m.name = "test-llama";
  m.layers = L;
  m.hidden = h;
  m.heads = a;
  m.kv_heads = g;
  m.ffn = f;
  m.vocab = V;
  m.tie_embeddings = tied;
  ResolveModelDefaults(&m);
  return m;
}

TEST(ModelStatsTest, Llama3_70bMatchesCostModelTable) {
  const ModelStats s = ComputeModelStats(Llama(80, 8192, 64, 8, 28672, 128256, false));
  // cost-model.md §2.1: P_layer = 2h² + 2h²·g/a + 3hf + 2h
  //   = 134,217,728 + 16,777,216 + 704,643,072 + 16,384 = 855,654,400
  EXPECT_DOUBLE_EQ(s.layer_params, 855654400.0);
  // total = 80·855,654,400 + 8192 + 2·128256·8192 = 70,553,706,496
  EXPECT_DOUBLE_EQ(s.total_params, 70553706496.0);
  EXPECT_DOUBLE_EQ(s.active_params, s.total_params);
  // NF4 part: 80 × (855,654,400 − 16,384 norms) = 68,451,041,280 (cost-model.md §10.1 P_linear)
  EXPECT_DOUBLE_EQ(s.layer_linear_params * 80, 68451041280.0);
  // Largest Linear: gate/up/down 8192 × 28672 = 234,881,024
  EXPECT_DOUBLE_EQ(s.largest_linear_params, 234881024.0);
}

TEST(ModelStatsTest, TiedLlama32_1b) {
  // cost-model.md §2.1 table: 16 × 60,821,504 + 2048 + 128256·2048 = 1,235,814,400
  const ModelStats s = ComputeModelStats(Llama(16, 2048, 32, 8, 8192, 128256, true));
  EXPECT_DOUBLE_EQ(s.layer_params, 60821504.0);
  EXPECT_DOUBLE_EQ(s.total_params, 1235814400.0);
  EXPECT_DOUBLE_EQ(s.lm_head_params, 0.0);
}

TEST(ModelStatsTest, LoraParamsAllLinearAndAttention) {
  const ModelStats s8b = ComputeModelStats(Llama(32, 4096, 32, 8, 14336, 128256, false));
  // cost-model.md §5.1: Llama-3-8B r16 all-linear: 16·(8192 + 2·5120 + 8192 + 3·18432)·32
  //   = 16 · 81,920 · 32 = 41,943,040
  EXPECT_DOUBLE_EQ(32 * LoraParamsPerLayer(s8b, 16, false), 41943040.0);
  // attention only (q, k, v, o): 16·(8192 + 5120 + 5120 + 8192)·32 = 13,631,488
  EXPECT_DOUBLE_EQ(32 * LoraParamsPerLayer(s8b, 16, true), 13631488.0);
  const ModelStats s70 = ComputeModelStats(Llama(80, 8192, 64, 8, 28672, 128256, false));
  // §5.1 [DERIVED]: Llama-3-70B r16 all-linear = 207,093,760
  EXPECT_DOUBLE_EQ(80 * LoraParamsPerLayer(s70, 16, false), 207093760.0);
}

TEST(ModelStatsTest, Gpt2SmallWithLearnedPositionsAndBiases) {
  ModelSpec m;
  m.architecture = Architecture::kGpt;
  m.layers = 12;
  m.hidden = 768;
  m.heads = 12;
  m.ffn = 3072;
  m.vocab = 50257;
  m.tie_embeddings = true;
  m.norm = NormKind::kLayerNorm;
  m.gated_mlp = false;
  m.learned_positions = true;
  m.max_position = 1024;
  ResolveModelDefaults(&m);
  // cost-model.md §2.2: 12·(12h² + 13h) + V·h + s_max·h + 2h = 124,439,808
  EXPECT_DOUBLE_EQ(ComputeModelStats(m).total_params, 124439808.0);
}

TEST(ModelStatsTest, MixtralTotalAndActive) {
  ModelSpec m = Llama(32, 4096, 32, 8, 14336, 32000, false);
  m.architecture = Architecture::kMoe;
  m.experts = 8;
  m.experts_per_token = 2;
  m.moe_ffn = 14336;
  const ModelStats s = ComputeModelStats(m);
  // cost-model.md §2.3 [V-num]: total 46,702,792,704; active 12,879,925,248
  EXPECT_DOUBLE_EQ(s.total_params, 46702792704.0);
  EXPECT_DOUBLE_EQ(s.active_params, 12879925248.0);
  // 8 experts × 3 × 4096 × 14336 = 1,409,286,144 expert weights per layer
  EXPECT_DOUBLE_EQ(s.layer_expert_params, 1409286144.0);
}

}  // namespace
}  // namespace fitplan
