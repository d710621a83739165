// End-to-end tests of the built binary, as a user runs it from the repository root.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/cli_runner.h"
#include "tests/test_support.h"

namespace fitplan {
namespace {

using testing::CliRun;

CliRun Fitplan(const std::string& args) { return testing::RunFitplan(args); }

const char kDefault[] = "--cluster configs/clusters/8x-a100-80g.yaml --model llama-3.1-70b";

TEST(CliTest, DefaultJobPrintsTenRankedPlans) {
  const CliRun r = Fitplan(std::string("plan ") + kDefault + " --job configs/jobs/default.yaml --stats");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("  1  "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" 10  "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("plans/s"), std::string::npos);
}

TEST(CliTest, PlanJsonKeepsTheContract) {
  const CliRun r = Fitplan(std::string("plan ") + kDefault + " --format json --top 3");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["plans"].size(), 3u);
  for (const char* key : {"space", "evaluated", "pruned", "feasible", "seconds",
                          "plans_per_second", "threads"}) {
    EXPECT_TRUE(j["stats"].contains(key)) << key;
  }
  const auto& top = j["plans"][0];
  EXPECT_TRUE(top["fits"].get<bool>());
  EXPECT_LE(top["memory"]["gpu_peak_bytes"].get<double>(),
            top["memory"]["gpu_capacity_bytes"].get<double>());
}

TEST(CliTest, EstimateBreakdownSumsToAllocated) {
  const CliRun r = Fitplan(std::string("estimate ") + kDefault +
                        " --plan method=lora,sharding=zero3,checkpointing=full --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  int64_t sum = 0;
  for (const auto& [k, v] : j["memory"]["breakdown"].items()) sum += v.get<int64_t>();
  EXPECT_EQ(sum, j["memory"]["gpu_allocated_bytes"].get<int64_t>());
  EXPECT_EQ(j["verdict"], "fits");
}

TEST(CliTest, FullFineTuneOf70bDoesNotFitAndSaysWhy) {
  const CliRun r = Fitplan(std::string("estimate ") + kDefault +
                        " --plan method=full,precision=bf16-mixed,optimizer=adamw,sharding=zero3,"
                        "checkpointing=full --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_FALSE(j["fits"].get<bool>());
  EXPECT_EQ(j["reason"].get<std::string>().rfind("GPU memory: needs ", 0), 0u) << j["reason"];
}

// --set attention=eager: the header says so, and the same plan without recompute keeps every
// layer's scores (Llama-3.1-8B at 4096: 32 heads × 4096² × 6 B × 32 layers ≈ 103 GB more).
TEST(CliTest, EagerAttentionIsAJobFieldThatCostsMemory) {
  const std::string base =
      "--cluster configs/clusters/8x-a100-80g.yaml --model llama-3.1-8b --set seq_len=4096 ";
  const std::string plan = " --plan method=lora,sharding=zero3,checkpointing=none --format json";
  const CliRun flash = Fitplan("estimate " + base + plan);
  const CliRun eager = Fitplan("estimate " + base + "--set attention=eager" + plan);
  ASSERT_EQ(flash.code, 0) << flash.err;
  ASSERT_EQ(eager.code, 0) << eager.err;
  const double f = nlohmann::json::parse(flash.out)["memory"]["gpu_allocated_bytes"];
  const double e = nlohmann::json::parse(eager.out)["memory"]["gpu_allocated_bytes"];
  EXPECT_GT(e - f, 1e11);
  const CliRun table = Fitplan("plan " + base + "--set attention=eager --top 1");
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_NE(table.out.find(", eager attention\n"), std::string::npos) << table.out;
}

TEST(CliTest, SameJsonForOneAndTwoThreads) {
  auto plans = [](const std::string& threads) {
    const CliRun r = Fitplan(std::string("plan ") + kDefault + " --format json --top 20 --threads " +
                          threads);
    EXPECT_EQ(r.code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    j.erase("stats");  // wall time and thread count differ by design
    return j.dump();
  };
  EXPECT_EQ(plans("1"), plans("2"));
}

TEST(CliTest, MalformedClusterIsExitTwoNamingTheFile) {
  const std::string path = testing::TempPath("broken-cluster", ".yaml");
  std::ofstream(path) << "name: broken\ngpu: [unclosed\n";
  const CliRun r = Fitplan("plan --cluster " + path + " --model llama-3.1-70b");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err.rfind(path + ":", 0), 0u) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(CliTest, BadInputIsOneLineAndExitTwo) {
  const CliRun unknown_model = Fitplan("plan --cluster configs/clusters/8x-a100-80g.yaml --model llama-3-70b");
  EXPECT_EQ(unknown_model.code, 2);
  EXPECT_NE(unknown_model.err.find("did you mean 'llama-3.1-70b'"), std::string::npos)
      << unknown_model.err;
  const CliRun bad_plan = Fitplan(std::string("estimate ") + kDefault + " --plan method=qlora,tp=2");
  EXPECT_EQ(bad_plan.code, 2);
  EXPECT_EQ(bad_plan.err.rfind("--plan: peft:", 0), 0u) << bad_plan.err;
  const CliRun bad_option = Fitplan(std::string("plan ") + kDefault + " --top 0");
  EXPECT_EQ(bad_option.code, 2);
  EXPECT_EQ(bad_option.err, "--top: expected an integer from 1 to 10000\n");
}

// FP8 LoRA is Megatron's recipe: pinning it with another engine leaves no plan, and says which
// rules can do that; Megatron finds one.
TEST(CliTest, Fp8LoraRunsOnMegatronOnly) {
  const std::string base = "plan --cluster configs/clusters/1x-h100-80g.yaml --model llama-3.1-8b "
                           "--fix method=lora --fix precision=fp8-mixed --top 1";
  const CliRun refused = Fitplan(base + " --fix engine=torchrun");
  ASSERT_EQ(refused.code, 0) << refused.err;
  EXPECT_NE(refused.out.find("No legal plan"), std::string::npos) << refused.out;
  EXPECT_NE(refused.out.find("FP8 LoRA runs on Megatron"), std::string::npos) << refused.out;
  const CliRun megatron = Fitplan(base + " --format json");
  ASSERT_EQ(megatron.code, 0) << megatron.err;
  EXPECT_EQ(nlohmann::json::parse(megatron.out)["plans"][0]["engine"], "megatron");
}

TEST(CliTest, CrossNodeTensorParallelismNeedsPermission) {
  const std::string base = "plan --cluster configs/clusters/32x-h100-ib.yaml --model gpt3-175b "
                           "--job configs/jobs/pretrain-4k.yaml --fix tp=16 --top 1";
  const CliRun refused = Fitplan(base);
  ASSERT_EQ(refused.code, 0) << refused.err;
  EXPECT_NE(refused.out.find("No legal plan"), std::string::npos) << refused.out;
  const CliRun allowed = Fitplan(base + " --allow-cross-node-tp --format json");
  ASSERT_EQ(allowed.code, 0) << allowed.err;
  EXPECT_EQ(nlohmann::json::parse(allowed.out)["plans"][0]["plan"]["tp"], 16);
}

TEST(CliTest, ExportWritesTheEngineConfig) {
  const std::string dir = testing::TempPath("export", "");
  const CliRun r = Fitplan(std::string("export ") + kDefault +
                           " --plan method=lora,sharding=zero3,checkpointing=full --to deepspeed"
                           " --out " + dir);
  ASSERT_EQ(r.code, 0) << r.err;
  std::ifstream in(dir + "/ds_config.json");
  ASSERT_TRUE(in.good()) << r.out;
  const auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["zero_optimization"]["stage"], 3);
  EXPECT_EQ(j["train_batch_size"], 64);
  const CliRun wrong = Fitplan(std::string("export ") + kDefault +
                               " --plan method=lora,sharding=zero3 --to fsdp");
  EXPECT_EQ(wrong.code, 2);
  EXPECT_EQ(wrong.err,
            "--to fsdp: the plan runs on deepspeed (sharding=zero3); export it --to deepspeed\n");
}

// FSDP with TP/PP/CP is torchtitan's: `--to torchtitan` writes its job config; Megatron's
// arguments are refused with the engine to use.
TEST(CliTest, ExportWritesTorchtitansJobConfig) {
  const std::string dir = testing::TempPath("export-torchtitan", "");
  const std::string workload = " --cluster configs/clusters/32x-h100-ib.yaml --model llama-3.1-70b"
                               " --job configs/jobs/pretrain-4k.yaml";
  const std::string plan =
      " --plan method=full,precision=bf16-mixed,sharding=fsdp-full,checkpointing=full,tp=4,"
      "sp=true,pp=2,dp=4,micro_batch=1";
  const CliRun r = Fitplan("export" + workload + plan + " --to torchtitan --out " + dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string toml = testing::ReadFileText(dir + "/torchtitan.toml");
  // 1024 sequences over dp 4: 256 pipeline micro-batches of 1 per rank and step.
  for (const char* line : {"flavor = \"70B\"", "local_batch_size = 256", "global_batch_size = 1024",
                           "data_parallel_shard_degree = 4", "tensor_parallel_degree = 4",
                           "pipeline_parallel_degree = 2", "pipeline_parallel_schedule = \"1F1B\"",
                           "mode = \"full\""}) {
    EXPECT_NE(toml.find(line), std::string::npos) << line << "\n" << toml;
  }
  const CliRun wrong = Fitplan("export" + workload + plan + " --to megatron");
  EXPECT_EQ(wrong.code, 2);
  EXPECT_EQ(wrong.err,
            "--to megatron: the plan runs on torchtitan (sharding=fsdp-full,tp=4,pp=2); export "
            "it --to torchtitan\n");
}

// The canonical job with LoRA on FSDP2 × TP is NeMo AutoModel's: without --plan, `--to
// automodel` writes the recipe of the best plan it runs; the plan --fix engine=automodel ranks
// first, and the JSON names its engine.
TEST(CliTest, ExportWritesAutomodelsRecipeForTheDefaultJob) {
  const std::string dir = testing::TempPath("export-automodel", "");
  const CliRun r = Fitplan(std::string("export ") + kDefault + " --to automodel --out " + dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string yaml = testing::ReadFileText(dir + "/automodel.yaml");
  for (const char* line : {"pretrained_model_name_or_path: \"meta-llama/Llama-3.1-70B\"",
                           "FSDP2Manager", "cp_size: 1", "MaskedCrossEntropy", "PeftConfig"}) {
    EXPECT_NE(yaml.find(line), std::string::npos) << line << "\n" << yaml;
  }
  const CliRun best = Fitplan(std::string("plan ") + kDefault +
                              " --fix engine=automodel --top 1 --format json");
  ASSERT_EQ(best.code, 0) << best.err;
  const auto j = nlohmann::json::parse(best.out);
  const auto& top = j["plans"][0];
  EXPECT_EQ(top["engine"], "automodel");
  EXPECT_EQ(top["plan"]["method"], "lora");
  EXPECT_EQ(top["plan"]["sharding"], "fsdp-full");
  EXPECT_GT(top["plan"]["tp"].get<int>(), 1);
  EXPECT_NE(yaml.find("tp_size: " + std::to_string(top["plan"]["tp"].get<int>())),
            std::string::npos)
      << yaml;
}

// Without --plan, export writes the plan `fitplan plan --fix engine=<target>` ranks first.
TEST(CliTest, ExportWithoutPlanTakesTheBestPlanTheEngineRuns) {
  for (const std::string engine : {"deepspeed", "fsdp", "megatron"}) {
    const CliRun best = Fitplan(std::string("plan ") + kDefault + " --fix engine=" + engine +
                                " --top 1 --format json");
    ASSERT_EQ(best.code, 0) << best.err;
    const nlohmann::json plan = nlohmann::json::parse(best.out)["plans"][0]["plan"];
    const CliRun r = Fitplan(std::string("export ") + kDefault + " --to " + engine);
    ASSERT_EQ(r.code, 0) << r.err;
    // "# method=lora,lora_rank=8,…,seq_len=4096 (generated by fitplan)": every field as in JSON.
    const std::string first = r.out.substr(2, r.out.find(" (generated") - 2);
    for (const auto& [key, value] : plan.items()) {
      if (key == "order") continue;  // not a plan-string field
      if (key.rfind("lora_", 0) == 0 && plan["method"] == "full") continue;  // no adapters
      const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
      EXPECT_NE(("," + first + ",").find("," + key + "=" + text + ","), std::string::npos)
          << engine << ": " << key << "=" << text << " in " << first;
    }
    EXPECT_NE(r.out.find("# no --plan: the best plan " + engine + " runs\n"), std::string::npos);
  }
}

TEST(CliTest, ListsCatalogs) {
  const CliRun gpus = Fitplan("list gpus");
  ASSERT_EQ(gpus.code, 0);
  for (const char* name : {"a100-sxm-80gb", "h100-sxm-80gb", "mi300x-192gb", "rtx-4090-24gb"}) {
    EXPECT_NE(gpus.out.find(name), std::string::npos) << name;
  }
  const CliRun models = Fitplan("list models");
  EXPECT_NE(models.out.find("llama-3.1-405b"), std::string::npos);
  const CliRun clusters = Fitplan("list clusters");
  EXPECT_NE(clusters.out.find("32x-h100-ib"), std::string::npos);
}

TEST(CliTest, EveryShippedClusterPlansTheDefaultModelFamily) {
  for (const char* cluster : {"8x-a100-80g", "4x-a100-80g", "8x-a100-40g", "2x-rtx-4090",
                              "1x-h100-80g", "32x-h100-ib"}) {
    const CliRun r = Fitplan(std::string("plan --cluster configs/clusters/") + cluster +
                          ".yaml --model llama-3.1-8b --top 1 --format json");
    ASSERT_EQ(r.code, 0) << cluster << ": " << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["plans"].size(), 1u) << cluster;
  }
}

}  // namespace
}  // namespace fitplan
