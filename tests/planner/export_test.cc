#include "planner/export.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hardware/cluster_loader.h"
#include "planner/model_catalog.h"
#include "planner/plan_parser.h"
#include "strategies/strategy_table.h"
#include "tests/plan_support.h"
#include "tests/test_support.h"

namespace fitplan {
namespace {

using testing::MustParse;

// llama-3.1-70b on 8×A100-80GB with the default job (seq 4096, global batch 64).
Workload DefaultWorkload() {
  const StatusOr<Cluster> cluster =
      LoadCluster(FITPLAN_SOURCE_DIR "/configs/clusters/8x-a100-80g.yaml");
  EXPECT_TRUE(cluster.ok()) << cluster.status().message();
  const ModelSpec* model = FindModel("llama-3.1-70b");
  EXPECT_NE(model, nullptr);
  return MakeWorkload(*model, Job{}, *cluster);
}

// The one file of a single-file export, after checking the target accepts the plan.
ExportFile ExportOne(const Workload& w, const Plan& plan, ExportTarget target,
                     std::string_view name) {
  EXPECT_TRUE(PlanLegal(w, plan)) << plan.ToString();
  const Status ok = CheckExportTarget(plan, target);
  EXPECT_TRUE(ok.ok()) << ok.message();
  for (ExportFile& f : ExportPlan(w, plan, target)) {
    if (f.name == name) return f;
  }
  ADD_FAILURE() << "no " << name;
  return {};
}

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(ExportTest, ParsesTargets) {
  EXPECT_EQ(*ParseExportTarget("deepspeed"), ExportTarget::kDeepSpeed);
  EXPECT_EQ(*ParseExportTarget("fsdp"), ExportTarget::kFsdp);
  EXPECT_EQ(*ParseExportTarget("megatron"), ExportTarget::kMegatron);
  EXPECT_EQ(*ParseExportTarget("torchrun"), ExportTarget::kTorchrun);
  EXPECT_EQ(*ParseExportTarget("peft"), ExportTarget::kPeft);
  EXPECT_EQ(*ParseExportTarget("automodel"), ExportTarget::kAutomodel);
  EXPECT_EQ(ParseExportTarget("x").status().message(),
            "--to: unknown target 'x'; expected deepspeed, fsdp, megatron, torchtitan, automodel, "
            "torchrun or peft");
}

// Key names and types as https://www.deepspeed.ai/docs/config-json/ documents them.
TEST(ExportTest, DeepSpeedConfigHasTheDocumentedKeys) {
  const Workload w = DefaultWorkload();
  const Plan plan = MustParse(w, "method=lora,sharding=zero3,checkpointing=full");
  const ExportFile f = ExportOne(w, plan, ExportTarget::kDeepSpeed, "ds_config.json");
  const nlohmann::json j = nlohmann::json::parse(f.contents);
  ASSERT_TRUE(j.is_object());
  std::vector<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"activation_checkpointing", "bf16",
                                            "gradient_accumulation_steps", "gradient_clipping",
                                            "train_batch_size", "train_micro_batch_size_per_gpu",
                                            "zero_optimization"}));
  const nlohmann::json& z = j["zero_optimization"];
  std::vector<std::string> zero_keys;
  for (const auto& [key, value] : z.items()) zero_keys.push_back(key);
  EXPECT_EQ(zero_keys, (std::vector<std::string>{
                           "contiguous_gradients", "overlap_comm", "reduce_bucket_size", "stage",
                           "stage3_max_live_parameters", "stage3_max_reuse_distance",
                           "stage3_param_persistence_threshold", "stage3_prefetch_bucket_size",
                           "sub_group_size"}));
  ASSERT_TRUE(z["stage"].is_number_integer());
  EXPECT_EQ(z["stage"], 3);
  ASSERT_TRUE(z["reduce_bucket_size"].is_number());
  EXPECT_EQ(z["reduce_bucket_size"].get<int64_t>(), 8192LL * 8192);
  // DeepSpeed types the prefetch bucket as int: 0.9·h² rounded.
  ASSERT_TRUE(z["stage3_prefetch_bucket_size"].is_number_integer());
  EXPECT_EQ(z["stage3_prefetch_bucket_size"].get<int64_t>(), 60397978);
  EXPECT_EQ(z["stage3_param_persistence_threshold"].get<int64_t>(), 81920);
  EXPECT_EQ(z["sub_group_size"].get<int64_t>(), 1000000000);
  EXPECT_EQ(z["overlap_comm"], true);
  EXPECT_EQ(z["contiguous_gradients"], true);
  EXPECT_FALSE(z.contains("offload_optimizer"));
  ASSERT_TRUE(j["train_micro_batch_size_per_gpu"].is_number_integer());
  ASSERT_TRUE(j["gradient_accumulation_steps"].is_number_integer());
  ASSERT_TRUE(j["train_batch_size"].is_number_integer());
  EXPECT_EQ(j["train_batch_size"].get<int>(), j["train_micro_batch_size_per_gpu"].get<int>() *
                                                  j["gradient_accumulation_steps"].get<int>() *
                                                  plan.dp);
  EXPECT_EQ(j["train_batch_size"], 64);
  ASSERT_TRUE(j["bf16"]["enabled"].is_boolean());
  EXPECT_EQ(j["bf16"]["enabled"], true);
  EXPECT_EQ(j["gradient_clipping"], 1.0);
  EXPECT_EQ(j["activation_checkpointing"]["partition_activations"], false);
  bool names_gradient_checkpointing = false;
  for (const std::string& n : f.notes) {
    names_gradient_checkpointing |= Contains(n, "gradient_checkpointing=True");
  }
  EXPECT_TRUE(names_gradient_checkpointing);
}

