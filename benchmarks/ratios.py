#!/usr/bin/env python3
"""Prints the results tables of benchmarks/README.md from JMH JSON result files (java -jar ... -rf json -rff F).

    python3 benchmarks/ratios.py benchmarks/target/results.json [more.json ...]

Each row compares a benchmark with its baseline measured in the same file (the same JMH run): throughput as ops/s,
sample time as p50/p99 in µs, and, when the run had -prof gc, allocation in bytes per operation. Rows whose two sides
are not both in a file are left out; a file run with -t N prints its rows under "N threads".
"""
import json
import sys

# (section, label, benchmark, baseline, baseline label)
ROWS = [
    ("Near-cache hit against Caffeine's own JCache (both in memory)",
     "get, near-cache hit", "NearCacheBenchmark.getHit", "NearCacheBenchmark.caffeineHit", "Caffeine JCache get"),
    ("Server round trips against raw jnats KV calls",
     "get, near-cache off", "NearCacheBenchmark.getRemote", "GetPutBenchmark.rawGet", "raw KV get"),
    ("Server round trips against raw jnats KV calls",
     "get, defaults (near-cache on)", "GetPutBenchmark.jcacheGet", "GetPutBenchmark.rawGet", "raw KV get"),
    ("Server round trips against raw jnats KV calls",
     "put, 1 node", "GetPutBenchmark.jcachePut", "GetPutBenchmark.rawPut", "raw KV put"),
    ("Server round trips against raw jnats KV calls",
     "put, 2 nodes", "InvalidationBenchmark.put", "GetPutBenchmark.rawPut", "raw KV put"),
    ("Invalidation: A's put acknowledged → B's get returns the new value, against the put itself",
     "invalidation latency", "InvalidationBenchmark.invalidationLatency", "InvalidationBenchmark.put", "put, 2 nodes"),
]

TIME_UNITS_US = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}


def per_second(score, unit):  # "ops/ms" -> ops/s
    return score / (TIME_UNITS_US[unit.split("/")[1]] / 1e6)


def micros(score, unit):  # "ms/op" -> µs
    return score * TIME_UNITS_US[unit.split("/")[0]]


def scores(results):
    """{(threads, short benchmark name): {metric: value}}"""
    out = {}
    for r in results:
        name = ".".join(r["benchmark"].rsplit(".", 2)[-2:])
        params = "&".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items()) if v)
        if params:
            name += f" ({params})"
        row = out.setdefault((r["threads"], name), {})
        m = r["primaryMetric"]
        if r["mode"] == "thrpt":
            row["ops/s"] = per_second(m["score"], m["scoreUnit"])
        elif r["mode"] == "sample":
            row["p50 µs"] = micros(m["scorePercentiles"]["50.0"], m["scoreUnit"])
            row["p99 µs"] = micros(m["scorePercentiles"]["99.0"], m["scoreUnit"])
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        if alloc is not None:
            row["alloc B/op"] = alloc["score"]
    return out


def fmt(value):
    if value < 0.01:
        return "0" if value < 0.001 else f"{value:.3f}"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:.1f}"
    return f"{value:.3f}"


def table(score):
    threads = sorted({t for t, _ in score})
    for t in threads:
        section = None
        for sec, label, bench, base, base_label in ROWS:
            for suffix in sorted({n[len(bench):] for tt, n in score if tt == t and n.startswith(bench)}):
                ours, theirs = score.get((t, bench + suffix)), score.get((t, base + suffix)) or score.get((t, base))
                if not ours or not theirs:
                    continue
                lines = []
                for metric in ("ops/s", "p50 µs", "p99 µs", "alloc B/op"):
                    a, b = ours.get(metric), theirs.get(metric)
                    if a is None or b is None:
                        continue
                    if b < 0.01:  # e.g. an allocation-free baseline: a ratio would mean nothing
                        ratio = "–"
                    else:
                        ratio = f"{a / b:.2f}" if a / b >= 0.01 else f"{a / b:.1e}"
                    lines.append(f"| {label}{suffix} | {base_label} | {metric} | {fmt(a)} | {fmt(b)} | {ratio} |")
                if not lines:
                    continue
                if sec != section:
                    section = sec
                    print(f"\n{sec} ({t} thread{'s' if t > 1 else ''})\n")
                    print("| benchmark | baseline | metric | benchmark | baseline | ratio |")
                    print("|---|---|---|---:|---:|---:|")
                print("\n".join(lines))


def main(paths):
    for path in paths:
        with open(path) as f:
            results = json.load(f)
        if len(paths) > 1:
            print(f"\n## {path}")
        table(scores(results))


if __name__ == "__main__":
    main(sys.argv[1:] or ["benchmarks/target/results.json"])
