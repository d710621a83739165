// The built-in model catalog: architecture numbers of popular models
// (shared/data/models.csv, each checked against two sources there).
#ifndef FITPLAN_PLANNER_MODEL_CATALOG_H_
#define FITPLAN_PLANNER_MODEL_CATALOG_H_

#include <span>
#include <string>
#include <string_view>

#include "planner/core/model_spec.h"

namespace fitplan {

// Every catalog model, defaults resolved, in `fitplan list models` order.
std::span<const ModelSpec> ModelCatalog();

// Returns the catalog model named `name`, or nullptr.
const ModelSpec* FindModel(std::string_view name);

// The Hugging Face repo a catalog model's numbers describe ("meta-llama/Llama-3.1-70B" for
// "llama-3.1-70b"), or "" for a model that is not in the catalog.
std::string_view CatalogHubId(std::string_view name);

// The closest catalog name, for "did you mean" messages.
std::string ClosestModelName(std::string_view name);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_MODEL_CATALOG_H_
