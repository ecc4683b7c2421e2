#!/bin/sh
# npm run bench:guard: the health-text detector's cost per message (issue 19), timed in the built hub's code. Builds the
# hub when a source is newer than the build, then writes bench/results/guard.{md,json}.
set -e
cd "$(dirname "$0")/.."
cli=dist/apps/hub/src/cli/bench-guard.js
if [ ! -f "$cli" ] || [ -n "$(find apps/hub libs package.json tsconfig.json -newer "$cli" -name '*.ts' ! -name '*.spec.ts' 2>/dev/null | head -n 1)" ]; then
  echo "[bench:guard] building the hub: npm run build"
  npm run build --silent
fi
exec node "$cli" "$@"
