// Model YAML, HF config.json and LoadModel: every format reads to the catalog's numbers, and every
// class of bad input gets its one exact message.
#include "planner/model_loader.h"

#include <gtest/gtest.h>

#include <string>

#include "planner/core/model_stats.h"
#include "planner/model_catalog.h"

namespace fitplan {
namespace {

const std::string kRoot = FITPLAN_SOURCE_DIR;

ModelSpec Catalog(const std::string& name) {
  const ModelSpec* spec = FindModel(name);
  EXPECT_NE(spec, nullptr) << name;
  return spec ? *spec : ModelSpec{};
}

std::string YamlError(const std::string& yaml) {
  StatusOr<ModelSpec> spec = ParseModelYaml(yaml, "m.yaml");
  return spec.ok() ? "(parsed)" : spec.status().message();
}

std::string JsonError(const std::string& json) {
  StatusOr<ModelSpec> spec = ParseHfConfigJson(json, "c.json");
  return spec.ok() ? "(parsed)" : spec.status().message();
}

std::string LoadError(const std::string& spec) {
  StatusOr<ModelSpec> model = LoadModel(spec);
  return model.ok() ? "(loaded)" : model.status().message();
}

// A valid llama-style body to break one line at a time.
const std::string kLlama =
    "layers: 32\nhidden: 4096\nheads: 32\nkv_heads: 8\nffn: 14336\nvocab: 128256\n";

// ---- Model YAML ----

TEST(ModelYamlTest, GptWithGroupedQueryAttention) {
  // Falcon-style gpt block with GQA: fused QKV 768 → 768 + 2·256 = 983,040, proj 589,824,
  // biases q + 2kv + h = 2048, MLP 2·768·1 + (1 + 768) = 2305, two LayerNorms 4·768 = 3072
  // → 1,580,289 per layer.
  const StatusOr<ModelSpec> m = ParseModelYaml(
      "architecture: gpt\nposition: rope\nlayers: 2\nhidden: 768\nheads: 12\nkv_heads: 4\n"
      "ffn: 1\nvocab: 1\n",
      "m.yaml");
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_DOUBLE_EQ(ComputeModelStats(*m).layer_params, 1580289.0);
}

TEST(ModelYamlTest, InterfaceExampleIsLlama31_70b) {
  // shared/docs/interface.md "Model YAML", verbatim.
  StatusOr<ModelSpec> spec = ParseModelYaml(
      "name: llama-3.1-70b\n"
      "architecture: llama            # llama | gpt | moe\n"
      "layers: 80\nhidden: 8192\nheads: 64\nkv_heads: 8\nffn: 28672\nvocab: 128256\n"
      "tie_embeddings: false\n",
      "x.yaml");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  ModelSpec expected = Catalog("llama-3.1-70b");
  expected.max_position = 0;  // informational for RoPE models; the example leaves it out
  EXPECT_EQ(*spec, expected);
  EXPECT_EQ(spec->head_dim, 128);  // 8192 / 64, resolved
  // models.csv params_exact_public for Llama-3.1-70B.
  EXPECT_EQ(ComputeModelStats(*spec).total_params, 70553706496.0);
}

TEST(ModelYamlTest, NameDefaultsToFileStem) {
  StatusOr<ModelSpec> spec = ParseModelYaml(kLlama, "dir/my-model.yaml");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->name, "my-model");
}

TEST(ModelYamlTest, GptArchitectureDefaults) {
  StatusOr<ModelSpec> spec = ParseModelYaml(
      "architecture: gpt\nlayers: 12\nhidden: 768\nheads: 12\nffn: 3072\nvocab: 50257\n"
      "tie_embeddings: true\nmax_position: 1024\n",
      "gpt2.yaml");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(*spec, Catalog("gpt2"));  // LayerNorm, biases, 2-matrix MLP, learned positions
}

TEST(ModelYamlTest, MoeWithDefaultExpertWidth) {
  StatusOr<ModelSpec> spec = ParseModelYaml(
      "name: mixtral-8x7b\narchitecture: moe\nlayers: 32\nhidden: 4096\nheads: 32\nkv_heads: 8\n"
      "ffn: 14336\nvocab: 32000\nexperts: 8\nexperts_per_token: 2\nmax_position: 32768\n",
      "m.yaml");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(*spec, Catalog("mixtral-8x7b"));  // moe_ffn = ffn
}

TEST(ModelYamlTest, NormAndPositionExtensionsDescribeGptNeox) {
  // GPT-NeoX-20B: gpt family with rotary positions. Model card (EleutherAI/gpt-neox-20b):
  // 20,554,567,680 = 44 × (12h² + 13h) + 2·V·h (untied embed_out) + 2h, h 6144, f 4h, V 50432.
  StatusOr<ModelSpec> spec = ParseModelYaml(
      "architecture: gpt\nposition: rope\nlayers: 44\nhidden: 6144\nheads: 64\nffn: 24576\n"
      "vocab: 50432\n",
      "neox.yaml");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_FALSE(spec->learned_positions);
  EXPECT_EQ(ComputeModelStats(*spec).total_params, 20554567680.0);
}

// One row per error class; the whole message is compared (house style: exact error text).
struct ErrorCase {
  const char* name;
  std::string input;
  const char* error;
};

const ErrorCase kYamlErrors[] = {
    {"UnknownKeyDidYouMean", "hiden: 4096\n" + kLlama,
     "m.yaml:1:1: hiden: unknown key; did you mean 'hidden'?"},
    {"UnknownKeyAfterTheOthers", kLlama + "heads_dim: 128\n",
     "m.yaml:7:1: heads_dim: unknown key; did you mean 'head_dim'?"},
    {"WrongTypeInteger", "layers: eighty\nhidden: 4096\nheads: 32\nffn: 1\nvocab: 1\n",
     "m.yaml:1:1: layers: 'eighty' is not an integer"},
    {"WrongTypeFraction", "layers: 2.5\nhidden: 4096\nheads: 32\nffn: 1\nvocab: 1\n",
     "m.yaml:1:1: layers: '2.5' is not an integer"},
    {"WrongTypeBoolean", kLlama + "tie_embeddings: maybe\n",
     "m.yaml:7:1: tie_embeddings: 'maybe' is not a boolean; expected true or false"},
    {"WrongTypeList", "layers: [32]\nhidden: 4096\nheads: 32\nffn: 1\nvocab: 1\n",
     "m.yaml:1:1: layers: '(not a scalar)' is not an integer"},
    {"UnknownArchitecture", "architecture: lama\n" + kLlama,
     "m.yaml:1:1: architecture: 'lama' is not one of llama, gpt, moe; did you mean 'llama'?"},
    {"UnknownNorm", kLlama + "norm: batchnorm\n",
     "m.yaml:7:1: norm: 'batchnorm' is not one of rmsnorm, layernorm"},
    {"MissingRequired", "layers: 32\nhidden: 4096\nheads: 32\nvocab: 1\n",
     "m.yaml:1:1: ffn: missing; expected an integer"},
    {"MissingMoeField", "architecture: moe\n" + kLlama + "experts_per_token: 2\n",
     "m.yaml:1:1: experts: missing; expected an integer"},
    {"MissingPositionTable",
     "architecture: gpt\nlayers: 2\nhidden: 768\nheads: 12\nffn: 1\nvocab: 1\n",
     "m.yaml:1:1: max_position: missing; expected an integer (the rows of the learned position "
     "table)"},
    {"ZeroLayers", "layers: 0\nhidden: 4096\nheads: 32\nffn: 1\nvocab: 1\n",
     "m.yaml:1:1: layers: 0 is out of range; expected an integer from 1 to 100000"},
    {"NegativeHidden", "layers: 2\nhidden: -4096\nheads: 32\nffn: 1\nvocab: 1\n",
     "m.yaml:2:1: hidden: -4096 is out of range; expected an integer from 1 to 1000000"},
    // Absurd sizes (model_loader.cc: far past any published model).
    {"AbsurdHidden", "layers: 2\nhidden: 40960000\nheads: 32\nffn: 1\nvocab: 1\n",
     "m.yaml:2:1: hidden: 40960000 is out of range; expected an integer from 1 to 1000000"},
    {"AbsurdLayers", "layers: 800000\nhidden: 4096\nheads: 32\nffn: 1\nvocab: 1\n",
     "m.yaml:1:1: layers: 800000 is out of range; expected an integer from 1 to 100000"},
    {"AbsurdVocab", "layers: 2\nhidden: 4096\nheads: 32\nffn: 1\nvocab: 1282560000\n",
     "m.yaml:5:1: vocab: 1282560000 is out of range; expected an integer from 1 to 100000000"},
    {"BeyondExactIntegers", "layers: 1e300\nhidden: 4096\nheads: 32\nffn: 1\nvocab: 1\n",
     "m.yaml:1:1: layers: 1e300 is out of range; expected an integer from 1 to 100000"},
    // 100,000 layers × (4h² + 3hf) with h = 10^6, f = 10^7: 10^5 × 3.4e13 = 3.4e18 parameters.
    {"AbsurdParameterCount",
     "layers: 100000\nhidden: 1000000\nheads: 1000\nffn: 10000000\nvocab: 1\n",
     "m.yaml:1:1: 3.4e+18 parameters is out of range; expected at most 1e+15 (is hidden or layers "
     "a digit too long?)"},
    {"HeadsDoNotDivideHidden", "layers: 2\nhidden: 4096\nheads: 7\nffn: 1\nvocab: 1\n",
     "m.yaml:3:1: heads: 7 does not divide hidden 4096; give head_dim if the model's heads are "
     "not hidden/heads wide"},
    {"KvHeadsDoNotDivideHeads",
     "layers: 2\nhidden: 4096\nheads: 32\nkv_heads: 5\nffn: 1\nvocab: 1\n",
     "m.yaml:4:1: kv_heads: 5 does not divide heads 32"},
    {"ExpertsOnADenseModel", kLlama + "experts: 8\n",
     "m.yaml:7:1: experts: only architecture moe has experts; this model's architecture is llama"},
    {"MoreExpertsPerTokenThanExperts",
     "architecture: moe\n" + kLlama + "experts: 8\nexperts_per_token: 10\n",
     "m.yaml:9:1: experts_per_token: 10 is more than experts 8"},
    {"MoreDenseLayersThanLayers",
     "architecture: moe\n" + kLlama + "experts: 8\nexperts_per_token: 2\ndense_layers: 33\n",
     "m.yaml:10:1: dense_layers: 33 is more than layers 32"},
    {"DuplicateKey", kLlama + "layers: 80\n", "m.yaml:7:1: layers: duplicate key"},
    {"RootNotAMap", "- layers\n",
     "m.yaml:1:1: expected a map of model fields (name, architecture, layers, hidden, heads, "
     "kv_heads, ffn, vocab, tie_embeddings)"},
    {"YamlSyntaxError", "layers: [1\n", "m.yaml:2:1: YAML syntax error: end of sequence flow not found"},
    {"AliasBomb",
     "name: &a [x, x, x, x, x, x, x, x, x, x]\n"
     "layers: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "hidden: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
     "heads: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
     "ffn: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
     "m.yaml:1:38: document expands to more than 100000 nodes (recursive or exponential "
     "aliases?)"},
};

class ModelYamlErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ModelYamlErrorTest, WholeMessage) {
  EXPECT_EQ(YamlError(GetParam().input), GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(Errors, ModelYamlErrorTest, ::testing::ValuesIn(kYamlErrors),
                         [](const ::testing::TestParamInfo<ErrorCase>& info) {
                           return std::string(info.param.name);
                         });

// A model far too large for any GPU is still a model: loading accepts it and `plan` says nothing
// fits (tests/cli). 100 layers × (4h² + 3hf) with h = 10^5, f = 2·10^5: 100 × 1e11 = 1e13.
TEST(ModelYamlTest, HugeButPlausibleModelLoads) {
  const StatusOr<ModelSpec> m =
      ParseModelYaml("layers: 100\nhidden: 100000\nheads: 1000\nffn: 200000\nvocab: 1000\n",
                     "m.yaml");
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_NEAR(ComputeModelStats(*m).total_params, 1e13, 1e12);
}

// ---- HF config.json ----

// Each fixture is the model's published config.json in a folder named after the model, which
// becomes its name; it must read to exactly the catalog entry of that name.
class HfConfigTest : public ::testing::TestWithParam<const char*> {};

TEST_P(HfConfigTest, ReadsToTheCatalogEntry) {
  const std::string name = GetParam();
  StatusOr<ModelSpec> spec = LoadModel(kRoot + "/configs/hf/" + name + "/config.json");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(*spec, Catalog(name)) << spec->ToString();
}

INSTANTIATE_TEST_SUITE_P(Families, HfConfigTest,
                         ::testing::Values("llama-3.1-8b", "mistral-7b", "qwen2.5-7b", "gemma-2-9b",
                                           "gpt2", "mixtral-8x7b"));

TEST(HfConfigFileTest, GptNeox20b) {
  StatusOr<ModelSpec> spec = LoadModel(kRoot + "/configs/hf/gpt-neox-20b");  // the folder
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->name, "gpt-neox-20b");
  EXPECT_EQ(spec->architecture, Architecture::kGpt);
  EXPECT_EQ(spec->norm, NormKind::kLayerNorm);
  EXPECT_FALSE(spec->learned_positions);  // rotary
  EXPECT_FALSE(spec->tie_embeddings);     // separate embed_out
  // Model card (EleutherAI/gpt-neox-20b) n_parameters; derivation in
  // ModelYamlTest.NormAndPositionExtensionsDescribeGptNeox.
  EXPECT_EQ(ComputeModelStats(*spec).total_params, 20554567680.0);
}

TEST(HfConfigFileTest, Phi3AndNameOrPath) {
  // microsoft/Phi-3-mini-4k-instruct's shape (models.csv): fused qkv/gate_up count as split.
  StatusOr<ModelSpec> spec = ParseHfConfigJson(
      R"({"_name_or_path": "microsoft/Phi-3-mini-4k-instruct", "model_type": "phi3",
          "num_hidden_layers": 32, "hidden_size": 3072, "num_attention_heads": 32,
          "num_key_value_heads": 32, "intermediate_size": 8192, "vocab_size": 32064,
          "max_position_embeddings": 4096, "tie_word_embeddings": false})",
      "config.json");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->name, "microsoft/Phi-3-mini-4k-instruct");
  ModelSpec expected = Catalog("phi-3-mini-4k");
  expected.name = spec->name;
  EXPECT_EQ(*spec, expected);
}

