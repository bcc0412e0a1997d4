#!/usr/bin/env bash
# The bulk operations (getAll100 cold and warm, putAll100) of ours and Hazelcast's, and their raw jnats ceilings, on
# each server line in turn, then the table of benchmarks/README.md's "Server lines side by side" with each ratio
# against its ceiling of the same run (results/bulk.md). About 5 minutes per server line on 2 cores; run.sh ends with
# it. The jar must be built (run.sh or smoke.sh do it).
#
#   benchmarks/bulk.sh                                   # 2.9.10 (/usr/sbin) and the current release (.tools/bin)
#   NATS_SERVERS="/usr/sbin/nats-server /opt/nats-server" benchmarks/bulk.sh
#
# A server that is not there is skipped with a line saying so; the raw ceilings a line has no feature for (a batch
# direct get before 2.11, an atomic batch before 2.12) are left out by the jar's main, with a line saying why.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
out="$root/benchmarks/results"
mkdir -p "$out"
bulk='JCacheBenchmark\.(getAll100|putAll100)$|RawBenchmark\.(get100Sequential|get100Pipelined|get100Batch|put100Sequential|put100Pipelined|put100Atomic)$'

results=()
for server in ${NATS_SERVERS:-/usr/sbin/nats-server $root/.tools/bin/nats-server}; do
  if [[ ! -x "$server" ]]; then
    echo "bulk: $server skipped: no nats-server there"
    continue
  fi
  version="$("$server" --version | sed 's/^.*v//')"
  echo "bulk: nats-server $version at $server"
  NATS_SERVER_PATH="$server" java -jar "$jar" "$bulk" -p peer=nats-jcache-nonear,nats-jcache,hazelcast \
    -t 1 -bm thrpt -f 1 -wi 3 -w 2s -i 5 -r 2s -foe true -rf json -rff "$out/bulk-$version.json"
  results+=("$out/bulk-$version.json")
done
if [[ ${#results[@]} -eq 0 ]]; then
  echo "bulk: no nats-server found; nothing measured" >&2
  exit 1
fi
python3 "$root/benchmarks/bulk-report.py" "${results[@]}" > "$out/bulk.md"
echo "bulk: ${out#"$root"/}/bulk.md"
