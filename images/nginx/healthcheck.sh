#!/bin/bash
# Healthy when nginx answers its own /nginx-health on port 80 (no curl in the image).
set -o errexit -o nounset -o pipefail
exec 3<>/dev/tcp/127.0.0.1/80
printf 'GET /nginx-health HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
read -r -t 4 status_line <&3
[[ "$status_line" == *" 200 "* ]]
