#!/usr/bin/env bash
# The cost of authorization per SageMaker call, measured two ways (bench/README.md says why):
#  1. HTTP: DescribeNotebookInstance over loopback under closed-loop load against `iamlocal serve`,
#     by a user holding seed policy 21 (full enforcement: policies read from the store, compiled,
#     evaluated, decision logged) and by the root user (never evaluated; decision still logged),
#     interleaved user/root/user/root so that drift of the shared machine hits both alike.
#  2. In-process: the authorization step alone (SageMakerAuthorizationBenchmark, JMH sample mode).
#
#   bench/sagemaker-load.sh                 # THREADS=4 DURATION=15 (s per run) WARMUP=5 ROUNDS=2
#   CONNECTIONS="1 4" WRK_WARMUP=20 bench/sagemaker-load.sh   # with wrk installed (Debian's wrk)
#   SKIP_BUILD=1 THREADS=8 bench/sagemaker-load.sh
#
# Needs java, mvn (unless SKIP_BUILD) and the AWS CLI (aws) for the setup calls.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
THREADS="${THREADS:-4}"
SECONDS_PER_RUN="${DURATION:-15}"
WARMUP="${WARMUP:-5}"
ROUNDS="${ROUNDS:-2}"
JMH_OPTS="${JMH_OPTS:--f 1 -wi 3 -w 2s -i 5 -r 2s}"
CLI_JAR="$ROOT/cli/target/iamlocal.jar"
BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
command -v aws >/dev/null || { echo "sagemaker-load.sh: the AWS CLI (aws) is needed for the setup" >&2; exit 2; }

if [ -z "${SKIP_BUILD:-}" ]; then
  (cd "$ROOT" && mvn -q -B -DskipTests -pl cli,bench -am package)
fi

DATA="$(mktemp -d -t iamlocal-load.XXXXXX)"
LOG="$DATA/serve.log"
# shellcheck disable=SC2086 # JVM options as ./iamlocal serve runs (JAVA_OPTS replaces them)
java ${JAVA_OPTS:--XX:+UseParallelGC} -jar "$CLI_JAR" serve --data-dir "$DATA" --port 0 >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do
  grep -q '^iamlocal serving .* at http' "$LOG" && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$LOG" >&2; exit 1; }
  sleep 0.5
done
ENDPOINT="$(sed -n 's/^iamlocal serving .* at \(http[^ ]*\).*/\1/p' "$LOG")"
[ -n "$ENDPOINT" ] || { echo "sagemaker-load.sh: the server did not start" >&2; cat "$LOG" >&2; exit 1; }

export AWS_SHARED_CREDENTIALS_FILE="$DATA/credentials" AWS_CONFIG_FILE="$DATA/no-config" AWS_PAGER="" \
  AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
ROOT_KEY="$(aws configure get aws_access_key_id --profile iamlocal)"
ROOT_SECRET="$(aws configure get aws_secret_access_key --profile iamlocal)"
ACCOUNT="$(aws --profile iamlocal --endpoint-url "$ENDPOINT" sts get-caller-identity --query Account --output text)"
root_aws() { aws --profile iamlocal --endpoint-url "$ENDPOINT" "$@"; }
root_aws iam create-user --user-name devteam1 >/dev/null
root_aws iam put-user-policy --user-name devteam1 --policy-name seed-21 \
  --policy-document "file://$ROOT/examples/seed-policies/21-devteam1-deny-project-b.json"
read -r USER_KEY USER_SECRET < <(root_aws iam create-access-key --user-name devteam1 \
  --query 'AccessKey.[AccessKeyId,SecretAccessKey]' --output text)
root_aws sagemaker create-notebook-instance --notebook-instance-name nb-project-a --instance-type ml.t3.medium \
  --role-arn "arn:aws:iam::$ACCOUNT:role/SageMakerExecution" --tags Key=Project,Value=A >/dev/null

