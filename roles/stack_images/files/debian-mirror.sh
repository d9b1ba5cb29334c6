#!/usr/bin/env bash
# Print the Debian archive URL this machine's apt is configured with.
# Reads deb822 sources first, then the one-line format; never hard-codes a host.
set -o errexit -o nounset -o pipefail

for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  # First URIs line of a stanza that is not the security archive.
  url=$(awk '
    /^[[:space:]]*$/ { if (uri != "" && suites !~ /-security/) { print uri; exit } uri=""; suites="" }
    /^URIs:/   { uri=$2 }
    /^Suites:/ { $1=""; suites=$0 }
    END { if (uri != "" && suites !~ /-security/) print uri }' "$f" | head -n 1)
  if [ -n "$url" ]; then echo "$url"; exit 0; fi
done

for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] || continue
  url=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' "$f")
  if [ -n "$url" ]; then echo "$url"; exit 0; fi
done

echo "debian-mirror: no Debian archive found in /etc/apt/sources.list{,.d}; set DEBIAN_MIRROR" >&2
exit 1
