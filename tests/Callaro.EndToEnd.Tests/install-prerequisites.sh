#!/usr/bin/env bash
# What the browser tests need on a fresh Debian machine: the distribution's chromium (Playwright drives
# it directly and never downloads a browser). Uses sudo only when not already root.
set -euo pipefail
if [[ ! -x /usr/bin/chromium ]]; then
  SUDO=""
  if [[ "$(id -u)" -ne 0 ]]; then SUDO="sudo"; fi
  echo "Installing Debian's chromium for the browser tests..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium
fi
