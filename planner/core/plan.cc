#include "planner/core/plan.h"

#include <tuple>

namespace fitplan {

std::string Plan::ToString() const {
  std::string s;
  auto add = [&s](std::string_view key, std::string_view value) {
    if (!s.empty()) s += ',';
    s += key;
    s += '=';
    s += value;
  };
  auto add_int = [&add](std::string_view key, int64_t value) { add(key, std::to_string(value)); };
  add("method", Name(method));
  if (uses_lora()) {
    add_int("lora_rank", lora_rank);
    add("lora_targets", Name(lora_targets));
  }
  add("precision", Name(precision));
  add("optimizer", Name(optimizer));
  add("sharding", Name(sharding));
  add("offload", Name(offload));
  add("checkpointing", Name(checkpointing));
  add_int("tp", tp);
  add_int("pp", pp);
  add_int("vpp", vpp);
  add_int("cp", cp);
  add_int("ep", ep);
  add_int("dp", dp);
  add("sp", sp ? "true" : "false");
  add_int("micro_batch", micro_batch);
  add_int("grad_accum", grad_accum);
  add_int("seq_len", seq_len);
  if (order != RankOrder::kTpCpDpPp) add("order", Name(order));
  return s;
}

int ComparePlans(const Plan& a, const Plan& b) {
  auto key = [](const Plan& p) {
    return std::make_tuple(p.method, p.lora_rank, p.lora_targets, p.precision, p.optimizer,
                           p.sharding, p.offload, p.checkpointing, p.tp, p.pp, p.vpp, p.cp, p.ep,
                           p.dp, p.sp, p.micro_batch, p.grad_accum, p.seq_len, p.order);
  };
  const auto ka = key(a), kb = key(b);
  return ka < kb ? -1 : (kb < ka ? 1 : 0);
}

}  // namespace fitplan
