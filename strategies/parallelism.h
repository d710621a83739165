// Tensor, pipeline, sequence, context, expert and data parallelism: which layouts are legal, what
// one rank holds, how many micro-batches a pipeline stage keeps in flight, and the TP/PP time
// terms (Narayanan21 arXiv:2104.04473; Korthikanti22 arXiv:2205.05198; cost-model.md §4.1, §6.3,
// §8.4, §8.5).
#ifndef FITPLAN_STRATEGIES_PARALLELISM_H_
#define FITPLAN_STRATEGIES_PARALLELISM_H_

#include <string>

#include "hardware/topology.h"
#include "planner/core/plan.h"
#include "strategies/workload.h"

namespace fitplan {

// What one rank of a pipeline stage holds. The first stage holds the embedding and the most
// in-flight activations, the last the lm_head and the logits; with pp = 1 one stage is both.
struct StageParams {
  double layers = 0;        // decoder blocks on the stage (the busiest: PipelineSplit middle)
  double block_params = 0;  // their parameters on this rank
  double block_linear_params = 0;  // of which Linear weights (NF4-quantizable)
  double extra_params = 0;         // embedding / lm_head / final norm on this rank
  bool first = true;
  bool last = true;
};

// Decoder blocks per pipeline stage, as Megatron-LM builds a pipeline whose stages cannot all
// hold the same number, in order of preference:
//  * kEven: pp·vpp divides the layers.
//  * kEmbeddingAndLoss: pp·vpp divides the layers + 2, the embedding and the loss each counted as
//    a layer (--account-for-embedding-in-pipeline-split --account-for-loss-in-pipeline-split,
//    NeMo's Llama-3.1-405B recipe: 126 + 2 on pp 8 × vpp 8); the first and last chunk hold one
//    block fewer.
//  * kFirstLast: the middle stages take ⌈L/(pp·vpp)⌉·vpp, the last stage the same when it can,
//    the first the rest (--decoder-first/last-pipeline-num-layers; under interleaving each stage
//    a multiple of vpp, --num-virtual-stages-per-pipeline-rank, Megatron-LM MR 2795).
// The middle stages are the busiest any stage gets. torchtitan builds the same chunks from
// module_fqns_per_model_part (planner/export_torchtitan.cc).
struct PipelineSplit {
  enum class Kind { kEven, kEmbeddingAndLoss, kFirstLast };
  Kind kind = Kind::kEven;
  int64_t first = 0;   // blocks on the first stage (all its chunks)
  int64_t middle = 0;  // on each of the pp − 2 middle stages; with pp ≤ 2, the busiest stage's
  int64_t last = 0;
  bool ok = false;  // false: no split gives every chunk at least one block
  // Blocks in virtual chunk `chunk` (0 ≤ chunk < pp·vpp; rank chunk mod pp runs it).
  int64_t ChunkLayers(int64_t chunk, int64_t pp, int64_t vpp) const;
};
PipelineSplit PipelineSplitFor(int64_t layers, int64_t pp, int64_t vpp);

// REQUIRES: LayoutLegal(workload, plan).
StageParams StageParamsFor(const Workload& workload, const Plan& plan, bool first_stage);

// Micro-batches whose activations the first stage holds at the 1F1B steady state:
// min(m, p) for 1F1B, min(m, p·(1 + (p−1)/(p·v))) interleaved (Megatron schedules.py
// get_pp_rank_microbatches; theoretical_memory_usage.py).
double InFlightMicroBatches(const Plan& plan);

// Divisibility and size rules, in the order they are checked: every degree ≥ 1;
// tp·pp·cp·dp = GPUs; tp divides heads and kv_heads and fits in a node; pp ≤ layers; vpp needs
// pp > 1 and grad_accum a multiple of pp; the layers split into stages (PipelineSplitFor); sp
// needs tp > 1; cp divides
// the sequence in 2·cp chunks; ep divides the experts and fits in dp·cp.
enum class LayoutRule {
  kNone,  // every rule holds
  kDegrees,
  kGpus,
  kTpHeads,
  kTpNode,
  kPpLayers,
  kVpp,
  kPpSplit,
  kSpTp,
  kCpSeq,
  kEp
};
LayoutRule BrokenLayoutRule(const Workload& workload, const Plan& plan);
inline bool LayoutLegal(const Workload& workload, const Plan& plan) {
  return BrokenLayoutRule(workload, plan) == LayoutRule::kNone;
}
// "pp: 200 is more than the model's 80 layers; expected pp ≤ 80": the rule `rule` as it applies
// to `plan`, for a --plan error. REQUIRES: rule == BrokenLayoutRule(workload, plan) ≠ kNone.
std::string LayoutRuleText(LayoutRule rule, const Workload& workload, const Plan& plan);

// The communicators a layout uses, from the topology, in the plan's rank order (Megatron's by
// default: TP innermost, then CP, DP, PP).
struct LayoutLinks {
  GroupLink tp, cp, dp, pp, ep, dp_intra_node;
};
LayoutLinks LinksFor(const Topology& topology, const Plan& plan, int64_t gpus_per_node);

// Whether the plan runs Megatron-LM's --tp-comm-overlap (Transformer Engine userbuffers; needs
// sequence parallelism): fitplan turns it on, as NeMo's performance recipes do, on NVIDIA GPUs
// of NVLink 4 or later (Hopper, Blackwell: FP8 tensor cores and ≥ 450 GB/s NVLink per direction)
// when the TP group stays inside a node. Elsewhere TP collectives run exposed.
bool TpCommOverlapped(const Workload& w, const Plan& plan);

// Share of the TP collectives' time left exposed: calib::kTpCommExposedFractionOverlapped with
// TpCommOverlapped, else calib::kTpCommExposedFraction.
double TpCommExposedFraction(const Workload& w, const Plan& plan);

// Seconds per optimizer step of TP collectives on one rank: per layer per micro-batch 2 all-reduces
// of b·s·h forward and 2 backward (+2 when the forward is recomputed) (Megatron
// tensor_parallel/mappings.py; with SP, all-gather + reduce-scatter of the same volume).
double TensorParallelSeconds(const Workload& w, const Plan& plan, const StageParams& stage,
                             double activation_bytes, bool recompute_forward,
                             const GroupLink& link);

// Seconds per step of context-parallel ring attention on one rank: each layer passes its K and V
// chunk (2·b·(s/cp)·g·d_h elements) around the cp ring (cp − 1 hops) in forward, and K, V and
// their gradients in backward (Megatron context_parallel ring attention; Liu et al. Ring
// Attention arXiv:2310.01889), overlapped with the attention kernels: only the excess over
// `attention_seconds` (the step's attention compute on this rank) is exposed.
double ContextParallelSeconds(const Workload& w, const Plan& plan, const StageParams& stage,
                              double activation_bytes, double attention_seconds,
                              const GroupLink& link);

// Seconds per step of expert-parallel all-to-alls on one rank: per MoE layer and micro-batch,
// dispatch and combine of the k routed copies of each token (k·b·(s/cp)·h elements) in forward and
// again in backward, plus the forward pair when recomputed (cost-model.md §8.4; llm-analysis
// get_latency_fwd_per_layer_mlp_moe_alltoall). Not overlapped.
double ExpertParallelSeconds(const Workload& w, const Plan& plan, const StageParams& stage,
                             double activation_bytes, bool recompute_forward,
                             const GroupLink& link);

// Seconds per step of pipeline sends on one rank: b·s·h forward and backward per micro-batch
// (÷ tp with SP) (calculon _block_fw_pp_size).
double PipelineSendSeconds(const Workload& w, const Plan& plan, double activation_bytes,
                           const GroupLink& link);

// Pipeline bubble: (p − 1)/(v·m) of the busy time (Narayanan21 §2.2).
double PipelineBubbleFraction(const Plan& plan);

}  // namespace fitplan

#endif  // FITPLAN_STRATEGIES_PARALLELISM_H_
