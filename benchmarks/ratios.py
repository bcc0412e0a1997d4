#!/usr/bin/env python3
"""Prints the JCache/raw table of benchmarks/README.md from a JMH JSON result file (java -jar ... -rf json -rff F).

Pairs each jcacheX with rawX of the same mode and run: throughput as ops/s, sample time as p50/p99 in µs.
"""
import json
import sys


def main(path):
    with open(path) as f:
        results = json.load(f)
    score = {}
    for r in results:
        name = r["benchmark"].rsplit(".", 1)[1]
        params = "&".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items()) if v)
        m = r["primaryMetric"]
        if r["mode"] == "thrpt":
            score[(name, "ops/s")] = (m["score"] * 1000, params)  # ops/ms -> ops/s
        elif r["mode"] == "sample":
            score[(name, "p50 µs")] = (m["scorePercentiles"]["50.0"] * 1000, params)  # ms -> µs
            score[(name, "p99 µs")] = (m["scorePercentiles"]["99.0"] * 1000, params)
    print("| operation | metric | JCache | raw jnats KV | JCache/raw |")
    print("|---|---|---:|---:|---:|")
    for op in ("Get", "Put"):
        for metric in ("ops/s", "p50 µs", "p99 µs"):
            jcache, raw = score.get(("jcache" + op, metric)), score.get(("raw" + op, metric))
            if jcache and raw:
                label = op.lower() + (f" ({jcache[1]})" if jcache[1] else "")
                print(f"| {label} | {metric} | {jcache[0]:,.0f} | {raw[0]:,.0f} | {jcache[0] / raw[0]:.2f} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/target/results.json")