if command -v wrk >/dev/null 2>&1; then
  # wrk replays one signed request per caller (SigV4 accepts a signature for 15 minutes; the server
  # verifies each request in full) and takes far less of the 2 shared cores than a Java client.
  script() { java -cp "$BENCH_JAR" dev.iamlocal.bench.server.SageMakerLoad wrk-script "$ENDPOINT" "$1" "$2" nb-project-a; }
  script "$USER_KEY" "$USER_SECRET" >"$DATA/user.lua"
  script "$ROOT_KEY" "$ROOT_SECRET" >"$DATA/root.lua"
  # the JIT needs tens of seconds of load on 2 cores before the numbers settle
  wrk -t1 -c4 -d"${WRK_WARMUP:-20}s" -s "$DATA/user.lua" "$ENDPOINT/" >/dev/null
  wrk -t1 -c4 -d"${WRK_WARMUP:-20}s" -s "$DATA/root.lua" "$ENDPOINT/" >/dev/null
  echo "## SageMaker DescribeNotebookInstance over loopback HTTP (wrk, $SECONDS_PER_RUN s per run, user and root interleaved)"
  echo
  echo "| caller | connections | req/s | p50 us | p90 us | p99 us | non-2xx |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for round in $(seq 1 "$ROUNDS"); do
    for c in ${CONNECTIONS:-1 4}; do
      for who in user root; do
        if [ "$who" = user ]; then script "$USER_KEY" "$USER_SECRET" >"$DATA/$who.lua"
        else script "$ROOT_KEY" "$ROOT_SECRET" >"$DATA/$who.lua"; fi
        wrk -t1 -c"$c" -d"${SECONDS_PER_RUN}s" --latency -s "$DATA/$who.lua" "$ENDPOINT/" >"$DATA/wrk.out"
        label="$who"
        [ "$who" = user ] && label="user, seed 21 (enforced) #$round" || label="root (not evaluated) #$round"
        awk -v who="$label" -v c="$c" '
          function us(x) { if (x ~ /us$/) return x + 0; if (x ~ /ms$/) return x * 1000; if (x ~ /s$/) return x * 1e6; return x }
          /^ +50%/ {p50=us($2)} /^ +90%/ {p90=us($2)} /^ +99%/ {p99=us($2)}
          /Non-2xx/ {bad=$NF} /Requests\/sec/ {rps=$2}
          END {printf "| %s | %d | %.0f | %.0f | %.0f | %.0f | %d |\n", who, c, rps, p50, p90, p99, bad}' "$DATA/wrk.out"
      done
    done
  done
else
  echo "## SageMaker DescribeNotebookInstance over loopback HTTP ($SECONDS_PER_RUN s per run after $WARMUP s warm-up)"
  echo "(wrk not installed: Java client, which shares the CPU with the server; apt-get install wrk)"
  echo
  echo "| caller | clients | requests | req/s | p50 us | p90 us | p99 us | max us | errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for round in $(seq 1 "$ROUNDS"); do
    java -cp "$BENCH_JAR" dev.iamlocal.bench.server.SageMakerLoad "user, seed 21 (enforced) #$round" "$ENDPOINT" \
      "$USER_KEY" "$USER_SECRET" nb-project-a "$THREADS" "$SECONDS_PER_RUN" "$WARMUP"
    java -cp "$BENCH_JAR" dev.iamlocal.bench.server.SageMakerLoad "root (not evaluated) #$round" "$ENDPOINT" \
      "$ROOT_KEY" "$ROOT_SECRET" nb-project-a "$THREADS" "$SECONDS_PER_RUN" "$WARMUP"
  done
fi
LOAD_HTTP="$(cut -d' ' -f1-3 /proc/loadavg)"
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true

echo
echo "## The authorization step alone, in-process (JMH sample mode, \`$JMH_OPTS\`)"
echo
echo "| caller | p50 us | p90 us | p99 us | p99.9 us | mean us |"
echo "|---|---:|---:|---:|---:|---:|"
JMH_OUT="$DATA/jmh.txt"
# shellcheck disable=SC2086
java -jar "$BENCH_JAR" SageMakerAuthorizationBenchmark -bm sample -tu us $JMH_OPTS >"$JMH_OUT" 2>&1 \
  || { cat "$JMH_OUT" >&2; exit 1; }
# JMH's summary: "describe  root  sample  N  mean ± err us/op", then "describe·p0.50  root  sample  value  us/op"
awk '/^SageMakerAuthorizationBenchmark\.describe/ || /^SageMakerAuthorizationBenchmark.describe/ {
  name = $1; sub(/.*describe/, "", name); sub(/^[^a-z0-9]*/, "", name)
  if (name == "") { mean[$2] = $5 } else { v[$2 "," name] = $4 }
  callers[$2] = 1 }
END { for (c in callers) printf "| %s | %s | %s | %s | %s | %s |\n", c, v[c ",p0.50"], v[c ",p0.90"], v[c ",p0.99"], v[c ",p0.999"], mean[c] }' "$JMH_OUT"
echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(java -version 2>&1 | head -1)"
echo "Load average after the HTTP runs: $LOAD_HTTP; after JMH: $(cut -d' ' -f1-3 /proc/loadavg) (shared machine: other processes compete for the CPU)"
