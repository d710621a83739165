// `fitplan validate CASES.csv [--format table|json] [--source KEY]`: the options and exit codes
// around RunValidation (shared/docs/interface.md "Commands").
#include <boost/program_options.hpp>
#include <iostream>
#include <string>

#include "planner/cli_common.h"
#include "planner/csv_reader.h"
#include "planner/report.h"
#include "planner/validate.h"

namespace fitplan {

namespace po = boost::program_options;

int ValidateCommand(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  std::string cases, format = "table";
  ValidateOptions options;
  po::options_description d(
      "fitplan validate CASES.csv: compare predictions with measured cases (shared/calibration)");
  d.add_options()("cases", po::value(&cases),
                  "normalized case file (shared/calibration/README.md)")(
      "format", po::value(&format), "table|json (default table)")(
      "source", po::value(&options.source), "only the rows with this source_key")(
      "case", po::value(&options.case_id),
      "only the row with this case_id; the table adds its full estimate breakdown")("help,h",
                                                                                   "this help");
  po::positional_options_description positional;
  positional.add("cases", 1);
  po::variables_map vm;
  if (const std::optional<int> done = ParseOrFinish(argc, argv, d, &positional, &vm, out, err)) {
    return *done;
  }
  if (format != "table" && format != "json") {
    err << "--format: unknown format '" << format << "'; expected table or json\n";
    return 2;
  }
  if (cases.empty()) {
    err << "validate: missing CASES.csv; give a case file in the normalized format\n";
    return 2;
  }
  const StatusOr<CsvTable> table = CsvTable::Read(cases);
  if (!table.ok()) {
    err << table.status().message() << "\n";
    return 2;
  }
  const StatusOr<ValidationReport> report = RunValidation(*table, options);
  if (!report.ok()) {
    err << report.status().message() << "\n";
    return 2;
  }
  out << (format == "json" ? FormatValidationJson(*report) : FormatValidationTable(*report));
  if (format == "table" && !options.case_id.empty() && !report->rows.empty()) {
    // The row was scored, so its case builds: show what the prediction is made of.
    for (const CsvRow& row : table->rows()) {
      if (table->Cell(row, "case_id") != options.case_id) continue;
      const StatusOr<ValidationCase> c = BuildCase(*table, row);
      if (!c.ok()) continue;
      out << "\n" << c->plan.ToString() << "\n"
          << FormatEstimate(c->workload, EvaluateCase(*c), Format::kTable);
      break;
    }
  }
  return 0;
}

}  // namespace fitplan
