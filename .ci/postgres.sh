#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite: Debian's postgresql, a new cluster in a
# temporary directory, loopback only, a random password. Usage:
#   .ci/postgres.sh start DIR   → starts it, writes the database URL to DIR/url (mode 600)
#   .ci/postgres.sh stop DIR
set -euo pipefail
action=$1 dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)

install_server() {
  echo "Installing postgresql (Debian)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
}

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start() {
  [ -n "$bin" ] && [ -x "$bin/initdb" ] || install_server
  mkdir -p "$dir"
  chmod 700 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  local password port
  password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_postgres bash -c "umask 077; printf '%s' '$password' > '$dir/pw'"
  as_postgres "$bin/initdb" -D "$dir/data" -U kua --auth=scram-sha-256 --pwfile="$dir/pw" -E UTF8 >/dev/null
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off" start >/dev/null
  as_postgres rm -f "$dir/pw"
  umask 077
  printf 'postgres://kua:%s@127.0.0.1:%s/kua\n' "$password" "$port" > "$dir/url"
  PGPASSWORD=$password psql -h 127.0.0.1 -p "$port" -U kua -d postgres -qc "create database kua" >/dev/null
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') is up on 127.0.0.1:$port"
}

stop() {
  [ -d "$dir/data" ] && as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
  rm -rf "$dir"
}

"$action"
