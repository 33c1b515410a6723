#!/usr/bin/env bash
# Makes sure Redis and PostgreSQL (Debian packages) are installed for the queue-mode suite,
# installing them with apt-get when missing, then prints where their programs are.
# Starts nothing: test/harness/queueServices.ts runs throwaway instances in a temp folder.
# Exits non-zero with the reason on stderr when they cannot be had (no apt-get, not root...).
set -euo pipefail

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
  bash "$(dirname "$0")/apt-install.sh" ensure-queue-services "${missing[@]}"
fi

echo "REDIS_SERVER=$(command -v redis-server)"
echo "POSTGRES_BIN=$(postgres_bin)"
