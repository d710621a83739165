// Reports of `fitplan rent`: the ranked (cluster, best plan) rows and the --min-gpus answer, as a
// table, JSON or Markdown. In JSON each row is the plan object of `fitplan plan` plus "cluster"
// (the cluster YAML's keys, so `jq .plans[0].cluster > c.yaml` gives `fitplan plan --cluster`
// the same cluster) and "offer" (label, provider, price date and source).
#ifndef FITPLAN_PLANNER_REPORT_RENT_H_
#define FITPLAN_PLANNER_REPORT_RENT_H_

#include <span>
#include <string>
#include <string_view>

#include "planner/core/job.h"
#include "planner/core/model_spec.h"
#include "planner/offers_loader.h"
#include "planner/rent.h"
#include "planner/report.h"

namespace fitplan {

// What the reports say about the question: the model, the job and the offers file.
struct RentContext {
  const ModelSpec& model;
  const Job& job;
  std::span<const Offer> offers;
  std::string_view offers_file;
};

// REQUIRES: format is kTable, kJson or kMarkdown.
std::string FormatRent(const RentContext& context, const RentResult& result, Format format);

// `gpu`: the GPU type the walk was over. REQUIRES: format is kTable, kJson or kMarkdown.
std::string FormatMinGpus(const RentContext& context, std::string_view gpu,
                          const MinGpusResult& result, Format format);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_REPORT_RENT_H_
