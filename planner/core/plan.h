// Plan: one point of the search space, every strategy's choice (shared/docs/interface.md "Plan
// fields"). A small trivially-copyable value: the search builds millions of them.
#ifndef FITPLAN_PLANNER_CORE_PLAN_H_
#define FITPLAN_PLANNER_CORE_PLAN_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fitplan {

// Enumerator order is the tie-break order of the ranking (earlier wins a tie) and the order the
// search enumerates in; the names are the contract's spellings.
enum class Method : uint8_t { kFull, kLora, kQlora };
enum class LoraTargets : uint8_t { kAllLinear, kAttention };
enum class Precision : uint8_t { kBf16Mixed, kFp16Mixed, kBf16, kFp8Mixed, kFp32 };
enum class Optimizer : uint8_t { kAdamW, kAdamW8bit, kPagedAdamW8bit, kSgd, kAdafactor };
enum class Sharding : uint8_t { kNone, kZero1, kZero2, kZero3, kFsdpFull, kFsdpGradOp, kFsdpHybrid };
enum class Offload : uint8_t {
  kNone,
  kOptimizerCpu,
  kOptimizerParamCpu,
  kOptimizerNvme,
  kOptimizerParamNvme
};
enum class Checkpointing : uint8_t { kNone, kSelective, kFull };
// Where ranks sit: Megatron's order puts TP innermost (a TP group on consecutive GPUs of one
// node), then CP, DP, PP; `dp-tp-cp-pp` puts DP innermost and spreads each TP group across GPUs
// `dp` apart (across nodes when dp·tp exceeds a node).
enum class RankOrder : uint8_t { kTpCpDpPp, kDpTpCpPp };

inline constexpr std::array<std::string_view, 3> kMethodNames = {"full", "lora", "qlora"};
inline constexpr std::array<std::string_view, 2> kLoraTargetNames = {"all-linear", "attention"};
inline constexpr std::array<std::string_view, 5> kPrecisionNames = {
    "bf16-mixed", "fp16-mixed", "bf16", "fp8-mixed", "fp32"};
inline constexpr std::array<std::string_view, 5> kOptimizerNames = {
    "adamw", "adamw-8bit", "paged-adamw-8bit", "sgd", "adafactor"};
inline constexpr std::array<std::string_view, 7> kShardingNames = {
    "none", "zero1", "zero2", "zero3", "fsdp-full", "fsdp-grad-op", "fsdp-hybrid"};
inline constexpr std::array<std::string_view, 5> kOffloadNames = {
    "none", "optimizer-cpu", "optimizer-param-cpu", "optimizer-nvme", "optimizer-param-nvme"};
inline constexpr std::array<std::string_view, 3> kCheckpointingNames = {"none", "selective", "full"};
inline constexpr std::array<std::string_view, 2> kRankOrderNames = {"tp-cp-dp-pp", "dp-tp-cp-pp"};

inline std::string_view Name(Method v) { return kMethodNames[size_t(v)]; }
inline std::string_view Name(LoraTargets v) { return kLoraTargetNames[size_t(v)]; }
inline std::string_view Name(Precision v) { return kPrecisionNames[size_t(v)]; }
inline std::string_view Name(Optimizer v) { return kOptimizerNames[size_t(v)]; }
inline std::string_view Name(Sharding v) { return kShardingNames[size_t(v)]; }
inline std::string_view Name(Offload v) { return kOffloadNames[size_t(v)]; }
inline std::string_view Name(Checkpointing v) { return kCheckpointingNames[size_t(v)]; }
inline std::string_view Name(RankOrder v) { return kRankOrderNames[size_t(v)]; }

// Returns the enumerator spelled `text` in `names`, or nullopt.
template <typename Enum, size_t N>
std::optional<Enum> ParseEnum(const std::array<std::string_view, N>& names, std::string_view text) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

struct Plan {
  Method method = Method::kFull;
  int32_t lora_rank = 16;  // LoRA/QLoRA only
  LoraTargets lora_targets = LoraTargets::kAllLinear;
  Precision precision = Precision::kBf16Mixed;
  Optimizer optimizer = Optimizer::kAdamW;
  Sharding sharding = Sharding::kNone;
  Offload offload = Offload::kNone;
  Checkpointing checkpointing = Checkpointing::kNone;
  int32_t tp = 1;
  int32_t pp = 1;
  int32_t vpp = 1;  // virtual pipeline chunks per stage (interleaved 1F1B)
  int32_t cp = 1;
  int32_t ep = 1;
  int32_t dp = 1;
  bool sp = false;  // sequence parallel with TP
  int32_t micro_batch = 1;
  int32_t grad_accum = 1;
  int32_t seq_len = 0;  // tokens per sequence; the search fills the job's
  RankOrder order = RankOrder::kTpCpDpPp;

  bool operator==(const Plan&) const = default;
  bool uses_lora() const { return method != Method::kFull; }
  int64_t gpus() const { return int64_t(tp) * pp * cp * dp; }
  // "method=lora,lora_rank=16,...": the --plan syntax, every field spelled out.
  std::string ToString() const;
};

// Returns -1, 0, 1: a total order over every field, in declaration order and enumerator order.
// The ranking's final tie-break, so output never depends on evaluation order.
int ComparePlans(const Plan& a, const Plan& b);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_CORE_PLAN_H_
