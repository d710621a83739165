// ModelStats: every parameter count the cost model needs, derived once per search from a ModelSpec.
// Counts follow the HuggingFace module layout (shared/data/models.md "Parameter-count formula";
// shared/docs/cost-model.md §2.1–§2.3).
#ifndef FITPLAN_PLANNER_CORE_MODEL_STATS_H_
#define FITPLAN_PLANNER_CORE_MODEL_STATS_H_

#include <array>
#include <cstdint>

#include "planner/core/model_spec.h"

namespace fitplan {

// One nn.Linear in a decoder block: in_features × out_features, and how many copies a layer has
// (routed experts repeat their MLP Linears `experts` times).
struct LinearShape {
  double in_features = 0;
  double out_features = 0;
  double copies = 1;
  bool attention = false;  // q/k/v/o (LoRA `attention` targets) vs MLP
  double params() const { return in_features * out_features * copies; }
};

inline constexpr int kMaxLinearsPerLayer = 8;

struct ModelStats {
  double total_params = 0;         // Ψ: every parameter (memory)
  double active_params = 0;        // Ψ_active: parameters a token touches (MoE: top-k experts)
  double layer_params = 0;         // one decoder block, all experts (average over dense/MoE layers)
  double active_layer_params = 0;  // one decoder block, active experts only (average)
  double embedding_params = 0;     // token embedding V·h (+ learned positions)
  double lm_head_params = 0;       // V·h untied, 0 when tied to the embedding
  double final_norm_params = 0;
  double layer_linear_params = 0;  // Linear weights in one block (the NF4-quantized part)
  double layer_small_params = 0;   // biases and norms in one block (kept in 16/32 bit by QLoRA)
  double layer_expert_params = 0;  // routed + shared expert MLP weights in one block (average)
  double largest_linear_params = 0;  // one Linear (QLoRA dequantization buffer)
  double matmul_params_per_token = 0;  // matmul weights a token's forward touches, incl. lm_head
  double routed_matmul_params_per_token = 0;  // of which in routed experts (top-k), MoE only
  double attention_width = 0;          // a·d_h: query width, for attention FLOPs and activations
  std::array<LinearShape, kMaxLinearsPerLayer> linears{};  // one (dense) block's Linears
  int num_linears = 0;
};

// Returns the derived counts. REQUIRES: ResolveModelDefaults has run; positive sizes.
ModelStats ComputeModelStats(const ModelSpec& spec);

// LoRA trainable parameters in one decoder block: r·(in + out) per targeted Linear copy
// (PEFT src/peft/tuners/lora/layer.py::LoraLayer.update_layer). `attention_only` targets q,k,v,o.
double LoraParamsPerLayer(const ModelStats& stats, double rank, bool attention_only);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_CORE_MODEL_STATS_H_
