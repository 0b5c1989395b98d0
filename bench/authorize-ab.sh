#!/usr/bin/env bash
# A/B load comparison of two builds of iamlocal on POST /v1/authorize (not a test). On a noisy
# machine one build moves by +-20 % from run to run, so two builds are compared in alternation:
# for each round and each jar, start `serve` on SQLite in a temp dir, create bench-user with seed
# policy 14, warm up with wrk, then measure with wrk at each of CONNECTIONS.
#
#   bench/authorize-ab.sh A.jar B.jar          # ROUNDS=2 WARM=20 DURATION=10 CONNECTIONS="2 4"
#   JAVA_OPTS_B="-XX:+UseG1GC" bench/authorize-ab.sh J.jar J.jar   # one jar, two JVM settings
#   (JAVA_OPTS_A / JAVA_OPTS_B: each side's JVM options, JAVA_OPTS by default, and that by
#   default the launcher's -XX:+UseParallelGC)
#   SERVE_OPTS_B="--decision-log denied" bench/authorize-ab.sh J.jar J.jar   # two serve settings
#
# Build a jar of another commit with: git stash / git checkout X; mvn -q -pl cli -am package
# -DskipTests; cp cli/target/iamlocal.jar /tmp/X.jar. Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: $0 A.jar B.jar" >&2; exit 2; }
command -v wrk >/dev/null || { echo "$0: needs wrk (apt-get install wrk)" >&2; exit 2; }
ROUNDS=${ROUNDS:-2}
WARM=${WARM:-20}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-2 4}
CLASSES=bench/target/classes
POLICY=cli/src/test/resources/seed-policies/14-enforce-training-instance-type.json
[ -f "$CLASSES/dev/iamlocal/bench/HttpLoad.class" ] || mvn -B -q -pl bench -am package -DskipTests

TMP=$(mktemp -d)
PID=""
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -n 1)"
for round in $(seq 1 "$ROUNDS"); do
  # A first in odd rounds, B first in even ones: neither side always runs on a warmer machine
  if [ $((round % 2)) = 1 ]; then order="1 2"; else order="2 1"; fi
  for side in $order; do
    if [ "$side" = 1 ]; then jar=$1; else jar=$2; fi
    data="$TMP/data-$round-$side"
    mkdir -p "$data"
    opts=${JAVA_OPTS:--XX:+UseParallelGC} # what ./iamlocal serve runs with
    if [ "$side" = 1 ]; then opts=${JAVA_OPTS_A:-$opts}; else opts=${JAVA_OPTS_B:-$opts}; fi
    if [ "$side" = 1 ]; then serve_opts=${SERVE_OPTS_A:-}; else serve_opts=${SERVE_OPTS_B:-}; fi
    # shellcheck disable=SC2086
    java -Xmx512m $opts -jar "$jar" serve --data-dir "$data" --port 0 $serve_opts >"$data.log" 2>&1 &
    PID=$!
    endpoint=""
    for _ in $(seq 1 120); do
      endpoint=$(grep -o 'http://[0-9.]*:[0-9]*' "$data.log" | head -n 1 || true)
      [ -n "$endpoint" ] && break
      sleep 0.5
    done
    [ -n "$endpoint" ] || { echo "server did not start"; cat "$data.log"; exit 1; }
    arn=$(java -cp "$CLASSES" dev.iamlocal.bench.HttpLoad setup "$endpoint" "$data/credentials" bench-user "$POLICY")
    java -cp "$CLASSES" dev.iamlocal.bench.HttpLoad wrk-script "$endpoint" "$data/credentials" "$arn" >"$TMP/a.lua"
    wrk -t1 -c4 -d"${WARM}s" -s "$TMP/a.lua" "$endpoint/v1/authorize" >/dev/null
    for c in $CONNECTIONS; do
      java -cp "$CLASSES" dev.iamlocal.bench.HttpLoad wrk-script "$endpoint" "$data/credentials" "$arn" >"$TMP/a.lua"
      wrk -t1 -c"$c" -d"${DURATION}s" --latency -s "$TMP/a.lua" "$endpoint/v1/authorize" >"$TMP/wrk.out"
      awk -v c="$c" -v r="$round" -v j="$side:$(basename "$jar")" '
        /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF} /Requests\/sec/ {rps=$2}
        END {printf "round %d  %-24s connections=%d  %6.0f req/s  p50=%s  p99=%s  non-2xx=%d\n", r, j, c, rps, p50, p99, bad}' "$TMP/wrk.out"
    done
    kill "$PID"
    wait "$PID" 2>/dev/null || true
    PID=""
  done
done
