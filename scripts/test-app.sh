#!/usr/bin/env bash
# Application tests: build the MariaDB, Redis and application images, start the
# database and Redis on a private Docker network, run pytest inside the
# development image (Python 3.13, as in production), then check that the
# production image runs as non-root and answers /health/ready/ next to them.
#
#   DOCKER=/usr/bin/docker scripts/test-app.sh [pytest args...]
#
# Environment: DOCKER (client, default docker), BASE_IMAGE (default: the wiring's
# stack_base_image), DEBIAN_MIRROR (optional build arg), EXTRA_CA (PEM bundle
# passed as the extra_ca build secret; default: the host's).
# Image names, secrets and the application's environment come from the stack's
# wiring and the app_stack role's app.env template (scripts/lib/test-stack.sh).
set -o errexit -o nounset -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
DOCKER=${DOCKER:-docker}
EXTRA_CA=${EXTRA_CA:-/etc/ssl/certs/ca-certificates.crt}
# shellcheck source=lib/test-stack.sh
. "$here/lib/test-stack.sh"
DEV_IMAGE=${DEV_IMAGE:-$(wiring get stack_app_image)-dev:test}
export DOCKER_BUILDKIT=1

run_id="sgtest-$$-$(date +%s)"
net=$run_id
db=$run_id-db
redis=$run_id-redis
web=$run_id-web
secrets=$(mktemp -d "/tmp/$run_id.XXXX")
SECRETS_DIR=$secrets
started_all=$SECONDS
stage_started=$SECONDS

log() { printf 'test-app: %s\n' "$*" >&2; }
stage() { log "-- $1 (previous stage: $((SECONDS - stage_started)) s)"; stage_started=$SECONDS; }

cleanup() {
  local rc=$?
  "$DOCKER" rm -f "$web" "$db" "$redis" >/dev/null 2>&1 || true
  "$DOCKER" network rm "$net" >/dev/null 2>&1 || true
  rm -rf "$secrets"
  log "total $((SECONDS - started_all)) s, exit $rc"
  exit $rc
}
trap cleanup EXIT INT TERM

"$DOCKER" image inspect "$BASE_IMAGE" >/dev/null 2>&1 \
  || { log "missing base image $BASE_IMAGE: run scripts/build-images.sh base (make images)"; exit 1; }

build() {  # build TAG CONTEXT [extra args...]
  local tag=$1 context=$2; shift 2
  local args=(--build-arg "BASE_IMAGE=$BASE_IMAGE")
  [ -z "${DEBIAN_MIRROR:-}" ] || args+=(--build-arg "DEBIAN_MIRROR=$DEBIAN_MIRROR")
  if [ -r "$EXTRA_CA" ]; then args+=(--secret "id=extra_ca,src=$EXTRA_CA"); fi
  local t0=$SECONDS
  "$DOCKER" build --quiet "${args[@]}" "$@" -t "$tag" "$context" >/dev/null
  log "built $tag in $((SECONDS - t0)) s"
}

wait_healthy() {  # wait_healthy CONTAINER SECONDS
  local i status
  for ((i = 0; i < $2; i++)); do
    status=$("$DOCKER" inspect -f '{{.State.Health.Status}}' "$1" 2>/dev/null || echo missing)
    case $status in
      healthy) return 0 ;;
      missing) break ;;
    esac
    [ "$("$DOCKER" inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" = true ] || break
    sleep 1
  done
  log "$1 is not healthy ($status)"; "$DOCKER" logs --tail 50 "$1" >&2 || true
  return 1
}

stage "build images"
build "$DB_IMAGE" "$root/images/mariadb"
build "$REDIS_IMAGE" "$root/images/redis"
build "$APP_IMAGE" "$root/app" --target production
build "$DEV_IMAGE" "$root/app" --target development

