// Runs the built fitplan binary from the repository root, as a user would, and captures its
// exit code, stdout and stderr (for the CLI tests).
#ifndef FITPLAN_TESTS_CLI_CLI_RUNNER_H_
#define FITPLAN_TESTS_CLI_CLI_RUNNER_H_

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

namespace fitplan::testing {

struct CliRun {
  int code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// A path in the test temp dir unique to this process: ctest runs tests in parallel processes.
inline std::string TempPath(const std::string& stem, const std::string& extension) {
  return ::testing::TempDir() + "fitplan_" + stem + "_" + std::to_string(getpid()) + extension;
}

// `fitplan ARGS` (ARGS are passed to the shell unquoted).
inline CliRun RunFitplan(const std::string& args) {
  const std::string err_file = TempPath("stderr", ".txt");
  const std::string command = std::string("cd ") + FITPLAN_SOURCE_DIR + " && " + FITPLAN_BINARY +
                              " " + args + " 2>" + err_file;
  CliRun r;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return r;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
  const int status = pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err_file);
  r.err.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  std::remove(err_file.c_str());
  return r;
}

}  // namespace fitplan::testing

#endif  // FITPLAN_TESTS_CLI_CLI_RUNNER_H_
