#!/usr/bin/env bash
# Every test: the provider's tests and the JSR-107 TCK on both NATS server lines (Debian's 2.9.10, the floor, and
# 2.15.2, the current one), then the framework integrations on the current one. Each run's reports are kept apart
# (target/reports/<server>/...), and the last line counts them all.
# The servers: scripts/install-servers.sh, or set NATS_SERVER_FLOOR / NATS_SERVER_CURRENT to other binaries.
set -euo pipefail
cd "$(dirname "$0")/.."

FLOOR="${NATS_SERVER_FLOOR:-/usr/sbin/nats-server}"
CURRENT="${NATS_SERVER_CURRENT:-$PWD/.tools/bin/nats-server}"
for binary in "$FLOOR" "$CURRENT"; do
  [ -x "$binary" ] || { echo "No nats-server at $binary: run scripts/install-servers.sh" >&2; exit 1; }
done
version() { "$1" --version | sed 's/^nats-server: v//'; }

# Moves a run's Surefire reports aside (from, to), before the next run writes its own.
keep_reports() {
  mkdir -p "$(dirname "$2")"
  rm -rf "$2"
  mv "$1" "$2"
}

floor="$(version "$FLOOR")"
current="$(version "$CURRENT")"
echo; echo "== provider tests on nats-server $floor (and install)"
NATS_SERVER_PATH="$FLOOR" mvn -B -ntp install
keep_reports target/surefire-reports "target/reports/$floor/provider"
echo; echo "== provider tests on nats-server $current"
NATS_SERVER_PATH="$CURRENT" mvn -B -ntp surefire:test
keep_reports target/surefire-reports "target/reports/$current/provider"

for server in "$FLOOR" "$CURRENT"; do
  v="$(version "$server")"
  echo; echo "== JSR-107 TCK on nats-server $v"
  NATS_SERVER_PATH="$server" mvn -B -ntp -f tck/pom.xml verify
  keep_reports tck/target/surefire-reports "target/reports/$v/tck"
  keep_reports tck/target/surefire-reports-annotations "target/reports/$v/tck-annotations"
done

echo; echo "== integrations on nats-server $current"
NATS_SERVER_PATH="$CURRENT" mvn -B -ntp -f integrations/pom.xml verify

# The closing line: every report of every run above.
attribute() { echo "$1" | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]*'; }
tests=0; failed=0; skipped=0
for report in target/reports/*/*/TEST-*.xml integrations/*/target/surefire-reports/TEST-*.xml; do
  header="$(grep -m1 -o '<testsuite [^>]*>' "$report")"
  tests=$((tests + $(attribute "$header" tests)))
  failed=$((failed + $(attribute "$header" failures) + $(attribute "$header" errors)))
  skipped=$((skipped + $(attribute "$header" skipped)))
done
echo "tests: $((tests - failed - skipped)) passed, $failed failed, $skipped skipped" | tee target/reports/summary.txt
