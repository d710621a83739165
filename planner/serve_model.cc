#include "planner/serve_model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "planner/core/units.h"
#include "planner/time_model.h"
#include "strategies/calibration.h"
#include "strategies/collectives.h"

namespace fitplan {
namespace {

// vLLM --max-num-seqs default: the sequences its memory profile samples logits for.
constexpr double kMaxNumSeqs = 256;
// Tokens at which MatmulEfficiency's token term is within 5% of its limit (T/(T+64) ≥ 0.95).
constexpr double kFullTileTokens = 1216;

double Ceil(double x) { return std::ceil(x - 1e-9); }

double LayersPerStage(const ModelSpec& model, const ServeShape& shape) {
  return Ceil(double(model.layers) / shape.pp);
}

double KvElementBytes(KvFormat format) { return format == KvFormat::kFp8 ? 1 : 2; }

// Dense peak for the GEMMs: fp8 tensor cores for fp8 weights where the GPU has them (W8A8, at
// calib::kFp8EfficiencyFactor of their peak); otherwise 16-bit, as weight-only int8/int4 kernels
// dequantize to (vLLM Marlin/GPTQ kernels).
double GemmPeakFlops(const GpuSpec& gpu, WeightFormat format) {
  if (format == WeightFormat::kFp8 && gpu.has_fp8()) {
    return gpu.fp8_flops * calib::kFp8EfficiencyFactor;
  }
  return gpu.has_bf16() ? gpu.bf16_flops : gpu.fp16_flops;
}

// Expected share of a layer's routed experts that a decode step of `batch` tokens reads: each
// token picks k of E, so E·(1 − (1 − k/E)^batch) distinct experts.
double RoutedExpertShareRead(const ModelSpec& model, double batch) {
  if (model.experts <= 0) return 1;
  const double pick = double(model.experts_per_token) / model.experts;
  return 1 - std::pow(1 - pick, batch);
}

// Weight bytes one decode step reads on one GPU (MoE: only the experts some token routes to).
double DecodeWeightBytesRead(const ModelSpec& model, const ModelStats& stats,
                             const ServeShape& shape, double weight_bytes, double batch) {
  if (model.experts <= 0) return weight_bytes;
  const double routed_share =
      double(model.experts) / double(model.experts + std::max<int64_t>(0, model.shared_experts));
  const double routed_bytes = stats.layer_expert_params * routed_share *
                              LayersPerStage(model, shape) *
                              QuantizedBytesPerParam(shape.weights) / shape.tp;
  return weight_bytes - routed_bytes * (1 - RoutedExpertShareRead(model, batch));
}

// A tensor-parallel all-reduce of `bytes` at decode size: the ring's bandwidth term from the
// topology, with the small-message step latency inside a node.
double DecodeAllReduceSeconds(double bytes, const ServeShape& shape, const GroupLink& link) {
  GroupLink small = link;
  if (!link.crosses_nodes) small.latency_s = calib::kDecodeAllReduceStepLatencySeconds;
  return AllReduceSeconds(bytes, shape.tp, small);
}

// Bytes per token live at the widest point of one layer's forward (inference frees each layer's
// tensors): the residual and its normed copy (2h) plus either attention's q, k, v and output
// ((a + 2·kv + a)·d / tp) or the MLP's up/gate output and activation (gated 3·ffn, else 2·ffn;
// MoE: each token's k experts).
double ActivationBytesPerToken(const ModelSpec& model, const ServeShape& shape) {
  const double h = double(model.hidden);
  const double d = double(model.head_dim);
  const double attention = (2.0 * model.heads + 2.0 * model.kv_heads) * d / shape.tp;
  const double width = model.experts > 0 ? double(model.moe_ffn) * model.experts_per_token
                                         : double(model.ffn);
  const double mlp = (model.gated_mlp ? 3.0 : 2.0) * width / shape.tp;
  return 2.0 * (2 * h + std::max(attention, mlp));  // bf16 activations
}

ServeMemory MemoryFor(const ModelSpec& model, const ModelStats& stats, const Cluster& cluster,
                      const ServeShape& shape, const ServeLoad& load, double kv_per_token) {
  ServeMemory m;
  const double layers = LayersPerStage(model, shape);
  // Linears quantized and split over tp; norms and biases replicated in 16 bit; the embedding
  // (first stage) and the head (last stage) in 16 bit, vocab-parallel over tp. A tied head on a
  // multi-stage pipeline is a second copy on the last stage.
  const double head = stats.lm_head_params > 0 ? stats.lm_head_params : stats.embedding_params;
  const double ends = shape.pp == 1 ? stats.embedding_params + stats.lm_head_params
                                    : std::max(stats.embedding_params, head);
  m.weights = stats.layer_linear_params * layers * QuantizedBytesPerParam(shape.weights) / shape.tp +
              stats.layer_small_params * layers * 2 + stats.final_norm_params * 2 +
              ends * 2 / shape.tp;
  m.kv_cache = Ceil(load.context_tokens / kKvBlockTokens) * kKvBlockTokens * load.sequences *
               kv_per_token;
  m.activations = load.prefill_chunk_tokens * ActivationBytesPerToken(model, shape);
  // fp32 logits and probabilities over the gathered vocabulary for each profiled sequence.
  m.logits = std::min(kMaxNumSeqs, load.prefill_chunk_tokens) * double(model.vocab) * 4 * 2;
  m.workspace = calib::kServeWorkspaceBytes;
  m.runtime = calib::kCudaContextBytes +
              (shape.tp * shape.pp > 1 ? calib::kNcclCommunicatorBytes : 0);
  m.budget = load.gpu_memory_utilization * cluster.gpu.memory_bytes * calib::kGpuUsableFraction;
  m.kv_budget = m.budget - (m.weights + m.activations + m.logits + m.workspace + m.runtime);
  return m;
}

ServeSpeed SpeedFor(const ModelSpec& model, const ModelStats& stats, const Cluster& cluster,
                    const Topology& topology, const ServeShape& shape, const ServeLoad& load,
                    double weight_bytes, double kv_per_token) {
  ServeSpeed s;
  const GpuSpec& gpu = cluster.gpu;
  const double layers = LayersPerStage(model, shape);
  const double stage_share = layers / double(model.layers);
  const double batch = load.sequences;
  const double context = load.context_tokens;
  const GroupLink tp_link = topology.Ring({shape.tp, 1});
  const GroupLink pp_link = topology.Ring({std::min<int64_t>(shape.pp, 2), shape.tp});
  const double attention_flops_per_token = 4 * layers * stats.attention_width * context;
  // One stage of one decode step: HBM reads vs FLOPs (roofline), plus fixed per-layer costs.
  const double read = DecodeWeightBytesRead(model, stats, shape, weight_bytes, batch) +
                      batch * context * kv_per_token;
  s.decode_memory_s = read / (gpu.hbm_bytes_per_s * calib::kDecodeHbmEfficiency);
  const double decode_flops =
      batch * (2 * stats.matmul_params_per_token * stage_share + attention_flops_per_token) /
      shape.tp;
  // The roofline's compute side runs at the GEMM efficiency of a full tile: a small batch's
  // inefficiency is its weight reads, which the memory side already counts.
  s.decode_compute_s = decode_flops / (GemmPeakFlops(gpu, shape.weights) *
                                       MatmulEfficiency(double(model.hidden), kFullTileTokens));
  const double hidden_bytes = batch * double(model.hidden) * 2;
  s.decode_overhead_s = layers * (calib::kDecodeLayerOverheadSeconds +
                                  2 * DecodeAllReduceSeconds(hidden_bytes, shape, tp_link));
  const double stage_s = std::max(s.decode_memory_s, s.decode_compute_s) + s.decode_overhead_s;
  // A token crosses every stage in turn (no overlap of consecutive steps is assumed).
  s.decode_step_s = shape.pp * stage_s + (shape.pp - 1) * SendSeconds(hidden_bytes, pp_link);
  s.tokens_per_s_per_user = 1 / s.decode_step_s;
  s.tokens_per_s = batch / s.decode_step_s;
  // Prefill of one whole context: 2·N per token plus causal attention (PaLM App. B forward
  // share), at the training GEMM efficiency for chunks of up to prefill_chunk_tokens tokens.
  const double chunk = std::min(context, load.prefill_chunk_tokens);
  const double prefill_flops =
      context *
      (2 * stats.matmul_params_per_token +
       4 * double(model.layers) * stats.attention_width * context * calib::kCausalAttentionFraction) /
      shape.tp;
  const double rate = GemmPeakFlops(gpu, shape.weights) * MatmulEfficiency(double(model.hidden), chunk);
  const double prefill_comm = double(model.layers) * 2 *
                              DecodeAllReduceSeconds(context * double(model.hidden) * 2, shape, tp_link);
  s.prefill_s = prefill_flops / rate + prefill_comm;
  return s;
}

}  // namespace

std::optional<WeightFormat> ParseWeightFormat(std::string_view name) {
  for (int i = 0; i < 4; ++i) {
    if (name == kWeightFormatNames[i]) return WeightFormat(i);
  }
  return std::nullopt;
}

std::optional<KvFormat> ParseKvFormat(std::string_view name) {
  for (int i = 0; i < 2; ++i) {
    if (name == kKvFormatNames[i]) return KvFormat(i);
  }
  return std::nullopt;
}

double QuantizedBytesPerParam(WeightFormat format) {
  switch (format) {
    case WeightFormat::kBf16:
      return 2;
    case WeightFormat::kFp8:
    case WeightFormat::kInt8:
      return 1;  // per-channel scales: 2–4 bytes per output row, < 0.1% of a row of ≥ 2048
    case WeightFormat::kInt4:
      // GPTQ/AWQ, group 128: 4 bits + an fp16 scale and a 4-bit zero per 128 weights
      // (AutoGPTQ qlinear: qweight int32-packed, qzeros packed, scales fp16).
      return 0.5 + (2.0 + 0.5) / 128;
  }
  return 2;
}

double KvBytesPerTokenPerGpu(const ModelSpec& model, const ServeShape& shape) {
  // vLLM shards KV heads over tp and replicates them when tp > kv_heads (one head per GPU).
  const double kv_heads = Ceil(double(model.kv_heads) / shape.tp);
  return 2 * LayersPerStage(model, shape) * kv_heads * double(model.head_dim) *
         KvElementBytes(shape.kv);
}

std::string ServeShapeProblem(const ModelSpec& model, const Cluster& cluster,
                              const ServeShape& shape) {
  const std::string tp = std::to_string(shape.tp);
  if (shape.tp < 1 || shape.pp < 1) return "tp and pp must be ≥ 1";
  if (model.heads % shape.tp != 0) {
    return "tp " + tp + " does not divide the " + std::to_string(model.heads) + " attention heads";
  }
  if (model.kv_heads % shape.tp != 0 && shape.tp % model.kv_heads != 0) {
    return "tp " + tp + " and the " + std::to_string(model.kv_heads) +
           " KV heads do not divide one another";
  }
  if (shape.tp > cluster.gpus_per_node) {
    return "tp " + tp + " is larger than a node (" + std::to_string(cluster.gpus_per_node) +
           " GPUs)";
  }
  if (shape.pp > model.layers) {
    return "pp " + std::to_string(shape.pp) + " is more stages than the " +
           std::to_string(model.layers) + " layers";
  }
  if (int64_t(shape.tp) * shape.pp > cluster.total_gpus()) {
    return "tp × pp = " + std::to_string(int64_t(shape.tp) * shape.pp) + " GPUs, more than the " +
           std::to_string(cluster.total_gpus()) + " of " + cluster.name;
  }
  return "";
}

ServeEstimate EvaluateServe(const ModelSpec& model, const ModelStats& stats,
                            const Cluster& cluster, const Topology& topology,
                            const ServeShape& shape, const ServeLoad& load) {
  ServeEstimate e;
  e.shape = shape;
  e.load = load;
  e.gpus = int64_t(shape.tp) * shape.pp;
  e.usd_per_hour = double(e.gpus) * cluster.price_per_gpu_hour;
  e.kv_bytes_per_token = KvBytesPerTokenPerGpu(model, shape);
  e.memory = MemoryFor(model, stats, cluster, shape, load, e.kv_bytes_per_token);
  e.speed = SpeedFor(model, stats, cluster, topology, shape, load, e.memory.weights,
                     e.kv_bytes_per_token);
  const double seq_bytes =
      Ceil(load.context_tokens / kKvBlockTokens) * kKvBlockTokens * e.kv_bytes_per_token;
  const double kv_budget = std::max(0.0, e.memory.kv_budget);
  e.max_sequences = std::floor(kv_budget / seq_bytes);
  e.max_context_memory =
      std::floor(kv_budget / (load.sequences * e.kv_bytes_per_token) / kKvBlockTokens) *
      kKvBlockTokens;
  // A context past the trained positions is not served (vLLM refuses max_model_len above the
  // config's max_position_embeddings without rope scaling): memory is not the only limit.
  e.max_context = model.max_position > 0
                      ? std::min(e.max_context_memory, double(model.max_position))
                      : e.max_context_memory;
  e.fits = e.memory.kv_budget > 0 && e.memory.kv_cache <= e.memory.kv_budget;
  if (e.memory.kv_budget <= 0) {
    char text[160];
    std::snprintf(text, sizeof text,
                  "weights and workspace alone take %.1f GiB of the %.1f GiB budget per GPU",
                  (e.memory.budget - e.memory.kv_budget) / kGiB, e.memory.budget / kGiB);
    e.reason = text;
  } else if (!e.fits) {
    char text[160];
    std::snprintf(text, sizeof text,
                  "the KV cache needs %.1f GiB per GPU; the budget leaves %.1f GiB for it",
                  e.memory.kv_cache / kGiB, e.memory.kv_budget / kGiB);
    e.reason = text;
  }
  if (std::string problem = ContextProblem(model, load.context_tokens); !problem.empty()) {
    e.fits = false;
    e.reason = std::move(problem);
  }
  return e;
}

std::string ContextProblem(const ModelSpec& model, double context_tokens) {
  if (model.max_position <= 0 || context_tokens <= double(model.max_position)) return "";
  char text[160];
  std::snprintf(text, sizeof text, "the context (%.0f tokens) is longer than the model's %lld positions",
                context_tokens, (long long)model.max_position);
  return text;
}

}  // namespace fitplan
