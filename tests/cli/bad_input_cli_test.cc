// Issue 7 end to end: every kind of input the CLI reads, broken, ends the run with exit code 2 and
// one line on stderr naming the file (or flag), the position where known, the field, the value and
// what was expected; a legal model that fits nowhere is not bad input.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "tests/cli/cli_runner.h"

namespace fitplan {
namespace {

using testing::CliRun;
using testing::RunFitplan;
using testing::TempPath;

struct BadInput {
  const char* name;
  const char* file_extension;  // the broken input is written to a temp file with it; "" = none
  const char* file_text;
  const char* args;  // "FILE" stands for the temp file's path
  const char* error;  // stderr after "FILE" (the path), or all of it without a file
};


const BadInput kBadInputs[] = {
    {"ClusterWrongUnit", ".yaml",
     "gpu: a100-sxm-80gb\ngpus_per_node: 8\ncpu_ram_gb: 1024\n"
     "intra_node: { kind: nvswitch, bandwidth_gbps: 200000 }\n",
     "plan --cluster FILE --model llama-3.1-8b",
     ":4:31: intra_node.bandwidth_gbps: 200000 is above any link (max 10000 GB/s); is it in Mb/s "
     "or MB/s?\n"},
    {"ModelInconsistent", ".yaml", "layers: 32\nhidden: 4096\nheads: 32\nkv_heads: 5\nffn: 14336\n"
     "vocab: 128256\n",
     "plan --cluster 8x-a100-80g --model FILE", ":4:1: kv_heads: 5 does not divide heads 32\n"},
    {"JobUnknownKey", ".yaml", "seq_len: 4096\nglobal_bach: 64\n",
     "plan --cluster 8x-a100-80g --model llama-3.1-8b --job FILE",
     ":2:1: global_bach: unknown key; did you mean 'global_batch'?\n"},
    {"HfConfigOutOfRange", ".json",
     "{\"model_type\": \"llama\", \"num_hidden_layers\": 800000}",
     "plan --cluster 8x-a100-80g --model FILE",
     ":1:25: num_hidden_layers: 800000 is out of range; expected an integer from 1 to 100000\n"},
    // GPT-2 has 12 layers; 16 pipeline stages on 16 GPUs cannot hold one each.
    {"PlanMoreStagesThanLayers", "", "",
     "estimate --cluster 32x-h100-ib --model gpt2 --plan pp=16,dp=2",
     "--plan: pp: 16 pipeline stages is more than the model's 12 layers; expected pp ≤ 12\n"},
    {"FixUnknownValue", "", "", "plan --cluster 8x-a100-80g --model llama-3.1-8b --fix tp=two",
     "--fix: tp: 'two' is not an integer\n"},
    {"SetOutOfRange", "", "", "plan --cluster 8x-a100-80g --model llama-3.1-8b --set seq_len=0",
     "--set: seq_len: 0 is out of range; expected an integer from 1 to 16777216\n"},
};

class BadInputCliTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputCliTest, ExitTwoWithOneExactLine) {
  const BadInput& b = GetParam();
  std::string args = b.args, expected = b.error;
  if (*b.file_extension) {
    const std::string path = TempPath(b.name, b.file_extension);
    std::ofstream(path) << b.file_text;
    args.replace(args.find("FILE"), 4, path);
    expected = path + expected;
  }
  const CliRun r = RunFitplan(args);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, expected);
  EXPECT_EQ(r.out, "");
}

INSTANTIATE_TEST_SUITE_P(Inputs, BadInputCliTest, ::testing::ValuesIn(kBadInputs),
                         [](const ::testing::TestParamInfo<BadInput>& info) {
                           return std::string(info.param.name);
                         });

// 100 layers × (4h² + 3hf) with h = 10^5, f = 2·10^5 ≈ 10^13 parameters: a model, just not one
// that any plan fits on one H100. Exit 0, and the output says so with the closest plans' reasons.
TEST(HugeModelCliTest, FitsNowhereButIsNotAnError) {
  const std::string path = TempPath("huge-model", ".yaml");
  std::ofstream(path) << "layers: 100\nhidden: 100000\nheads: 1000\nffn: 200000\nvocab: 1000\n";
  const CliRun r = RunFitplan("plan --cluster 1x-h100-80g --model " + path + " --top 1");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("No plan fits. Closest:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("GPU memory: needs "), std::string::npos) << r.out;
}

}  // namespace
}  // namespace fitplan