// fitplan counts less than HF's default loss can hold (8 B per logit, against up to 12 in its
// backward): every HF-Trainer recipe names the fused loss that stays under it.
TEST(ExportTest, RecipesNameTheFusedLoss) {
  const Workload w = DefaultWorkload();
  auto loss_note = [&](const char* plan) {
    const ExportFile f =
        ExportOne(w, MustParse(w, plan), ExportTarget::kDeepSpeed, "ds_config.json");
    for (const std::string& n : f.notes) {
      if (Contains(n, "use_liger_kernel=True")) return n;
    }
    return std::string();
  };
  EXPECT_TRUE(Contains(loss_note("method=lora,sharding=zero3,precision=bf16"), "counts 8 B"));
  EXPECT_TRUE(Contains(loss_note("method=lora,sharding=zero3,precision=bf16-mixed"), "counts 8 B"));
}

TEST(ExportTest, DeepSpeedOffloadAndZero2) {
  const Workload w = DefaultWorkload();
  const nlohmann::json z3 = nlohmann::json::parse(
      ExportOne(w, MustParse(w, "method=lora,sharding=zero3,offload=optimizer-param-nvme"),
                ExportTarget::kDeepSpeed, "ds_config.json")
          .contents)["zero_optimization"];
  EXPECT_EQ(
      z3["offload_optimizer"],
      (nlohmann::json{{"device", "nvme"}, {"pin_memory", true}, {"nvme_path", "/local_nvme"}}));
  EXPECT_EQ(z3["offload_param"], z3["offload_optimizer"]);

  const nlohmann::json j = nlohmann::json::parse(
      ExportOne(w, MustParse(w, "method=qlora,sharding=zero2,precision=fp16-mixed"),
                ExportTarget::kDeepSpeed, "ds_config.json")
          .contents);
  EXPECT_EQ(j["zero_optimization"]["stage"], 2);
  EXPECT_EQ(j["zero_optimization"]["allgather_bucket_size"].get<int64_t>(), 200000000);
  EXPECT_EQ(j["zero_optimization"]["overlap_comm"], true);
  EXPECT_FALSE(j["zero_optimization"].contains("stage3_prefetch_bucket_size"));
  EXPECT_EQ(j["fp16"], (nlohmann::json{{"enabled", true}, {"loss_scale", 0}}));
  EXPECT_FALSE(j.contains("bf16"));
  EXPECT_FALSE(j.contains("activation_checkpointing"));
}

