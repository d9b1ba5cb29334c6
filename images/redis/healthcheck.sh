#!/bin/sh
# Healthy when redis answers PING, authenticated from the password file.
set -eu
if [ -n "${REDIS_PASSWORD_FILE:-}" ]; then
  REDISCLI_AUTH=$(tr -d '\r\n' <"$REDIS_PASSWORD_FILE"); export REDISCLI_AUTH
fi
[ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]
