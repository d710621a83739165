// Reports of `fitplan rent`: the ranked (cluster, best plan) rows and the --min-gpus answer, as a
// table, JSON or Markdown (planner/report_rent.cc), or an HTML page (planner/report_rent_html.cc,
// for --report FILE). In JSON each row is the plan object of `fitplan plan` plus "cluster"
// (the cluster YAML's keys, so `jq .plans[0].cluster > c.yaml` gives `fitplan plan --cluster`
// the same cluster) and "offer" (label, provider, price date and source).
#ifndef FITPLAN_PLANNER_REPORT_RENT_H_
#define FITPLAN_PLANNER_REPORT_RENT_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

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

// `rent --report FILE`: one self-contained HTML page (inline CSS and SVG; no script, no network
// reference) with the question (model, job, offers file) and the search statistics; job cost
// against training hours, a point per row coloured by its GPU type, the rows on the Pareto front
// over (hours, USD) marked and joined; a stacked memory bar per row in percent of its own GPU's
// usable memory (GPUs differ), the high estimate marked; and the row table. Every string from the
// input is HTML-escaped. Stable hooks: svg#cost-time-chart, path.pareto per row on the front (its
// data-rank the row's rank), svg#memory-chart, tr.plan per row.
std::string RentHtmlReport(const RentContext& context, const RentResult& result);

// The same page for the rows of FormatMinGpus (the tight row, then the row that fits), labelled by
// their GPU counts as in the table.
std::string MinGpusHtmlReport(const RentContext& context, std::string_view gpu,
                              const MinGpusResult& result);

// Which of `rows` are on the Pareto front over (training hours, job USD): those that no other row
// matches on both and beats on one. Rows at the same point are both on it or both off it.
std::vector<bool> CostTimeFront(std::span<const RentRow> rows);

// Pieces every format shares.

// A row's cells: offer, GPU, shape (NODESxGPUS), $/GPU-h, "peak/usable" GPU GiB, hours, USD,
// verdict.
std::vector<std::string> RentCells(const RentRow& row, std::span<const Offer> offers);

// "Prices: example list prices from FILE, dated 2026-11; edit them to your quotes.\n" over the
// offers `rows` rent ("2026-05 to 2026-11" when the dates differ); "" without rows.
std::string PriceNote(const RentContext& context, const std::vector<const RentRow*>& rows);

// "searched 92 clusters in 1.52 s (75 outranked by the rows above, ...); ... M pruned\n".
std::string RentStatsLine(const RentStats& stats);

// "searched 3 clusters (up to 8 GPUs) in 0.12 s\n".
std::string MinGpusStatsLine(const MinGpusResult& result);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_REPORT_RENT_H_
