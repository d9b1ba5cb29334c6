#!/bin/sh
# Vault password client of the scenario: a random password kept in the scenario's
# ephemeral directory, made on first use (the vault itself: ../shared/create.yml).
set -eu
pass="${MOLECULE_EPHEMERAL_DIRECTORY:?run through molecule}/vault-pass"
if [ ! -s "$pass" ]; then
  mkdir -p "$(dirname "$pass")"
  (umask 077 && python3 -c 'import secrets; print(secrets.token_urlsafe(32))' >"$pass")
fi
cat "$pass"
