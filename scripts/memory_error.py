#!/usr/bin/env python3
"""Scores `fitplan estimate` against the usable rows of shared/calibration/memory_public.csv.

Interim tool until `fitplan validate` exists: builds a model YAML, a cluster YAML and a --plan
string from each row's columns (never from its name), runs the built binary, and compares like with
like: allocated/active -> gpu_allocated_bytes, reserved -> gpu_peak - runtime, nvidia-smi/unknown ->
gpu_peak. Prints per-row errors, per-source medians and the summary.

Usage: scripts/memory_error.py [BINARY] [CSV]
"""
import csv, json, os, statistics, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build", "fitplan")
path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "..", "shared", "calibration", "memory_public.csv")
GiB = 2 ** 30


def model_yaml(r):
    arch = r["architecture"]
    if arch not in ("llama", "gpt", "moe"):
        return None, f"architecture {arch}"
    keys = ["layers", "hidden", "heads", "ffn", "vocab"]
    if any(not r[k] for k in keys):
        return None, "architecture numbers missing"
    lines = [f"name: {r['case_id']}", f"architecture: {arch}"] + [f"{k}: {r[k]}" for k in keys]
    lines.append(f"kv_heads: {r['kv_heads'] or r['heads']}")
    lines.append(f"tie_embeddings: {r['tie_embeddings'] or 'false'}")
    if arch == "gpt":
        lines.append(f"max_position: {max(2048, int(r['seq_len'] or 2048))}")
    return "\n".join(lines) + "\n", None


def cluster_yaml(r):
    n = int(r["num_gpus"] or 1)
    gpn = int(r["gpus_per_node"] or n)
    gpu = r["gpu"]
    if gpu == "other":
        if not r["gpu_capacity_gib"]:
            return None, "GPU not stated"
        gpu = "{ name: other, like: a100-sxm-80gb, memory_gb: %s }" % r["gpu_capacity_gib"]
    lines = [f"name: {r['case_id']}", f"gpu: {gpu}", f"nodes: {max(1, n // gpn)}",
             f"gpus_per_node: {gpn}", "cpu_ram_gb: 4096", "price_per_gpu_hour: 1"]
    if n > gpn:
        lines.append("inter_node: { kind: infiniband, bandwidth_gbps: 200 }")
    return "\n".join(lines) + "\n", None


def plan_string(r):
    fields = ["method", "lora_rank", "lora_targets", "precision", "optimizer", "sharding", "offload",
              "checkpointing", "tp", "pp", "cp", "dp", "micro_batch", "grad_accum"]
    parts = [f"{k}={r[k]}" for k in fields if r.get(k)]
    if r["method"] == "full":
        parts = [p for p in parts if not p.startswith("lora_")]
    return ",".join(parts)


def score(r, tmp):
    myaml, why = model_yaml(r)
    if why:
        return None, why
    cyaml, why = cluster_yaml(r)
    if why:
        return None, why
    mpath, cpath = os.path.join(tmp, "m.yaml"), os.path.join(tmp, "c.yaml")
    open(mpath, "w").write(myaml)
    open(cpath, "w").write(cyaml)
    mb, ga = int(r["micro_batch"] or 1), int(r["grad_accum"] or 1)
    dp = int(r["dp"] or 0) or int(r["num_gpus"] or 1) // max(1, int(r["tp"] or 1) * int(r["pp"] or 1))
    seq = r["seq_len"] or "2048"
    cmd = [binary, "estimate", "--cluster", cpath, "--model", mpath, "--plan", plan_string(r),
           "--set", f"seq_len={seq}", "--set", f"global_batch={mb * ga * dp}", "--format", "json"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        return None, "fitplan: " + p.stderr.strip()[:120]
    return json.loads(p.stdout), None


def main():
    rows = [r for r in csv.DictReader(open(path)) if r["usable"] == "yes"]
    errs, by_source, skipped = [], {}, []
    false_fits = false_rejections = 0
    with tempfile.TemporaryDirectory() as tmp:
        for r in rows:
            e, why = score(r, tmp)
            if e is None:
                skipped.append((r["case_id"], why))
                continue
            m = e["memory"]
            if r["oom"] == "yes":
                if e["fits"]:
                    false_fits += 1
                    print(f"{r['case_id']:12s} FALSE FIT (measured OOM)")
                continue
            if not r["measured_gib"]:
                skipped.append((r["case_id"], "no measurement"))
                continue
            measured = float(r["measured_gib"]) * GiB
            metric = r["metric"]
            if metric in ("allocated", "active"):
                pred = m["gpu_allocated_bytes"]
            elif metric == "reserved" or (metric == "unknown" and os.environ.get("UNKNOWN_RESERVED")):
                pred = m["gpu_peak_bytes"] - m["runtime_overhead_bytes"]
            else:
                pred = m["gpu_peak_bytes"]
            if not e["fits"]:
                false_rejections += 1
            err = 100.0 * (pred - measured) / measured
            errs.append(abs(err))
            by_source.setdefault(r["source_key"], []).append(abs(err))
            print(f"{r['case_id']:12s} {metric:10s} pred {pred / GiB:7.2f}  meas {measured / GiB:7.2f}  {err:+7.1f}%"
                  f"{'  REJECTED' if not e['fits'] else ''}")
            if os.environ.get("VERBOSE"):
                bd = m["breakdown"]
                print("      " + " ".join(f"{k[:5]}={v / GiB:.2f}" for k, v in bd.items()) +
                      f" phase={m['peak_phase']} frag={m['fragmentation_bytes'] / GiB:.2f} rt={m['runtime_overhead_bytes'] / GiB:.2f}"
                      f" | {r['method']} {r['precision']} {r['sharding']} ckpt={r['checkpointing']} mb={r['micro_batch']} s={r['seq_len']} n={r['num_gpus']} {r['model_name']}")
    def p90(xs):
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(round(0.9 * (len(xs) - 1))))]
    print(f"\nscored {len(errs)} rows, skipped {len(skipped)}")
    for cid, why in skipped:
        print(f"  skipped {cid}: {why}")
    medians = {k: statistics.median(v) for k, v in sorted(by_source.items())}
    for k, v in medians.items():
        print(f"  {k:8s} n={len(by_source[k]):3d} median |err| {v:6.1f}%  p90 {p90(by_source[k]):6.1f}%")
    print(f"overall median |err| {statistics.median(errs):.1f}%, p90 {p90(errs):.1f}%")
    print(f"source-balanced median |err| {statistics.median(medians.values()):.1f}%")
    print(f"false fits {false_fits}, false rejections {false_rejections}")


main()