stage "start MariaDB and Redis on network $net"
# Redelivery of a killed worker's task within seconds (the e2e test), not an hour.
stack_env_init "$secrets" '{"app_stack_extra_environment": {"CELERY_VISIBILITY_TIMEOUT": "30", "CELERY_UNACKED_RESTORE_INTERVAL": "2", "CELERY_UNACKED_RESTORE_THROTTLE": "1"}}'
start_backends "$net" "$db" "$redis"
wait_healthy "$db" 120
wait_healthy "$redis" 60
# The test runner creates test_si_gouvernance: allow the application user to.
"$DOCKER" exec "$db" mariadb --protocol=socket \
  -e "GRANT ALL PRIVILEGES ON \`test\\_%\`.* TO '$(wiring get stack_db_user)'@'%';"

stage "pytest (inside $DEV_IMAGE)"
set +o errexit
"$DOCKER" run --rm --name "$run_id-pytest" --network "$net" "${APP_ENV[@]}" \
  -e LOG_TO_FILE=false "$DEV_IMAGE" \
  python -m pytest -p no:cacheprovider "$@"
pytest_rc=$?
set -o errexit

stage "production image: non-root, migrate, /health/ready/"
prod_env=("${APP_ENV[@]}" -e GUNICORN_WORKERS=2)
"$DOCKER" run --rm --network "$net" "${prod_env[@]}" "$APP_IMAGE" python manage.py migrate --noinput >/dev/null
"$DOCKER" run -d --name "$web" --network "$net" "${prod_env[@]}" --health-interval 2s "$APP_IMAGE" >/dev/null
wait_healthy "$web" 90
uid=$("$DOCKER" exec "$web" id -u)
ready=$("$DOCKER" exec "$web" python3 -c '
import urllib.request, urllib.error
try:
    r = urllib.request.urlopen("http://127.0.0.1:8000/health/ready/", timeout=10)
    print(r.status, r.read().decode())
except urllib.error.HTTPError as e:
    print(e.code, e.read().decode())')
compilers=$("$DOCKER" run --rm --entrypoint sh "$APP_IMAGE" -c 'command -v gcc cc make || true')
extra_ca=$("$DOCKER" run --rm --entrypoint sh "$APP_IMAGE" -c 'find /usr/local/share/ca-certificates /tmp /run/secrets -type f 2>/dev/null || true')
size=$("$DOCKER" image inspect -f '{{.Size}}' "$APP_IMAGE" | numfmt --to=iec)
log "production image: uid $uid, size $size, /health/ready/ -> $ready"
prod_ok=true
[ "$uid" = "10001" ] || { log "FAIL: production image runs as uid $uid"; prod_ok=false; }
case $ready in "200 "*) ;; *) log "FAIL: /health/ready/ did not answer 200"; prod_ok=false ;; esac
[ -z "$compilers" ] || { log "FAIL: compilers in the production image: $compilers"; prod_ok=false; }
[ -z "$extra_ca" ] || { log "FAIL: build CA left in the production image: $extra_ca"; prod_ok=false; }
"$DOCKER" exec "$web" sh -c 'test -s /app/logs/gunicorn-error.log && test -s /app/staticfiles/staticfiles.json' \
  || { log "FAIL: gunicorn log file or collected static files missing"; prod_ok=false; }
# A page through the proxy's headers: the login form, with hashed static names.
login=$("$DOCKER" exec "$web" python3 -c '
import urllib.request
req = urllib.request.Request("http://127.0.0.1:8000/comptes/connexion/",
                             headers={"Host": "'"$TEST_DOMAIN"'", "X-Forwarded-Proto": "https"})
r = urllib.request.urlopen(req, timeout=10)
print(r.status, r.headers.get("Strict-Transport-Security"), r.read().decode())')
case $login in
  "200 max-age="*app.*.css*) ;;
  *) log "FAIL: login page over the proxy headers: ${login:0:300}"; prod_ok=false ;;
esac
stage "done"

[ "$pytest_rc" -eq 0 ] || { log "pytest failed ($pytest_rc)"; exit "$pytest_rc"; }
$prod_ok || exit 1
log "all application checks passed"
