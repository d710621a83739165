#include "planner/export.h"

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "planner/core/engine.h"
#include "planner/export_automodel.h"
#include "planner/export_text.h"
#include "planner/export_torchtitan.h"
#include "planner/memory_model.h"
#include "strategies/parallelism.h"
#include "strategies/sharding.h"

namespace fitplan {
namespace {

using export_text::CommentLines;
using export_text::GlobalBatch;
using export_text::Header;
using export_text::Itoa;
using export_text::kEnvironmentComment;
using export_text::kRendezvousPort;
using export_text::TorchrunLine;

// Values the cost model assumed (strategies/sharding.cc): HF's "auto" DeepSpeed buckets.
constexpr int64_t kAllgatherBucketElements = 200'000'000;  // ZeRO-1/2, 2e8
constexpr int64_t kZero3MaxReuseDistance = 1'000'000'000;
constexpr int64_t kZero3SubGroupElements = 1'000'000'000;
constexpr const char* kNvmePath = "/local_nvme";

// Why EngineFor picked the plan's engine, in --plan syntax.
std::string EngineReason(const Plan& plan) {
  const Engine engine = EngineFor(plan);
  if (engine == Engine::kMegatron || RunsFsdp2(engine)) {
    std::string s;
    auto add = [&s](std::string_view key, int32_t v) {
      if (v <= 1) return;
      if (!s.empty()) s += ',';
      s += std::string(key) + "=" + Itoa(v);
    };
    add("tp", plan.tp);
    add("pp", plan.pp);
    add("cp", plan.cp);
    add("ep", plan.ep);
    if (RunsFsdp2(engine)) {
      s = "sharding=" + std::string(Name(plan.sharding)) + "," + s;
      if (engine == Engine::kAutomodel) s = "method=" + std::string(Name(plan.method)) + "," + s;
    }
    return s;
  }
  return "sharding=" + std::string(Name(plan.sharding));
}

bool OffloadsParams(Offload o) {
  return o == Offload::kOptimizerParamCpu || o == Offload::kOptimizerParamNvme;
}
bool OffloadsToNvme(Offload o) {
  return o == Offload::kOptimizerNvme || o == Offload::kOptimizerParamNvme;
}

// HF TrainingArguments --optim for each optimizer (transformers training_args.py OptimizerNames).
// AdamW is torch's fused kernel, as the memory model assumes (strategies/optimizer.cc).
std::string_view HfOptim(Optimizer o) {
  switch (o) {
    case Optimizer::kAdamW:
      return "adamw_torch_fused";
    case Optimizer::kAdamW8bit:
      return "adamw_bnb_8bit";
    case Optimizer::kPagedAdamW8bit:
      return "paged_adamw_8bit";
    case Optimizer::kSgd:
      return "sgd";
    case Optimizer::kAdafactor:
      return "adafactor";
  }
  return "adamw_torch_fused";
}

// Comments every HF-Trainer-based export shares: what the plan leaves to the training script.
std::vector<std::string> TrainerNotes(const Plan& plan) {
  std::vector<std::string> notes;
  notes.push_back("HF TrainingArguments: per_device_train_batch_size=" + Itoa(plan.micro_batch) +
                  ", gradient_accumulation_steps=" + Itoa(plan.grad_accum) + ", optim=\"" +
                  std::string(HfOptim(plan.optimizer)) + "\", max_seq_length " +
                  Itoa(plan.seq_len) + " tokens");
  switch (plan.checkpointing) {
    case Checkpointing::kNone:
      break;
    case Checkpointing::kFull:
      notes.push_back("checkpointing=full: HF gradient_checkpointing=True turns it on");
      break;
    case Checkpointing::kSelective:
      notes.push_back(
          "checkpointing=selective: PyTorch selective activation checkpointing with torchtitan's "
          "op policy: checkpoint each decoder layer with context_fn = "
          "create_selective_checkpoint_contexts(policy) saving the outputs of aten.mm and SDPA "
          "except every second mm (torchtitan selective_ac_option=\"op\"); HF "
          "gradient_checkpointing=True would recompute whole layers (less memory, more time)");
      break;
  }
  if (plan.precision == Precision::kBf16) {
    notes.push_back("precision=bf16: load the model with torch_dtype=torch.bfloat16, no autocast");
  } else if (plan.precision == Precision::kFp8Mixed) {
    notes.push_back(
        "precision=fp8-mixed: run the Linear layers in FP8 (Transformer Engine or torchao)");
  }
  // HF's ForCausalLMLoss upcasts the whole logits tensor: its backward holds the fp32
  // log-softmax, its gradient and the input gradient, 4 + 4 + 4 B per logit (torchtitan's
  // Llama-3.1-8B 32k-token run, throughput_public.csv row 294, peaks 23 GiB above fitplan's count
  // at 8 B; the 4 B more are 15.7 GiB of it). Liger's fused linear cross-entropy never holds the
  // logits, so with it a run stays under fitplan's count.
  notes.push_back("loss: fitplan counts " + Itoa(int64_t(LossBytesPerLogit(plan))) +
                  " B per logit; HF's default loss upcasts the logits to fp32 and takes up to 12 "
                  "in its backward: set use_liger_kernel=True (fused linear cross-entropy)");
  if (plan.uses_lora())
    notes.push_back("method=" + std::string(Name(plan.method)) +
                    ": add the adapters of `fitplan export --to peft`");
  if (plan.method == Method::kLora &&
      (plan.precision == Precision::kBf16Mixed || plan.precision == Precision::kFp16Mixed)) {
    notes.push_back(
        "frozen base: load it with torch_dtype=torch.bfloat16 (float16 for fp16-mixed); fitplan "
        "counts it at 2 B/param, a default fp32 load takes twice that");
  }
  return notes;
}

// https://www.deepspeed.ai/docs/config-json/
ExportFile DeepSpeedConfig(const Workload& w, const Plan& plan) {
  const int64_t h = w.model.hidden;
  nlohmann::ordered_json zero;
  const int stage = plan.sharding == Sharding::kZero1   ? 1
                    : plan.sharding == Sharding::kZero2 ? 2
                                                        : 3;
  zero["stage"] = stage;
  if (plan.offload != Offload::kNone) {
    nlohmann::ordered_json device;
    device["device"] = OffloadsToNvme(plan.offload) ? "nvme" : "cpu";
    device["pin_memory"] = true;
    if (OffloadsToNvme(plan.offload)) device["nvme_path"] = kNvmePath;
    zero["offload_optimizer"] = device;
    if (OffloadsParams(plan.offload)) zero["offload_param"] = device;
  }
  zero["contiguous_gradients"] = true;
  // On for every stage: the memory model doubles the ZeRO-1/2 reduce bucket for it
  // (strategies/sharding.cc), and it lets the reduce overlap backward.
  zero["overlap_comm"] = true;
  zero["reduce_bucket_size"] = h * h;
  if (stage <= 2) {
    zero["allgather_bucket_size"] = kAllgatherBucketElements;
  } else {
    // DeepSpeed's pydantic model types these as int: 0.9·h² is rounded (HF "auto" writes a float
    // that newer DeepSpeed rejects).
    zero["stage3_prefetch_bucket_size"] = std::llround(0.9 * double(h) * double(h));
    zero["stage3_param_persistence_threshold"] = 10 * h;
    zero["stage3_max_live_parameters"] = std::llround(kZero3MaxLiveParameters);
    zero["stage3_max_reuse_distance"] = kZero3MaxReuseDistance;
    zero["sub_group_size"] = kZero3SubGroupElements;
  }
  nlohmann::ordered_json j;
  j["zero_optimization"] = zero;
  switch (plan.precision) {
    case Precision::kFp16Mixed:
      j["fp16"] = {{"enabled", true}, {"loss_scale", 0}};
      break;
    case Precision::kBf16Mixed:
    case Precision::kBf16:
    case Precision::kFp8Mixed:
      j["bf16"] = {{"enabled", true}};
      break;
    case Precision::kFp32:
      j["bf16"] = {{"enabled", false}};
      break;
  }
  j["train_micro_batch_size_per_gpu"] = plan.micro_batch;
  j["gradient_accumulation_steps"] = plan.grad_accum;
  j["train_batch_size"] = GlobalBatch(plan);
  j["gradient_clipping"] = 1.0;
  if (plan.checkpointing != Checkpointing::kNone) {
    j["activation_checkpointing"] = {{"partition_activations", false},
                                     {"contiguous_memory_optimization", false}};
  }
  ExportFile f{"ds_config.json", j.dump(2) + "\n", {}};
  f.notes = TrainerNotes(plan);
  if (plan.checkpointing != Checkpointing::kNone) {
    f.notes.push_back(
        "activation_checkpointing only configures deepspeed.checkpointing; it does not turn "
        "checkpointing on");
  }
  if (plan.precision == Precision::kBf16) {
    f.notes.push_back("precision=bf16: DeepSpeed's bf16 mode keeps fp32 master weights");
  }
  return f;
}

// https://huggingface.co/docs/accelerate/usage_guides/fsdp
std::vector<ExportFile> FsdpFiles(const Workload& w, const Plan& plan) {
  std::string_view mixed = "no";
  if (plan.precision == Precision::kBf16Mixed) mixed = "bf16";
  if (plan.precision == Precision::kFp16Mixed) mixed = "fp16";
  if (plan.precision == Precision::kFp8Mixed) mixed = "fp8";
  std::string_view strategy = "FULL_SHARD";
  if (plan.sharding == Sharding::kFsdpGradOp) strategy = "SHARD_GRAD_OP";
  if (plan.sharding == Sharding::kFsdpHybrid) strategy = "HYBRID_SHARD";
  auto yes_no = [](bool b) { return b ? "true" : "false"; };
  std::vector<std::string> notes = TrainerNotes(plan);
  if (FsdpLayerSizedLoraGradients(plan)) {
    notes.push_back(
        "adapters on FSDP: fitplan counts them inside their layer's flat parameter "
        "(TRANSFORMER_BASED_WRAP, Lightning's per-Block policy), so every layer gets a whole "
        "gradient, held unsharded across accumulation micro-batches (no_sync). HF Trainer "
        "(transformers >= 4.39) swaps in PEFT's fsdp_auto_wrap_policy for LoRA models, which "
        "wraps the adapters apart: such a run needs less than fitplan counts");
  } else if (plan.method == Method::kQlora) {
    notes.push_back(
        "QLoRA on FSDP: BitsAndBytesConfig(bnb_4bit_quant_storage=torch.bfloat16) so FSDP shards "
        "the 4-bit weights; HF Trainer wraps the adapters apart (PEFT's fsdp_auto_wrap_policy), "
        "as fitplan counts");
  } else if (plan.grad_accum > 1) {
    notes.push_back(
        "gradient accumulation: TrainingArguments(accelerator_config={\"gradient_accumulation_"
        "kwargs\": {\"sync_each_batch\": True}}) reduces every micro-batch as fitplan counts; "
        "HF Trainer's default no_sync keeps the whole model's gradients unsharded");
  }
  std::string y = Header(plan, "#");
  y += CommentLines(notes, "#");
  y += "compute_environment: LOCAL_MACHINE\n";
  y += "distributed_type: FSDP\n";
  y += "num_machines: " + Itoa(w.cluster.nodes) + "\n";
  y += "num_processes: " + Itoa(w.cluster.total_gpus()) + "\n";
  y += "machine_rank: 0  # launch.sh passes each node's rank\n";
  y += "mixed_precision: " + std::string(mixed) + "\n";
  y += "rdzv_backend: static\n";
  y += "same_network: true\n";
  y += "fsdp_config:\n";
  y += "  fsdp_sharding_strategy: " + std::string(strategy) + "\n";
  y += "  fsdp_auto_wrap_policy: TRANSFORMER_BASED_WRAP\n";
  y += "  fsdp_backward_prefetch: BACKWARD_PRE\n";
  y += "  fsdp_offload_params: " + std::string(yes_no(plan.offload != Offload::kNone)) + "\n";
  y += "  fsdp_cpu_ram_efficient_loading: true\n";
  y += "  fsdp_sync_module_states: true\n";
  y += "  fsdp_use_orig_params: true\n";
  // accelerate's switch checkpoints whole layers; selective is set up in train.py (notes).
  y += "  fsdp_activation_checkpointing: " +
       std::string(yes_no(plan.checkpointing == Checkpointing::kFull)) + "\n";
  y += "  fsdp_state_dict_type: SHARDED_STATE_DICT\n";

  std::string sh = "#!/usr/bin/env bash\n" + Header(plan, "#");
  sh += kEnvironmentComment;
  sh += "set -euo pipefail\n";
  sh += "accelerate launch --config_file accelerate_fsdp.yaml --num_machines " +
        Itoa(w.cluster.nodes) + " --num_processes " + Itoa(w.cluster.total_gpus()) +
        " --machine_rank \"${NODE_RANK:-0}\" --main_process_ip \"${MASTER_ADDR:-localhost}\""
        " --main_process_port " +
        Itoa(kRendezvousPort) + " train.py \"$@\"\n";
  sh += "# without accelerate (FSDP set up in train.py):\n# " + TorchrunLine(w) +
        " train.py \"$@\"\n";
  return {{"accelerate_fsdp.yaml", y, {}}, {"launch.sh", sh, {}}};
}

// Flags of Megatron-LM megatron/training/arguments.py for pretrain_gpt.py.
ExportFile MegatronArgs(const Workload& w, const Plan& plan) {
  const ModelSpec& m = w.model;
  std::vector<std::string> args;
  auto flag = [&args](std::string name, std::string value = "") {
    args.push_back(value.empty() ? name : name + " " + value);
  };
  flag("--tensor-model-parallel-size", Itoa(plan.tp));
  flag("--pipeline-model-parallel-size", Itoa(plan.pp));
  // An uneven split either counts the embedding and loss as layers or names its first and last
  // stage (PipelineSplitFor); Megatron then takes the interleaving degree as stages per rank
  // (arguments.py: --num-virtual-stages-per-pipeline-rank with uneven PP).
  const PipelineSplit split = PipelineSplitFor(m.layers, plan.pp, plan.vpp);
  if (split.kind == PipelineSplit::Kind::kEmbeddingAndLoss) {
    flag("--account-for-embedding-in-pipeline-split");
    flag("--account-for-loss-in-pipeline-split");
  } else if (split.kind == PipelineSplit::Kind::kFirstLast) {
    flag("--decoder-first-pipeline-num-layers", Itoa(split.first));
    flag("--decoder-last-pipeline-num-layers", Itoa(split.last));
  }
  if (split.kind != PipelineSplit::Kind::kEven && plan.vpp > 1) {
    flag("--num-virtual-stages-per-pipeline-rank", Itoa(plan.vpp));
  } else if (plan.vpp > 1) {
    flag("--num-layers-per-virtual-pipeline-stage", Itoa(split.middle / plan.vpp));
  }
  flag("--context-parallel-size", Itoa(plan.cp));
  if (plan.ep > 1) flag("--expert-model-parallel-size", Itoa(plan.ep));
  if (plan.sp) flag("--sequence-parallel");
  if (TpCommOverlapped(w, plan)) flag("--tp-comm-overlap");  // as the time model assumes
  if (plan.checkpointing == Checkpointing::kSelective) flag("--recompute-granularity", "selective");
  if (plan.checkpointing == Checkpointing::kFull) {
    flag("--recompute-granularity", "full");
    flag("--recompute-method", "uniform");
    flag("--recompute-num-layers", "1");
  }
  flag("--micro-batch-size", Itoa(plan.micro_batch));
  flag("--global-batch-size", Itoa(GlobalBatch(plan)));
  flag("--seq-length", Itoa(plan.seq_len));
  switch (plan.precision) {
    case Precision::kBf16Mixed:
    case Precision::kBf16:
      flag("--bf16");
      break;
    case Precision::kFp16Mixed:
      flag("--fp16");
      break;
    case Precision::kFp8Mixed:
      flag("--bf16");
      flag("--fp8-format", "hybrid");
      break;
    case Precision::kFp32:
      break;
  }
  flag("--optimizer", plan.optimizer == Optimizer::kSgd ? "sgd" : "adam");
  if (plan.sharding == Sharding::kZero1) flag("--use-distributed-optimizer");
  flag("--overlap-grad-reduce");
  flag("--num-layers", Itoa(m.layers));
  flag("--hidden-size", Itoa(m.hidden));
  flag("--num-attention-heads", Itoa(m.heads));
  if (m.kv_heads > 0 && m.kv_heads < m.heads) {
    flag("--group-query-attention");
    flag("--num-query-groups", Itoa(m.kv_heads));
  }
  if (m.head_dim > 0 && m.head_dim * m.heads != m.hidden) flag("--kv-channels", Itoa(m.head_dim));
  flag("--ffn-hidden-size", Itoa(m.ffn));
  if (m.gated_mlp) flag("--swiglu");
  if (m.norm == NormKind::kRmsNorm) flag("--normalization", "RMSNorm");
  flag("--position-embedding-type", m.learned_positions ? "learned_absolute" : "rope");
  flag("--max-position-embeddings", Itoa(std::max<int64_t>(m.max_position, plan.seq_len)));
  if (!m.tie_embeddings) flag("--untie-embeddings-and-output-weights");
  if (!m.qkv_bias && !m.o_bias && !m.mlp_bias) flag("--disable-bias-linear");
  if (m.qkv_bias && !m.o_bias && !m.mlp_bias) {
    flag("--disable-bias-linear");
    flag("--add-qkv-bias");
  }
  if (m.experts > 0) {
    flag("--num-experts", Itoa(m.experts));
    flag("--moe-router-topk", Itoa(m.experts_per_token));
    if (m.moe_ffn > 0) flag("--moe-ffn-hidden-size", Itoa(m.moe_ffn));
  }

  std::string sh = "#!/usr/bin/env bash\n" + Header(plan, "#");
  sh +=
      "# Megatron-LM pretrain_gpt.py arguments; add data, tokenizer, learning-rate schedule and\n"
      "# checkpoint paths.\n";
  if (plan.uses_lora()) {
    sh += "# method=" + std::string(Name(plan.method)) +
          ": Megatron-LM has no LoRA; NeMo's PEFT adds the adapters (rank " + Itoa(plan.lora_rank) +
          ", " + std::string(Name(plan.lora_targets)) + ") on top of these arguments.\n";
  }
  if (plan.order != RankOrder::kTpCpDpPp) {
    sh += "# order=" + std::string(Name(plan.order)) +
          ": Megatron-LM places ranks tp-cp-dp-pp; this layout needs a custom rank mapping.\n";
  }
  sh += "MEGATRON_ARGS=(\n";
  for (const std::string& a : args) sh += "  " + a + "\n";
  sh += ")\n";
  sh += kEnvironmentComment;
  sh += "# " + TorchrunLine(w) + " pretrain_gpt.py \"${MEGATRON_ARGS[@]}\" ...\n";
  return {"megatron_args.sh", sh, {}};
}

ExportFile TorchrunLaunch(const Workload& w, const Plan& plan) {
  std::string sh = "#!/usr/bin/env bash\n" + Header(plan, "#");
  sh += kEnvironmentComment;
  sh += CommentLines(TrainerNotes(plan), "#");
  switch (plan.sharding) {
    case Sharding::kNone:
      if (plan.dp > 1) sh += "# DDP: every GPU holds the whole model; gradients all-reduced.\n";
      break;
    case Sharding::kZero1:
    case Sharding::kZero2:
    case Sharding::kZero3:
      sh += "# sharding=" + std::string(Name(plan.sharding)) +
            ": pass deepspeed=\"ds_config.json\" (fitplan export --to deepspeed) to the Trainer.\n";
      break;
    case Sharding::kFsdpFull:
    case Sharding::kFsdpGradOp:
    case Sharding::kFsdpHybrid:
      sh += "# sharding=" + std::string(Name(plan.sharding)) +
            ": wrap the model in FSDP as in fitplan export --to fsdp.\n";
      break;
  }
  sh += "set -euo pipefail\n";
  sh += TorchrunLine(w) + " train.py \"$@\"\n";
  return {"launch.sh", sh, {}};
}

// PEFT LoraConfig (peft tuners/lora/config.py) and bitsandbytes 4-bit loading (transformers
// BitsAndBytesConfig).
ExportFile PeftConfig(const Plan& plan) {
  const bool fp16 = plan.precision == Precision::kFp16Mixed;
  const std::string dtype = fp16 ? "torch.float16" : "torch.bfloat16";
  std::string py = Header(plan, "#");
  py += "import torch\n";
  py += "from peft import LoraConfig\n";
  if (plan.method == Method::kQlora) py += "from transformers import BitsAndBytesConfig\n";
  py += "\nlora_config = LoraConfig(\n";
  py += "    r=" + Itoa(plan.lora_rank) + ",\n";
  py += "    lora_alpha=" + Itoa(2 * int64_t(plan.lora_rank)) + ",\n";
  py += "    lora_dropout=0.0,\n";
  py += plan.lora_targets == LoraTargets::kAllLinear
            ? "    target_modules=\"all-linear\",\n"
            : "    target_modules=[\"q_proj\", \"k_proj\", \"v_proj\", \"o_proj\"],\n";
  py += "    task_type=\"CAUSAL_LM\",\n)\n";
  if (plan.method == Method::kQlora) {
    py +=
        "\n# bnb_4bit_quant_storage = the compute dtype lets FSDP / ZeRO-3 shard the 4-bit "
        "weights,\n"
        "# as fitplan assumes.\n";
    py += "bnb_config = BitsAndBytesConfig(\n";
    py += "    load_in_4bit=True,\n";
    py += "    bnb_4bit_quant_type=\"nf4\",\n";
    py += "    bnb_4bit_use_double_quant=True,\n";
    py += "    bnb_4bit_compute_dtype=" + dtype + ",\n";
    py += "    bnb_4bit_quant_storage=" + dtype + ",\n)\n";
    py +=
        "# model = AutoModelForCausalLM.from_pretrained(..., quantization_config=bnb_config,\n"
        "#                                             torch_dtype=" +
        dtype + ")\n";
  }
  return {"peft_config.py", py, {}};
}

}  // namespace

ExportTarget TargetFor(Engine engine) {
  switch (engine) {
    case Engine::kTorch:
      return ExportTarget::kTorchrun;
    case Engine::kDeepSpeed:
      return ExportTarget::kDeepSpeed;
    case Engine::kFsdp:
      return ExportTarget::kFsdp;
    case Engine::kMegatron:
      return ExportTarget::kMegatron;
    case Engine::kTorchtitan:
      return ExportTarget::kTorchtitan;
    case Engine::kAutomodel:
      return ExportTarget::kAutomodel;
  }
  return ExportTarget::kTorchrun;
}

StatusOr<ExportTarget> ParseExportTarget(std::string_view text) {
  if (auto t = ParseEnum<ExportTarget>(kExportTargetNames, text)) return *t;
  return Status::InvalidInput(
      "--to: unknown target '" + std::string(text) +
      "'; expected deepspeed, fsdp, megatron, torchtitan, automodel, torchrun or peft");
}

Status CheckExportTarget(const Plan& plan, ExportTarget target) {
  const std::string to = "--to " + std::string(kExportTargetNames[size_t(target)]) + ": ";
  if (target == ExportTarget::kPeft) {
    if (plan.uses_lora()) return Status::Ok();
    return Status::InvalidInput(to +
                                "the plan trains every weight (method=full); only "
                                "method=lora or qlora plans have an adapter config");
  }
  const Engine engine = EngineFor(plan);
  bool ok = false;
  switch (target) {
    case ExportTarget::kDeepSpeed:
      ok = engine == Engine::kDeepSpeed;
      break;
    case ExportTarget::kFsdp:
      ok = engine == Engine::kFsdp;
      break;
    case ExportTarget::kMegatron:
      ok = engine == Engine::kMegatron;
      break;
    case ExportTarget::kTorchtitan:
      ok = engine == Engine::kTorchtitan;
      break;
    case ExportTarget::kAutomodel:
      ok = engine == Engine::kAutomodel;
      break;
    case ExportTarget::kTorchrun:
      ok = engine != Engine::kMegatron && !RunsFsdp2(engine);
      break;
    case ExportTarget::kPeft:
      break;
  }
  if (ok) return Status::Ok();
  const std::string_view runs_on = kExportTargetNames[size_t(TargetFor(engine))];
  return Status::InvalidInput(to + "the plan runs on " + std::string(runs_on) + " (" +
                              EngineReason(plan) + "); export it --to " + std::string(runs_on));
}

std::vector<ExportFile> ExportPlan(const Workload& workload, const Plan& plan,
                                   ExportTarget target) {
  switch (target) {
    case ExportTarget::kDeepSpeed:
      return {DeepSpeedConfig(workload, plan)};
    case ExportTarget::kFsdp:
      return FsdpFiles(workload, plan);
    case ExportTarget::kMegatron:
      return {MegatronArgs(workload, plan)};
    case ExportTarget::kTorchrun:
      return {TorchrunLaunch(workload, plan)};
    case ExportTarget::kTorchtitan:
      return {TorchtitanConfig(workload, plan)};
    case ExportTarget::kAutomodel:
      return {AutomodelConfig(workload, plan)};
    case ExportTarget::kPeft:
      return {PeftConfig(plan)};
  }
  return {};
}

}  // namespace fitplan
