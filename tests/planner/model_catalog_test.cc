// The built-in catalog against shared/data/models.csv: every model's parameter count must equal
// the real checkpoint's exact count (params_exact_public: HF safetensors metadata or PyTorch/PEFT
// logs), which models.csv reproduces to the parameter with its formula. An exact match is the
// strong check: a wrong layers, hidden, heads, kv_heads, head_dim, ffn, vocab, tying or bias flag
// breaks it. MoE rows also check the active count (params_active_computed).
#include "planner/model_catalog.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "planner/core/model_stats.h"
#include "planner/model_loader.h"

namespace fitplan {
namespace {

// Counts are integers below 2^53, exact in a double, so EXPECT_EQ is the right comparison.
void ExpectParams(const std::string& name, double total, double active = 0) {
  const ModelSpec* spec = FindModel(name);
  ASSERT_NE(spec, nullptr) << name;
  const ModelStats stats = ComputeModelStats(*spec);
  EXPECT_EQ(stats.total_params, total) << name;
  EXPECT_EQ(stats.active_params, active > 0 ? active : total) << name;
}

// models.csv params_exact_public 6,738,415,616: HF safetensors metadata; PEFT
// print_trainable_parameters logs.
// cost-model.md §2.1: per layer 2h² + 2h²·g/a + 3hf + 2h = 202,383,360 (h 4096, g = a, f 11008);
// × 32 layers + final norm 4096 + untied embedding and head 2 × 32000 × 4096 = 6,738,415,616.
TEST(ModelCatalogTest, Llama2_7b) { ExpectParams("llama-2-7b", 6738415616); }

// models.csv params_exact_public 13,015,864,320: PyTorch counts in public notes.
TEST(ModelCatalogTest, Llama2_13b) { ExpectParams("llama-2-13b", 13015864320); }

// models.csv params_exact_public 68,976,648,192: PEFT print_trainable_parameters logs.
TEST(ModelCatalogTest, Llama2_70b) { ExpectParams("llama-2-70b", 68976648192); }

// models.csv params_exact_public 8,030,261,248: HF safetensors metadata.
TEST(ModelCatalogTest, Llama3_1_8b) { ExpectParams("llama-3.1-8b", 8030261248); }

// models.csv params_exact_public 70,553,706,496: HF safetensors metadata (Llama-3.1/3.3-70B).
TEST(ModelCatalogTest, Llama3_1_70b) { ExpectParams("llama-3.1-70b", 70553706496); }

// models.csv params_exact_public 405,853,388,800: HF API safetensors.total for meta-
// llama/Llama-3.1-405B.
TEST(ModelCatalogTest, Llama3_1_405b) { ExpectParams("llama-3.1-405b", 405853388800); }

// models.csv params_exact_public 1,235,814,400: PyTorch counts (Llama-3.2-1B-Instruct).
TEST(ModelCatalogTest, Llama3_2_1b) { ExpectParams("llama-3.2-1b", 1235814400); }

// models.csv params_exact_public 3,212,749,824: PyTorch counts (Llama-3.2-3B-Instruct).
TEST(ModelCatalogTest, Llama3_2_3b) { ExpectParams("llama-3.2-3b", 3212749824); }

// models.csv params_exact_public 7,248,023,552: PyTorch counts (Mistral-7B-Instruct-v0.3).
TEST(ModelCatalogTest, Mistral7b) { ExpectParams("mistral-7b", 7248023552); }

// models.csv params_exact_public 494,032,768: PyTorch counts (Qwen2.5-0.5B-Instruct).
TEST(ModelCatalogTest, Qwen2_5_0_5b) { ExpectParams("qwen2.5-0.5b", 494032768); }

// models.csv params_exact_public 1,543,714,304: safetensors header / PyTorch counts
// (Qwen2.5-1.5B-Instruct).
TEST(ModelCatalogTest, Qwen2_5_1_5b) { ExpectParams("qwen2.5-1.5b", 1543714304); }

// models.csv params_exact_public 3,085,938,688: safetensors / PyTorch counts (Qwen2.5-3B-Instruct,
// -Coder-3B).
TEST(ModelCatalogTest, Qwen2_5_3b) { ExpectParams("qwen2.5-3b", 3085938688); }

// models.csv params_exact_public 7,615,616,512: HF API safetensors (Qwen2.5-7B-Instruct).
TEST(ModelCatalogTest, Qwen2_5_7b) { ExpectParams("qwen2.5-7b", 7615616512); }

// models.csv params_exact_public 14,770,033,664: HF API safetensors.total (Qwen2.5-14B); PEFT logs.
TEST(ModelCatalogTest, Qwen2_5_14b) { ExpectParams("qwen2.5-14b", 14770033664); }

// models.csv params_exact_public 32,763,876,352: HF safetensors metadata (Qwen2.5-32B-Instruct,
// -Coder-32B).
TEST(ModelCatalogTest, Qwen2_5_32b) { ExpectParams("qwen2.5-32b", 32763876352); }

// models.csv params_exact_public 72,706,203,648: HF safetensors metadata / tensor sum
// (Qwen2.5-72B-Instruct).
TEST(ModelCatalogTest, Qwen2_5_72b) { ExpectParams("qwen2.5-72b", 72706203648); }

// models.csv params_exact_public 2,614,341,888: PyTorch count (2,024,517,888 non-embedding).
// models.md worked check: attention 14,155,776 + MLP 63,700,992 + 4 norms 9,216 = 77,865,984 per
// layer; × 26 + final norm 2,304 = 2,024,517,888 non-embedding, + tied embedding 256000 × 2304.
TEST(ModelCatalogTest, Gemma2_2b) { ExpectParams("gemma-2-2b", 2614341888); }

// models.csv params_exact_public 9,241,705,984: HF safetensors metadata.
TEST(ModelCatalogTest, Gemma2_9b) { ExpectParams("gemma-2-9b", 9241705984); }

// models.csv params_exact_public 27,227,128,320: HF safetensors metadata.
TEST(ModelCatalogTest, Gemma2_27b) { ExpectParams("gemma-2-27b", 27227128320); }

// models.csv params_exact_public 3,821,079,552: PyTorch/PEFT counts.
TEST(ModelCatalogTest, Phi3Mini4k) { ExpectParams("phi-3-mini-4k", 3821079552); }

// models.csv params_exact_public 124,439,808: PyTorch counts.
// cost-model.md §2.2: L(12h² + 13h) + Vh + s_max·h + 2h with L 12, h 768, V 50257, s_max 1024.
TEST(ModelCatalogTest, Gpt2) { ExpectParams("gpt2", 124439808); }

// models.csv params_computed 174,604,259,328; no public checkpoint, so no exact count.
// cost-model.md §2.2: 96 × (12h² + 13h) = 173,961,510,912 (h 12288) + V·h 617,558,016 (V 50257,
// tied) + positions 2048·h 25,165,824 + final LayerNorm 2h 24,576 = 174,604,259,328.
TEST(ModelCatalogTest, Gpt3_175b) { ExpectParams("gpt3-175b", 174604259328); }

// models.csv params_exact_public 46,702,792,704: PyTorch counts; HF card 46.7B.
// Active (top-2 of 8 experts): params_active_computed 12,879,925,248.
TEST(ModelCatalogTest, Mixtral8x7b) { ExpectParams("mixtral-8x7b", 46702792704, 12879925248); }

// models.csv params_exact_public 140,620,634,112: HF safetensors of a 32000-vocab 8x22B fine-tune
// (WizardLM-2-8x22B); 32768-vocab variants: 140,630,071,296.
// Active (top-2 of 8 experts): params_active_computed 39,152,031,744.
TEST(ModelCatalogTest, Mixtral8x22b) { ExpectParams("mixtral-8x22b", 140620634112, 39152031744); }

// models.csv params_computed 107,769,861,120 (the text decoder; + 871,932,416 vision/projector =
// 108,641,793,536, the HF safetensors total): embed + lm_head 2 × 202048 × 5120 = 2,068,971,520;
// per layer attention 5120×5120 + 2 × 5120×1024 + 5120×5120 = 62,914,560, 17 experts × 3 × 5120 ×
// 8192 = 2,139,095,040, router 81,920, norms 10,240: 2,202,101,760 × 48; final norm 5,120.
// Active (1 routed + 1 shared expert): params_active_computed 17,172,894,720.
TEST(ModelCatalogTest, Llama4Scout) { ExpectParams("llama-4-scout", 107769861120, 17172894720); }

TEST(ModelCatalogTest, NamesAreUniqueAndDefaultsResolved) {
  std::set<std::string> names;
  for (const ModelSpec& spec : ModelCatalog()) {
    EXPECT_TRUE(names.insert(spec.name).second) << spec.name;
    ModelSpec resolved = spec;
    ResolveModelDefaults(&resolved);
    EXPECT_EQ(resolved, spec) << spec.name;
    EXPECT_GT(spec.kv_heads, 0) << spec.name;
    EXPECT_GT(spec.head_dim, 0) << spec.name;
  }
  EXPECT_EQ(names.size(), 25u);  // models.csv less deepseek-v3 (MLA is not modeled)
}

TEST(ModelCatalogTest, FindsByNameAndHfIdIgnoringCase) {
  ASSERT_NE(FindModel("llama-3.1-70b"), nullptr);
  EXPECT_EQ(FindModel("meta-llama/Llama-3.1-70B"), FindModel("llama-3.1-70b"));
  EXPECT_EQ(FindModel("Qwen/Qwen2.5-7B"), FindModel("qwen2.5-7b"));
  EXPECT_EQ(FindModel("LLAMA-3.1-70B"), FindModel("llama-3.1-70b"));
  EXPECT_EQ(FindModel("llama-3-70b"), nullptr);
  EXPECT_EQ(FindModel(""), nullptr);  // gpt3-175b's empty hf id must not match
}

TEST(ModelCatalogTest, ClosestModelName) {
  EXPECT_EQ(ClosestModelName("llama-3-70b"), "llama-3.1-70b");  // 2 edits
  EXPECT_EQ(ClosestModelName("Mixtral-8x7B"), "mixtral-8x7b");
  EXPECT_EQ(ClosestModelName("qwen-2.5-7b"), "qwen2.5-7b");
  EXPECT_EQ(ClosestModelName("bert"), "");  // nothing within half its length
}

// configs/models/NAME.yaml is the catalog entry written out for users to copy; both must agree.
TEST(ModelCatalogTest, EveryEntryHasAnEqualConfigsYaml) {
  for (const ModelSpec& spec : ModelCatalog()) {
    const std::string path =
        std::string(FITPLAN_SOURCE_DIR) + "/configs/models/" + spec.name + ".yaml";
    StatusOr<ModelSpec> loaded = LoadModel(path);
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    EXPECT_EQ(*loaded, spec) << spec.name << "\n" << loaded->ToString() << "\n" << spec.ToString();
  }
}

}  // namespace
}  // namespace fitplan
