#!/usr/bin/env bash
# Run a command and record how long it took, for the per-stage report of make test.
#   scripts/timed.sh NAME COMMAND...   run and record
#   scripts/timed.sh --report          print the table
set -o errexit -o nounset -o pipefail
times=${STAGE_TIMES:-.cache/stage-times}
mkdir -p "$(dirname "$times")"
if [ "${1:-}" = --report ]; then
  echo "== time per stage =="
  awk '{ printf "  %-28s %6d s  %s\n", $1, $2, $3; total += $2 } END { printf "  %-28s %6d s\n", "total", total }' "$times"
  exit 0
fi
name=$1; shift
# Seconds on the monotonic clock (the wall clock of a test machine can jump).
uptime_s() { local up _; read -r up _ </proc/uptime; echo "${up%.*}"; }
start=$(uptime_s)
status=ok
"$@" || status=FAILED
elapsed=$(( $(uptime_s) - start ))
echo "$name $elapsed $status" >>"$times"
echo "== $name: $elapsed s, $status =="
[ "$status" = ok ]
