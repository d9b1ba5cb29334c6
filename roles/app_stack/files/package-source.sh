#!/usr/bin/env bash
# Package the application source as a reproducible archive named by its content.
#   package-source.sh SRC_DIR CACHE_DIR [EXCLUDE...]  ->  prints "<hash> <archive path>"
set -o errexit -o nounset -o pipefail
src=$1 cache=$2; shift 2
excludes=()
for pattern in "$@"; do excludes+=("--exclude=$pattern"); done
mkdir -p "$cache"
tmp=$(mktemp "$cache/.app.XXXXXX.tar")
trap 'rm -f "$tmp"' EXIT
tar -C "$src" --sort=name --mtime='2000-01-01 00:00:00Z' --owner=0 --group=0 --numeric-owner \
  --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime "${excludes[@]}" -cf "$tmp" .
hash=$(sha256sum "$tmp" | cut -c1-12)
archive="$cache/app-$hash.tar"
[ -f "$archive" ] || mv "$tmp" "$archive"
echo "$hash $archive"
