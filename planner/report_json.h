// The JSON object of one estimate (shared/docs/interface.md "JSON output"), for reports that embed
// it in their own documents (`fitplan rent`: planner/report_rent.cc). Defined in report_json.cc.
#ifndef FITPLAN_PLANNER_REPORT_JSON_H_
#define FITPLAN_PLANNER_REPORT_JSON_H_

#include <nlohmann/json.hpp>

#include <string>

#include "planner/core/estimate.h"

namespace fitplan {

// `{"plan": ..., "engine": ..., "fits": ..., "verdict": ..., "memory": ..., "time": ..., "cost": ...}`
nlohmann::ordered_json EstimateJson(const Estimate& estimate);

// `j` as text, indented by `indent` (-1: one line). Strings that are not UTF-8 (names from users'
// files) print as U+FFFD instead of throwing.
std::string JsonText(const nlohmann::ordered_json& j, int indent = -1);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_REPORT_JSON_H_
