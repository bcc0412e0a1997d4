#!/usr/bin/env python3
"""The bulk operations on each server line side by side, from the JMH JSON files of run.sh's bulk runs.

    benchmarks/bulk-report.py results/bulk-2.9.10.json results/bulk-2.15.2.json > results/bulk.md

Each file is one server line (its version is in the name, bulk-<version>.json). Prints a Markdown table of
throughput (score ± 99.9 % error) per benchmark and server, then per server the ratios that the targets are about,
each against its raw ceiling measured in the same run: the ceiling of getAll100 cold is one batch direct get where the
server has it (get100Batch, 2.11+), else 100 pipelined direct gets; that of putAll100 is one atomic batch where the
server has it (put100Atomic, 2.12+; the provider uses them there, all 100 or none), else 100 pipelined publishes.
"""
import json
import os
import re
import sys

ROWS = [  # (label, benchmark method, peer or None)
    ("getAll100 (cold)", "JCacheBenchmark.getAll100", "nats-jcache-nonear"),
    ("getAll100 (warm)", "JCacheBenchmark.getAll100", "nats-jcache"),
    ("getAll100", "JCacheBenchmark.getAll100", "hazelcast"),
    ("get100Sequential", "RawBenchmark.get100Sequential", None),
    ("get100Pipelined", "RawBenchmark.get100Pipelined", None),
    ("get100Batch (2.11+)", "RawBenchmark.get100Batch", None),
    ("putAll100", "JCacheBenchmark.putAll100", "nats-jcache-nonear"),
    ("putAll100", "JCacheBenchmark.putAll100", "nats-jcache"),
    ("putAll100", "JCacheBenchmark.putAll100", "hazelcast"),
    ("put100Sequential", "RawBenchmark.put100Sequential", None),
    ("put100Pipelined", "RawBenchmark.put100Pipelined", None),
    ("put100Atomic (2.12+)", "RawBenchmark.put100Atomic", None),
]


def load(path):
    """{(method, peer): (score, error)} in ops/s, of the throughput results in one JMH JSON file."""
    scores = {}
    for result in json.load(open(path)):
        if result["mode"] != "thrpt":
            continue
        method = ".".join(result["benchmark"].split(".")[-2:])
        peer = (result.get("params") or {}).get("peer") if method.startswith("JCache") else None
        metric = result["primaryMetric"]
        per_second = {"ops/s": 1, "ops/ms": 1e3, "ops/us": 1e6}[metric["scoreUnit"]]
        error = float(metric["scoreError"])  # JMH writes "NaN" after a single iteration
        scores[(method, peer)] = (float(metric["score"]) * per_second, error * per_second)
    return scores


def fmt(value):
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def cell(scores, key):
    if key not in scores:
        return "–"
    score, error = scores[key]
    return fmt(score) if error != error else f"{fmt(score)} ± {fmt(error)}"


def ratio(scores, top, bottom):
    if top not in scores or bottom not in scores:
        return None
    return scores[top][0] / scores[bottom][0]


def main(paths):
    lines = {re.sub(r"^bulk-|\.json$", "", os.path.basename(path)): load(path) for path in paths}
    print("| benchmark | peer | " + " | ".join(f"{line} ops/s" for line in lines) + " |")
    print("|---|---|" + "---|" * len(lines))
    for label, method, peer in ROWS:
        if all((method, peer) not in scores for scores in lines.values()):
            continue
        print(f"| {label} | {peer or 'raw jnats'} | "
              + " | ".join(cell(scores, (method, peer)) for scores in lines.values()) + " |")
    print()
    for line, scores in lines.items():
        cold, seq = ("JCacheBenchmark.getAll100", "nats-jcache-nonear"), ("RawBenchmark.get100Sequential", None)
        batch, piped = ("RawBenchmark.get100Batch", None), ("RawBenchmark.get100Pipelined", None)
        get_ceiling = batch if batch in scores else piped
        put, hazelcast = ("JCacheBenchmark.putAll100", "nats-jcache-nonear"), ("JCacheBenchmark.putAll100", "hazelcast")
        atomic, put_piped = ("RawBenchmark.put100Atomic", None), ("RawBenchmark.put100Pipelined", None)
        put_ceiling = atomic if atomic in scores else put_piped
        facts = [
            ("getAll100 cold ÷ get100Sequential (target ≥ 20)", ratio(scores, cold, seq)),
            (f"its ceiling, {get_ceiling[0].split('.')[1]} ÷ get100Sequential", ratio(scores, get_ceiling, seq)),
            (f"getAll100 cold ÷ {get_ceiling[0].split('.')[1]}", ratio(scores, cold, get_ceiling)),
            ("putAll100 (near-cache off) ÷ Hazelcast putAll100 (target ≥ 1)", ratio(scores, put, hazelcast)),
            (f"its ceiling, {put_ceiling[0].split('.')[1]} ÷ Hazelcast putAll100", ratio(scores, put_ceiling, hazelcast)),
            (f"putAll100 (near-cache off) ÷ {put_ceiling[0].split('.')[1]}", ratio(scores, put, put_ceiling)),
        ]
        print(f"{line}: " + "; ".join(f"{name} {value:.2f}" for name, value in facts if value is not None))
        print()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