// Keys of https://huggingface.co/docs/accelerate/usage_guides/fsdp (accelerate config file).
TEST(ExportTest, FsdpWritesAccelerateConfigAndLaunch) {
  const Workload w = DefaultWorkload();
  const Plan plan =
      MustParse(w, "method=lora,sharding=fsdp-full,checkpointing=full,offload=optimizer-param-cpu");
  const ExportFile y = ExportOne(w, plan, ExportTarget::kFsdp, "accelerate_fsdp.yaml");
  EXPECT_TRUE(y.contents.starts_with("# " + plan.ToString() + " (generated by fitplan)\n"));
  for (std::string_view line :
       {"\ndistributed_type: FSDP\n", "\nnum_processes: 8\n", "\nnum_machines: 1\n",
        "\nmixed_precision: bf16\n", "\nfsdp_config:\n", "\n  fsdp_sharding_strategy: FULL_SHARD\n",
        "\n  fsdp_auto_wrap_policy: TRANSFORMER_BASED_WRAP\n",
        "\n  fsdp_backward_prefetch: BACKWARD_PRE\n", "\n  fsdp_offload_params: true\n",
        "\n  fsdp_cpu_ram_efficient_loading: true\n", "\n  fsdp_sync_module_states: true\n",
        "\n  fsdp_use_orig_params: true\n", "\n  fsdp_activation_checkpointing: true\n",
        "\n  fsdp_state_dict_type: SHARDED_STATE_DICT\n"}) {
    EXPECT_TRUE(Contains(y.contents, line)) << line << "\n" << y.contents;
  }
  const ExportFile sh = ExportOne(w, plan, ExportTarget::kFsdp, "launch.sh");
  EXPECT_TRUE(Contains(sh.contents, "accelerate launch --config_file accelerate_fsdp.yaml"));
  EXPECT_TRUE(Contains(sh.contents,
                       "--nnodes 1 --nproc_per_node 8 --node_rank \"${NODE_RANK:-0}\" "
                       "--rdzv_endpoint \"${MASTER_ADDR:-localhost}:29500\""));

  const ExportFile grad_op = ExportOne(w, MustParse(w, "method=lora,sharding=fsdp-grad-op"),
                                       ExportTarget::kFsdp, "accelerate_fsdp.yaml");
  EXPECT_TRUE(Contains(grad_op.contents, "\n  fsdp_sharding_strategy: SHARD_GRAD_OP\n"));
  EXPECT_TRUE(Contains(grad_op.contents, "\n  fsdp_offload_params: false\n"));
  EXPECT_TRUE(Contains(grad_op.contents, "\n  fsdp_activation_checkpointing: false\n"));

  // Selective is the op policy set up in train.py: accelerate's switch would checkpoint whole
  // layers, which is not the plan fitplan timed.
  const ExportFile selective =
      ExportOne(w, MustParse(w, "method=lora,sharding=fsdp-full,checkpointing=selective"),
                ExportTarget::kFsdp, "accelerate_fsdp.yaml");
  EXPECT_TRUE(Contains(selective.contents, "\n  fsdp_activation_checkpointing: false\n"));
  EXPECT_TRUE(Contains(selective.contents, "create_selective_checkpoint_contexts"));
}

// Flags of Megatron-LM megatron/training/arguments.py.
TEST(ExportTest, MegatronArgumentsCarryThePlanAndModel) {
  const Workload w = DefaultWorkload();
  const Plan plan =
      MustParse(w, "method=full,tp=4,pp=2,vpp=2,sp=true,sharding=zero1,checkpointing=full");
  const ExportFile f = ExportOne(w, plan, ExportTarget::kMegatron, "megatron_args.sh");
  for (std::string_view flag : {"  --tensor-model-parallel-size 4\n",
                                "  --pipeline-model-parallel-size 2\n",
                                "  --num-layers-per-virtual-pipeline-stage 20\n",
                                "  --context-parallel-size 1\n",
                                "  --sequence-parallel\n",
                                "  --recompute-granularity full\n",
                                "  --recompute-method uniform\n",
                                "  --recompute-num-layers 1\n",
                                "  --micro-batch-size 1\n",
                                "  --global-batch-size 64\n",
                                "  --seq-length 4096\n",
                                "  --bf16\n",
                                "  --use-distributed-optimizer\n",
                                "  --overlap-grad-reduce\n",
                                "  --num-layers 80\n",
                                "  --hidden-size 8192\n",
                                "  --num-attention-heads 64\n",
                                "  --group-query-attention\n",
                                "  --num-query-groups 8\n",
                                "  --ffn-hidden-size 28672\n",
                                "  --swiglu\n",
                                "  --normalization RMSNorm\n",
                                "  --position-embedding-type rope\n",
                                "  --untie-embeddings-and-output-weights\n"}) {
    EXPECT_TRUE(Contains(f.contents, flag)) << flag << "\n" << f.contents;
  }
  EXPECT_FALSE(Contains(f.contents, "--expert-model-parallel-size"));
  EXPECT_FALSE(Contains(f.contents, "--fp8-format"));
  EXPECT_FALSE(Contains(f.contents, "--tp-comm-overlap"));  // A100: the time model keeps TP exposed
}

