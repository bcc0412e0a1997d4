#!/usr/bin/env bash
# "How cost grows" in benchmarks/README.md (about 30 minutes on 2 cores): builds the provider and the benchmarks, then
# - value size: ValueSizeBenchmark, one JMH run per value size (so ours and raw jnats are side by side in one run);
# - cache size: CacheSizeBenchmark on buckets of 10 k, 100 k and 1 M keys, one JMH run;
# - the footprint programs per bucket size: heap per near-cached entry against a bounded Caffeine cache
#   (NearCacheFootprint), and the time and heap of a node starting to follow the bucket with a listener
#   (ListenerFootprint);
# then the tables (results/growth.md) and the chart (results/growth.png) from all of it (report.Growth).
#
#   benchmarks/growth.sh                          # results in benchmarks/results/growth/
#   VALUE_SIZES="100" BUCKET_KEYS="10000" benchmarks/growth.sh   # fewer sizes
#   SKIP_BUILD=1 benchmarks/growth.sh             # when benchmarks/target/benchmarks.jar is built already
#
# The NATS server is NATS_SERVER_PATH, else the newest found (as nats://embedded). Run it on an otherwise idle machine.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
out="$root/benchmarks/results/growth"
value_sizes="${VALUE_SIZES:-100 10240 1048320}"
bucket_keys="${BUCKET_KEYS:-10000 100000 1000000}"

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  mvn -q -B -f "$root/pom.xml" -Dmaven.test.skip=true install
  mvn -q -B -f "$root/benchmarks/pom.xml" package
fi
mkdir -p "$out"
bench() { java -jar "$jar" -foe true -rf json -wi 3 -w 1s -i 5 -r 1s -f 1 -t 1 -bm thrpt "$@"; }

for size in $value_sizes; do
  bench 'ValueSizeBenchmark' -p valueBytes="$size" -rff "$out/value-size-$size.json"
done
bench 'CacheSizeBenchmark' -p bucketKeys="$(tr ' ' ',' <<< "$bucket_keys")" -rff "$out/cache-size.json"
for keys in $bucket_keys; do
  java -cp "$jar" io.github.natsjcache.benchmarks.footprint.NearCacheFootprint "$keys" "$out/near-cache-$keys.json"
  java -cp "$jar" io.github.natsjcache.benchmarks.footprint.ListenerFootprint "$keys" 100 "$out/listener-$keys.json"
done

java -cp "$jar" io.github.natsjcache.benchmarks.report.Growth --chart "$root/benchmarks/results/growth.png" \
  "$out"/*.json > "$root/benchmarks/results/growth.md"
echo "growth: tables in benchmarks/results/growth.md, chart in benchmarks/results/growth.png"
