#!/usr/bin/env bash
# Alert scan benchmark: for each N, a fresh schema with N projects (teams,
# phases, tasks, budget lines, contracts), then the five scans twice (the
# second run is the same day: everything deduplicated). Prints seconds and
# query count per run, as JSON lines. Uses the production image next to the
# MariaDB and Redis images, on a private network.
#
#   DOCKER=/usr/bin/docker scripts/bench-alerts.sh [N...]     (default: 1000 10000)
#
# Builds the images first (same build arguments as scripts/test-app.sh).
set -o errexit -o nounset -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
DOCKER=${DOCKER:-docker}
EXTRA_CA=${EXTRA_CA:-/etc/ssl/certs/ca-certificates.crt}
# shellcheck source=lib/test-stack.sh
. "$here/lib/test-stack.sh"
export DOCKER_BUILDKIT=1
[ $# -gt 0 ] || set -- 1000 10000

run_id="sgbench-$$-$(date +%s)"
net=$run_id db=$run_id-db redis=$run_id-redis
secrets=$(mktemp -d "/tmp/$run_id.XXXX")
SECRETS_DIR=$secrets
log() { printf 'bench-alerts: %s\n' "$*" >&2; }
cleanup() {
  "$DOCKER" rm -f "$db" "$redis" >/dev/null 2>&1 || true
  "$DOCKER" network rm "$net" >/dev/null 2>&1 || true
  rm -rf "$secrets"
}
trap cleanup EXIT INT TERM

ensure_image() {  # ensure_image TAG CONTEXT [args]   (layer cache makes an unchanged build quick)
  local tag=$1 context=$2; shift 2
  local args=(--build-arg "BASE_IMAGE=$BASE_IMAGE")
  [ -z "${DEBIAN_MIRROR:-}" ] || args+=(--build-arg "DEBIAN_MIRROR=$DEBIAN_MIRROR")
  [ -r "$EXTRA_CA" ] && args+=(--secret "id=extra_ca,src=$EXTRA_CA")
  "$DOCKER" build --quiet "${args[@]}" "$@" -t "$tag" "$context" >/dev/null
}
wait_healthy() {
  local i
  for ((i = 0; i < $2; i++)); do
    [ "$("$DOCKER" inspect -f '{{.State.Health.Status}}' "$1" 2>/dev/null)" = healthy ] && return 0
    sleep 1
  done
  log "$1 is not healthy"; return 1
}

ensure_image "$DB_IMAGE" "$root/images/mariadb"
ensure_image "$REDIS_IMAGE" "$root/images/redis"
ensure_image "$APP_IMAGE" "$root/app" --target production

stack_env_init "$secrets"
start_backends "$net" "$db" "$redis"
wait_healthy "$db" 120
wait_healthy "$redis" 60

manage() {
  "$DOCKER" run --rm --network "$net" "${APP_ENV[@]}" \
    -e LOG_TO_FILE=false -e LOG_LEVEL=WARNING "$APP_IMAGE" python manage.py "$@"
}

manage migrate --noinput >/dev/null
for n in "$@"; do
  manage flush --noinput
  log "N=$n: building the data set and running the five scans twice"
  manage bench_alerts --projects "$n" --phase build >/dev/null
  manage bench_alerts --projects "$n" --runs 2 --phase scan \
    | python3 -c 'import json, sys
d = json.load(sys.stdin)
for r in d["runs"]:
    print(json.dumps({"projects": d["projects"], "run": r["run"], "seconds": r["seconds"], "queries": r["queries"],
                      "alerts_created": r["alerts_created"]}))
print(json.dumps({"projects": d["projects"], "alerts_total": d["alerts_total"],
                  "max_rss_kb_before_scans": d["max_rss_kb_before_scans"],
                  "max_rss_kb_after_scans": d["max_rss_kb_after_scans"],
                  "per_task_first_run": d["runs"][0]["tasks"]}))'
done
