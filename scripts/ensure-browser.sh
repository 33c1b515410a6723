#!/usr/bin/env bash
# Makes sure a headless Chromium (Debian's chromium-headless-shell) is installed for the suite
# that drives n8n's editor, installing it with apt-get when missing, then prints where it is.
set -euo pipefail
if ! command -v chromium-headless-shell >/dev/null; then
  bash "$(dirname "$0")/apt-install.sh" ensure-browser chromium-headless-shell
fi
echo "BROWSER=$(command -v chromium-headless-shell)"
