#!/usr/bin/env bash
# HTTP load benchmark of `iamlocal serve` (not a test): for each store (SQLite in a temp data dir,
# and PostgreSQL when IAMLOCAL_BENCH_PG_URL or IAMLOCAL_TEST_PG_URL is set and reachable) it starts
# the server, creates a user with seed policy 14 (through the API) and measures requests/s and
# p50/p90/p99 latency of SimulatePrincipalPolicy (signed as the root user) with the closed-loop
# Java load generator dev.iamlocal.bench.HttpLoad, then of POST /v1/authorize: decision only with wrk
# (Debian's wrk; the Java client when it is missing) at each of CONNECTIONS, then with the
# explanation (Java client).
#
#   bench/http-load.sh                       # THREADS=8 WARMUP=5 DURATION=20 by default
#   THREADS=16 DURATION=30 bench/http-load.sh
#   CONNECTIONS="1 2 4 8" WRK_WARMUP=60 bench/http-load.sh   # the wrk runs of /v1/authorize
#   SERVE_OPTS="--decision-log denied" bench/http-load.sh     # options of both servers
#
# PostgreSQL: user/password from IAMLOCAL_BENCH_PG_USER/PASSWORD (else IAMLOCAL_TEST_PG_USER/PASSWORD);
# the run uses its own schema iamlocal_bench, dropped and recreated each time (needs psql).
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS=${THREADS:-8}
WARMUP=${WARMUP:-5}
DURATION=${DURATION:-20}
WRK_WARMUP=${WRK_WARMUP:-40}
CONNECTIONS=${CONNECTIONS:-1 4}
JAR=cli/target/iamlocal.jar
CLASSES=bench/target/classes
POLICY=cli/src/test/resources/seed-policies/14-enforce-training-instance-type.json
PG_URL=${IAMLOCAL_BENCH_PG_URL:-${IAMLOCAL_TEST_PG_URL:-}}
PG_USER=${IAMLOCAL_BENCH_PG_USER:-${IAMLOCAL_TEST_PG_USER:-}}
PG_PASSWORD=${IAMLOCAL_BENCH_PG_PASSWORD:-${IAMLOCAL_TEST_PG_PASSWORD:-}}

if [ ! -f "$JAR" ] || [ ! -f "$CLASSES/dev/iamlocal/bench/HttpLoad.class" ]; then
  echo "building $JAR and the load generator"
  mvn -B -q -pl cli,bench -am package -DskipTests
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -n 1)"
echo "serve options: ${SERVE_OPTS:-(none)}"
echo "load: $THREADS threads, closed loop, ${WARMUP}s warm-up, ${DURATION}s measured, client and server on one machine"

SERVER_PID=""
TMP=$(mktemp -d)
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

