#!/usr/bin/env bash
# Installs Debian packages with apt-get (as root or with password-less sudo), for the suites
# that need a program from the system: `scripts/apt-install.sh <who> <package>...`.
# Package services must not start: the suites run their own instances on their own ports.
# Exits non-zero with the reason on stderr when they cannot be had (no apt-get, not root...).
set -euo pipefail
who="$1"
shift
log() { echo "[$who] $*" >&2; }

if ! command -v apt-get >/dev/null; then
  log "missing $* and there is no apt-get to install them"
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if sudo -n true 2>/dev/null; then sudo=(sudo -n); else
    log "missing $*; installing needs root (or password-less sudo): apt-get install -y $*"
    exit 1
  fi
fi
# Two suites may start at once: the second waits here, then finds its package installed.
exec 8>"${TMPDIR:-/tmp}/token-auth-apt-install.lock"
flock 8
missing=()
for package in "$@"; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
[ "${#missing[@]}" -eq 0 ] && exit 0
set -- "${missing[@]}"
log "installing $* with apt-get"
export DEBIAN_FRONTEND=noninteractive
policy="$(mktemp)"
printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy"
if [ ! -e /usr/sbin/policy-rc.d ]; then "${sudo[@]}" cp "$policy" /usr/sbin/policy-rc.d; added_policy=1; fi
rm -f "$policy"
status=0
{ "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@"; } >&2 || status=$?
if [ "${added_policy:-0}" = 1 ]; then "${sudo[@]}" rm -f /usr/sbin/policy-rc.d; fi
if [ "$status" -ne 0 ]; then
  log "apt-get install $* failed (exit $status)"
  exit 1
fi
