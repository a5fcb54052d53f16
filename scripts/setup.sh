#!/usr/bin/env bash
# What `npm test` needs before it runs, on a fresh machine or clone: node modules, the build, the
# local services. Idempotent: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[setup] installing node modules (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "[setup] building (tsc)" >&2
npx tsc -p tsconfig.json

# every service the integration tests use, started once for the whole run, in dependency order
bash infra/local/services.sh up "$@"
