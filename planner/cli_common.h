// What every fitplan subcommand that plans shares: the workload options (--cluster, --model,
// --job, --set, --allow-cross-node-tp), loading them into a Workload, the search flags of `plan`
// and `rent`, checking a --plan string, and parsing a command line into one Status message (exit
// code 2 on error).
#ifndef FITPLAN_PLANNER_CLI_COMMON_H_
#define FITPLAN_PLANNER_CLI_COMMON_H_

#include <boost/program_options.hpp>

#include <fstream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "planner/core/job.h"
#include "planner/core/model_spec.h"
#include "planner/core/plan.h"
#include "planner/core/status.h"
#include "planner/search.h"
#include "strategies/workload.h"

namespace fitplan {

struct WorkloadArgs {
  std::string cluster, model, job;
  std::vector<std::string> sets;  // --set key=value job overrides
  bool allow_cross_node_tp = false;
};

// Adds --cluster, --model, --job, --set and --allow-cross-node-tp to `d`.
void AddWorkloadOptions(boost::program_options::options_description* d, WorkloadArgs* a);

// The same without --cluster, for `rent`, which chooses the clusters itself.
void AddModelJobOptions(boost::program_options::options_description* d, WorkloadArgs* a);

// Loads the model and the job (--set and --allow-cross-node-tp applied); a.cluster is not read.
Status LoadModelAndJob(const WorkloadArgs& a, ModelSpec* model, Job* job);

// Loads the cluster, model and job the options name; the first bad input is the error.
StatusOr<Workload> LoadWorkload(const WorkloadArgs& a);

// Adds the search flags `plan` and `rent` share: --fix (into *fixes), --top, --threads,
// --max-hours, --time-limit and --max-plans (into *options).
void AddSearchOptions(boost::program_options::options_description* d, SearchOptions* options,
                      std::vector<std::string>* fixes);

// Checks the values AddSearchOptions read and applies the --fix pins to options->fix.
Status CheckSearchOptions(const std::vector<std::string>& fixes, SearchOptions* options);

// Parses `text` (--plan) for `w` and checks that every strategy accepts it; the error names the
// strategy that refuses.
StatusOr<Plan> LoadPlan(const Workload& w, std::string_view text);

// --report FILE of `plan` and `rent`: opens (creates, truncates) `path` into `file` before the
// search, so that a typo costs no search time. Errors: "--report: expected a file name",
// "--report: cannot write PATH: REASON".
Status OpenReport(const std::string& path, std::ofstream* file);

// Writes `html` into the file OpenReport opened and closes it; "--report: cannot write PATH" when
// the write fails (a full disk).
Status WriteReport(const std::string& path, const std::string& html, std::ofstream* file);

// Parses argv (argv[0] is the subcommand) into `vm`; program_options' message on bad usage.
Status ParseCommandLine(int argc, const char* const* argv,
                        const boost::program_options::options_description& d,
                        const boost::program_options::positional_options_description* positional,
                        boost::program_options::variables_map* vm);

// ParseCommandLine for a subcommand that prints its own errors: returns the exit code when the
// command is done already (2 after the message on `err`, 0 after --help on `out`), nullopt to go on.
std::optional<int> ParseOrFinish(int argc, const char* const* argv,
                                 const boost::program_options::options_description& d,
                                 const boost::program_options::positional_options_description* positional,
                                 boost::program_options::variables_map* vm, std::ostream& out,
                                 std::ostream& err);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_CLI_COMMON_H_
