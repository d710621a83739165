#include "strategies/checkpointing.h"

#include <gtest/gtest.h>

#include "strategies/peft.h"
#include "tests/test_support.h"

namespace fitplan {
namespace {

class CheckpointingTest : public ::testing::Test {
 protected:
  Workload w_ = testing::CatalogWorkload("llama-3.1-70b", testing::A100Cluster(8));
  Plan Plan70b(Checkpointing c, int32_t mb = 1) {
    return testing::BasePlan(w_, Method::kFull, Sharding::kZero3, c, mb);
  }
};

TEST_F(CheckpointingTest, LlamaLayerMatchesDerivedCoefficient) {
  // cost-model.md §6.2, eager SwiGLU: sbh·(12 + 4g/a + 8f/h) + 4asb with s = 4096, b = 1,
  // h = 8192, g/a = 8/64, f/h = 3.5: 12 + 0.5 + 28 = 40.5 → 40.5·4096·8192 = 1,358,954,496
  // + 4·64·4096 = 1,048,576 → 1,360,003,072 bytes; outside Megatron each of the 2 RMSNorms
  // also keeps an fp32 input copy, 4·4096·8192 = 134,217,728 → 1,628,438,528.
  const LayerActivations a = LayerActivationBytes(w_, Plan70b(Checkpointing::kNone));
  EXPECT_DOUBLE_EQ(a.saved, 1628438528.0);
  EXPECT_DOUBLE_EQ(a.working_set, 1628438528.0);
  // Full recompute keeps the layer input only: 2·s·b·h = 2·4096·8192 = 67,108,864.
  EXPECT_DOUBLE_EQ(LayerActivationBytes(w_, Plan70b(Checkpointing::kFull)).saved, 67108864.0);
  // Selective outside Megatron (this ZeRO-3 plan runs on DeepSpeed) is torchtitan's op policy:
  // the layer input h, wq's output q, wv's kv, attention's output q, w1's f and w2's h, in bf16,
  // + fp32 log-sum-exp 4·a: 2·4096·(8192 + 8192 + 1024 + 8192 + 28672 + 8192) + 4·64·4096
  //   = 2·4096·62,464 + 1,048,576 = 511,705,088 + 1,048,576 = 512,753,664 (no norm copies: the
  // norms are recomputed).
  EXPECT_DOUBLE_EQ(LayerActivationBytes(w_, Plan70b(Checkpointing::kSelective)).saved, 512753664.0);
  // Megatron's selective (pp 2 makes it Megatron) recomputes the core attention, which
  // FlashAttention already keeps nothing of beyond Q, K, V, O and the LSE: it saves what no
  // recompute does. Megatron's fused norms keep no fp32 copy and its fused SwiGLU keeps gate and
  // up but not the activation, 2·f/h = 7 sbh less: 33.5·33,554,432 = 1,124,073,472 + 4asb
  // = 1,125,122,048, and spends the time.
  Plan megatron = Plan70b(Checkpointing::kSelective);
  megatron.sharding = Sharding::kZero1;
  megatron.pp = 2;
  EXPECT_DOUBLE_EQ(LayerActivationBytes(w_, megatron).saved, 1125122048.0);
  megatron.checkpointing = Checkpointing::kNone;
  EXPECT_DOUBLE_EQ(LayerActivationBytes(w_, megatron).saved, 1125122048.0);
}

// QLoRA under bitsandbytes keeps each NF4 Linear's input for backward (MatMul4Bit saves A):
// per token and layer of Llama-3.1-70B in bf16, the two pre-norm outputs 2·8192, the attention
// output 64·128 = 8192 and the SwiGLU product 28672: 2 · (16384 + 8192 + 28672) = 106,496 B.
// Without recompute every layer keeps them: 106,496 · 4096 tokens = 436,207,616 B above LoRA's
// 1,628,438,528 (plus LoRA's own saved inputs under bf16-mixed, none in pure bf16); under full
// recompute only the running layer does, so the saved layer input stays 2·s·h.
TEST_F(CheckpointingTest, QloraKeepsTheQuantizedLinearsInputs) {
  Plan lora = testing::BasePlan(w_, Method::kLora, Sharding::kNone, Checkpointing::kNone);
  lora.precision = Precision::kBf16;
  Plan qlora = lora;
  qlora.method = Method::kQlora;
  EXPECT_DOUBLE_EQ(QuantizedInputActivationBytesPerToken(w_, qlora), 106496.0);
  EXPECT_DOUBLE_EQ(QuantizedInputActivationBytesPerToken(w_, lora), 0.0);
  const LayerActivations a = LayerActivationBytes(w_, lora), b = LayerActivationBytes(w_, qlora);
  EXPECT_DOUBLE_EQ(a.saved, 1628438528.0);
  EXPECT_DOUBLE_EQ(b.saved - a.saved, 436207616.0);
  lora.checkpointing = qlora.checkpointing = Checkpointing::kFull;
  const LayerActivations c = LayerActivationBytes(w_, lora), d = LayerActivationBytes(w_, qlora);
  EXPECT_DOUBLE_EQ(d.saved, c.saved);
  EXPECT_DOUBLE_EQ(d.working_set - c.working_set, 436207616.0);
}

// Megatron LoRA (Transformer Engine Linears, Megatron-Core adapters): a frozen Linear keeps its
// input only when an adapter wraps it, in 16 bit. Llama-3.1-70B, pp 2 (so Megatron), tp 1,
// s = 4096, b = 1, no recompute; full training keeps 33.5·s·h + 4·a·s = 1,125,122,048 B (no
// fp32 norm copies, the fused SwiGLU's gate and up without the activation). Attention-only
// adapters leave the MLP's input 2·4096·8192 = 67,108,864 and the down projection's
// 2·4096·28672 = 234,881,024 unsaved: 823,132,160. All-linear adapters keep them all:
// 1,125,122,048, also in FP8, where full training keeps its Linear inputs in 1 byte:
// − 0.5·2·4096·(2·8192 + 8192 + 28672) = 218,103,808.
TEST_F(CheckpointingTest, MegatronLoraKeepsOnlyTheTargetedLinearInputs) {
  Plan full = Plan70b(Checkpointing::kNone);
  full.sharding = Sharding::kZero1;
  full.pp = 2;
  full.precision = Precision::kBf16Mixed;
  Plan attention = full;
  attention.method = Method::kLora;
  attention.lora_targets = LoraTargets::kAttention;
  Plan all_linear = attention;
  all_linear.lora_targets = LoraTargets::kAllLinear;
  EXPECT_DOUBLE_EQ(LayerActivationBytes(w_, full).saved, 1125122048.0);
  EXPECT_DOUBLE_EQ(LayerActivationBytes(w_, attention).saved, 823132160.0);
  EXPECT_DOUBLE_EQ(LayerActivationBytes(w_, all_linear).saved, 1125122048.0);
  full.precision = all_linear.precision = Precision::kFp8Mixed;
  EXPECT_DOUBLE_EQ(LayerActivationBytes(w_, full).saved, 1125122048.0 - 218103808.0);
  EXPECT_DOUBLE_EQ(LayerActivationBytes(w_, all_linear).saved, 1125122048.0);
  // The same attention-only plan outside Megatron keeps the count LoRA rows were calibrated on
  // (LIT-11/14) plus PEFT's autocast copies: above the full-training count.
  attention.pp = 1;
  attention.sharding = Sharding::kNone;
  EXPECT_GT(LayerActivationBytes(w_, attention).saved, 1125122048.0);
}

// Eager attention keeps the 64 heads × 4096 × 4096 = 1,073,741,824 scores of a Llama-3.1-70B
// layer at s = 4096, b = 1. HF's eager path keeps softmax's fp32 output and the bf16 copy the
// value matmul saves: 6 B each = 6,442,450,944, and the bf16 scores run alongside until the
// softmax returns: + 2,147,483,648. Without recompute a layer keeps 1,628,438,528 + 6,442,450,944
// = 8,070,889,472; the running layer 1,628,438,528 + 8,589,934,592 = 10,218,373,120. Full
// recompute and the op policy recompute the scores; Megatron's unfused softmax keeps 5 B each
// (Korthikanti22) on top of its 1,125,122,048 and its selective recompute frees exactly those.
TEST_F(CheckpointingTest, EagerAttentionKeepsTheScores) {
  Job job;
  job.attention = AttentionKind::kEager;
  const Workload eager = testing::CatalogWorkload("llama-3.1-70b", testing::A100Cluster(8), job);
  const LayerActivations none = LayerActivationBytes(eager, Plan70b(Checkpointing::kNone));
  EXPECT_DOUBLE_EQ(none.saved, 8070889472.0);
  EXPECT_DOUBLE_EQ(none.working_set, 10218373120.0);
  const LayerActivations full = LayerActivationBytes(eager, Plan70b(Checkpointing::kFull));
  EXPECT_DOUBLE_EQ(full.saved, 67108864.0);
  EXPECT_DOUBLE_EQ(full.working_set, 10218373120.0);
  EXPECT_DOUBLE_EQ(LayerActivationBytes(eager, Plan70b(Checkpointing::kSelective)).saved,
                   512753664.0);
  Plan megatron = Plan70b(Checkpointing::kNone);
  megatron.sharding = Sharding::kZero1;
  megatron.pp = 2;
  EXPECT_DOUBLE_EQ(LayerActivationBytes(eager, megatron).saved, 1125122048.0 + 5368709120.0);
  megatron.checkpointing = Checkpointing::kSelective;
  EXPECT_DOUBLE_EQ(LayerActivationBytes(eager, megatron).saved, 1125122048.0);
}

TEST_F(CheckpointingTest, CheckpointingLowersAndMicroBatchRaisesActivations) {
  const double none = LayerActivationBytes(w_, Plan70b(Checkpointing::kNone)).saved;
  const double selective = LayerActivationBytes(w_, Plan70b(Checkpointing::kSelective)).saved;
  const double full = LayerActivationBytes(w_, Plan70b(Checkpointing::kFull)).saved;
  EXPECT_LT(selective, none);
  EXPECT_LT(full, selective);
  EXPECT_DOUBLE_EQ(LayerActivationBytes(w_, Plan70b(Checkpointing::kNone, 2)).saved, 2 * none);
}

TEST_F(CheckpointingTest, TensorAndSequenceParallelDivide) {
  Plan p = Plan70b(Checkpointing::kNone);
  p.sharding = Sharding::kNone;
  p.tp = 8;
  p.dp = 1;
  // Megatron (tp 8): 33.5 sbh + 4asb. TP without SP: the 4αTh of norm/QKV/MLP inputs stays
  // replicated, 8 sbh of the 33.5:
  // 8·33,554,432 + (25.5·33,554,432 + 1,048,576)/8 = 268,435,456 + 107,085,824 = 375,521,280
  EXPECT_DOUBLE_EQ(LayerActivationBytes(w_, p).saved, 375521280.0);
  p.sp = true;  // with SP everything ÷ 8: 1,125,122,048 / 8 = 140,640,256
  EXPECT_DOUBLE_EQ(LayerActivationBytes(w_, p).saved, 140640256.0);
}

TEST_F(CheckpointingTest, RecomputedForwardByRate) {
  // Forward per token: GEMMs 10, attention 4; the op policy's unsaved GEMMs 3.
  Plan p = Plan70b(Checkpointing::kNone);
  RecomputeFlops r = RecomputedForward(p, 10, 4, 3);
  EXPECT_EQ(r.matmul + r.attention, 0);
  p.checkpointing = Checkpointing::kSelective;  // DeepSpeed: the op policy's matmuls, SDPA saved
  r = RecomputedForward(p, 10, 4, 3);
  EXPECT_EQ(r.matmul, 3);
  EXPECT_EQ(r.attention, 0);
  p.sharding = Sharding::kZero1;
  p.pp = 2;  // Megatron: the attention core only
  r = RecomputedForward(p, 10, 4, 3);
  EXPECT_EQ(r.matmul, 0);
  EXPECT_EQ(r.attention, 4);
  p.checkpointing = Checkpointing::kFull;  // the whole forward, each part at its own rate
  r = RecomputedForward(p, 10, 4, 3);
  EXPECT_EQ(r.matmul, 10);
  EXPECT_EQ(r.attention, 4);
}

// The op policy recomputes wk, wo and w3 of every layer: Llama-3.1-70B, 80 layers,
// 8192·1024 + 8192·8192 + 8192·28672 = 8,388,608 + 67,108,864 + 234,881,024 = 310,378,496
// → 24,830,279,680 weights per token: 36% of a layer's 2·67,108,864 + 2·8,388,608 +
// 3·234,881,024 = 855,638,016.
TEST_F(CheckpointingTest, OpPolicyRecomputesEverySecondMatmul) {
  EXPECT_DOUBLE_EQ(OpPolicyRecomputedParamsPerToken(w_.model), 24830279680.0);
  // 310,378,496 / 855,638,016 = 0.36275 of each block's Linears run again (QLoRA re-dequantizes
  // them); all of them under full recompute, none without or under Megatron's selective.
  Plan p = Plan70b(Checkpointing::kSelective);
  EXPECT_DOUBLE_EQ(RecomputedLinearShare(w_.model, p), 310378496.0 / 855638016.0);
  p.checkpointing = Checkpointing::kFull;
  EXPECT_EQ(RecomputedLinearShare(w_.model, p), 1);
  p.checkpointing = Checkpointing::kNone;
  EXPECT_EQ(RecomputedLinearShare(w_.model, p), 0);
  p.checkpointing = Checkpointing::kSelective;
  p.sharding = Sharding::kZero1;
  p.pp = 2;
  EXPECT_EQ(RecomputedLinearShare(w_.model, p), 0);
}

}  // namespace
}  // namespace fitplan
