#include "strategies/parallelism.h"

#include <algorithm>
#include <cmath>

#include "strategies/collectives.h"

namespace fitplan {

PipelineSplit PipelineSplitFor(int64_t layers, int64_t pp, int64_t vpp) {
  PipelineSplit s;
  if (layers < 1 || pp < 1 || vpp < 1) return s;
  const int64_t chunks = pp * vpp;
  if (layers % chunks == 0) {
    s.first = s.middle = s.last = layers / pp;
    s.ok = pp > 1 || vpp == 1;
    return s;
  }
  if (pp == 1) return s;
  // 126 layers on pp 8 × vpp 8: (126 + 2) / 64 = 2 per chunk, the first and last chunk 1.
  if ((layers + 2) % chunks == 0 && (layers + 2) / chunks >= 2) {
    s.kind = PipelineSplit::Kind::kEmbeddingAndLoss;
    s.middle = (layers + 2) / pp;
    s.first = s.last = s.middle - 1;
    s.ok = true;
    return s;
  }
  // 80 layers on pp 3 (neither 80 nor 82 a multiple of 3): middle ⌈80/3⌉ = 27, first + last
  // 80 − 27 = 53: last 27, first 26.
  s.kind = PipelineSplit::Kind::kFirstLast;
  s.middle = vpp * ((layers + chunks - 1) / chunks);
  const int64_t ends = layers - (pp - 2) * s.middle;  // first + last
  if (ends < 2 * vpp || ends % vpp != 0) return s;
  s.last = std::min(s.middle, ends - vpp);
  s.first = ends - s.last;
  s.ok = true;
  return s;
}

int64_t PipelineSplit::ChunkLayers(int64_t chunk, int64_t pp, int64_t vpp) const {
  if (kind == Kind::kEmbeddingAndLoss) {
    const int64_t per_chunk = middle / vpp;
    return per_chunk - (chunk == 0 || chunk == pp * vpp - 1 ? 1 : 0);
  }
  const int64_t rank = chunk % pp;
  return (rank == 0 ? first : rank == pp - 1 ? last : middle) / vpp;
}

StageParams StageParamsFor(const Workload& w, const Plan& plan, bool first_stage) {
  const ModelStats& s = w.stats;
  const double t = plan.tp;
  StageParams stage;
  stage.first = first_stage || plan.pp == 1;
  stage.last = !first_stage || plan.pp == 1;
  // Every stage is counted as the busiest (the middle stages'): the first stage's fewer layers
  // come with the most in-flight micro-batches, so the second stage is about as full.
  stage.layers = double(PipelineSplitFor(w.model.layers, plan.pp, plan.vpp).middle);
  // Attention and dense MLP split over tp; experts over tp·ep (Megatron
  // theoretical_memory_usage.py: expert params ÷ etp·ep with etp = tp).
  const double dense_part = s.layer_params - s.layer_expert_params;
  const double per_layer = dense_part / t + s.layer_expert_params / (t * plan.ep);
  const double linear_share = s.layer_linear_params / s.layer_params;
  stage.block_params = stage.layers * per_layer;
  stage.block_linear_params = stage.block_params * linear_share;
  // Vocab-parallel embedding and output layer (÷ tp); with pp > 1 a tied model keeps a copy of
  // the embedding on the last stage for the output layer (Megatron shared embedding).
  if (stage.first) stage.extra_params += s.embedding_params / t;
  if (stage.last) {
    const double head = s.lm_head_params > 0 ? s.lm_head_params
                        : plan.pp > 1        ? double(w.model.vocab) * w.model.hidden
                                             : 0;
    stage.extra_params += head / t + s.final_norm_params;
  }
  return stage;
}

double InFlightMicroBatches(const Plan& plan) {
  const double m = plan.grad_accum, p = plan.pp, v = plan.vpp;
  if (plan.pp == 1) return 1;
  // Interleaved: rank 0 runs 2(p − 1) + (v − 1)·p warm-up chunk forwards plus one, of 1/v stage
  // each (Megatron schedules.py get_num_warmup_microbatches), p + (p − 1)/v micro-batches; with
  // m = p every forward runs first (all-warmup) and all m micro-batches are held, never more.
  if (plan.vpp > 1) return std::min(m, p * (1 + (p - 1) / (p * v)));
  return std::min(m, p);
}

LayoutRule BrokenLayoutRule(const Workload& w, const Plan& plan) {
  const ModelSpec& m = w.model;
  if (plan.tp < 1 || plan.pp < 1 || plan.cp < 1 || plan.ep < 1 || plan.dp < 1 || plan.vpp < 1) {
    return LayoutRule::kDegrees;
  }
  if (plan.gpus() != w.cluster.total_gpus()) return LayoutRule::kGpus;
  if (m.heads % plan.tp != 0 || m.kv_heads % plan.tp != 0) return LayoutRule::kTpHeads;
  // TP stays inside an NVLink island unless the job allows otherwise.
  if (plan.tp > w.cluster.gpus_per_node && !w.job.allow.cross_node_tp) return LayoutRule::kTpNode;
  if (plan.pp > m.layers) return LayoutRule::kPpLayers;
  // Interleaved 1F1B: micro-batches in multiples of pp (Megatron arguments.py / schedules.py).
  if (plan.vpp > 1 && (plan.pp == 1 || plan.grad_accum % plan.pp != 0)) return LayoutRule::kVpp;
  if (!PipelineSplitFor(m.layers, plan.pp, plan.vpp).ok) return LayoutRule::kPpSplit;
  if (plan.sp && plan.tp == 1) return LayoutRule::kSpTp;
  const int64_t seq = plan.seq_len > 0 ? plan.seq_len : w.job.seq_len;
  // Ring attention splits the sequence in 2·cp chunks.
  if (plan.cp > 1 && seq % (2 * int64_t(plan.cp)) != 0) return LayoutRule::kCpSeq;
  if (plan.ep > 1 &&
      (m.experts == 0 || m.experts % plan.ep != 0 || plan.ep > int64_t(plan.dp) * plan.cp)) {
    return LayoutRule::kEp;
  }
  return LayoutRule::kNone;
}

std::string LayoutRuleText(LayoutRule rule, const Workload& w, const Plan& plan) {
  using std::to_string;
  const ModelSpec& m = w.model;
  switch (rule) {
    case LayoutRule::kNone:
      break;
    case LayoutRule::kDegrees:
      return "tp, pp, vpp, cp, ep and dp must each be ≥ 1";
    case LayoutRule::kGpus:
      return "tp·pp·cp·dp = " + to_string(plan.gpus()) + " but the cluster has " +
             to_string(w.cluster.total_gpus()) + " GPUs";
    case LayoutRule::kTpHeads:
      return "tp: " + to_string(plan.tp) + " does not divide the model's " + to_string(m.heads) +
             " attention heads and " + to_string(m.kv_heads) + " KV heads";
    case LayoutRule::kTpNode:
      return "tp: " + to_string(plan.tp) + " is more than the " +
             to_string(w.cluster.gpus_per_node) +
             " GPUs of one node; expected tp ≤ gpus_per_node (or --allow-cross-node-tp)";
    case LayoutRule::kPpLayers:
      return "pp: " + to_string(plan.pp) + " pipeline stages is more than the model's " +
             to_string(m.layers) + " layers; expected pp ≤ " + to_string(m.layers);
    case LayoutRule::kVpp:
      return "vpp: " + to_string(plan.vpp) +
             " virtual stages need pp > 1 and grad_accum a multiple of pp (pp " +
             to_string(plan.pp) + ", grad_accum " + to_string(plan.grad_accum) + ")";
    case LayoutRule::kPpSplit:
      return "pp: the model's " + to_string(m.layers) + " layers do not split into " +
             to_string(plan.pp) + " pipeline stages of " +
             (plan.vpp > 1 ? "a multiple of vpp = " + to_string(plan.vpp)
                           : std::string("one or more")) +
             " layers each, evenly, with the embedding and loss counted as layers, or with only "
             "the first and last stage uneven (Megatron-LM); choose another pp" +
             (plan.vpp > 1 ? " or vpp" : "");
    case LayoutRule::kSpTp:
      return "sp: sequence parallelism needs tp > 1";
    case LayoutRule::kCpSeq:
      return "cp: " + to_string(plan.cp) +
             " needs seq_len a multiple of 2·cp = " + to_string(2 * int64_t(plan.cp)) +
             " (ring attention's chunks); seq_len is " +
             to_string(plan.seq_len > 0 ? plan.seq_len : w.job.seq_len);
    case LayoutRule::kEp:
      if (m.experts == 0) return "ep: the model has no experts; expected ep=1";
      return "ep: " + to_string(plan.ep) + " must divide the model's " + to_string(m.experts) +
             " experts and be ≤ dp·cp = " + to_string(int64_t(plan.dp) * plan.cp);
  }
  return "";
}

LayoutLinks LinksFor(const Topology& topology, const Plan& plan, int64_t gpus_per_node) {
  const int64_t t = plan.tp, c = plan.cp, d = plan.dp, p = plan.pp;
  LayoutLinks links;
  if (plan.order == RankOrder::kDpTpCpPp) {
    links.dp = topology.Ring({d, 1});
    links.tp = topology.Ring({t, d});
    links.cp = topology.Ring({c, d * t});
  } else {
    links.tp = topology.Ring({t, 1});
    links.cp = topology.Ring({c, t});
    links.dp = topology.Ring({d, t * c});
  }
  links.pp = topology.Ring({p, t * c * d});
  // Expert-parallel groups are carved out of the DP×CP ranks, nearest first (Megatron
  // parallel_state: expert groups of ep consecutive data-parallel ranks).
  links.ep = topology.Ring({plan.ep, plan.order == RankOrder::kDpTpCpPp ? 1 : t});
  // Hybrid sharding's intra-node shard group: the DP ranks that share a node.
  const int64_t dp_in_node = std::max<int64_t>(1, std::min(d, gpus_per_node / (t * c)));
  links.dp_intra_node = topology.Ring({dp_in_node, t * c});
  return links;
}

bool TpCommOverlapped(const Workload& w, const Plan& plan) {
  return EngineFor(plan) == Engine::kMegatron && plan.sp && plan.tp > 1 &&
         plan.tp <= w.cluster.gpus_per_node && w.cluster.gpu.has_fp8() &&
         w.cluster.gpu.nvlink4_or_later();
}

double TpCommExposedFraction(const Workload& w, const Plan& plan) {
  return TpCommOverlapped(w, plan) ? calib::kTpCommExposedFractionOverlapped
                                   : calib::kTpCommExposedFraction;
}

double TensorParallelSeconds(const Workload& w, const Plan& plan, const StageParams& stage,
                             double activation_bytes, bool recompute_forward,
                             const GroupLink& link) {
  if (plan.tp == 1) return 0;
  const double seq = (plan.seq_len > 0 ? plan.seq_len : w.job.seq_len) / double(plan.cp);
  const double bytes = double(plan.micro_batch) * seq * w.model.hidden * activation_bytes;
  const double per_layer = (recompute_forward ? 6 : 4) * AllReduceSeconds(bytes, plan.tp, link);
  return per_layer * stage.layers * plan.grad_accum;
}

double ContextParallelSeconds(const Workload& w, const Plan& plan, const StageParams& stage,
                              double activation_bytes, double attention_seconds,
                              const GroupLink& link) {
  if (plan.cp == 1) return 0;
  const double seq = (plan.seq_len > 0 ? plan.seq_len : w.job.seq_len) / double(plan.cp);
  const double kv_width = double(w.model.kv_heads) * w.model.head_dim / plan.tp;
  const double kv_bytes = 2.0 * plan.micro_batch * seq * kv_width * activation_bytes;
  // Forward: K, V around the ring; backward: K, V again and dK, dV: 3 chunk transfers per hop.
  const double per_layer = 3.0 * (plan.cp - 1) * SendSeconds(kv_bytes, link);
  const double total = per_layer * stage.layers * plan.grad_accum;
  return std::max(0.0, total - attention_seconds);
}

double ExpertParallelSeconds(const Workload& w, const Plan& plan, const StageParams& stage,
                             double activation_bytes, bool recompute_forward,
                             const GroupLink& link) {
  const ModelSpec& m = w.model;
  if (plan.ep == 1 || m.experts == 0) return 0;
  const double seq = (plan.seq_len > 0 ? plan.seq_len : w.job.seq_len) / double(plan.cp);
  const double bytes = double(m.experts_per_token) * plan.micro_batch * seq * m.hidden *
                       activation_bytes / (plan.sp ? plan.tp : 1);
  const double moe_share = double(m.layers - m.dense_layers) / double(m.layers);
  const double per_layer = (recompute_forward ? 6 : 4) * AllToAllSeconds(bytes, plan.ep, link);
  return per_layer * stage.layers * moe_share * plan.grad_accum;
}

double PipelineSendSeconds(const Workload& w, const Plan& plan, double activation_bytes,
                           const GroupLink& link) {
  if (plan.pp == 1) return 0;
  const double seq = (plan.seq_len > 0 ? plan.seq_len : w.job.seq_len) / double(plan.cp);
  double bytes = double(plan.micro_batch) * seq * w.model.hidden * activation_bytes;
  if (plan.sp) bytes /= plan.tp;
  // Forward activation and backward gradient per micro-batch, per virtual chunk boundary.
  return 2.0 * plan.grad_accum * plan.vpp * SendSeconds(bytes, link);
}

double PipelineBubbleFraction(const Plan& plan) {
  if (plan.pp == 1) return 0;
  return double(plan.pp - 1) / (double(plan.vpp) * plan.grad_accum);
}

}  // namespace fitplan
