#!/usr/bin/env bash
# Smoke test for CI: builds the provider and the benchmarks, then runs every benchmark once with tiny iterations, in
# throughput mode only, against every peer this machine has (about 85 forks, 4-6 minutes on 2 cores). It proves the
# benchmarks still run (providers found, servers started, preloads read back, counters exact); the figures mean
# nothing. Then NodeScaling runs one tiny round on 1 and on 2 nodes (its follower JVM started and stopped). The report
# tools (Report, bulk-report.py, hit-report.py, Growth) run over the results too, so that they cannot rot either. It
# runs on one server line (NATS_SERVER_PATH, else the newest found); bulk.sh runs the bulk operations on each. Of the
# benchmarks of how cost grows it runs the smallest bucket (10 k keys; a 1 M one takes minutes to fill) and the largest
# value (the one that must fit max_payload); growth.sh runs every size.
# Exits non-zero if a build fails, a benchmark throws, or the run exceeds its time limit.
#
#   benchmarks/smoke.sh                 # from anywhere; extra arguments go to JMH, e.g. a benchmark regex
#   SKIP_PROVIDER_INSTALL=1 benchmarks/smoke.sh   # when the provider is already installed in ~/.m2
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
results="$root/benchmarks/target/smoke-results.json"

if [[ "${SKIP_PROVIDER_INSTALL:-0}" != "1" ]]; then
  mvn -q -B -f "$root/pom.xml" -Dmaven.test.skip=true install
fi
mvn -q -B -f "$root/benchmarks/pom.xml" package

# -foe: a benchmark that throws fails the run (JMH's default is to report and exit 0).
# The time limit catches a hang in a setup, which JMH's own iteration timeout does not cover.
timeout --kill-after=10s 600s \
  java -jar "$jar" -wi 1 -i 1 -w 200ms -r 200ms -f 1 -bm thrpt -foe true -rf json -rff "$results" \
    -p bucketKeys=10000 -p valueBytes=1048320 "$@"

# Without a filter, every benchmark the jar lists must have a result (a benchmark left out by a typo in a regex, or
# one JMH skipped, would otherwise pass unnoticed).
if [[ $# -eq 0 ]]; then
  java -jar "$jar" -l | grep '^ *io\.github' | sed 's/^ *//' | sort -u > "$results.expected"
  python3 -c 'import json,sys; print("\n".join(sorted({r["benchmark"] for r in json.load(open(sys.argv[1]))})))' \
    "$results" > "$results.ran"
  if ! diff -u "$results.expected" "$results.ran"; then
    echo "smoke: some benchmarks did not run (see the diff above)" >&2
    exit 1
  fi
fi

# How cost grows with nodes: one tiny round with 1 and one with 2 nodes (a follower JVM started and stopped).
if [[ $# -eq 0 ]]; then
  timeout --kill-after=10s 180s java -cp "$jar" io.github.natsjcache.benchmarks.nodes.NodeScaling --nodes 1,2 \
    --repeat 1 --warmup 0.2 --seconds 0.3 --paced 0.2 --json "$results.nodes.json" --chart "$results.nodes.png" \
    > "$results.nodes.md"
fi

java -cp "$jar" io.github.natsjcache.benchmarks.report.Report --chart "$results.png" "$results" > "$results.md"
python3 "$root/benchmarks/bulk-report.py" "$results" > "$results.bulk.md"
python3 "$root/benchmarks/hit-report.py" "$results" > "$results.hit.md"
java -cp "$jar" io.github.natsjcache.benchmarks.report.Growth --chart "$results.growth.png" "$results" \
  > "$results.growth.md"
echo "smoke: all benchmarks ran; results in ${results#"$root"/}, report ${results#"$root"/}.md"
