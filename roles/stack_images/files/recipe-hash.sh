#!/bin/sh
# The recipe hash of an image: the one mechanism that decides whether an image is
# rebuilt, used by the stack_images role (on the controller, through a lookup) and
# by scripts/build-images.sh. It hashes a salt (what the recipe's files do not
# say: the suite, the mirror, the base image's id) and the sha256 of every file
# of each argument (a file, or a directory walked in a stable order, skipping
# downloaded wheels/), named relative to that argument.
#   recipe-hash.sh SALT FILE_OR_DIR...     prints 16 hex digits
set -eu
salt=$1
shift
{
  printf '%s\n' "$salt"
  for src in "$@"; do
    if [ -d "$src" ]; then
      (cd "$src" && find . -type f ! -path './wheels/*' -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
    else
      (cd "$(dirname "$src")" && sha256sum "$(basename "$src")")
    fi
  done
} | sha256sum | cut -c1-16
