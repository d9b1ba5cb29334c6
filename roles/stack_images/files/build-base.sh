#!/usr/bin/env bash
# Build the registry-free Debian base image: debootstrap from the Debian mirror
# this server's apt uses, trimmed like the official -slim images, imported into Docker.
#   build-base.sh SUITE MIRROR IMAGE RECIPE
set -o errexit -o nounset -o pipefail
suite=$1 mirror=$2 image=$3 recipe=$4

rootfs=$(mktemp -d /var/tmp/si-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
debootstrap --variant=minbase --include=ca-certificates "$suite" "$rootfs" "$mirror" >/var/tmp/si-debootstrap.log 2>&1 \
  || { tail -20 /var/tmp/si-debootstrap.log >&2; exit 1; }
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'SLIM'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
SLIM
cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'CLEAN'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";
Acquire::GzipIndexes "true"; Acquire::Languages "none";
APT::Install-Recommends "false"; APT::Install-Suggests "false";
CLEAN
cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<SRC
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
rm -f "$rootfs/etc/apt/sources.list"
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
: >"$rootfs/etc/machine-id"
tar -C "$rootfs" --numeric-owner -c . | docker import \
  --change "LABEL org.si-gouvernance.recipe=$recipe" \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["bash"]' - "$image"
