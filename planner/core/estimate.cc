#include "planner/core/estimate.h"

#include <cstdio>

#include "planner/core/units.h"

namespace fitplan {

std::string ReasonText(const Estimate& e) {
  const char* what = nullptr;
  const char* of = "usable";
  switch (e.broken_limit) {
    case Limit::kNone:
      return "";
    case Limit::kGpuMemory:
      what = "GPU memory";
      break;
    case Limit::kCpuRam:
      what = "CPU RAM per node";
      of = "on the node";
      break;
    case Limit::kNvme:
      what = "NVMe per node";
      of = "on the node";
      break;
  }
  char text[160];
  std::snprintf(text, sizeof text, "%s: needs %.1f GiB of %.1f GiB %s", what,
                e.limit_needed / kGiB, e.limit_available / kGiB, of);
  return text;
}

}  // namespace fitplan
