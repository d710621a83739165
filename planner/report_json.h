// The JSON object of one estimate (shared/docs/interface.md "JSON output"), for reports that embed
// it in their own documents (`fitplan rent`: planner/report_rent.cc). Defined in report_json.cc.
#ifndef FITPLAN_PLANNER_REPORT_JSON_H_
#define FITPLAN_PLANNER_REPORT_JSON_H_

#include <nlohmann/json.hpp>

#include "planner/core/estimate.h"

namespace fitplan {

// `{"plan": ..., "engine": ..., "fits": ..., "verdict": ..., "memory": ..., "time": ..., "cost": ...}`
nlohmann::ordered_json EstimateJson(const Estimate& estimate);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_REPORT_JSON_H_
