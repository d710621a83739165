// Loads a ModelSpec from a model YAML (shared/docs/interface.md "Model YAML"), a HuggingFace
// config.json, or the built-in catalog by name. Errors name the file, line and field.
#ifndef FITPLAN_PLANNER_MODEL_LOADER_H_
#define FITPLAN_PLANNER_MODEL_LOADER_H_

#include <string>
#include <string_view>

#include "planner/core/model_spec.h"
#include "planner/core/status.h"

namespace fitplan {

StatusOr<ModelSpec> ParseModelYaml(std::string_view yaml_text, std::string_view file);

// HF config.json: LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM, Gemma2ForCausalLM,
// GPT2LMHeadModel, GPTNeoXForCausalLM, MixtralForCausalLM (by `model_type`).
StatusOr<ModelSpec> ParseHfConfigJson(std::string_view json_text, std::string_view file);

// `spec`: a path ending in .json (HF config), a YAML path, or a catalog name (model_catalog.h).
StatusOr<ModelSpec> LoadModel(const std::string& spec);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_MODEL_LOADER_H_
