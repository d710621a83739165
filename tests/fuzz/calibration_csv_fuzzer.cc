// A calibration case file as `fitplan validate CASES.csv` reads it: the CSV reader, the column
// check, each row's mapping to a case, its estimate and both reports.
#include "planner/csv_reader.h"
#include "planner/validate.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fitplan;
  const StatusOr<CsvTable> table = CsvTable::Parse(fuzz::AsText(data, size), "cases.csv");
  if (!table.ok()) return 0;
  const StatusOr<ValidationReport> report = RunValidation(*table);
  if (!report.ok()) return 0;
  FormatValidationTable(*report);
  FormatValidationJson(*report);
  return 0;
}
