#!/usr/bin/env bash
# Installs what Scrivania needs on a fresh clone: npm packages (Node 22 included, as the npm package
# `node`), and Chromium for the end-to-end tests when it is missing. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# Electron downloads its binary from GitHub during install. Where GitHub cannot be reached (our
# build machines), skip it: the app then runs in browser mode. `npm run electron:fetch` gets it later.
if [ -z "${ELECTRON_SKIP_BINARY_DOWNLOAD:-}" ]; then
  if ! curl -fsS --max-time 5 -o /dev/null https://github.com 2>/dev/null; then
    export ELECTRON_SKIP_BINARY_DOWNLOAD=1
    echo "GitHub non raggiungibile: salto il download di Electron (si userà la modalità browser)."
  fi
fi

# `npm install` rather than `npm ci`: see .ci/run (optional platform packages missing from the mirror).
npm install --no-audit --no-fund

if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null
fi
echo "Scrivania installata: avvia con 'npm start', prova con 'npm test'."
