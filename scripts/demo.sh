#!/usr/bin/env bash
# `npm run demo`: installs what is missing (once), builds and packages the extension, then starts the local
# servers with a sample AI-service incident and code-server with the extension. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/use-node.sh
echo "[demo] building the extension…"
node esbuild.mjs
node esbuild.mjs --tests
npm run --silent package >/dev/null
exec node --enable-source-maps out/test/demo/main.js
