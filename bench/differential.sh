#!/usr/bin/env bash
# Differential test of our engine against the iam-simulate oracle (@cloud-copilot/iam-simulate
# 0.1.173, called as an external process in --core mode).
#
#   bench/differential.sh [N] [SEED]        # default N=20000, SEED=20240601
#
# Installs the oracle into $IAMLOCAL_ORACLE_DIR (default /tmp/iam-oracle) from
# $IAMLOCAL_ORACLE_SRC (default ../shared/tools/iam-simulate-oracle next to the repository) when it
# is not installed yet, then generates N random cases (fixed seed), decides each with both engines,
# shrinks the disagreements and prints a summary: cases run, agreements, disagreements by class and
# by pattern. Exit status 1 when a disagreement belongs to no investigated class
# (core/src/test/java/dev/iamlocal/differential/KnownDisagreements.java).
# Needs: Java 17, Maven, node >= 18 and npm.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:-20000}"
SEED="${2:-20240601}"
ORACLE_DIR="${IAMLOCAL_ORACLE_DIR:-/tmp/iam-oracle}"
ORACLE_SRC="${IAMLOCAL_ORACLE_SRC:-$ROOT/../shared/tools/iam-simulate-oracle}"

command -v node >/dev/null || { echo "differential.sh: node is not installed (need node >= 18)" >&2; exit 2; }
if [ ! -d "$ORACLE_DIR/node_modules/@cloud-copilot/iam-simulate" ]; then
  [ -f "$ORACLE_SRC/oracle.js" ] || { echo "differential.sh: no oracle source at $ORACLE_SRC (set IAMLOCAL_ORACLE_SRC)" >&2; exit 2; }
  echo "installing the oracle into $ORACLE_DIR ..." >&2
  rm -rf "$ORACLE_DIR" && cp -r "$ORACLE_SRC" "$ORACLE_DIR"
  (cd "$ORACLE_DIR" && npm ci --no-audit --no-fund >&2)
fi

LOG="$(mktemp -t iamlocal-differential.XXXXXX)"
STAMP="$(mktemp -t iamlocal-differential-start.XXXXXX)"
status=0
(cd "$ROOT" && mvn -q -B -pl core test \
    -Dtest='OracleDifferentialTest#generatedCasesAgreeWithTheOracleOrAreKnownDisagreements' \
    -Dsurefire.failIfNoSpecifiedTests=false \
    -Diamlocal.differential.cases="$N" -Diamlocal.differential.seed="$SEED" \
    -Diamlocal.oracle.dir="$ORACLE_DIR") >"$LOG" 2>&1 || status=$?
SUMMARY="$ROOT/core/target/differential-summary.md"
if [ -f "$SUMMARY" ] && [ "$SUMMARY" -nt "$STAMP" ]; then
  cat "$SUMMARY"
else
  tail -n 60 "$LOG" >&2
fi
if [ "$status" -ne 0 ]; then
  echo "differential.sh: FAILED (unknown disagreement class or build error; log: $LOG)" >&2
  exit 1
fi
rm -f "$LOG" "$STAMP"