TEST(HfConfigFileTest, LlamaBiasKeysAndGemma2HeadDimDefault) {
  StatusOr<ModelSpec> llama = ParseHfConfigJson(
      R"({"model_type": "llama", "num_hidden_layers": 2, "hidden_size": 64,
          "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 100,
          "attention_bias": true, "mlp_bias": true})",
      "dir/tiny.json");
  ASSERT_TRUE(llama.ok()) << llama.status().message();
  EXPECT_EQ(llama->name, "tiny");
  EXPECT_TRUE(llama->qkv_bias && llama->o_bias && llama->mlp_bias);
  EXPECT_EQ(llama->kv_heads, 4);  // no num_key_value_heads: MHA
  StatusOr<ModelSpec> gemma = ParseHfConfigJson(
      R"({"model_type": "gemma2", "num_hidden_layers": 2, "hidden_size": 2304,
          "num_attention_heads": 8, "num_key_value_heads": 4, "intermediate_size": 9216,
          "vocab_size": 256000})",
      "g.json");
  ASSERT_TRUE(gemma.ok()) << gemma.status().message();
  EXPECT_EQ(gemma->head_dim, 256);  // Gemma2Config default, not 2304 / 8 = 288
  EXPECT_TRUE(gemma->tie_embeddings);
}

