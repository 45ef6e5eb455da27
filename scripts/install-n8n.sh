#!/usr/bin/env bash
# Installs a real n8n into a cache folder outside the repo, re-used when the version matches.
# Usage: scripts/install-n8n.sh 2|1   -> prints the folder that holds node_modules/.bin/n8n
# Facts behind the flags (checked on Node 20 machines with only the npm registry reachable):
#  - n8n 2.41.1 needs Node 24 (the registry's `node` package), linkedom pinned to 0.18.13,
#    --ignore-scripts (a Kafka install script downloads from an unreachable host) and a sqlite3 rebuild.
#  - n8n 1.123.50 runs on Node 20 and needs xlsx swapped for the registry mirror of the same version.
set -euo pipefail
# Run from `npm run`, the repo's .npmrc (ignore-scripts=true, for n8n-core's dev install) reaches
# this script as npm_config_ignore_scripts; n8n's own install decides its scripts explicitly below.
unset npm_config_ignore_scripts
line="${1:?usage: install-n8n.sh 2|1}"
cache="${N8N_CACHE_DIR:-$HOME/.cache/n8n-nodes-music-cover}"
case "$line" in
  2) version=2.41.1; size_mb=3000 ;;
  1) version=1.123.50; size_mb=1700 ;;
  *) echo "unknown n8n line: $line (use 2 or 1)" >&2; exit 2 ;;
esac
dir="$cache/n8n-$version"
if [ -x "$dir/node_modules/.bin/n8n" ] && [ -f "$dir/.complete" ] \
  && { [ "$line" != 2 ] || [ -x "$dir/node_modules/node/bin/node" ]; }; then
  echo "$dir"; exit 0
fi
mkdir -p "$dir"
cd "$dir"
log="$dir/install.log"
# The first install takes minutes (npm is silent meanwhile, into $log): say how far it got, on
# stderr (stdout carries only the folder, for callers).
echo "installing n8n $version into $dir (about $size_mb MB, several minutes; only the first time) ..." >&2
started=$SECONDS
# (1 s sleeps: a killed reporter leaves no sleep behind holding the caller's pipes for long.)
( while :; do
    for _ in $(seq 20); do sleep 1; done
    echo "  n8n $version: $(du -sm "$dir" 2>/dev/null | cut -f1) of about $size_mb MB after $((SECONDS - started)) s ..." >&2
  done ) >/dev/null &
progress_pid=$!
trap 'kill "$progress_pid" 2>/dev/null || true' EXIT
{
  if [ "$line" = 2 ]; then
    cat > package.json <<'JSON'
{ "name": "n8n-runtime", "private": true, "overrides": { "linkedom": "0.18.13" } }
JSON
    # (`set -e` does not apply inside a `{ ... } || ...` group: chain with &&.)
    # The `node` package fetches its binary in a preinstall script, which --ignore-scripts skips.
    npm install --no-audit --no-fund --ignore-scripts node@24 "n8n@$version" \
      && npm rebuild node --ignore-scripts=false \
      && npm rebuild sqlite3 --ignore-scripts=false \
      && node_modules/node/bin/node -e 'if (+process.versions.node.split(".")[0] < 24) process.exit(1)'
  else
    cat > package.json <<'JSON'
{ "name": "n8n-runtime", "private": true, "overrides": { "xlsx": "npm:@e965/xlsx@0.20.3" } }
JSON
    npm install --no-audit --no-fund --ignore-scripts=false "n8n@$version"
  fi
} >"$log" 2>&1 || { echo "n8n $version install failed; see $log" >&2; tail -30 "$log" >&2; exit 1; }
touch "$dir/.complete"
echo "  n8n $version installed in $((SECONDS - started)) s" >&2
echo "$dir"
