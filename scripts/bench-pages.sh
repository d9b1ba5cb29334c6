#!/usr/bin/env bash
# Page speed benchmark on the demo (make demo first): the benchmark's portfolio
# (alerts/dataset.py: teams, phases, tasks, budget lines, contracts) loaded into
# the demo's database at 1,000 then 10,000 projects, the five alert scans run, and
# then, logged in as the superuser, the dashboard (his portfolio), the project list
# and the alerts page each asked BENCH_REQUESTS times (default 40) through nginx
# (https://localhost:8443, paced under the site's rate limit). Prints one JSON
# line per page and size: median and 95th percentile milliseconds (curl's own
# monotonic timer), and the page's SQL query count and server median from the
# application's page_timings. Removes the projects and users it added.
#   scripts/bench-pages.sh            (make bench-pages)
set -o errexit -o nounset -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
DOCKER=${DOCKER:-docker}
VENV=${VENV:-$root/.venv}
VPS=${BENCH_VPS:-si-gouvernance-demo}
URL=${BENCH_URL:-https://localhost:8443}
REQUESTS=${BENCH_REQUESTS:-40}
INV=$root/inventories/local
PREFIX=pagebench
work=$(mktemp -d)

log() { printf 'bench-pages: %s\n' "$*" >&2; }
web() { "$DOCKER" exec -i "$VPS" docker compose --project-directory /opt/si-gouvernance exec -T web "$@"; }
django() {  # django PYTHON: run in the web container's Django shell (stdin)
  web python3 manage.py shell
}

[ "$(curl -sk -o /dev/null -w '%{http_code}' --max-time 10 "$URL/health/ready/" || true)" = 200 ] || {
  log "$URL/health/ready/ does not answer 200: make demo first"; exit 2; }

cleanup() {
  log "removing the benchmark's projects and users"
  django <<PY >/dev/null || true
from django.contrib.auth import get_user_model
from projects.models import Project
Project.objects.filter(nom__startswith="$PREFIX").delete()
get_user_model().objects.filter(username__startswith="$PREFIX").delete()
PY
  rm -rf "$work"
}
trap cleanup EXIT

# The superuser's name and password, as the deployment knows them.
# The superuser: the inventory's app_stack_superuser_username, else the role's default.
user=$(ANSIBLE_CALLBACK_RESULT_FORMAT=json "$VENV/bin/ansible" servers -i "$INV/hosts.yml" --vault-password-file "$INV/.vault-pass" \
  -m ansible.builtin.debug -a 'msg={{ app_stack_superuser_username | default("admin") }}' 2>/dev/null \
  | sed -n 's/.*"msg": "\(.*\)".*/\1/p' | head -n 1)
user=${user:-admin}
password=$("$VENV/bin/ansible-vault" view --vault-password-file "$INV/.vault-pass" "$INV/group_vars/all/vault.yml" \
  | "$VENV/bin/python" -c 'import sys, yaml; print(yaml.safe_load(sys.stdin)["vault_superuser_password"])')

load() {  # load N PART: add N projects under the prefix, then run the five scans
  django <<PY | tail -n 1
import time
from alerts.dataset import build_dataset
from alerts.scans import SCANS
from core.dates import today
t0 = time.monotonic()
build_dataset($1, today(), prefix="$PREFIX$2")
for scan in SCANS.values():
    scan()
print("loaded $1 projects and scanned in", round(time.monotonic() - t0, 1), "s")
PY
}

login() {
  rm -f "$work/cookies"
  local csrf
  curl -sk -c "$work/cookies" -b "$work/cookies" -o /dev/null "$URL/comptes/connexion/"
  csrf=$(awk '$6 == "csrftoken" { print $7 }' "$work/cookies")
  curl -sk -c "$work/cookies" -b "$work/cookies" -o /dev/null -H "Referer: $URL/comptes/connexion/" \
    --data-urlencode "username=$user" --data-urlencode "password=$password" \
    --data-urlencode "csrfmiddlewaretoken=$csrf" "$URL/comptes/connexion/"
  grep -q sessionid "$work/cookies" || { log "could not log in as $user"; exit 1; }
}

measure() {  # measure SIZE: every page through nginx, then its queries from page_timings
  local size=$1 path
  for path in / /projets/ /alertes/; do
    : >"$work/times"
    for _ in $(seq 1 "$REQUESTS"); do
      curl -sk -b "$work/cookies" -o /dev/null -w '%{http_code} %{time_total}\n' "$URL$path" >>"$work/times"
      sleep 0.15  # under the site's 10 requests/s per address
    done
    web python3 manage.py page_timings --username "$user" --repeat 10 --path "$path" </dev/null \
      | tail -n 1 >"$work/server"
    "$VENV/bin/python" - "$size" "$path" "$work/times" "$work/server" <<'PY'
import json, statistics, sys
size, path, times, server = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
rows = [line.split() for line in open(times)]
ms = sorted(float(t) * 1000 for code, t in rows)
bad = [code for code, _ in rows if code != "200"]
s = json.loads(open(server).read())
print(json.dumps({"projects": int(size), "path": path, "requests": len(rows), "not_200": len(bad),
                  "median_ms": round(statistics.median(ms), 1), "p95_ms": round(ms[int(len(ms) * 0.95) - 1], 1),
                  "queries": s["queries"], "server_median_ms": s["median_ms"]}))
PY
  done
}

log "loading 1,000 projects"
load 1000 a
login
measure 1000
log "loading 9,000 more (10,000 in all)"
load 9000 b
measure 10000
