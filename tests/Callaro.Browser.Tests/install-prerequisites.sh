#!/usr/bin/env bash
# What the browser tests need on a fresh Debian machine: the distribution's chromium (Playwright drives
# it directly and never downloads a browser).
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update
  $SUDO apt-get install -y chromium
fi
