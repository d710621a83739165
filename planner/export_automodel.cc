#include "planner/export_automodel.h"

#include <string>
#include <vector>

#include "planner/export.h"
#include "planner/export_text.h"
#include "planner/model_catalog.h"

namespace fitplan {
namespace {

namespace text = export_text;

std::string YamlBool(bool b) { return b ? "true" : "false"; }

}  // namespace

ExportFile AutomodelConfig(const Workload& w, const Plan& plan) {
  std::vector<std::string> notes;
  notes.push_back("dataset / dataloader: add yours, each sample packed or padded to seq_len " +
                  text::Itoa(plan.seq_len) + " tokens (fitplan's estimate)");
  notes.push_back("the loss gathers the whole vocabulary's logits in fp32 " +
                  std::string(plan.tp > 1 ? "from the tensor-parallel shards " : "") +
                  "(MaskedCrossEntropy), as fitplan counts it");
  notes.push_back(
      "fitplan times the eager model: distributed.enable_compile and "
      "enable_async_tensor_parallel (AutoModel's benchmark recipes) run faster");

  std::string y = text::Header(plan, "#");
  y += "# NeMo AutoModel recipe (NVIDIA-NeMo/Automodel), from an AutoModel checkout:\n";
  y += "#   " + text::TorchrunLine(w) + " examples/llm_finetune/finetune.py --config " +
       "automodel.yaml\n";
  y += text::CommentLines(notes, "#");
  y += "\nstep_scheduler:\n";
  y += "  global_batch_size: " + text::Itoa(text::GlobalBatch(plan)) + "\n";
  // local_batch_size is one rank's micro-batch; AutoModel accumulates
  // global / (local × data-parallel ranks) of them per step.
  y += "  local_batch_size: " + text::Itoa(plan.micro_batch) + "\n";
  y += "\ndist_env:\n  backend: nccl\n  timeout_minutes: 10\n";
  y += "\nmodel:\n";
  y += "  _target_: nemo_automodel.NeMoAutoModelForCausalLM.from_pretrained\n";
  // A catalog model by the HF repo its numbers describe; any other by its name, to be replaced.
  const std::string_view hub_id = CatalogHubId(w.model.name);
  y += "  pretrained_model_name_or_path: \"" +
       (hub_id.empty() ? w.model.name : std::string(hub_id)) + "\"" +
       (hub_id.empty() ? "  # the Hugging Face id or a local path" : "") + "\n";
  y += "  torch_dtype: bf16\n";
  y += "\npeft:\n";
  y += "  _target_: nemo_automodel.components._peft.lora.PeftConfig\n";
  if (plan.lora_targets == LoraTargets::kAllLinear) {
    y += "  match_all_linear: true\n";
  } else {
    y += "  target_modules: [\"q_proj\", \"k_proj\", \"v_proj\", \"o_proj\"]\n";
  }
  y += "  dim: " + text::Itoa(plan.lora_rank) + "\n";
  y += "  alpha: " + text::Itoa(2 * int64_t(plan.lora_rank)) + "\n";
  y += "\ndistributed:\n";
  y += "  _target_: nemo_automodel.components.distributed.fsdp2.FSDP2Manager\n";
  y += "  dp_size: none  # the rest: " + text::Itoa(plan.dp) + " data-parallel ranks\n";
  y += "  tp_size: " + text::Itoa(plan.tp) + "\n";
  y += "  cp_size: " + text::Itoa(plan.cp) + "\n";
  y += "  sequence_parallel: " + YamlBool(plan.sp) + "\n";
  y += "  activation_checkpointing: " + YamlBool(plan.checkpointing == Checkpointing::kFull) + "\n";
  y += "\nloss_fn:\n  _target_: nemo_automodel.components.loss.masked_ce.MaskedCrossEntropy\n";
  // bf16-mixed keeps an fp32 master of each adapter (fitplan's 4 B adapter states); bf16 does not.
  y += "\noptimizer:\n";
  y += "  _target_: transformer_engine.pytorch.optimizers.fused_adam.FusedAdam\n";
  y += "  adam_w_mode: true\n";
  y += "  master_weights: " + YamlBool(plan.precision == Precision::kBf16Mixed) + "\n";
  y += "  lr: 1.0e-4\n  weight_decay: 0.0\n  betas: [0.9, 0.999]\n  eps: 1.0e-8\n";
  return {"automodel.yaml", y, {}};
}

}  // namespace fitplan
