#!/usr/bin/env bash
# A throwaway Debian 13 "VPS" container, as a provider hands one over: systemd as
# PID 1, sshd, python3, sudo; Docker runs inside once site.yml installed it.
# The one definition of its container flags, for make demo and the molecule scenario.
#   scripts/test-vps.sh start NAME NETWORK [docker run options...]
#   scripts/test-vps.sh wait NAME      wait until systemd has finished booting
# Why these flags: --privileged fails on hosts whose capability bounding set lacks
# CAP_SYS_RESOURCE, so every capability but that one; systempaths=unconfined so
# kernel parameters really apply (they reach this host's kernel: a test machine
# only); the host's cgroups for systemd; a volume for the inner /var/lib/docker
# (overlay2 does not nest on overlay2).
set -o errexit -o nounset -o pipefail
DOCKER=${DOCKER:-docker}
IMAGE=${VPS_IMAGE:-si-gouvernance/vps:trixie}

vps_flags=(
  --cap-add ALL --cap-drop SYS_RESOURCE
  --security-opt seccomp=unconfined --security-opt apparmor=unconfined
  --security-opt systempaths=unconfined --cgroupns=host
  -v /sys/fs/cgroup:/sys/fs/cgroup:rw -v /var/lib/docker
  --tmpfs /run --tmpfs /run/lock --tmpfs /tmp:exec
)

wait_booted() {
  local state="" i
  for i in $(seq 1 90); do
    state=$("$DOCKER" exec "$1" systemctl is-system-running --wait 2>/dev/null || true)
    case $state in running|degraded) return 0 ;; esac
    sleep 1
  done
  echo "test-vps: systemd in $1 says '$state' after 90 s" >&2
  return 1
}

case ${1:-} in
  start)
    [ $# -ge 3 ] || { echo "usage: $0 start NAME NETWORK [docker run options...]" >&2; exit 2; }
    name=$2 network=$3; shift 3
    "$DOCKER" run -d --name "$name" --hostname "$name" --network "$network" \
      "${vps_flags[@]}" "$@" "$IMAGE" /lib/systemd/systemd >/dev/null
    ;;
  wait)
    [ $# -eq 2 ] || { echo "usage: $0 wait NAME" >&2; exit 2; }
    wait_booted "$2"
    ;;
  *) echo "usage: $0 start NAME NETWORK [options...] | wait NAME" >&2; exit 2 ;;
esac
