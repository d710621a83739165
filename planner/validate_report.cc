// The renderings of a ValidationReport: a per-comparison table with summaries (100 columns) and
// JSON with the same content.
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "planner/core/units.h"
#include "planner/report_json.h"
#include "planner/validate.h"

namespace fitplan {
namespace {

using nlohmann::ordered_json;

// Longest skip reason the table prints; the JSON keeps every reason whole.
constexpr size_t kReasonColumns = 80;

template <typename... Args>
std::string Printf(const char* format, Args... args) {
  const int size = std::snprintf(nullptr, 0, format, args...);
  if (size <= 0) return "";
  std::string text(size_t(size) + 1, '\0');
  std::snprintf(text.data(), text.size(), format, args...);
  text.pop_back();
  return text;
}

std::string Pct(double fraction) {
  return std::isfinite(fraction) ? Printf("%.1f%%", 100 * fraction) : "-";
}

// A family's value in its display unit: GiB, seconds, or MFU in percent.
std::string Value(Family family, double value) {
  switch (family) {
    case Family::kMemory:
      return Printf("%.2f GiB", value / kGiB);
    case Family::kStepTime:
      return Printf("%.3f s", value);
    case Family::kMfu:
      break;
  }
  return Pct(value);
}

// Cuts `text` to at most `bytes` bytes, at a UTF-8 character boundary, marking the cut.
std::string Shorten(const std::string& text, size_t bytes) {
  if (text.size() <= bytes) return text;
  size_t end = bytes - 3;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "...";
}

std::string Source(const std::string& source) { return source.empty() ? "-" : source; }

std::string ComparisonLine(const RowResult& row, Family family, const Comparison& c) {
  const std::string measured = c.measured ? Value(family, *c.measured) : "OOM";
  const std::string error = c.error ? Printf("%+.1f%%", 100 * *c.error) : "";
  const char* mark = !row.fit_checked              ? "-"
                     : row.verdict == Verdict::kFits ? "FIT"
                     : row.fits()                    ? "TIGHT"
                                                     : "NO";
  const char* flag = c.false_fit         ? "FALSE FIT"
                     : c.tight_oom       ? "OOM, TIGHT"
                     : c.false_rejection ? "FALSE NO"
                                         : "";
  std::string line =
      Printf("%-12s %-21s %-10s %10s %10s %8s  ", row.case_id.c_str(), Source(row.source).c_str(),
             c.basis.c_str(), Value(family, c.predicted).c_str(), measured.c_str(), error.c_str());
  line += *flag ? Printf("%-3s  %s", mark, flag) : mark;
  return line + "\n";
}

std::string SummaryText(Family family, const FamilySummary& s) {
  std::string out =
      Printf("\n%s: %d rows scored", std::string(kFamilyNames[int(family)]).c_str(), s.scored);
  if (s.fit_checks > 0) out += Printf(", %d OOM rows checked for fit", s.fit_checks);
  out += Printf(", %d skipped\n", s.skipped);
  out += "  |error|      median " + Pct(s.median_abs_error) + "  p90 " + Pct(s.p90_abs_error) +
         "    source-balanced: median " + Pct(s.balanced_median_abs_error) + "  p90 " +
         Pct(s.balanced_p90_abs_error) + "\n";
  out += Printf("  fit          %d false fits, %d OOMs flagged tight, %d false rejections\n",
                s.false_fits, s.tight_ooms, s.false_rejections);
  if (s.unchecked > 0) {
    out += Printf("               %d rows without a GPU capacity: verdict not scored\n", s.unchecked);
  }
  if (s.scored > 0) {
    out += Printf("  band         90%% of rows: measured <= predicted x %.2f\n", s.upper_ratio_p90);
  }
  if (!s.sources.empty()) out += Printf("  %-24s %5s %8s %8s\n", "source", "rows", "median", "p90");
  for (const SourceSummary& src : s.sources) {
    out += Printf("  %-24s %5d %8s %8s\n", Source(src.source).c_str(), src.rows,
                  Pct(src.median_abs_error).c_str(), Pct(src.p90_abs_error).c_str());
  }
  for (size_t i = 0; i < s.worst.size(); ++i) {
    const WorstRow& w = s.worst[i];
    out += Printf("  %-12s %-12s %-21s %+.1f%%\n", i == 0 ? "worst" : "", w.case_id.c_str(),
                  Source(w.source).c_str(), 100 * w.error);
  }
  for (size_t i = 0; i < s.skip_groups.size(); ++i) {
    const auto& [group, count] = s.skip_groups[i];
    out += Printf("  %-8s %4d  ", i == 0 ? "skipped" : "", count) + Shorten(group, kReasonColumns) +
           "\n";
  }
  return out;
}

ordered_json Number(double x) { return std::isfinite(x) ? ordered_json(x) : ordered_json(nullptr); }
ordered_json Percent(double fraction) { return Number(100 * fraction); }

// Value keys carry their unit: predicted_gib, predicted_s, predicted (MFU, a fraction).
ordered_json ComparisonJson(Family family, const Comparison& c) {
  const double scale = family == Family::kMemory ? kGiB : 1.0;
  const std::string unit = family == Family::kMemory     ? "_gib"
                           : family == Family::kStepTime ? "_s"
                                                         : "";
  ordered_json j;
  j["basis"] = c.basis;
  j["predicted" + unit] = Number(c.predicted / scale);
  j["measured" + unit] = c.measured ? Number(*c.measured / scale) : ordered_json(nullptr);
  j["error_pct"] = c.error ? Percent(*c.error) : ordered_json(nullptr);
  j["false_fit"] = c.false_fit;
  j["tight_oom"] = c.tight_oom;
  j["false_rejection"] = c.false_rejection;
  return j;
}

ordered_json RowJson(const RowResult& row) {
  ordered_json j{{"case", row.case_id},
                 {"source", row.source},
                 {"line", row.line},
                 {"plan", row.plan.ToString()},
                 {"verdict", kVerdictNames[int(row.verdict)]},
                 {"fit_checked", row.fit_checked},
                 {"reason", row.reason}};
  for (int f = 0; f < kNumFamilies; ++f) {
    if (row.comparisons[f])
      j[std::string(kFamilyNames[f])] = ComparisonJson(Family(f), *row.comparisons[f]);
  }
  return j;
}

ordered_json SummaryJson(const FamilySummary& s) {
  ordered_json groups = ordered_json::array(), sources = ordered_json::array(),
               worst = ordered_json::array();
  for (const auto& [group, count] : s.skip_groups) {
    groups.push_back({{"reason", group}, {"count", count}});
  }
  for (const SourceSummary& src : s.sources) {
    sources.push_back({{"source", src.source},
                       {"rows", src.rows},
                       {"median_abs_error_pct", Percent(src.median_abs_error)},
                       {"p90_abs_error_pct", Percent(src.p90_abs_error)}});
  }
  for (const WorstRow& w : s.worst) {
    worst.push_back({{"case", w.case_id}, {"source", w.source}, {"error_pct", Percent(w.error)}});
  }
  return ordered_json{{"scored", s.scored},
                      {"fit_checks", s.fit_checks},
                      {"verdict_not_scored", s.unchecked},
                      {"skipped", s.skipped},
                      {"skipped_by_reason", groups},
                      {"median_abs_error_pct", Percent(s.median_abs_error)},
                      {"p90_abs_error_pct", Percent(s.p90_abs_error)},
                      {"balanced_median_abs_error_pct", Percent(s.balanced_median_abs_error)},
                      {"balanced_p90_abs_error_pct", Percent(s.balanced_p90_abs_error)},
                      {"sources", sources},
                      {"worst", worst},
                      {"false_fits", s.false_fits},
                      {"tight_ooms", s.tight_ooms},
                      {"upper_ratio_p90", s.upper_ratio_p90},
                      {"false_rejections", s.false_rejections}};
}

}  // namespace

std::string FormatValidationTable(const ValidationReport& report) {
  std::string out = Printf("%-12s %-21s %-10s %10s %10s %8s  %s\n", "case", "source", "basis",
                           "predicted", "measured", "error", "fit");
  for (const RowResult& row : report.rows) {
    for (int f = 0; f < kNumFamilies; ++f) {
      if (row.comparisons[f]) out += ComparisonLine(row, Family(f), *row.comparisons[f]);
    }
  }
  for (int f = 0; f < kNumFamilies; ++f) {
    const FamilySummary& s = report.summaries[f];
    if (s.scored + s.fit_checks + s.skipped > 0) out += SummaryText(Family(f), s);
  }
  return out;
}

std::string FormatValidationJson(const ValidationReport& report) {
  ordered_json rows = ordered_json::array(), skipped = ordered_json::array();
  for (const RowResult& row : report.rows) rows.push_back(RowJson(row));
  for (const SkippedRow& s : report.skipped) {
    skipped.push_back(
        {{"case", s.case_id}, {"source", s.source}, {"line", s.line}, {"reason", s.reason}});
  }
  ordered_json j{{"file", report.file}, {"rows", rows}, {"skipped", skipped}};
  for (int f = 0; f < kNumFamilies; ++f)
    j[std::string(kFamilyNames[f])] = SummaryJson(report.summaries[f]);
  // A case file's cells may hold bytes that are not UTF-8; they print as U+FFFD rather than make
  // nlohmann::json throw.
  return JsonText(j, 2) + "\n";
}

}  // namespace fitplan
