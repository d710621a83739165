// The fitplan command line (shared/docs/interface.md "Commands"): a table of subcommands, each
// parsing its own options. Returns the process exit code: 0 success (also when nothing fits),
// 2 bad input or usage (one message on stderr), 1 internal error.
#ifndef FITPLAN_PLANNER_CLI_H_
#define FITPLAN_PLANNER_CLI_H_

#include <iosfwd>

namespace fitplan {

int RunCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_CLI_H_
