#include "planner/export_torchtitan.h"

#include <string>
#include <vector>

#include "planner/export.h"
#include "planner/export_text.h"
#include "strategies/parallelism.h"
#include "strategies/sharding.h"

namespace fitplan {
namespace {

namespace text = export_text;

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// The pipeline's model chunks, named as torchtitan's llama3 model names its modules, in stage
// order (rank k mod pp runs chunk k): fitplan's split (PipelineSplitFor) rather than
// torchtitan's default, which weighs the embedding and the output as a layer each
// (pipeline_parallel_first/last_stage_less_layers) and whose layers_per_stage does not count
// them the same way in every release.
std::string ModuleFqnsPerModelPart(const ModelSpec& m, const Plan& plan) {
  const PipelineSplit split = PipelineSplitFor(m.layers, plan.pp, plan.vpp);
  const int64_t pp = plan.pp, chunks = pp * plan.vpp;
  std::string out = "[\n";
  int64_t layer = 0;
  for (int64_t k = 0; k < chunks; ++k) {
    std::vector<std::string> names;
    if (k == 0) names.push_back("tok_embeddings");
    for (int64_t i = 0; i < split.ChunkLayers(k, pp, plan.vpp); ++i) {
      names.push_back("layers." + text::Itoa(layer++));
    }
    if (k == chunks - 1) {
      names.push_back("norm");
      names.push_back("output");
    }
    out += "  [";
    for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + Quoted(names[i]);
    out += "],\n";
  }
  return out + "]";
}

// The torchtitan llama3 flavor with the model's shape (torchtitan/models/llama3/__init__.py:
// 8B, 70B, 405B), or empty: torchtitan trains only the model definitions it registers.
std::string Llama3Flavor(const ModelSpec& m) {
  struct Flavor {
    const char* name;
    int64_t layers, hidden, heads, kv_heads, ffn;
  };
  // ffn = the multiple_of-rounded ffn_dim_multiplier · 8/3 · dim of each flavor's ModelArgs.
  constexpr Flavor kFlavors[] = {{"8B", 32, 4096, 32, 8, 14336},
                                 {"70B", 80, 8192, 64, 8, 28672},
                                 {"405B", 126, 16384, 128, 8, 53248}};
  if (m.architecture != Architecture::kLlama || !m.gated_mlp || m.norm != NormKind::kRmsNorm) {
    return "";
  }
  for (const Flavor& f : kFlavors) {
    if (m.layers == f.layers && m.hidden == f.hidden && m.heads == f.heads &&
        m.kv_heads == f.kv_heads && m.ffn == f.ffn) {
      return f.name;
    }
  }
  return "";
}

}  // namespace

ExportFile TorchtitanConfig(const Workload& w, const Plan& plan) {
  const ModelSpec& m = w.model;
  std::vector<std::string> notes;
  const std::string flavor = Llama3Flavor(m);
  if (flavor.empty()) {
    notes.push_back("torchtitan trains the models it registers: add a flavor with layers " +
                    text::Itoa(m.layers) + ", dim " + text::Itoa(m.hidden) + ", heads " +
                    text::Itoa(m.heads) + ", kv heads " + text::Itoa(m.kv_heads) + ", ffn " +
                    text::Itoa(m.ffn) + ", vocab " + text::Itoa(m.vocab) +
                    " and name it in [model]");
  }
  if (w.job.kind == JobKind::kFinetune) {
    notes.push_back(
        "fine-tuning: convert the pretrained weights to a DCP checkpoint and point "
        "[checkpoint] initial_load_path at it");
  }
  notes.push_back("fitplan times the eager model: training.compile = true runs faster");
  if (plan.order != RankOrder::kTpCpDpPp) {
    notes.push_back("order=" + std::string(Name(plan.order)) +
                    ": torchtitan's device mesh places ranks tp-cp-dp-pp; this layout needs a "
                    "custom mesh");
  }

  // HSDP replicates across nodes and shards within one (the shard group fitplan counts).
  int64_t shard = plan.dp, replicate = 1;
  if (plan.sharding == Sharding::kFsdpHybrid) {
    shard = int64_t(DpInNode(plan, w.cluster.gpus_per_node));
    replicate = plan.dp / shard;
  }
  // Under pipeline parallelism the accumulation micro-batches are the pipeline's micro-batches:
  // torchtitan splits each rank's local batch into pipeline_parallel_microbatch_size pieces.
  const int64_t local_batch =
      plan.pp > 1 ? int64_t(plan.micro_batch) * plan.grad_accum : int64_t(plan.micro_batch);

  std::string t = text::Header(plan, "#");
  t += "# torchtitan job config (torchtitan/config/job_config.py):\n";
  t += "#   " + text::TorchrunLine(w) + " -m torchtitan.train --job.config_file " +
       "torchtitan.toml\n";
  t += text::CommentLines(notes, "#");
  t += "\n[job]\ndump_folder = \"./outputs\"\n";
  t +=
      "\n[model]\nname = \"llama3\"\nflavor = " + Quoted(flavor.empty() ? "custom" : flavor) + "\n";
  if (plan.precision == Precision::kFp8Mixed) t += "converters = [\"float8\"]\n";
  t += "\n[optimizer]\nname = \"AdamW\"\nimplementation = \"fused\"\n";
  t += "\n[training]\n";
  t += "local_batch_size = " + text::Itoa(local_batch) + "\n";
  t += "global_batch_size = " + text::Itoa(text::GlobalBatch(plan)) + "\n";
  t += "seq_len = " + text::Itoa(plan.seq_len) + "\n";
  t += "mixed_precision_param = \"bfloat16\"\n";
  t += "mixed_precision_reduce = \"float32\"\n";
  t += "\n[parallelism]\n";
  t += "data_parallel_replicate_degree = " + text::Itoa(replicate) + "\n";
  t += "data_parallel_shard_degree = " + text::Itoa(shard) + "\n";
  t += "fsdp_reshard_after_forward = " +
       Quoted(plan.sharding == Sharding::kFsdpGradOp ? "never" : "always") + "\n";
  t += "tensor_parallel_degree = " + text::Itoa(plan.tp) + "\n";
  t += "pipeline_parallel_degree = " + text::Itoa(plan.pp) + "\n";
  if (plan.pp > 1) {
    t += "pipeline_parallel_schedule = " + Quoted(plan.vpp > 1 ? "Interleaved1F1B" : "1F1B") + "\n";
    t += "module_fqns_per_model_part = " + ModuleFqnsPerModelPart(m, plan) + "\n";
    t += "pipeline_parallel_microbatch_size = " + text::Itoa(plan.micro_batch) + "\n";
  }
  t += "context_parallel_degree = " + text::Itoa(plan.cp) + "\n";
  t += "\n[activation_checkpoint]\n";
  t += "mode = " + Quoted(Name(plan.checkpointing)) + "\n";
  if (plan.checkpointing == Checkpointing::kSelective) t += "selective_ac_option = \"op\"\n";
  if (plan.precision == Precision::kFp8Mixed) {
    t += "\n[float8]\nenable_fsdp_float8_all_gather = true\n";
    t += "precompute_float8_dynamic_scale_for_fsdp = true\n";
  }
  return {"torchtitan.toml", t, {}};
}

}  // namespace fitplan
