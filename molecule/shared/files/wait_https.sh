#!/bin/bash
# Drill helper, on the VPS: wait until nginx answers 200 for https://NAME/PATH on
# this server (at most TIMEOUT seconds, polled every 0.2 s); print the seconds
# taken, on the monotonic clock. Usage: wait_https.sh NAME PATH TIMEOUT
set -o nounset -o pipefail
name=$1 path=$2 timeout=$3
now() { cut -d' ' -f1 /proc/uptime; }
start=$(now)
while :; do
  code=$(curl -sk -o /dev/null -w '%{http_code}' --max-time 2 --resolve "$name:443:127.0.0.1" "https://$name$path" || true)
  elapsed=$(awk -v a="$(now)" -v b="$start" 'BEGIN { printf "%.1f", a - b }')
  if [ "$code" = 200 ]; then echo "served after $elapsed s"; exit 0; fi
  if awk -v e="$elapsed" -v t="$timeout" 'BEGIN { exit !(e > t) }'; then echo "not served within $timeout s (last answer $code)"; exit 1; fi
  sleep 0.2
done
