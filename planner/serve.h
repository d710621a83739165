// `fitplan serve`: the serving half of the VRAM question (planner/serve_model.h for the model,
// planner/serve_search.h for the cheapest deployment).
#ifndef FITPLAN_PLANNER_SERVE_H_
#define FITPLAN_PLANNER_SERVE_H_

#include <ostream>

namespace fitplan {

int ServeCommand(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_SERVE_H_
