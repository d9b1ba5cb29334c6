#!/usr/bin/env bash
# Provisioning benchmark (make bench-provision): on a fresh VPS container of its
# own (not the demo's), a cold run of site.yml until https://.../health/ready/
# answers 200, then a no-op re-run. Prints, for each, the seconds (monotonic
# clock), the recap's changed count, and the ten slowest tasks; the load
# average before and after. Removes its VPS at the end (KEEP=1 keeps it).
# Inventory: inventories/local (the demo's values and vault), pointed at this VPS.
#   scripts/bench-provision.sh
set -o errexit -o nounset -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
export DEMO_NAME=${BENCH_NAME:-si-gouvernance-bench}
export DEMO_SUBNET=${BENCH_SUBNET:-172.31.252.0/24}
export DEMO_PUBLISH=false
# shellcheck source=demo.sh
. "$here/demo.sh"
work=$root/.cache/bench-provision
mkdir -p "$work"

bench_log() { printf 'bench-provision: %s\n' "$*" >&2; }

cleanup() {
  [ -n "${KEEP:-}" ] || destroy
}
trap cleanup EXIT

# The demo's inventory, its one host reached in this container instead.
cat >"$work/hosts.yml" <<YAML
all:
  children:
    servers:
      hosts:
        si-gouvernance-demo:
          ansible_host: $NAME
YAML

# The CPU time of this machine, and the part the hypervisor gave to others
# (steal): a run on a contended virtual machine is slower for that reason alone.
cpu_times() { awk '/^cpu / {print $2+$3+$4+$5+$6+$7+$8+$9, $9}' /proc/stat; }

run_site() {  # run_site LABEL: site.yml, timed; writes $work/LABEL.log and LABEL.tasks
  local label=$1 started
  rm -f "$work/$label.tasks"
  started=$(uptime_s)
  local cpu_before
  cpu_before=$(cpu_times)
  set +o errexit
  (cd "$root" && TASK_TIMINGS_FILE="$work/$label.tasks" ANSIBLE_CALLBACK_PLUGINS="$root/plugins/callback" \
    ANSIBLE_CALLBACKS_ENABLED=task_timings,ansible.posix.profile_tasks \
    "$VENV/bin/ansible-playbook" -i "$INV/hosts.yml" -i "$work/hosts.yml" \
      --vault-password-file "$INV/.vault-pass" site.yml >"$work/$label.log" 2>&1)
  local rc=$?
  set -o errexit
  echo $(( $(uptime_s) - started )) >"$work/$label.seconds"
  read -r total_before steal_before <<<"$cpu_before"
  read -r total_after steal_after <<<"$(cpu_times)"
  echo $(( 100 * (steal_after - steal_before) / (total_after - total_before + 1) )) >"$work/$label.steal"
  [ "$rc" -eq 0 ] || { tail -40 "$work/$label.log" >&2; bench_log "site.yml ($label) failed: $work/$label.log"; exit 1; }
}

report() {  # report LABEL SECONDS
  "$VENV/bin/python" - "$1" "$2" "$work/$1.log" "$work/$1.tasks" "$(cat "$work/$1.steal")" <<'PY'
import json, re, sys
label, seconds, log, tasks, steal = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
recap = re.search(r"si-gouvernance-demo\s+: ok=(\d+)\s+changed=(\d+)", open(log).read())
rows = [json.loads(line) for line in open(tasks)]
slowest = sorted(rows, key=lambda r: r["seconds"], reverse=True)[:10]
print(json.dumps({"run": label, "seconds": seconds, "ok": int(recap.group(1)), "changed": int(recap.group(2)),
                  "tasks": len(rows), "task_seconds": round(sum(r["seconds"] for r in rows), 1),
                  "cpu_steal_percent": steal}))
for r in slowest:
    print(f"  {r['seconds']:7.2f} s  {r['task']}  [{'/'.join(r['status'])}]")
PY
}

"$here/ensure-docker.sh"
DOCKER=$DOCKER "$here/build-images.sh" vps
[ -f "$INV/group_vars/all/vault.yml" ] || { bench_log "no vault for inventories/local: make demo (or make vault-init ENV=local) first"; exit 1; }
destroy >/dev/null 2>&1 || true
bench_log "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
start_vps
operator_key

bench_log "cold run of site.yml on a fresh $NAME"
cold_started=$(uptime_s)
run_site cold
address=$("$DOCKER" inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$NAME")
code=$(curl -sk -o /dev/null -w '%{http_code}' --max-time 20 -H 'Host: localhost' "https://$address/health/ready/" || true)
cold_ready=$(( $(uptime_s) - cold_started ))
[ "$code" = 200 ] || { bench_log "/health/ready/ answered '$code' after the cold run"; exit 1; }
bench_log "cold: /health/ready/ 200 after $cold_ready s"

# The first run leaves work in the background: AIDE's first database (minutes of
# disk reads) and the stack warming up. The no-op run measures a settled server:
# it starts once AIDE's build has ended (at most BENCH_AIDE_WAIT seconds) and
# BENCH_SETTLE seconds more have passed.
waited_from=$(uptime_s)
aide_state() { "$DOCKER" exec "$NAME" systemctl show -P ActiveState si-gouvernance-aide-init.service; }
# A oneshot unit is "activating" while it runs.
while [ "$(aide_state)" = activating ] && [ $(( $(uptime_s) - waited_from )) -lt "${BENCH_AIDE_WAIT:-600}" ]; do
  sleep 5
done
bench_log "AIDE's first database: $(aide_state), after $(( $(uptime_s) - waited_from )) s of waiting"
sleep "${BENCH_SETTLE:-30}"
bench_log "no-op re-run of site.yml (load average $(cut -d' ' -f1-3 /proc/loadavg))"
run_site noop

report cold "$(cat "$work/cold.seconds")"
echo "  (fresh VPS to /health/ready/ 200: $cold_ready s)"
report noop "$(cat "$work/noop.seconds")"
bench_log "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
