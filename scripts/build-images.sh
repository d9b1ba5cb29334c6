#!/usr/bin/env bash
# Build the registry-free test platform images, each only when its recipe changed.
#
#   base   si-gouvernance/debian-base:trixie  debootstrap'd Debian 13, the stand-in for debian:trixie-slim
#   vps    si-gouvernance/vps:trixie          a "fresh VPS": systemd as PID 1, openssh-server, python3, sudo
#   probe  si-gouvernance/probe:trixie        an outside client: ssh, ssh-audit, curl, netcat; Pebble (test ACME CA); restic REST server (off-host backups)
#
# Usage: scripts/build-images.sh [base|vps|probe|all]...   (default: all)
# The recipe hash of each image (roles/stack_images/files/recipe-hash.sh, the same
# mechanism the stack_images role uses on servers) is stored in its label
# org.si-gouvernance.recipe; an image whose label matches is kept as it is.
set -o errexit -o nounset -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
DOCKER=${DOCKER:-docker}
SUITE=${DEBIAN_SUITE:-trixie}
PYTHON=${PYTHON:-$root/.venv/bin/python}
[ -x "$PYTHON" ] || PYTHON=python3
BASE_IMAGE=${BASE_IMAGE_NAME:-$("$PYTHON" "$here/wiring.py" get stack_base_image)}
VPS_IMAGE=si-gouvernance/vps:$SUITE
PROBE_IMAGE=si-gouvernance/probe:$SUITE
SSH_AUDIT_VERSION=3.9.0

log() { printf 'build-images: %s\n' "$*" >&2; }

current_recipe() { "$DOCKER" image inspect -f '{{ index .Config.Labels "org.si-gouvernance.recipe" }}' "$1" 2>/dev/null || true; }

RECIPE_HASH="$root/roles/stack_images/files/recipe-hash.sh"

# The base is made by the same script the stack_images role runs on servers,
# so the path the tests take is the path production takes.
BUILD_BASE="$root/roles/stack_images/files/build-base.sh"

build_base() {
  local mirror recipe
  mirror=${DEBIAN_MIRROR:-$("$here/debian-mirror.sh")}
  recipe=$(sh "$RECIPE_HASH" "$SUITE $mirror" "$BUILD_BASE")
  if [ "$(current_recipe "$BASE_IMAGE")" = "$recipe" ]; then
    log "$BASE_IMAGE is up to date ($recipe)"; return 0
  fi
  command -v debootstrap >/dev/null || { log "debootstrap is missing: apt-get install debootstrap"; exit 1; }
  log "debootstrap $SUITE from $mirror (minbase)"
  local started=$SECONDS
  PATH="$(dirname "$(command -v "$DOCKER")"):$PATH" bash "$BUILD_BASE" "$SUITE" "$mirror" "$BASE_IMAGE" "$recipe" >/dev/null
  log "$BASE_IMAGE built in $((SECONDS - started)) s ($("$DOCKER" image inspect -f '{{.Size}}' "$BASE_IMAGE" | numfmt --to=iec))"
}

# build_dockerfile IMAGE DIR [more salt]
build_dockerfile() {
  local image=$1 dir=$2 salt=${3:-}
  local recipe
  recipe=$(sh "$RECIPE_HASH" "$("$DOCKER" image inspect -f '{{.Id}}' "$BASE_IMAGE") $salt" "$dir")
  if [ "$(current_recipe "$image")" = "$recipe" ]; then
    log "$image is up to date ($recipe)"; return 0
  fi
  local started=$SECONDS
  log "building $image"
  DOCKER_BUILDKIT=0 "$DOCKER" build -q --build-arg "BASE_IMAGE=$BASE_IMAGE" \
    --label "org.si-gouvernance.recipe=$recipe" -t "$image" "$dir" >/dev/null
  log "$image built in $((SECONDS - started)) s"
}

build_probe() {
  local wheels="$root/images/probe/wheels"
  if ! ls "$wheels"/ssh_audit-"$SSH_AUDIT_VERSION"-*.whl >/dev/null 2>&1; then
    log "fetching ssh-audit $SSH_AUDIT_VERSION from the Python package index"
    rm -rf "$wheels"; mkdir -p "$wheels"
    python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$wheels" "ssh-audit==$SSH_AUDIT_VERSION"
  fi
  build_dockerfile "$PROBE_IMAGE" "$root/images/probe" "ssh-audit $SSH_AUDIT_VERSION"
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(all)
for t in "${targets[@]}"; do
  case $t in
    base)  build_base ;;
    vps)   build_base; build_dockerfile "$VPS_IMAGE" "$root/images/vps" ;;
    probe) build_base; build_probe ;;
    all)   build_base; build_dockerfile "$VPS_IMAGE" "$root/images/vps"; build_probe ;;
    *) log "unknown image '$t' (base, vps, probe or all)"; exit 2 ;;
  esac
done
