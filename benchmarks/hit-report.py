#!/usr/bin/env python3
"""The near hit against its floors, from the JMH JSON files of run.sh's HitBenchmark runs (one file per thread count).

    benchmarks/hit-report.py results/hit-1t.json results/hit-2t.json results/hit-4t.json > results/hit.md

Prints, per thread count and key draw, the throughput (score ± 99.9 % error) of our near hit (peerGet), of a bounded
Caffeine cache's getIfPresent alone in its JVM and beside our cache, and of a bounded Caffeine cache of slots (value,
revision, deadline) beside it; then the ratios of our hit to each; last, both hits called from a method the JIT does
not inline (as an application calls a cache) and their ratio. All figures of one file are one run.
"""
import json
import sys

COLUMNS = [  # (label, benchmark method)
    ("our near hit", "peerGet"),
    ("Caffeine, alone", "boundedCaffeineGetIfPresent"),
    ("Caffeine, beside ours", "boundedCaffeineGetIfPresentBesidePeer"),
    ("Caffeine of slots, beside ours", "boundedCaffeineOfSlotsBesidePeer"),
    ("our near hit, called", "peerGetCalled"),
    ("Caffeine beside ours, called", "boundedCaffeineGetIfPresentCalled"),
]


def scores(path):
    """{(method, keys): (score, error)} of one JMH JSON file, and its thread count."""
    found, threads = {}, None
    for result in json.load(open(path)):
        params = result.get("params", {})
        if ".HitBenchmark." not in result["benchmark"] or params.get("peer", "nats-jcache") != "nats-jcache":
            continue  # another benchmark, or another peer's hit
        method = result["benchmark"].rsplit(".", 1)[1]
        keys = params.get("keys", "?")
        metric = result["primaryMetric"]
        found[(method, keys)] = (metric["score"], metric["scoreError"])
        threads = result["threads"]
    return found, threads


def millions(value):
    return f"{value / 1e6:.1f} M"


def cell(score):
    """A score with its error; JMH writes "NaN" as the error of a single iteration."""
    if score is None:
        return "–"
    value, error = score
    return millions(value) if isinstance(error, str) else f"{millions(value)} ± {millions(error)}"


def main(paths):
    print("| threads | keys | " + " | ".join(label for label, _ in COLUMNS)
          + " | ours ÷ alone | ours ÷ beside | ours ÷ slots | called: ours ÷ Caffeine |")
    print("|---:|---|" + "---:|" * (len(COLUMNS) + 4))
    for path in paths:
        found, threads = scores(path)
        for keys in sorted({k for _, k in found}):
            cells, row = [], {}
            for label, method in COLUMNS:
                score = found.get((method, keys))
                row[method] = score[0] if score else None
                cells.append(cell(score))
            pairs = [("peerGet", m) for m in ("boundedCaffeineGetIfPresent", "boundedCaffeineGetIfPresentBesidePeer",
                                              "boundedCaffeineOfSlotsBesidePeer")]
            pairs.append(("peerGetCalled", "boundedCaffeineGetIfPresentCalled"))
            ratios = [f"{row[o] / row[m]:.2f}" if row[o] and row[m] else "–" for o, m in pairs]
            print(f"| {threads} | {keys} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
