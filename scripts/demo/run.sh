#!/usr/bin/env bash
# `npm run demo [-- up|report|sql QUERY|stop [--services]]`: on a fresh clone, installs the node modules
# first (as `npm test` does), then runs `connectless demo` from the sources (cli/commands/demo.ts).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[demo] installing node modules (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi

exec node --import tsx cli/main.ts demo "$@"
