#!/usr/bin/env bash
# Benchmark: the packed package in a real n8n 2.41.1 (regular mode) against the provider emulator,
# side by side with n8n's own nodes in the same n8n and the same run.
#   npm run bench               (= bash bench/run.sh: npm ci when node_modules is missing, build, pack, run)
#   BENCH_ONLY=poll,callback,reads,creates,heap,downloads,thousand,fleet   which workloads (default
#                               all but thousand and fleet, which run queue mode and take ~20 min)
#   BENCH_WORKLOADS=short,long,burst              which poll/callback workloads (default all)
#   BENCH_KEEP=1                keep the work folder (logs, n8n user folder, results.json)
# Installs n8n via scripts/install-n8n.sh (cached in ~/.cache/n8n-nodes-music-cover). Prints the
# table and writes bench/results.md. Not part of CI: run it on demand (about 12 minutes).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

if [ ! -d node_modules ]; then
  echo "installing dev dependencies (npm ci) ..."
  npm ci --no-audit --no-fund
fi
# The repository's .npmrc sets ignore-scripts, so `npm pack` runs no prepack: build here.
npm run build --silent

work="$(mktemp -d "${TMPDIR:-/tmp}/music-cover-bench.XXXXXX")"
export BENCH_TMP="$work"
# shellcheck source=stack/servers.sh
source stack/servers.sh
driver_pid=""
cleanup() {
  local rc=$?
  stop_driver_and_servers "$driver_pid" "$work"/*/pids
  if [ "${BENCH_KEEP:-}" != 1 ] && [ "$rc" = 0 ]; then rm -rf "$work"; else echo "work folder kept: $work"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "installing n8n line 2 (cached) ..."
dir="$(bash scripts/install-n8n.sh 2)"
echo "  n8n in $dir"

# The thousand and fleet workloads run n8n in queue mode too: Redis and PostgreSQL.
case ",${BENCH_ONLY:-}," in *,thousand,* | *,fleet,*)
  bash scripts/install-redis.sh
  E2E_PG_BIN="$(bash scripts/install-postgres.sh | tail -n 1)"
  export E2E_PG_BIN ;;
esac

echo "packing the package ..."
BENCH_TGZ="$(pack_package "$work")"
export BENCH_TGZ

run_driver bench/run.js
