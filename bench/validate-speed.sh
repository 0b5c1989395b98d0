#!/usr/bin/env bash
# How long `iamlocal validate` takes over the 87 bundled AWS managed policies plus the 23 seed
# policies (110 files), end to end through ./iamlocal: JVM start, catalog, validation, output.
#
#   bench/validate-speed.sh [runs]        (default 10 runs; builds the jar first if needed)
#
# Prints each run and the min and median of wall time and of CPU time (user + sys of the whole
# process tree), with the machine: on a shared machine wall time follows the load, so read the
# load averages and the CPU times with it. The managed policies come out of the built core jar,
# byte for byte the documents iamlocal bundles; nothing outside this repository is read.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-10}"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [runs]" >&2; exit 2; }

# First call builds the jar and records the class-data archive when needed; not timed.
"$root/iamlocal" --version >/dev/null

work="$(mktemp -d "${TMPDIR:-/tmp}/iamlocal-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
core_jar="$(ls "$root"/core/target/iamlocal-core-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -1 || true)"
jar="${core_jar:-$root/cli/target/iamlocal.jar}"
if command -v jar >/dev/null 2>&1; then
  (cd "$work" && jar xf "$jar" dev/iamlocal/catalog/managed-policies)
else
  unzip -q "$jar" 'dev/iamlocal/catalog/managed-policies/*' -d "$work"
fi
policies="$work/managed-policies"
mv "$work/dev/iamlocal/catalog/managed-policies" "$policies"
rm -f "$policies/index.json"
seeds="$root/examples/seed-policies"
count=$(( $(ls "$policies"/*.json | wc -l) + $(ls "$seeds"/*.json | wc -l) ))
[[ "$count" -eq 110 ]] || echo "note: $count policy files (expected 110)" >&2

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //')"
echo "java:    $(java -version 2>&1 | head -2 | tr '\n' ' ')"
echo "command: ./iamlocal validate --fail-on error <87 managed policies> examples/seed-policies"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"

walls=()
cpus=()
TIMEFORMAT='%R %U %S'
for ((i = 1; i <= runs; i++)); do
  # `time` on a group reports the group's wall and the CPU of the processes it waited for.
  # Exit status 1 only says that findings at error level were found (some managed policies have).
  t="$( { time "$root/iamlocal" validate --fail-on error "$policies" "$seeds" >/dev/null 2>"$work/err" \
        || echo "rc=$?" >>"$work/err"; } 2>&1 )"
  if grep -q "^rc=[^1]" "$work/err" || ! grep -q "file(s) validated" "$work/err"; then
    echo "run $i failed:" >&2; cat "$work/err" >&2; exit 1
  fi
  read -r wall user sys <<<"$t"
  cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
  walls+=("$wall")
  cpus+=("$cpu")
  printf 'run %2d: %s s wall, %s s cpu (%s user, %s sys), load %s\n' \
    "$i" "$wall" "$cpu" "$user" "$sys" "$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo ?)"
done
echo "result:  $(grep "file(s) validated" "$work/err")"
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"

stats() { # min and median of the arguments
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "min %.2f s, median %.2f s\n", v[1], m }'
}
echo "wall: $(stats "${walls[@]}")"
echo "cpu:  $(stats "${cpus[@]}")"
