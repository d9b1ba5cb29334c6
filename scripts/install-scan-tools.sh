#!/usr/bin/env bash
# The outside scanners the molecule scenario runs against the converged front,
# each in its own place under .cache/scan-tools (sslyze's cryptography pin must
# not meet the controller's Ansible venv). Installed once; a version change reinstalls.
#   sslyze       Mozilla TLS profile compliance (PyPI)
#   observatory  MDN HTTP Observatory (npm), offline: no HSTS preload list download
#   browser      Debian's Chromium and ChromeDriver, and Selenium (PyPI), for the
#                browser walk of the pages (molecule/shared/files/browser_walk.py)
# Usage: scripts/install-scan-tools.sh   (prints nothing when both are in place)
set -o errexit -o nounset -o pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir=$root/.cache/scan-tools
SSLYZE_VERSION=6.3.1
OBSERVATORY_VERSION=1.4.8
PYTHON=${PYTHON:-python3}

log() { printf 'install-scan-tools: %s\n' "$*" >&2; }
mkdir -p "$dir"

if [ "$(cat "$dir/sslyze/.version" 2>/dev/null)" != "$SSLYZE_VERSION" ]; then
  log "sslyze $SSLYZE_VERSION into $dir/sslyze"
  rm -rf "$dir/sslyze"
  "$PYTHON" -m venv "$dir/sslyze"
  "$dir/sslyze/bin/pip" install --quiet "sslyze==$SSLYZE_VERSION"
  "$dir/sslyze/bin/sslyze" --help >/dev/null
  echo "$SSLYZE_VERSION" > "$dir/sslyze/.version"
fi

obs=$dir/observatory
if [ "$(cat "$obs/.version" 2>/dev/null)" != "$OBSERVATORY_VERSION" ]; then
  command -v npm >/dev/null || { log "npm is missing (Debian: apt-get install npm)"; exit 1; }
  log "@mdn/mdn-http-observatory $OBSERVATORY_VERSION into $obs"
  rm -rf "$obs"; mkdir -p "$obs"
  (cd "$obs" && npm install --silent --no-audit --no-fund --ignore-scripts "@mdn/mdn-http-observatory@$OBSERVATORY_VERSION" >/dev/null)
  # The preload list is fetched by its install script, skipped above: an empty
  # list (the test names are on no preload list anyway).
  pkg=$obs/node_modules/@mdn/mdn-http-observatory
  mkdir -p "$pkg/conf"
  [ -s "$pkg/conf/hsts-preload.json" ] || echo '{}' > "$pkg/conf/hsts-preload.json"
  echo "$OBSERVATORY_VERSION" > "$obs/.version"
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    log "chromium and chromedriver are missing: apt-get install chromium chromium-driver (as root)"; exit 1
  fi
  log "chromium and chromium-driver from the configured Debian mirror"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }
fi

browser_pins=$root/scripts/browser-requirements.txt
if ! cmp -s "$browser_pins" "$dir/browser/requirements.txt"; then
  log "selenium (scripts/browser-requirements.txt) into $dir/browser"
  rm -rf "$dir/browser"
  "$PYTHON" -m venv "$dir/browser"
  "$dir/browser/bin/pip" install --quiet -r "$browser_pins"
  cp "$browser_pins" "$dir/browser/requirements.txt"
fi
