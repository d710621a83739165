// Serving: per-GPU memory and speed of one model replica answering requests, as vLLM runs it
// (paged KV cache, a memory budget of gpu_memory_utilization, tensor and pipeline parallelism).
// Pure functions over plain structs; the serving constants live in strategies/calibration.h.
#ifndef FITPLAN_PLANNER_SERVE_MODEL_H_
#define FITPLAN_PLANNER_SERVE_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hardware/cluster.h"
#include "hardware/topology.h"
#include "planner/core/model_spec.h"
#include "planner/core/model_stats.h"

namespace fitplan {

// Weight formats: bf16; fp8 (E4M3, per-channel scales); int8 and int4 weight-only
// (GPTQ/AWQ-style groups of 128 with fp16 scales and packed zeros).
enum class WeightFormat { kBf16, kFp8, kInt8, kInt4 };
inline constexpr const char* kWeightFormatNames[] = {"bf16", "fp8", "int8", "int4"};
enum class KvFormat { kBf16, kFp8 };
inline constexpr const char* kKvFormatNames[] = {"bf16", "fp8"};

std::optional<WeightFormat> ParseWeightFormat(std::string_view name);
std::optional<KvFormat> ParseKvFormat(std::string_view name);
inline const char* NameOf(WeightFormat f) { return kWeightFormatNames[int(f)]; }
inline const char* NameOf(KvFormat f) { return kKvFormatNames[int(f)]; }

// One replica's shape: its formats and the GPUs it spans (tp × pp).
struct ServeShape {
  WeightFormat weights = WeightFormat::kBf16;
  KvFormat kv = KvFormat::kBf16;
  int32_t tp = 1;
  int32_t pp = 1;
};

// What the replica is asked to hold and run.
struct ServeLoad {
  double context_tokens = 8192;  // tokens per sequence the KV cache holds (prompt + output)
  double sequences = 1;          // concurrent sequences (the decode batch)
  double prefill_chunk_tokens = 8192;   // vLLM max_num_batched_tokens: the largest forward
  double gpu_memory_utilization = 0.9;  // vLLM's budget share of the GPU (its default)
};

// Per-GPU bytes of the most loaded pipeline stage.
struct ServeMemory {
  double weights = 0;      // quantized Linears + 16-bit embeddings, norms and head
  double kv_cache = 0;     // the load's sequences at the load's context, in whole blocks
  double activations = 0;  // the largest prefill chunk's live activations
  double logits = 0;       // sampler logits and probabilities (fp32)
  double workspace = 0;    // attention and sampler workspace, allocator rounding
  double runtime = 0;      // CUDA context, NCCL communicators
  double budget = 0;       // gpu_memory_utilization × usable memory: what vLLM lets itself use
  double kv_budget = 0;    // budget minus everything but the KV cache
  double total() const { return weights + kv_cache + activations + logits + workspace + runtime; }
};

struct ServeSpeed {
  double decode_step_s = 0;          // one token for every sequence
  double decode_memory_s = 0;        // of which: reading weights and KV from HBM
  double decode_compute_s = 0;       //   the same step's FLOPs (the roofline takes the larger)
  double decode_overhead_s = 0;      //   per-layer launches and TP all-reduces
  double tokens_per_s = 0;           // all sequences together
  double tokens_per_s_per_user = 0;  // one sequence
  double prefill_s = 0;              // one sequence's whole context as a prompt
};

struct ServeEstimate {
  ServeShape shape;
  ServeLoad load;
  ServeMemory memory;
  ServeSpeed speed;
  bool fits = false;
  std::string reason;           // why not, when !fits
  double kv_bytes_per_token = 0;  // per GPU
  double max_sequences = 0;     // concurrent sequences at load.context_tokens
  double max_context = 0;       // tokens per sequence at load.sequences: memory, capped by the
                                // model's positions (max_position, where the model states it)
  double max_context_memory = 0;  // what memory alone would hold
  int64_t gpus = 0;             // tp × pp
  double usd_per_hour = 0;
};

// Tokens per KV-cache block (vLLM --block-size default 16): a sequence holds whole blocks.
inline constexpr double kKvBlockTokens = 16;

// Why `shape` cannot run `model` on `cluster` (empty when it can): tp must divide the attention
// heads and fit in a node; pp must not exceed the layers; tp·pp must fit the cluster.
std::string ServeShapeProblem(const ModelSpec& model, const Cluster& cluster,
                              const ServeShape& shape);

// Why a context of `context_tokens` cannot be served at all (empty when it can): longer than the
// positions the model states (max_position; vLLM refuses a longer max_model_len without rope
// scaling).
std::string ContextProblem(const ModelSpec& model, double context_tokens);

// Bytes one quantized Linear weight occupies, with its scales and zeros.
double QuantizedBytesPerParam(WeightFormat format);

// KV-cache bytes one token occupies on one GPU: 2 · layers/pp · ⌈kv_heads/tp⌉ · head_dim · bytes.
double KvBytesPerTokenPerGpu(const ModelSpec& model, const ServeShape& shape);

// Evaluates `shape` under `load`. REQUIRES: ServeShapeProblem(...) is empty.
ServeEstimate EvaluateServe(const ModelSpec& model, const ModelStats& stats,
                            const Cluster& cluster, const Topology& topology,
                            const ServeShape& shape, const ServeLoad& load);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_SERVE_MODEL_H_
