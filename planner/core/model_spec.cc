#include "planner/core/model_spec.h"

namespace fitplan {

void ResolveModelDefaults(ModelSpec* spec) {
  if (spec->kv_heads == 0) spec->kv_heads = spec->heads;
  if (spec->head_dim == 0 && spec->heads > 0) spec->head_dim = spec->hidden / spec->heads;
  if (spec->architecture == Architecture::kMoe && spec->moe_ffn == 0) spec->moe_ffn = spec->ffn;
}

std::string ModelSpec::ToString() const {
  const char* arch = architecture == Architecture::kLlama ? "llama"
                     : architecture == Architecture::kGpt ? "gpt"
                                                          : "moe";
  std::string s = name + " (" + arch + ": L" + std::to_string(layers) + " h" +
                  std::to_string(hidden) + " a" + std::to_string(heads) + "/" +
                  std::to_string(kv_heads) + " f" + std::to_string(ffn) + " V" +
                  std::to_string(vocab);
  if (experts > 0) s += " E" + std::to_string(experts) + "k" + std::to_string(experts_per_token);
  return s + ")";
}

}  // namespace fitplan
