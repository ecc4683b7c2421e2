#!/bin/sh
# npm run bench: builds what is stale (the hub with `npm run build`, the bench with bench/tsconfig.json; BENCH_BUILD=1
# forces both), raises the open-files limit for 10,000 sockets, and runs the bench with the flags given.
set -e
cd "$(dirname "$0")/.."
hub=dist/apps/hub/src/main.js
if [ -n "$BENCH_BUILD" ] || [ ! -f "$hub" ] || [ -n "$(find apps/hub libs migrations package.json tsconfig.json nest-cli.json -newer "$hub" \( -name '*.ts' -o -name '*.json' \) ! -name '*.spec.ts' 2>/dev/null | head -n 1)" ]; then
  echo "[bench] building the hub: npm run build"
  npm run build --silent
fi
bench=dist/bench/src/main.js
if [ -n "$BENCH_BUILD" ] || [ ! -f "$bench" ] || [ -n "$(find bench/src bench/tsconfig.json -newer "$bench" 2>/dev/null | head -n 1)" ]; then
  echo "[bench] building the bench: tsc -p bench/tsconfig.json"
  ./node_modules/.bin/tsc -p bench/tsconfig.json
fi
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec node dist/bench/src/main.js "$@"
