#!/usr/bin/env bash
# Makes sure Redis and PostgreSQL (Debian packages) are installed for the queue-mode suite,
# installing them with apt-get when missing, then prints where their programs are.
# Starts nothing: test/harness/queueServices.ts runs throwaway instances in a temp folder.
# Exits non-zero with the reason on stderr when they cannot be had (no apt-get, not root...).
set -euo pipefail

log() { echo "[ensure-queue-services] $*" >&2; }

postgres_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then echo "$dir"; fi
  done | sort -V | tail -n 1
}

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
[ -n "$(postgres_bin)" ] || missing+=(postgresql)

if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    log "missing ${missing[*]} and there is no apt-get to install them"
    exit 1
  fi
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if sudo -n true 2>/dev/null; then sudo=(sudo -n); else
      log "missing ${missing[*]}; installing needs root (or password-less sudo): apt-get install -y ${missing[*]}"
      exit 1
    fi
  fi
  log "installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  # Package services must not start: the suite runs its own instances on its own ports.
  policy="$(mktemp)"
  printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy"
  if [ ! -e /usr/sbin/policy-rc.d ]; then "${sudo[@]}" cp "$policy" /usr/sbin/policy-rc.d; added_policy=1; fi
  rm -f "$policy"
  status=0
  { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >&2 || status=$?
  if [ "${added_policy:-0}" = 1 ]; then "${sudo[@]}" rm -f /usr/sbin/policy-rc.d; fi
  if [ "$status" -ne 0 ]; then
    log "apt-get install ${missing[*]} failed (exit $status)"
    exit 1
  fi
fi

echo "REDIS_SERVER=$(command -v redis-server)"
echo "POSTGRES_BIN=$(postgres_bin)"
