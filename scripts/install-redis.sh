#!/usr/bin/env bash
# Makes `redis-server` available for the queue-mode end-to-end targets (Debian/Ubuntu), and
# `openssl`, which makes the certificate of the npm registry stand-in that target 2q installs the
# package from (stack/npm-registry.js). Does nothing when both are on PATH; no Redis service is
# started (the harness runs its own, on loopback, per target).
set -euo pipefail
if command -v redis-server >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "redis-server or openssl is missing and apt-get is not available: install Redis (>= 6) and openssl yourself" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "redis-server or openssl is missing and installing it needs root (apt-get)" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends redis-server openssl >/dev/null
# Debian's package may start a service on 6379; the harness does not use it. Leave it alone.
command -v redis-server >/dev/null && command -v openssl >/dev/null
