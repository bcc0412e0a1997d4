#!/usr/bin/env bash
# The full benchmark run behind benchmarks/README.md's results (about 35 minutes on 2 cores): builds the provider and
# the benchmarks, runs every benchmark on 1 thread (throughput and sample time), again on 2 threads (throughput), the
# allocation profile of get and put (-prof gc), the near hit against its floors on 1, 2 and 4 threads (hit.md),
# then writes the report (Markdown tables, targets) and the chart, then how a write's cost grows with the nodes on
# its bucket (NodeScaling: results/nodes.md, nodes.json, nodes.png).
# Last, the bulk operations and their raw ceilings on each server line, side by side (results/bulk.md): nats-server
# 2.9.10 (Debian's, /usr/sbin) and the current release (.tools/bin, from scripts/install-servers.sh); a missing one is
# skipped with a line saying so. NATS_SERVERS="path ..." names others.
#
#   benchmarks/run.sh                       # results in benchmarks/results/, chart in benchmarks/results/chart.png
#   SKIP_PROVIDER_INSTALL=1 benchmarks/run.sh   # when the provider is already installed in ~/.m2
#
# Peers that cannot run on the machine (no redis-server, say) are skipped with a line saying why (BenchmarkMain).
# Run it on an otherwise idle machine: the figures are only as quiet as the machine.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
out="$root/benchmarks/results"
mkdir -p "$out"

if [[ "${SKIP_PROVIDER_INSTALL:-0}" != "1" ]]; then
  mvn -q -B -f "$root/pom.xml" -Dmaven.test.skip=true install
fi
mvn -q -B -f "$root/benchmarks/pom.xml" package

bench() { java -jar "$jar" -foe true -rf json "$@"; }

bench 'JCacheBenchmark|RawBenchmark|InvalidationBenchmark' -t 1 -rff "$out/results-1t.json"
bench 'JCacheBenchmark|RawBenchmark' -t 2 -bm thrpt -rff "$out/results-2t.json"
bench 'JCacheBenchmark\.(get|put)$|RawBenchmark\.put$' -p peer=nats-jcache,caffeine -t 1 -bm thrpt -prof gc \
  -rff "$out/results-gc.json"

# The near hit against its floors (HitBenchmark) on 1, 2 and 4 threads, uniform and Zipfian keys.
for threads in 1 2 4; do
  bench 'HitBenchmark' -p peer=nats-jcache -t "$threads" -rff "$out/hit-${threads}t.json"
done
python3 "$root/benchmarks/hit-report.py" "$out"/hit-{1,2,4}t.json > "$out/hit.md"

java -cp "$jar" io.github.natsjcache.benchmarks.report.Report --chart "$out/chart.png" \
  "$out/results-1t.json" "$out/results-2t.json" "$out/results-gc.json" > "$out/report.md"
echo "report: ${out#"$root"/}/report.md, chart: ${out#"$root"/}/chart.png"

# How cost grows with nodes (about 2.5 minutes): 1, 2 and 4 nodes, 3 rounds each (README, "How cost grows / Nodes").
java -cp "$jar" io.github.natsjcache.benchmarks.nodes.NodeScaling --json "$out/nodes.json" --chart "$out/nodes.png" \
  > "$out/nodes.md"
echo "nodes: ${out#"$root"/}/nodes.md, chart: ${out#"$root"/}/nodes.png"

"$root/benchmarks/bulk.sh"
