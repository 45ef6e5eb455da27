#!/usr/bin/env bash
# Makes Debian's headless-capable Chromium (/usr/bin/chromium) available for the browser scenario of
# the end-to-end suite, which drives it with playwright-core (no browser download). Does nothing
# when it is already installed. Override the binary with E2E_CHROMIUM=/path/to/chrome.
set -euo pipefail
bin="${E2E_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "$bin is missing and apt-get is not available: install Chromium yourself (or set E2E_CHROMIUM)" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "$bin is missing and installing it needs root (apt-get)" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# fonts-liberation: readable text in screenshots (Chromium alone pulls no Latin font metrics).
$sudo apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
[ -x "$bin" ] || { echo "apt-get installed chromium but $bin is missing" >&2; exit 1; }
echo "$bin"
