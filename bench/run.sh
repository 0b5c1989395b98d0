#!/usr/bin/env bash
# Builds the benchmarks and runs them with short but sane JMH settings, then prints a markdown
# table (benchmark, ops/s or us/op, error) and the machine it ran on.
#
#   bench/run.sh                    # all benchmarks
#   bench/run.sh Scaling            # only benchmarks matching a JMH regex
#   JMH_OPTS="-f 1 -wi 5 -w 3s -i 10 -r 3s" bench/run.sh   # other settings
#   SKIP_BUILD=1 bench/run.sh       # reuse bench/target/benchmarks.jar
#   bench/run.sh --oracle           # then also run bench/compare-oracle.sh
#
# Throughput benchmarks report operations (decisions) per second on one thread; CompileBenchmark
# reports microseconds per compiled policy set.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ORACLE=0
ARGS=()
for a in "$@"; do
  if [ "$a" = "--oracle" ]; then ORACLE=1; else ARGS+=("$a"); fi
done
JMH_OPTS="${JMH_OPTS:--f 1 -wi 3 -w 2s -i 5 -r 2s}"
JAR="$ROOT/bench/target/benchmarks.jar"

if [ -z "${SKIP_BUILD:-}" ]; then
  (cd "$ROOT" && mvn -q -B -DskipTests -pl bench -am package)
fi
RESULTS="$(mktemp -t iamlocal-jmh.XXXXXX.csv)"
JMH_LOG="$(mktemp -t iamlocal-jmh.XXXXXX.log)"
# shellcheck disable=SC2086
java -jar "$JAR" $JMH_OPTS -rf csv -rff "$RESULTS" "${ARGS[@]}" 2>&1 | tee "$JMH_LOG" >&2

echo
echo "## iamlocal benchmarks"
echo
echo "Settings: \`$JMH_OPTS\` (JMH $(unzip -p "$JAR" META-INF/maven/org.openjdk.jmh/jmh-core/pom.properties 2>/dev/null | sed -n 's/^version=//p'))"
echo
echo "| benchmark | params | score | error (99.9%) | unit |"
echo "|---|---|---:|---:|---|"
# JMH CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"[,"Param: x"...]
awk -F',' '{ gsub(/\r/, ""); for (i = 1; i <= NF; i++) gsub(/"/, "", $i) }
NR == 1 { for (i = 8; i <= NF; i++) { h[i] = $i; sub(/^Param: /, "", h[i]) }; next }
{
  name = $1; sub(/^dev\.iamlocal\.bench\./, "", name)
  params = ""
  for (i = 8; i <= NF; i++) if ($i != "") params = params (params == "" ? "" : ",") h[i] "=" $i
  printf "| %s | %s | %.0f | %.0f | %s |\n", name, (params == "" ? "-" : params), $5, $6, $7
}' "$RESULTS"
echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(java -version 2>&1 | head -1)"
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other processes share the CPU)"
failed=$(grep -c '<failure>' "$JMH_LOG" || true)
rm -f "$RESULTS" "$JMH_LOG"
if [ "$failed" != "0" ]; then
  echo "run.sh: $failed benchmark(s) failed (see the JMH output above)" >&2
  exit 1
fi

if [ "$ORACLE" = 1 ]; then
  SKIP_BUILD=1 "$ROOT/bench/compare-oracle.sh"
fi