TEST(HfConfigFileTest, Qwen3DenseWithQkNorm) {
  // Qwen/Qwen3-8B's published config.json. 8,190,735,360 parameters (HF safetensors total):
  // embed + untied lm_head 2 × 151936 × 4096 = 1,244,659,712; per layer q 4096×4096 + k, v
  // 4096×1024 each + o 4096×4096 = 41,943,040, MLP 3 × 4096 × 12288 = 150,994,944, two RMSNorms
  // 8,192, q_norm + k_norm 2 × 128 = 256: 192,946,432 × 36 = 6,946,071,552; final norm 4,096.
  StatusOr<ModelSpec> spec = LoadModel(kRoot + "/configs/hf/qwen3-8b");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->name, "qwen3-8b");
  EXPECT_TRUE(spec->qk_norm);
  EXPECT_EQ(spec->head_dim, 128);
  EXPECT_EQ(spec->max_position, 40960);
  EXPECT_EQ(ComputeModelStats(*spec).total_params, 8190735360.0);
}

TEST(HfConfigFileTest, Qwen3MoeExpertKeys) {
  // Qwen/Qwen3-30B-A3B's published config.json ("30.5B total, 3.3B activated", model card).
  // embed + lm_head 2 × 151936 × 2048 = 622,329,856; per layer attention 2048×4096 + 2 ×
  // 2048×512 + 4096×2048 = 18,874,368, 128 experts × 3 × 2048 × 768 = 603,979,776, router
  // 2048 × 128 = 262,144, norms 4,096 + q/k norms 256: 623,120,640 × 48 = 29,909,790,720;
  // final norm 2,048 → 30,532,122,624. Active: 8 of 128 experts, 37,748,736 per layer instead of
  // 603,979,776 → 30,532,122,624 − 48 × 566,231,040 = 3,353,032,704.
  StatusOr<ModelSpec> spec = LoadModel(kRoot + "/configs/hf/qwen3-30b-a3b/config.json");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->architecture, Architecture::kMoe);
  EXPECT_EQ(spec->experts, 128);
  EXPECT_EQ(spec->experts_per_token, 8);
  EXPECT_EQ(spec->moe_ffn, 768);
  const ModelStats stats = ComputeModelStats(*spec);
  EXPECT_EQ(stats.total_params, 30532122624.0);
  EXPECT_EQ(stats.active_params, 3353032704.0);
}

