#!/usr/bin/env bash
# Whole-process start-up of the CLI against the iam-simulate peer (node), as a CI step or a
# pre-commit hook sees it: the same generated scenarios decided by
#   ./iamlocal simulate --input F --output json --no-validate   and   node oracle.js --core --jsonl F
# for 10 and 1,000 scenarios; for 10 also both with their input checks (ours: the validator, its findings
# kept from an earlier run and not; the peer: without --core); plus `./iamlocal validate` of one seed
# policy and `--version`.
# Runs alternate (ours, peer, ours, …) so both see the same machine; prints the median and the
# minimum wall time and the median CPU time (user + sys) of each, and the machine.
#
#   bench/cli-startup.sh [runs]        (default 9)
#   IAMLOCAL_ORACLE_DIR=/tmp/iam-oracle (where the peer is installed; see bench/compare-oracle.sh)
#
# Not a test: on a shared machine wall times follow the load; read the load averages printed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-9}"
ORACLE_DIR="${IAMLOCAL_ORACLE_DIR:-/tmp/iam-oracle}"
ORACLE_SRC="${IAMLOCAL_ORACLE_SRC:-$ROOT/../shared/tools/iam-simulate-oracle}"
JAR="$ROOT/bench/target/benchmarks.jar"
WORK="$(mktemp -d -t iamlocal-startup.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

command -v node >/dev/null || { echo "cli-startup.sh: node is not installed" >&2; exit 2; }
if [ ! -d "$ORACLE_DIR/node_modules/@cloud-copilot/iam-simulate" ]; then
  [ -f "$ORACLE_SRC/oracle.js" ] || { echo "cli-startup.sh: no oracle source at $ORACLE_SRC" >&2; exit 2; }
  rm -rf "$ORACLE_DIR" && cp -r "$ORACLE_SRC" "$ORACLE_DIR"
  (cd "$ORACLE_DIR" && npm ci --no-audit --no-fund --silent) >&2
fi
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -pl bench -am package -DskipTests) >&2
# the launcher builds the jar and records its class-data archive when needed: not timed
"$ROOT/iamlocal" --version >/dev/null

for n in 10 1000; do
  java -cp "$JAR" dev.iamlocal.bench.ScenarioFileGenerator --count "$n" --seeds "$ROOT/examples/seed-policies" \
    --out "$WORK/s$n.json" >/dev/null 2>&1
  node "$ROOT/bench/oracle/cli-to-oracle.js" "$WORK/s$n.json" "$WORK/s$n.jsonl"
done
POLICY="$ROOT/examples/seed-policies/14-enforce-training-instance-type.json"

# one timed run: appends "wall cpu" to the file $1, runs the rest
timed() {
  local out=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -o "$WORK/t" -f "%U %S" "$@" >/dev/null 2>&1 || true
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" '{ printf "%.3f %.3f\n", b - a, $1 + $2 }' "$WORK/t" >>"$out"
}

# the validator's findings of the 10 scenarios' policies, kept as a previous run keeps them (not timed)
IAMLOCAL_CACHE_DIR="$WORK/cache" "$ROOT/iamlocal" simulate --input "$WORK/s10.json" >/dev/null 2>&1 || true
for i in $(seq 1 "$RUNS"); do
  for n in 10 1000; do
    timed "$WORK/ours$n" "$ROOT/iamlocal" simulate --input "$WORK/s$n.json" --output json --no-validate
    timed "$WORK/node$n" node "$ORACLE_DIR/oracle.js" --core --jsonl "$WORK/s$n.jsonl"
  done
  timed "$WORK/validate" "$ROOT/iamlocal" validate "$POLICY"
  # the peer with its own input validation (its default, without --core), beside ours with the validator
  timed "$WORK/nodeval10" node "$ORACLE_DIR/oracle.js" --jsonl "$WORK/s10.jsonl"
  # the validator's findings kept from the previous run (the cache in $WORK/cache), and none kept
  timed "$WORK/simval" env IAMLOCAL_CACHE_DIR="$WORK/cache" "$ROOT/iamlocal" simulate --input "$WORK/s10.json" --output json
  timed "$WORK/simvalnew" env IAMLOCAL_CACHE=off "$ROOT/iamlocal" simulate --input "$WORK/s10.json" --output json
  timed "$WORK/version" "$ROOT/iamlocal" --version
done

stats() { # label file
  local wall cpu
  wall=$(cut -d' ' -f1 "$2" | sort -n | awk '{ v[NR] = $1 } END { printf "%6.2f s | %6.2f s", v[int((NR + 1) / 2)], v[1] }')
  cpu=$(cut -d' ' -f2 "$2" | sort -n | awk '{ v[NR] = $1 } END { printf "%6.2f s", v[int((NR + 1) / 2)] }')
  printf "| %-66s | %s | %s |\n" "$1" "$wall" "$cpu"
}
echo "| whole process ($RUNS runs each, interleaved) | median wall | min wall | median CPU |"
echo "|---|---|---|---|"
stats "iamlocal simulate, 10 scenarios (--no-validate)" "$WORK/ours10"
stats "iam-simulate (node oracle --core), 10 scenarios" "$WORK/node10"
stats "iamlocal simulate, 1,000 scenarios (--no-validate)" "$WORK/ours1000"
stats "iam-simulate (node oracle --core), 1,000 scenarios" "$WORK/node1000"
stats "iamlocal simulate, 10 scenarios, validator (kept findings)" "$WORK/simval"
stats "iamlocal simulate, 10 scenarios, validator (IAMLOCAL_CACHE=off)" "$WORK/simvalnew"
stats "iam-simulate (node oracle, validating its input), 10 scenarios" "$WORK/nodeval10"
stats "iamlocal validate, one policy" "$WORK/validate"
stats "iamlocal --version" "$WORK/version"
echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(java -version 2>&1 | head -1), node $(node --version)"
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other processes share the CPU)"