// Llama-3.1-405B's 126 layers on pp 8 × vpp 8 (NeMo's recipe): 128 with the embedding and loss
// counted as layers, 2 per chunk (strategies/parallelism.h PipelineSplitFor); Llama-3.1-70B's 80
// on pp 3: first stage 26, last 27.
TEST(ExportTest, MegatronNamesAnUnevenPipelineSplit) {
  const Workload w = testing::CatalogWorkload("llama-3.1-405b", testing::A100Cluster(8, 8));
  const Plan plan = MustParse(
      w, "method=full,tp=8,sp=true,pp=8,vpp=8,dp=1,sharding=zero1,checkpointing=full,grad_accum=64");
  const ExportFile f = ExportOne(w, plan, ExportTarget::kMegatron, "megatron_args.sh");
  for (std::string_view flag : {"  --pipeline-model-parallel-size 8\n",
                                "  --account-for-embedding-in-pipeline-split\n",
                                "  --account-for-loss-in-pipeline-split\n",
                                "  --num-virtual-stages-per-pipeline-rank 8\n",
                                "  --num-layers 126\n"}) {
    EXPECT_TRUE(Contains(f.contents, flag)) << flag << "\n" << f.contents;
  }
  EXPECT_FALSE(Contains(f.contents, "--num-layers-per-virtual-pipeline-stage"));
  EXPECT_FALSE(Contains(f.contents, "--decoder-first-pipeline-num-layers"));

  const Workload w70 = testing::CatalogWorkload("llama-3.1-70b", testing::A100Cluster(6));
  const ExportFile g = ExportOne(
      w70, MustParse(w70, "method=lora,tp=2,pp=3,dp=1,sharding=none,checkpointing=full"),
      ExportTarget::kMegatron, "megatron_args.sh");
  for (std::string_view flag : {"  --pipeline-model-parallel-size 3\n",
                                "  --decoder-first-pipeline-num-layers 26\n",
                                "  --decoder-last-pipeline-num-layers 27\n"}) {
    EXPECT_TRUE(Contains(g.contents, flag)) << flag << "\n" << g.contents;
  }
  EXPECT_FALSE(Contains(g.contents, "--account-for"));
}

// On Hopper with sequence parallelism the time model hides most TP traffic behind the GEMMs
// (strategies/parallelism.h TpCommOverlapped): the export turns on what makes that true.
TEST(ExportTest, MegatronOnHopperOverlapsTensorParallelComm) {
  const StatusOr<Cluster> cluster =
      LoadCluster(FITPLAN_SOURCE_DIR "/configs/clusters/32x-h100-ib.yaml");
  ASSERT_TRUE(cluster.ok()) << cluster.status().message();
  const Workload w = MakeWorkload(*FindModel("llama-3.1-70b"), Job{}, *cluster);
  const ExportFile on = ExportOne(w, MustParse(w, "method=full,tp=8,sp=true,sharding=zero1"),
                                  ExportTarget::kMegatron, "megatron_args.sh");
  EXPECT_TRUE(Contains(on.contents, "  --tp-comm-overlap\n")) << on.contents;
  const ExportFile off = ExportOne(w, MustParse(w, "method=full,tp=8,sp=false,sharding=zero1"),
                                   ExportTarget::kMegatron, "megatron_args.sh");
  EXPECT_FALSE(Contains(off.contents, "--tp-comm-overlap")) << off.contents;
}

