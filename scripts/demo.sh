#!/usr/bin/env bash
# npm run demo: a real n8n 2.x on http://127.0.0.1:5678 with this package installed as a community
# node, the example "cover-to-files" imported and run once against the bundled provider emulator
# (or a real provider: set KIE_AI_API_KEY / UDIOAPI_PRO_API_KEY / APIIN_ONE_API_KEY and MUSIC_TASK_ID).
# Prints the result, where the cover files went, the editor URL and the login, then keeps n8n running
# until Ctrl-C. DEMO_EXIT=1 stops right after the run (for CI). Work folder: .e2e/demo (DEMO_DIR).
# n8n is installed once into ~/.cache/n8n-nodes-music-cover (N8N_CACHE_DIR), about 3 GB.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

echo "Music Cover demo (Ctrl-C stops it at any time)"
if [ ! -d node_modules ]; then
  echo "installing dev dependencies (npm ci) ..."
  npm ci --no-audit --no-fund
fi
echo "building ..."
npm run build --silent

echo "n8n 2.x from ${N8N_CACHE_DIR:-$HOME/.cache/n8n-nodes-music-cover}"
echo "  (the first run installs it there: about 3 GB, several minutes; later runs reuse it) ..."
n8n_dir="$(bash scripts/install-n8n.sh 2)"
echo "  n8n: $n8n_dir"

export DEMO_DIR="${DEMO_DIR:-$repo/.e2e/demo}"
mkdir -p "$DEMO_DIR"
rm -f "$DEMO_DIR"/*.tgz
npm pack --silent --pack-destination "$DEMO_DIR" >"$DEMO_DIR/pack.out"
export DEMO_TGZ="$DEMO_DIR/$(tail -n 1 "$DEMO_DIR/pack.out")"

driver_pid=""
cleanup() {
  local rc=$?
  if [ -n "$driver_pid" ] && kill -0 "$driver_pid" 2>/dev/null; then kill -TERM "$driver_pid" 2>/dev/null || true; wait "$driver_pid" 2>/dev/null || true; fi
  # Last resort: the servers the demo started (each leads its own process group), by their PID files.
  for f in "$DEMO_DIR"/pids/*.pid; do
    [ -f "$f" ] || continue
    pid="$(cat "$f")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
  done
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

node test/e2e/demo.js &
driver_pid=$!
set +e
wait "$driver_pid"
rc=$?
set -e
driver_pid=""
exit "$rc"