TEST(HfConfigFileTest, Gemma3Text) {
  // google/gemma-3-1b-pt's shape: 999,885,952 parameters. Tied embed 262144 × 1152 =
  // 301,989,888; per layer q 1152×1024 + k, v 1152×256 + o 1024×1152 = 2,949,120, GeGLU
  // 3 × 1152 × 6912 = 23,887,872, four norms 4,608, q/k norms 512: 26,842,112 × 26 =
  // 697,894,912; final norm 1,152.
  StatusOr<ModelSpec> spec = ParseHfConfigJson(
      R"({"model_type": "gemma3_text", "num_hidden_layers": 26, "hidden_size": 1152,
          "num_attention_heads": 4, "num_key_value_heads": 1, "head_dim": 256,
          "intermediate_size": 6912, "vocab_size": 262144, "max_position_embeddings": 32768})",
      "gemma-3-1b/config.json");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_TRUE(spec->tie_embeddings);  // Gemma3TextConfig default
  EXPECT_EQ(spec->norms_per_layer, 4);
  EXPECT_EQ(ComputeModelStats(*spec).total_params, 999885952.0);
}

// A valid config.json body to break one key at a time.
const std::string kHfLlama =
    R"("model_type": "llama", "num_hidden_layers": 2, "hidden_size": 4096,
       "num_attention_heads": 32, "num_key_value_heads": 8, "intermediate_size": 1,
       "vocab_size": 1)";

