#!/usr/bin/env bash
# End-to-end suite: the packed package in a real n8n, against the provider emulator.
#   npm run test:e2e            (= npm run build && bash test/e2e/run.sh)
#   E2E_TARGETS=2,1,2q,1q       which targets (default all): 2 = n8n 2.41.1 on Node 24, 1 = n8n 1.123.50
#                               on Node 20, a "q" suffix = queue mode (Redis + `n8n worker`)
#   E2E_SCENARIOS=smoke,callback-wait,callback-binary,trigger-signed-callback,cover-to-files,music-to-upload,
#                 credits-before-batch,trigger-dedupe,editor,mcp-tools,agent-cover   (default all;
#                               editor = the editor in headless Chromium, target 2 only, screenshots
#                               in .e2e/editor-2/; mcp-tools = MCP Server Trigger + MCP SDK client,
#                               targets 2 and 2q; agent-cover = AI Agent + sub-workflow tool that parks,
#                               the model played by the emulator, targets 2 and 2q)
#   E2E_SKIP_SLOW=1             skip the callback-deadline checks (each waits up to ~70 s for n8n's wait tracker)
#   E2E_KEEP=1                  keep the work folder (logs, n8n user folders, written covers)
# Installs what it needs: n8n via scripts/install-n8n.sh (cached in ~/.cache/n8n-nodes-music-cover),
# redis-server via scripts/install-redis.sh and PostgreSQL via scripts/install-postgres.sh for queue
# targets, Debian's chromium via scripts/install-chromium.sh for the editor scenario. Prints one line
# per target and, last, "N passed, N failed"; exits non-zero when anything failed.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

targets="${E2E_TARGETS:-2,1,2q,1q}"
export E2E_TARGETS="$targets"

if [ ! -f dist/nodes/MusicCover/MusicCover.node.js ]; then
  echo "dist/ is missing: run 'npm run build' first (npm run test:e2e does)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/music-cover-e2e.XXXXXX")"
export E2E_TMP="$work"
# shellcheck source=stack/servers.sh
source stack/servers.sh
driver_pid=""
cleanup() {
  local rc=$?
  stop_driver_and_servers "$driver_pid" "$work"/*/pids
  if [ -f "$work/summary-printed" ]; then
    # The driver printed the summary (and where the kept work folder is) as the last lines.
    if [ "${E2E_KEEP:-}" != 1 ] && [ "$rc" = 0 ]; then rm -rf "$work"; fi
  else
    [ "$rc" != 0 ] || rc=1
    echo "e2e run aborted before the driver's summary; work folder kept: $work"
    echo "0 passed, 1 failed"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t0=$SECONDS
export E2E_T0="$(date +%s)"
lines=""
case ",$targets," in *,2,*|*,2q,*) lines="$lines 2" ;; esac
case ",$targets," in *,1,*|*,1q,*) lines="$lines 1" ;; esac
for line in $lines; do
  echo "installing n8n line $line (cached) ..."
  dir="$(bash scripts/install-n8n.sh "$line")"
  echo "  n8n line $line in $dir"
done
case ",$targets," in *q,*) bash scripts/install-redis.sh ;; esac
case ",$targets," in *q,*) E2E_PG_BIN="$(bash scripts/install-postgres.sh | tail -n 1)"; export E2E_PG_BIN ;; esac
case ",$targets," in *,2,*)
  case ",${E2E_SCENARIOS:-editor}," in *,editor,*) echo "chromium: $(bash scripts/install-chromium.sh)" ;; esac ;;
esac

echo "packing the package ..."
E2E_TGZ="$(pack_package "$work")"
export E2E_TGZ
echo "  $E2E_TGZ (set-up took $((SECONDS - t0)) s)"

run_driver test/e2e/run.js
