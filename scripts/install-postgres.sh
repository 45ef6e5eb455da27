#!/usr/bin/env bash
# Makes PostgreSQL's server programs (initdb, postgres) available for the queue-mode end-to-end
# targets: Debian's `postgresql` package via apt-get when they are missing. Prints the folder that
# holds them as the last line. No cluster or service is used: the harness inits its own data folder
# per target and runs the server on 127.0.0.1 (stack/postgres.js).
set -euo pipefail

bindir() {
  if command -v initdb >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return 0
  fi
  # Debian keeps the server programs out of PATH, one folder per major version: take the newest.
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/postgres" ] && { echo "$d"; return 0; }
  return 1
}

if dir="$(bindir)"; then
  echo "$dir"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "PostgreSQL's initdb/postgres are missing and apt-get is not available: install PostgreSQL (>= 13) yourself" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "PostgreSQL is missing and installing it needs root (apt-get)" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
echo "installing Debian's postgresql ..." >&2
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
# The package may create and start a default cluster on 5432; the harness does not use it. Leave it alone.
bindir || { echo "postgresql installed but initdb/postgres not found" >&2; exit 1; }
