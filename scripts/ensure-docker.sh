#!/usr/bin/env bash
# Make sure a Docker engine answers on this machine.
# If none does, and this is Debian and we are root, install docker.io and start
# the daemon (under systemd when it is PID 1, in the background otherwise).
# Anything else stops with a message that says what to install.
set -o errexit -o nounset -o pipefail

log() { printf 'ensure-docker: %s\n' "$*" >&2; }

if docker info >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! grep -qi '^ID=debian' /etc/os-release 2>/dev/null; then
  log "no Docker engine answers, and this is not a Debian machine where we are root."
  log "Install and start a Docker engine (Debian: 'apt-get install docker.io'), then run this again."
  exit 1
fi

if ! command -v dockerd >/dev/null 2>&1; then
  log "installing docker.io, debootstrap and iptables from the configured Debian mirror"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq docker.io debootstrap iptables >/dev/null
fi

if [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ]; then
  systemctl enable --now docker
else
  # A daemon killed without cleanup leaves its pid file behind; a new one refuses to start.
  for pidfile in /var/run/docker.pid /run/docker/containerd/containerd.pid; do
    if [ -f "$pidfile" ] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then rm -f "$pidfile"; fi
  done
  log "starting dockerd in the background (log: /var/log/dockerd.log)"
  nohup dockerd >/var/log/dockerd.log 2>&1 &
fi

for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    log "Docker engine is up: $(docker info --format '{{.ServerVersion}} {{.Driver}} cgroup v{{.CgroupVersion}}')"
    exit 0
  fi
  sleep 1
done
log "dockerd did not answer within 60 s; see /var/log/dockerd.log"
exit 1
