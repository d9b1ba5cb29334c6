#!/usr/bin/env bash
# The local demo: a Debian 13 "VPS" container on this machine, provisioned by
# site.yml against inventories/local, then served on https://localhost:8443.
#   scripts/demo.sh up        (make demo)          create or update the demo
#   scripts/demo.sh destroy   (make demo-destroy)  remove it, with its volumes
# First use creates inventories/local/group_vars/all/vault.yml with random secrets
# (password in inventories/local/.vault-pass, ignored by git).
set -o errexit -o nounset -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
DOCKER=${DOCKER:-docker}
NAME=${DEMO_NAME:-si-gouvernance-demo}
NET=${DEMO_NET:-$NAME-net}
HTTPS_PORT=${DEMO_HTTPS_PORT:-8443}
HTTP_PORT=${DEMO_HTTP_PORT:-8080}
# Ports published on 127.0.0.1 (DEMO_PUBLISH=false: none, as scripts/bench-provision.sh runs it).
PUBLISH=${DEMO_PUBLISH:-true}
VENV=${VENV:-$root/.venv}
INV=$root/inventories/local
KEY_DIR=$root/.cache/demo

log() { printf 'demo: %s\n' "$*" >&2; }
# Seconds on the monotonic clock (the wall clock of a test machine can jump).
uptime_s() { local up _; read -r up _ </proc/uptime; echo "${up%.*}"; }

running() { [ "$("$DOCKER" inspect -f '{{.State.Running}}' "$NAME" 2>/dev/null)" = "true" ]; }

start_vps() {
  if running; then log "$NAME is already running"; return 0; fi
  "$DOCKER" rm -f -v "$NAME" >/dev/null 2>&1 || true
  # A fixed subnet: Docker's next free one could be the stack's own network inside the VPS.
  "$DOCKER" network inspect "$NET" >/dev/null 2>&1 || "$DOCKER" network create --subnet "${DEMO_SUBNET:-172.31.251.0/24}" "$NET" >/dev/null
  local ports=()
  [ "$PUBLISH" != true ] || ports=(-p "127.0.0.1:$HTTPS_PORT:443" -p "127.0.0.1:$HTTP_PORT:80")
  "$here/test-vps.sh" start "$NAME" "$NET" "${ports[@]}"
  log "started $NAME; waiting for systemd"
  "$here/test-vps.sh" wait "$NAME"
}

operator_key() {
  # The operator's key pair, handed to the VPS as a cloud provider does (root's authorized_keys).
  mkdir -p "$KEY_DIR"
  if [ ! -f "$KEY_DIR/id_admin" ]; then
    "$VENV/bin/ansible" localhost -i localhost, -c local -e "ansible_python_interpreter=$VENV/bin/python" -m community.crypto.openssh_keypair \
      -a "path=$KEY_DIR/id_admin type=ed25519 comment=demo-operator" >/dev/null
  fi
  "$DOCKER" exec -i "$NAME" sh -c 'umask 077; mkdir -p /root/.ssh; cat >/root/.ssh/authorized_keys' <"$KEY_DIR/id_admin.pub"
}

up() {
  local started
  started=$(uptime_s)
  "$here/ensure-docker.sh"
  DOCKER=$DOCKER "$here/build-images.sh" vps
  if [ ! -f "$INV/group_vars/all/vault.yml" ]; then
    log "no vault for the local environment yet: generating one with random secrets"
    "$here/vault-init.sh" local
  fi
  start_vps
  operator_key
  log "running site.yml against inventories/local (first run: about 10 minutes)"
  (cd "$root" && "$VENV/bin/ansible-playbook" -i "$INV/hosts.yml" \
      --vault-password-file "$INV/.vault-pass" site.yml)
  local code
  code=$(curl -sk -o /dev/null -w '%{http_code}' --max-time 20 "https://localhost:$HTTPS_PORT/health/ready/" || true)
  [ "$code" = "200" ] || { log "https://localhost:$HTTPS_PORT/health/ready/ answered '$code'"; exit 1; }
  cat <<MSG

  SI Gouvernance demo is up ($(( $(uptime_s) - started )) s): https://localhost:$HTTPS_PORT/
  (self-signed certificate: accept it in the browser; http://localhost:$HTTP_PORT redirects there)

  Admin login: user 'admin'; password = vault_superuser_password, shown by:
    $VENV/bin/ansible-vault view --vault-password-file inventories/local/.vault-pass inventories/local/group_vars/all/vault.yml
  Remove the demo: make demo-destroy

MSG
}

destroy() {
  "$DOCKER" rm -f -v "$NAME" >/dev/null 2>&1 && log "removed $NAME" || log "$NAME was not there"
  "$DOCKER" network rm "$NET" >/dev/null 2>&1 || true
}

# Sourced (scripts/bench-provision.sh): the functions only.
[ "${BASH_SOURCE[0]}" = "$0" ] || return 0

case ${1:-up} in
  up) up ;;
  destroy) destroy ;;
  *) echo "usage: $0 up|destroy" >&2; exit 2 ;;
esac