const ErrorCase kJsonErrors[] = {
    {"UnsupportedModelType", R"({"model_type": "falcon"})",
     "c.json:1:2: model_type: unsupported model type 'falcon'; fitplan reads llama, mistral, "
     "qwen2, gemma2, phi3, mixtral, qwen3, qwen3_moe, gemma3_text, gpt_neox, gpt2 (write a model "
     "YAML for others)"},
    {"QwenMoeInterleavedDenseLayers",
     R"({"model_type": "qwen3_moe", "num_hidden_layers": 2, "hidden_size": 64,
         "num_attention_heads": 4, "intermediate_size": 1, "vocab_size": 1, "num_experts": 8,
         "num_experts_per_tok": 2, "moe_intermediate_size": 16, "mlp_only_layers": [1]})",
     "c.json:3:65: mlp_only_layers: dense layers between MoE layers are not read; write a model "
     "YAML with dense_layers"},
    {"QwenMoeSparseStep",
     R"({"model_type": "qwen3_moe", "num_hidden_layers": 2, "hidden_size": 64,
         "num_attention_heads": 4, "intermediate_size": 1, "vocab_size": 1, "num_experts": 8,
         "num_experts_per_tok": 2, "moe_intermediate_size": 16, "decoder_sparse_step": 2})",
     "c.json:3:65: decoder_sparse_step: is 2; fitplan reads MoE configs whose every layer is MoE "
     "(1): write a model YAML with dense_layers"},
    {"QwenMoeMoreExpertsPerTokenThanExperts",
     R"({"model_type": "qwen3_moe", "num_hidden_layers": 2, "hidden_size": 64,
         "num_attention_heads": 4, "intermediate_size": 1, "vocab_size": 1, "num_experts": 8,
         "num_experts_per_tok": 9, "moe_intermediate_size": 16})",
     "c.json:3:10: num_experts_per_tok: 9 is more than num_experts 8"},
    {"MisspelledKeyDidYouMean", "{" + kHfLlama + R"(, "tie_word_embedding": true})",
     "c.json:3:25: tie_word_embedding: unknown key; did you mean 'tie_word_embeddings'?"},
    {"MissingModelType", R"({"hidden_size": 8})",
     "c.json:1:1: model_type: missing; expected a string"},
    {"MissingRequired", R"({"model_type": "llama", "num_hidden_layers": 2})",
     "c.json:1:1: hidden_size: missing; expected an integer"},
    {"WrongTypeString", R"({"model_type": "mistral", "num_hidden_layers": "32"})",
     "c.json:1:27: num_hidden_layers: '32' is not an integer"},
    {"WrongTypeBoolean", "{" + kHfLlama + R"(, "tie_word_embeddings": "yes"})",
     "c.json:3:25: tie_word_embeddings: 'yes' is not a boolean; expected true or false"},
    {"WrongTypeObject", R"({"model_type": {"name": "llama"}})",
     "c.json:1:2: model_type: expected a string"},
    {"ZeroLayers", R"({"model_type": "llama", "num_hidden_layers": 0})",
     "c.json:1:25: num_hidden_layers: 0 is out of range; expected an integer from 1 to 100000"},
    {"AbsurdHidden", R"({"model_type": "llama", "num_hidden_layers": 2, "hidden_size": 40960000})",
     "c.json:1:49: hidden_size: 40960000 is out of range; expected an integer from 1 to 1000000"},
    {"HeadsDoNotDivideHidden",
     R"({"model_type": "llama", "num_hidden_layers": 2, "hidden_size": 4096,
         "num_attention_heads": 7, "intermediate_size": 1, "vocab_size": 1})",
     "c.json:2:10: num_attention_heads: 7 does not divide hidden_size 4096; give head_dim if the "
     "model's heads are not hidden_size/num_attention_heads wide"},
    {"KvHeadsDoNotDivideHeads",
     R"({"model_type": "llama", "num_hidden_layers": 2, "hidden_size": 4096,
         "num_attention_heads": 32, "num_key_value_heads": 6, "intermediate_size": 1,
         "vocab_size": 1})",
     "c.json:2:37: num_key_value_heads: 6 does not divide num_attention_heads 32"},
    {"MoreExpertsPerTokenThanExperts",
     R"({"model_type": "mixtral", "num_hidden_layers": 2, "hidden_size": 64,
         "num_attention_heads": 4, "intermediate_size": 1, "vocab_size": 1,
         "num_local_experts": 8, "num_experts_per_tok": 9})",
     "c.json:3:34: num_experts_per_tok: 9 is more than num_local_experts 8"},
    {"Gpt2MissingPositions",
     R"({"model_type": "gpt2", "n_layer": 2, "n_embd": 768, "n_head": 12, "vocab_size": 1})",
     "c.json:1:1: n_positions: missing; expected an integer"},
    {"DuplicateKey", "{" + kHfLlama + R"(, "hidden_size": 8192})",
     "c.json:3:25: hidden_size: duplicate key"},
    {"RootNotAnObject", "[1, 2]", "c.json:1:1: expected a JSON object (a HuggingFace config.json)"},
    {"JsonSyntaxError", "{\n  \"model_type\": \"llama\",\n}",
     "c.json:3:1: JSON syntax error: syntax error while parsing object key - unexpected '}'; "
     "expected string literal"},
    {"DeepNesting", std::string(100, '[') + std::string(100, ']'),
     "c.json:1:65: JSON nests deeper than 64 levels"},
};

class HfConfigErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(HfConfigErrorTest, WholeMessage) { EXPECT_EQ(JsonError(GetParam().input), GetParam().error); }

INSTANTIATE_TEST_SUITE_P(Errors, HfConfigErrorTest, ::testing::ValuesIn(kJsonErrors),
                         [](const ::testing::TestParamInfo<ErrorCase>& info) {
                           return std::string(info.param.name);
                         });

// ---- LoadModel ----

TEST(LoadModelTest, CatalogNamesAndHfIds) {
  StatusOr<ModelSpec> spec = LoadModel("llama-3.1-8b");
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(*spec, Catalog("llama-3.1-8b"));
  spec = LoadModel("meta-llama/Llama-3.1-8B");  // an HF id, though it contains '/'
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec->name, "llama-3.1-8b");
}

TEST(LoadModelTest, YamlPaths) {
  StatusOr<ModelSpec> spec = LoadModel(kRoot + "/configs/models/qwen2.5-7b.yaml");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(*spec, Catalog("qwen2.5-7b"));
}

TEST(LoadModelTest, Errors) {
  EXPECT_EQ(LoadError("llama-3-70b"),
            "--model: unknown model 'llama-3-70b'; did you mean 'llama-3.1-70b'? (fitplan list "
            "models)");
  EXPECT_EQ(LoadError("bert"),
            "--model: unknown model 'bert'; expected a catalog name (fitplan list models) or a "
            "path to a model YAML or config.json");
  EXPECT_EQ(LoadError("/nonexistent/m.yaml"),
            "/nonexistent/m.yaml: cannot read the file (does it exist?)");
  EXPECT_EQ(LoadError("nowhere/model"), "nowhere/model: cannot read the file (does it exist?)");
  EXPECT_EQ(LoadError("/nonexistent/config.json"),
            "/nonexistent/config.json: cannot read the file (does it exist?)");
}

}  // namespace
}  // namespace fitplan
