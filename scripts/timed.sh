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
start=$SECONDS
status=ok
"$@" || status=FAILED
echo "$name $((SECONDS - start)) $status" >>"$times"
echo "== $name: $((SECONDS - start)) s, $status =="
[ "$status" = ok ]
