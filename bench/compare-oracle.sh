#!/usr/bin/env bash
# Our engine against the iam-simulate oracle on the same scenarios, in one run:
#
#  1. decisions/s on the seed workload (68 scenarios of the 23 seed policies, see
#     SeedPoliciesBenchmark): ours compiled once vs iam-simulate's core authorize() on pre-parsed
#     policies (target ratio >= 100x), and ours parsing+compiling per scenario vs iam-simulate
#     parsing (JSON.parse + loadPolicy) per scenario (target >= 10x); also shown: the oracle given
#     its policies as already-parsed JS objects. All on one thread.
#  2. whole process on a file of N scenarios (default 200,000): `iamlocal simulate --input FILE
#     --output json` vs `node oracle.js --core --jsonl FILE` (target >= 5x). Needs
#     cli/target/iamlocal.jar and dev.iamlocal.bench.ScenarioFileGenerator; skipped with a message
#     when they do not exist yet.
#
#   bench/compare-oracle.sh [N]
#   SKIP_BUILD=1 / ORACLE_SECONDS=5 / JMH_OPTS="..." / IAMLOCAL_ORACLE_DIR=/tmp/iam-oracle
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:-200000}"
ORACLE_DIR="${IAMLOCAL_ORACLE_DIR:-/tmp/iam-oracle}"
ORACLE_SRC="${IAMLOCAL_ORACLE_SRC:-$ROOT/../shared/tools/iam-simulate-oracle}"
ORACLE_SECONDS="${ORACLE_SECONDS:-5}"
JMH_OPTS="${JMH_OPTS:--f 1 -wi 3 -w 2s -i 5 -r 2s}"
JAR="$ROOT/bench/target/benchmarks.jar"
WORK="$(mktemp -d -t iamlocal-compare.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

command -v node >/dev/null || { echo "compare-oracle.sh: node is not installed" >&2; exit 2; }
if [ ! -d "$ORACLE_DIR/node_modules/@cloud-copilot/iam-simulate" ]; then
  [ -f "$ORACLE_SRC/oracle.js" ] || { echo "compare-oracle.sh: no oracle source at $ORACLE_SRC" >&2; exit 2; }
  rm -rf "$ORACLE_DIR" && cp -r "$ORACLE_SRC" "$ORACLE_DIR"
  (cd "$ORACLE_DIR" && npm ci --no-audit --no-fund >&2)
fi
if [ -z "${SKIP_BUILD:-}" ]; then
  (cd "$ROOT" && mvn -q -B -DskipTests -pl bench -am package)
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }'; }

# 1. decisions/s on the same scenarios
java -cp "$JAR" dev.iamlocal.bench.ExportScenarios "$WORK/seed.jsonl"
# shellcheck disable=SC2086
java -jar "$JAR" 'SeedPoliciesBenchmark' $JMH_OPTS -rf csv -rff "$WORK/ours.csv" >&2
ours_once=$(awk -F',' '/compiledOnce/ {gsub(/"|\r/,"",$5); print $5}' "$WORK/ours.csv")
ours_per=$(awk -F',' '/perScenario/ {gsub(/"|\r/,"",$5); print $5}' "$WORK/ours.csv")
if [ -z "$ours_once" ] || [ -z "$ours_per" ]; then
  echo "compare-oracle.sh: SeedPoliciesBenchmark produced no result (see the JMH output above)" >&2
  exit 1
fi
oracle_json=$(node "$ROOT/bench/oracle/bench-authorize.js" "$ORACLE_DIR" "$WORK/seed.jsonl" "$ORACLE_SECONDS")
oracle_once=$(echo "$oracle_json" | sed -n 's/.*"compiledOnce":\([0-9]*\).*/\1/p')
oracle_per=$(echo "$oracle_json" | sed -n 's/.*"perScenario":\([0-9]*\).*/\1/p')
oracle_per_text=$(echo "$oracle_json" | sed -n 's/.*"perScenarioText":\([0-9]*\).*/\1/p')
agree=$(echo "$oracle_json" | sed -n 's/.*"agree":\([0-9]*\),"cases":\([0-9]*\).*/\1 of \2/p')

echo
echo "## iamlocal vs iam-simulate 0.1.173 (same 68 seed scenarios, one thread)"
echo
echo "| measure | iamlocal | iam-simulate | ratio | target |"
echo "|---|---:|---:|---:|---:|"
printf "| decisions/s, policies compiled once | %.0f | %s | %sx | >= 100x |\n" "$ours_once" "$oracle_once" "$(ratio "$ours_once" "$oracle_once")"
# Like for like: both sides start from each policy's JSON text (ours: Policy.parse; the oracle:
# JSON.parse + loadPolicy). The second row gives the oracle its policies already parsed into JS
# objects, a step ours still pays for.
printf "| decisions/s, policies parsed per scenario (both from JSON text) | %.0f | %s | %sx | >= 10x |\n" "$ours_per" "$oracle_per_text" "$(ratio "$ours_per" "$oracle_per_text")"
printf "| decisions/s, per scenario, oracle given parsed JS objects | %.0f | %s | %sx | |\n" "$ours_per" "$oracle_per" "$(ratio "$ours_per" "$oracle_per")"

# 2. whole process on a big file
CLI="$ROOT/cli/target/iamlocal.jar"
if [ ! -f "$CLI" ]; then
  echo "| whole process, $N scenarios | skipped: $CLI not built (mvn -pl cli -am package) | | | >= 5x |"
elif ! unzip -l "$JAR" 2>/dev/null | grep -c 'dev/iamlocal/bench/ScenarioFileGenerator.class' >/dev/null; then
  # (grep -c, not -q: an early exit would make unzip fail with SIGPIPE under pipefail)
  echo "| whole process, $N scenarios | skipped: dev.iamlocal.bench.ScenarioFileGenerator not in benchmarks.jar yet | | | >= 5x |"
else
  java -cp "$JAR" dev.iamlocal.bench.ScenarioFileGenerator --count "$N" --seeds "$ROOT/examples/seed-policies" \
    --out "$WORK/scenarios.json" >&2
  node "$ROOT/bench/oracle/cli-to-oracle.js" "$WORK/scenarios.json" "$WORK/scenarios.jsonl"
  # the launcher rebuilds the jar when sources are newer: let it do so before the clock starts
  "$ROOT/iamlocal" --version >/dev/null
  t0=$(date +%s.%N)
  # --no-validate: the oracle decides without validating the policies first; like for like
  "$ROOT/iamlocal" simulate --input "$WORK/scenarios.json" --output json --no-validate > "$WORK/ours.out"
  t1=$(date +%s.%N)
  node "$ORACLE_DIR/oracle.js" --core --jsonl "$WORK/scenarios.jsonl" > "$WORK/oracle.out" 2>/dev/null || true
  t2=$(date +%s.%N)
  ours_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  oracle_s=$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.1f", b - a }')
  echo "| whole process, $N scenarios (seconds) | ${ours_s}s | ${oracle_s}s | $(ratio "$oracle_s" "$ours_s")x | >= 5x |"
fi
echo
echo "The oracle agreed with our decision on $agree seed scenarios (disagreements: see bench/differential.sh)."
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(java -version 2>&1 | head -1), node $(node --version)"
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other processes share the CPU)"