TEST(ExportTest, TorchrunWritesTheLaunchCommand) {
  const Workload w = DefaultWorkload();
  const Plan plan = MustParse(w, "method=lora,sharding=zero3,checkpointing=full");
  const ExportFile f = ExportOne(w, plan, ExportTarget::kTorchrun, "launch.sh");
  EXPECT_TRUE(
      Contains(f.contents,
               "torchrun --nnodes 1 --nproc_per_node 8 --node_rank "
               "\"${NODE_RANK:-0}\" --rdzv_endpoint \"${MASTER_ADDR:-localhost}:29500\" train.py"));
  EXPECT_TRUE(Contains(f.contents, "NODE_RANK=0..nodes-1"));
}

TEST(ExportTest, PeftWritesLoraAndQloraConfigs) {
  const Workload w = DefaultWorkload();
  const ExportFile lora =
      ExportOne(w, MustParse(w, "method=lora,lora_rank=32,lora_targets=attention,sharding=zero3"),
                ExportTarget::kPeft, "peft_config.py");
  EXPECT_TRUE(Contains(lora.contents, "LoraConfig("));
  EXPECT_TRUE(Contains(lora.contents, "r=32,"));
  EXPECT_TRUE(Contains(lora.contents, "lora_alpha=64,"));
  EXPECT_TRUE(
      Contains(lora.contents, "target_modules=[\"q_proj\", \"k_proj\", \"v_proj\", \"o_proj\"]"));
  EXPECT_FALSE(Contains(lora.contents, "BitsAndBytesConfig"));

  const ExportFile qlora = ExportOne(w, MustParse(w, "method=qlora,sharding=fsdp-full"),
                                     ExportTarget::kPeft, "peft_config.py");
  EXPECT_TRUE(Contains(qlora.contents, "target_modules=\"all-linear\""));
  EXPECT_TRUE(Contains(qlora.contents, "bnb_4bit_quant_type=\"nf4\""));
  EXPECT_TRUE(Contains(qlora.contents, "bnb_4bit_use_double_quant=True"));
  EXPECT_TRUE(Contains(qlora.contents, "bnb_4bit_compute_dtype=torch.bfloat16"));
  EXPECT_TRUE(Contains(qlora.contents, "bnb_4bit_quant_storage=torch.bfloat16"));
}

TEST(ExportTest, EngineMismatchNamesTheRightTarget) {
  const Workload w = DefaultWorkload();
  EXPECT_EQ(
      CheckExportTarget(MustParse(w, "method=lora,sharding=fsdp-full"), ExportTarget::kDeepSpeed)
          .message(),
      "--to deepspeed: the plan runs on fsdp (sharding=fsdp-full); export it --to fsdp");
  EXPECT_EQ(
      CheckExportTarget(MustParse(w, "method=lora,sharding=zero3"), ExportTarget::kFsdp).message(),
      "--to fsdp: the plan runs on deepspeed (sharding=zero3); export it --to deepspeed");
  EXPECT_EQ(CheckExportTarget(MustParse(w, "method=lora,sharding=zero3"), ExportTarget::kMegatron)
                .message(),
            "--to megatron: the plan runs on deepspeed (sharding=zero3); export it --to deepspeed");
  EXPECT_EQ(
      CheckExportTarget(MustParse(w, "method=full,tp=4,pp=2"), ExportTarget::kTorchrun).message(),
      "--to torchrun: the plan runs on megatron (tp=4,pp=2); export it --to megatron");
  EXPECT_EQ(
      CheckExportTarget(MustParse(w, "method=full,sharding=zero3"), ExportTarget::kPeft).message(),
      "--to peft: the plan trains every weight (method=full); only method=lora or qlora "
      "plans have an adapter config");
  EXPECT_TRUE(
      CheckExportTarget(MustParse(w, "method=lora,sharding=fsdp-full"), ExportTarget::kTorchrun)
          .ok());
}

}  // namespace
}  // namespace fitplan
