// `fitplan serve` end to end: the README's serving command, JSON, the search, bad input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/cli_runner.h"

namespace fitplan {
namespace {

using testing::CliRun;
using testing::RunFitplan;

const char kServe[] = "serve --model llama-3.1-70b --cluster configs/clusters/8x-a100-80g.yaml";

TEST(ServeCliTest, IssueCommandPrintsMemoryCapacityAndSpeed) {
  const CliRun r = RunFitplan(std::string(kServe) + " --context 8192");
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* part : {"GPU memory per GPU", "weights", "KV cache", "max concurrent seqs",
                           "decode", "tokens/s per user", "tp8 pp1"}) {
    EXPECT_NE(r.out.find(part), std::string::npos) << part << "\n" << r.out;
  }
}

TEST(ServeCliTest, JsonCarriesTheAnswers) {
  const CliRun r = RunFitplan(std::string(kServe) + " --context 8192 --tp 4 --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto& replica = j["replica"];
  EXPECT_EQ(replica["tp"], 4);
  EXPECT_TRUE(replica["fits"].get<bool>());
  // 2 · 80 layers · 2 KV heads (8 over tp4) · 128 · 2 B = 81,920 B per token per GPU.
  EXPECT_EQ(replica["kv_bytes_per_token_per_gpu"].get<double>(), 81920);
  EXPECT_GT(replica["max_sequences"].get<double>(), 10);
  EXPECT_GT(replica["speed"]["decode_tokens_per_s_per_user"].get<double>(), 1);
  EXPECT_LE(replica["memory"]["total_bytes"].get<double>(),
            replica["memory"]["budget_bytes"].get<double>());
  EXPECT_TRUE(j.contains("at_max_sequences"));
}

TEST(ServeCliTest, SearchRanksDeploymentsByCost) {
  const CliRun r = RunFitplan(std::string(kServe) +
                              " --users 64 --context 4096 --tokens-per-second-per-user 15 --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_GT(j["deployments"].size(), 1u);
  double last = 0;
  for (const auto& d : j["deployments"]) {
    EXPECT_GE(d["usd_per_hour"].get<double>(), last);
    last = d["usd_per_hour"].get<double>();
    EXPECT_GE(d["replica"]["speed"]["decode_tokens_per_s_per_user"].get<double>(), 15);
  }
}

TEST(ServeCliTest, BadInputIsOneMessageAndExitTwo) {
  struct Case {
    std::string args, message;
  };
  const Case cases[] = {
      {" --weights int3", "--weights: unknown format 'int3'; expected bf16, fp8, int8 or int4\n"},
      {" --kv int8", "--kv: unknown format 'int8'; expected bf16 or fp8\n"},
      {" --context 0", "--context: expected a whole number from 1 to 1e+08, got 0\n"},
      {" --batch 2.5", "--batch: expected a whole number from 1 to 1e+06, got 2.5\n"},
      {" --gpu-memory-utilization 1.5",
       "--gpu-memory-utilization: expected a number from 0.05 to 1, got 1.5\n"},
      {" --tp 3", "--tp/--pp: tp 3 does not divide the 64 attention heads (llama-3.1-70b on "
                  "8x-a100-80g)\n"},
      {" --tp 2 --pp 81", "--tp/--pp: pp 81 is more stages than the 80 layers (llama-3.1-70b on "
                          "8x-a100-80g)\n"},
      {" --tp 8 --pp 2", "--tp/--pp: tp × pp = 16 GPUs, more than the 8 of 8x-a100-80g "
                         "(llama-3.1-70b on 8x-a100-80g)\n"},
  };
  for (const Case& c : cases) {
    const CliRun r = RunFitplan(std::string(kServe) + c.args);
    EXPECT_EQ(r.code, 2) << c.args;
    EXPECT_EQ(r.err, c.message) << c.args;
    EXPECT_EQ(r.out, "") << c.args;
  }
  const CliRun missing = RunFitplan("serve --model llama-3.1-70b");
  EXPECT_EQ(missing.code, 2);
  EXPECT_EQ(missing.err, "--cluster: missing; give a cluster YAML or a built-in name\n");
}

}  // namespace
}  // namespace fitplan
