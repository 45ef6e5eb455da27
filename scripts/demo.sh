#!/usr/bin/env bash
# npm run demo: a real n8n 2.x on http://127.0.0.1:5678 with this package installed as a community
# node, the example "cover-to-files" imported and run once against the bundled provider emulator
# (or a real provider: set its <NAME>_API_KEY, KIE_AI_API_KEY for kie.ai, as stack/providers.js
# derives them from the registry, and MUSIC_TASK_ID).
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
# shellcheck source=stack/servers.sh
source stack/servers.sh
DEMO_TGZ="$(pack_package "$DEMO_DIR")"
export DEMO_TGZ

driver_pid=""
cleanup() {
  local rc=$?
  # Last resort: the servers the demo started, by their PID files.
  stop_driver_and_servers "$driver_pid" "$DEMO_DIR/pids"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

run_driver scripts/demo.js
