#!/usr/bin/env bash
# Backup and restore benchmark on a deployed VPS container (default: make demo's):
# adds a table of generated rows (BENCH_DB_MB, default 1024 MB of dump) to the
# application database and random files (BENCH_MEDIA_MB, default 1024 MB, as
# incompressible as photos and PDFs) to the media, then
#   1. takes a backup run into the local repository (si-gouvernance-backup bench
#      --no-forget --local-only: the dump piped into restic, the media as files);
#   2. restores that run with playbooks/restore.yml (the whole day-2 path: safety
#      snapshot, stop, import, media, migrations, health);
# and prints MB/s for each and the repository's growth against the raw size, as
# one JSON line. Then removes the generated rows, files and snapshots.
#
#   make bench-backup          (brings the demo up first when it is not running)
#   BENCH_VPS=NAME BENCH_INVENTORY=PATH [BENCH_LIMIT=HOST] scripts/bench-backup.sh
#                              another deployed VPS (HOST: its inventory name, default NAME)
#
# Times come from a monotonic clock. Not part of make test (minutes of disk I/O).
set -o errexit -o nounset -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
DOCKER=${DOCKER:-docker}
VENV=${VENV:-$root/.venv}
VPS=${BENCH_VPS:-si-gouvernance-demo}
INV=${BENCH_INVENTORY:-$root/inventories/local/hosts.yml}
LIMIT=${BENCH_LIMIT:-$VPS}
DB_MB=${BENCH_DB_MB:-1024}
MEDIA_MB=${BENCH_MEDIA_MB:-1024}
if [ -z "${ANSIBLE_VAULT_PASSWORD_FILE:-}" ] && [ -f "$root/inventories/local/.vault-pass" ]; then
  export ANSIBLE_VAULT_PASSWORD_FILE=$root/inventories/local/.vault-pass
fi
export ANSIBLE_ROLES_PATH=$root/roles

log() { printf 'bench-backup: %s\n' "$*" >&2; }
now() { python3 -c 'import time; print(time.monotonic())'; }
on_vps() { "$DOCKER" exec -i "$VPS" "$@"; }

[ "$("$DOCKER" inspect -f '{{.State.Running}}' "$VPS" 2>/dev/null)" = true ] || {
  log "$VPS is not running: make demo first (or BENCH_VPS=NAME BENCH_INVENTORY=PATH for another deployed VPS)"; exit 2; }

# The paths and names as the inventory resolves them (one source: the wiring).
read -r project_dir media_dir db_name restic backup < <(
  ANSIBLE_CALLBACK_RESULT_FORMAT=json "$VENV/bin/ansible" -i "$INV" servers --limit "$LIMIT" -m ansible.builtin.debug \
    -a 'msg="{{ stack_backup_project_dir }} {{ stack_backup_media_dir }} {{ stack_backup_db_name }} {{ stack_backup_restic_command }} {{ stack_backup_run_command }}"' |
    sed -n 's/.*"msg": "\(.*\)".*/\1/p' | head -n 1)
[ -n "$backup" ] || { log "could not read the stack's paths from $INV"; exit 2; }
compose=(docker compose --project-directory "$project_dir")
bench_dir=$media_dir/bench-backup

cleanup() {
  log "removing the generated rows, files and snapshots"
  on_vps "${compose[@]}" exec -T db mariadb --protocol=socket -e 'DROP TABLE IF EXISTS bench_rows' "$db_name" || true
  on_vps rm -rf "$bench_dir" || true
  ids=$(on_vps "$restic" local snapshots --tag bench --json 2>/dev/null | python3 -c 'import json,sys; print(" ".join(s["id"] for s in json.load(sys.stdin) or []))' || true)
  [ -z "$ids" ] || on_vps "$restic" local forget --prune --quiet $ids || true
}
trap cleanup EXIT

# --- Generate --------------------------------------------------------------------
# About 1,000 bytes of dump per row: a label, an amount and hexadecimal notes
# (hashes: half as compressible as text, never deduplicated).
rows=$(( DB_MB * 1024 * 1024 / 1000 ))
log "generating $rows rows (~$DB_MB MB of dump) in $db_name.bench_rows"
on_vps "${compose[@]}" exec -T db mariadb --protocol=socket "$db_name" <<SQL
DROP TABLE IF EXISTS bench_rows;
CREATE TABLE bench_rows (id BIGINT PRIMARY KEY, label VARCHAR(64) NOT NULL, amount DECIMAL(14,2) NOT NULL, note TEXT NOT NULL) ENGINE=InnoDB;
INSERT INTO bench_rows
  SELECT seq, CONCAT('Ligne budgetaire ', seq), seq * 1.25,
         CONCAT(SHA2(seq, 512), SHA2(seq + 1e9, 512), SHA2(seq + 2e9, 512), SHA2(seq + 3e9, 512), SHA2(seq + 4e9, 512),
                SHA2(seq + 5e9, 512), SHA2(seq + 6e9, 512))
  FROM seq_1_to_$rows;
SQL
log "generating $MEDIA_MB files of 1 MB in $bench_dir"
owner=$(on_vps stat -c %u:%g "$media_dir")
on_vps sh -c "mkdir -p '$bench_dir' && for i in \$(seq 1 $MEDIA_MB); do head -c 1048576 /dev/urandom > '$bench_dir'/file-\$i.bin; done && chown -R $owner '$bench_dir'"

stats() { on_vps "$restic" local stats --mode raw-data --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["total_size"])'; }
repo_before=$(stats)

# --- Backup ------------------------------------------------------------------------
log "backup run (dump piped into restic, media as files; local repository)"
t0=$(now)
line=$(on_vps "$backup" bench --no-forget --local-only | tail -n 1)
t1=$(now)
repo_after=$(stats)
run=$(sed -n 's/.*backup run=\([^ ]*\).*/\1/p' <<<"$line")
size=$(sed -n 's/.* size=\([0-9]*\).*/\1/p' <<<"$line")
[ -n "$run" ] && [ -n "$size" ] || { log "the backup printed no run: $line"; exit 1; }

# --- Restore -----------------------------------------------------------------------
log "restoring run $run with playbooks/restore.yml"
t2=$(now)
(cd "$root" && "$VENV/bin/ansible-playbook" -i "$INV" --limit "$LIMIT" playbooks/restore.yml -e "stack_restore_run=$run" >/tmp/bench-backup-restore.log) || {
  log "the restore failed: /tmp/bench-backup-restore.log"; exit 1; }
t3=$(now)
restored=$(on_vps "${compose[@]}" exec -T db mariadb --protocol=socket -N -e 'SELECT COUNT(*) FROM bench_rows' "$db_name")
[ "$restored" = "$rows" ] || { log "restored $restored rows of $rows"; exit 1; }

python3 - "$size" "$t0" "$t1" "$t2" "$t3" "$repo_before" "$repo_after" "$rows" "$MEDIA_MB" <<'PY'
import json, sys
size, t0, t1, t2, t3, before, after, rows, media_mb = sys.argv[1:]
size, mb = int(size), int(size) / 1e6
backup_s, restore_s = float(t1) - float(t0), float(t3) - float(t2)
print(json.dumps({
    "raw_mb": round(mb), "rows": int(rows), "media_files": int(media_mb),
    "backup_s": round(backup_s, 1), "backup_mb_s": round(mb / backup_s, 1),
    "restore_s": round(restore_s, 1), "restore_mb_s": round(mb / restore_s, 1),
    "repository_growth_mb": round((int(after) - int(before)) / 1e6),
    "repository_vs_raw": round((int(after) - int(before)) / size, 3),
}))
PY