# start_server NAME [serve options...]: starts iamlocal serve on a free port, sets ENDPOINT and DATA
start_server() {
  local name=$1
  shift
  DATA="$TMP/$name"
  mkdir -p "$DATA"
  # shellcheck disable=SC2086 # JVM options as ./iamlocal serve runs (JAVA_OPTS replaces them)
  java -Xmx512m ${JAVA_OPTS:--XX:+UseParallelGC} -jar "$JAR" serve --data-dir "$DATA" --port 0 ${SERVE_OPTS:-} "$@" \
    >"$TMP/$name.log" 2>&1 &
  SERVER_PID=$!
  ENDPOINT=""
  for _ in $(seq 1 120); do
    ENDPOINT=$(grep -o 'http://[0-9.]*:[0-9]*' "$TMP/$name.log" | head -n 1 || true)
    [ -n "$ENDPOINT" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/$name.log"; exit 1; }
    sleep 0.5
  done
  [ -n "$ENDPOINT" ] || { echo "server did not start"; cat "$TMP/$name.log"; exit 1; }
}

stop_server() {
  kill "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

bench_one() {
  local name=$1
  echo "== store: $name ($ENDPOINT)"
  local arn
  arn=$(java -cp "$CLASSES" dev.iamlocal.bench.HttpLoad setup "$ENDPOINT" "$DATA/credentials" bench-user "$POLICY")
  java -cp "$CLASSES" dev.iamlocal.bench.HttpLoad simulate "$ENDPOINT" "$DATA/credentials" "$arn" \
    "$THREADS" "$WARMUP" "$DURATION"
  if command -v wrk >/dev/null 2>&1; then
    # wrk (C, one thread) costs the shared CPU far less than a Java client: what is measured is
    # the server. It replays one signed request (SigV4 accepts a signature for 15 minutes; the
    # server still verifies each request in full). The JIT needs tens of seconds of load on 2 cores.
    java -cp "$CLASSES" dev.iamlocal.bench.HttpLoad wrk-script "$ENDPOINT" "$DATA/credentials" "$arn" >"$TMP/authorize.lua"
    wrk -t1 -c4 -d"${WRK_WARMUP}s" -s "$TMP/authorize.lua" "$ENDPOINT/v1/authorize" >/dev/null
    for c in $CONNECTIONS; do
      java -cp "$CLASSES" dev.iamlocal.bench.HttpLoad wrk-script "$ENDPOINT" "$DATA/credentials" "$arn" >"$TMP/authorize.lua"
      wrk -t1 -c"$c" -d"${DURATION}s" --latency -s "$TMP/authorize.lua" "$ENDPOINT/v1/authorize" >"$TMP/wrk.out"
      awk -v c="$c" -v d="$DURATION" '
        /^ +50%/ {p50=$2} /^ +90%/ {p90=$2} /^ +99%/ {p99=$2}
        /Non-2xx/ {bad=$NF} /Requests\/sec/ {rps=$2}
        END {printf "%-26s connections=%d duration=%ss throughput=%.0f req/s p50=%s p90=%s p99=%s non-2xx=%d (wrk)\n",
             "/v1/authorize", c, d, rps, p50, p90, p99, bad}' "$TMP/wrk.out"
    done
  else
    echo "(wrk not installed: measuring /v1/authorize with the Java client, which shares the CPU; apt-get install wrk)"
    java -cp "$CLASSES" dev.iamlocal.bench.HttpLoad authorize "$ENDPOINT" "$DATA/credentials" "$arn" \
      "$THREADS" "$WARMUP" "$DURATION"
  fi
  java -cp "$CLASSES" dev.iamlocal.bench.HttpLoad authorize "$ENDPOINT" "$DATA/credentials" "$arn" \
    "$THREADS" "$WARMUP" "$DURATION" explain
}

start_server sqlite
bench_one sqlite
stop_server

if [ -n "$PG_URL" ]; then
  psql_url="${PG_URL#jdbc:}"
  psql_url="${psql_url%%\?*}"
  if command -v psql >/dev/null 2>&1 && PGPASSWORD="$PG_PASSWORD" PGUSER="$PG_USER" psql -X -q -v ON_ERROR_STOP=1 "$psql_url" \
      -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS iamlocal_bench CASCADE; CREATE SCHEMA iamlocal_bench" 2>"$TMP/psql.err"; then
    sep='?'
    case "$PG_URL" in *\?*) sep='&' ;; esac
    # credentials through the environment, so they do not show in process listings
    export IAMLOCAL_DB_USER="$PG_USER" IAMLOCAL_DB_PASSWORD="$PG_PASSWORD"
    start_server postgres --db "$PG_URL${sep}currentSchema=iamlocal_bench"
    unset IAMLOCAL_DB_USER IAMLOCAL_DB_PASSWORD
    bench_one postgres
    stop_server
    PGPASSWORD="$PG_PASSWORD" PGUSER="$PG_USER" psql -X -q "$psql_url" -c "SET client_min_messages = warning; DROP SCHEMA iamlocal_bench CASCADE" || true
  else
    echo "== store: postgres skipped (cannot prepare schema at $PG_URL: $(cat "$TMP/psql.err" 2>/dev/null))"
  fi
else
  echo "== store: postgres skipped (set IAMLOCAL_BENCH_PG_URL or IAMLOCAL_TEST_PG_URL)"
fi
