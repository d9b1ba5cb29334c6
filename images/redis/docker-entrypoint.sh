#!/bin/bash
# Start redis-server; the password (REDIS_PASSWORD_FILE) goes into an include
# file so that neither `docker inspect` nor `ps` shows it.
set -o errexit -o nounset -o pipefail

AUTH_CONF=/run/redis/auth.conf
if [ "${1:-}" = "redis-server" ]; then
  umask 077
  : >"$AUTH_CONF"
  if [ -n "${REDIS_PASSWORD_FILE:-}" ]; then
    [ -r "$REDIS_PASSWORD_FILE" ] || { echo "REDIS_PASSWORD_FILE=$REDIS_PASSWORD_FILE is not readable" >&2; exit 1; }
    printf 'requirepass "%s"\n' "$(tr -d '\r\n' <"$REDIS_PASSWORD_FILE" | sed 's/["\\]/\\&/g')" >"$AUTH_CONF"
  fi
  set -- "$@" --include "$AUTH_CONF"
fi
exec "$@"
