#!/usr/bin/env bash
# The servers of pricewatch's scale-out benchmarks (bench/http_bench.sh with BENCH_MODE=scale-out,
# bench/queue_bench.py): which database, Redis database and RabbitMQ vhost they use, emptied
# before each run, and which server processes work for them (their CPU is the benchmark's own).
#
#   source bench/scale_out_servers.sh; scale_out_prepare        (http_bench.sh)
#   bench/scale_out_servers.sh prepare     prints database_url=, cache_url=, queue_url=, jwt_secret= lines
#   bench/scale_out_servers.sh pids        the server processes working for those (same settings)
#
# Settings by environment: BENCH_DATABASE_URL (default: the PostgreSQL of BENCH_SERVERS, database
# pw_bench), BENCH_CACHE_URL (its Redis, database 12), BENCH_QUEUE_URL (its RabbitMQ, vhost
# pricewatch-bench), BENCH_SERVERS (default build/test-servers: the folder of
# `scripts/test-servers.sh start`, whose env file names the servers). The database named in
# BENCH_DATABASE_URL is dropped and created again, so its name must contain "bench"; the Redis
# database is emptied (FLUSHDB).

scale_out_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
scale_out_jwt_secret=pricewatch-benchmark-secret-0123456789abcdef

# URL without user and password, for messages.
redacted() { sed -E 's#//[^@/]*@#//#' <<<"$1"; }

scale_out_fail() {
  echo "scale-out benchmark: $*" >&2
  return 1
}

# One PRICEWATCH_TEST_* variable of the servers' env file, read in a subshell: pricewatch refuses
# unknown PRICEWATCH_* variables, so these never reach the environment of the benchmarks.
scale_out_server_url() {
  local servers=${BENCH_SERVERS:-$scale_out_root/build/test-servers}
  [[ -r $servers/env ]] || scale_out_fail "no $servers/env: run scripts/test-servers.sh start first" \
    "(or set BENCH_DATABASE_URL, BENCH_CACHE_URL and BENCH_QUEUE_URL)" || return 1
  # shellcheck disable=SC1091
  (source "$servers/env" && printf '%s' "${!1}")
}

with_path() { printf '%s/%s' "${1%/*}" "$2"; }  # the URL with its last path segment replaced

# Listening TCP port of a URL's host:port, and the pid of the local process listening on it.
url_port() { sed -E 's#^[a-z]+://([^@/]*@)?[^:/]+:([0-9]+).*#\2#' <<<"$1"; }
listener_pid() {
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2
}

# Sets database_url, cache_url and queue_url; empties the database, the Redis database and makes
# sure the vhost exists.
scale_out_prepare() {
  database_url=${BENCH_DATABASE_URL:-}
  cache_url=${BENCH_CACHE_URL:-}
  queue_url=${BENCH_QUEUE_URL:-}
  if [[ -z $database_url ]]; then
    database_url=$(with_path "$(scale_out_server_url PRICEWATCH_TEST_POSTGRES_URL)" pw_bench) || return 1
  fi
  if [[ -z $cache_url ]]; then
    cache_url=$(with_path "$(scale_out_server_url PRICEWATCH_TEST_REDIS_URL)" 12) || return 1
  fi
  if [[ -z $queue_url ]]; then
    queue_url=$(with_path "$(scale_out_server_url PRICEWATCH_TEST_AMQP_URL)" pricewatch-bench) || return 1
  fi
  local name=${database_url##*/}
  name=${name%%\?*}
  [[ $name == *bench* ]] ||
    scale_out_fail "the database of BENCH_DATABASE_URL is dropped and created again: its name must contain 'bench'" ||
    return 1
  case $database_url in
    postgresql://* | postgres://*)
      psql -q -v ON_ERROR_STOP=1 "$(with_path "$database_url" postgres)" \
        -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" -c "CREATE DATABASE \"$name\"" >/dev/null ||
        scale_out_fail "could not create database $name on $(redacted "$database_url")" || return 1
      ;;
    mysql://*)
      local re='^mysql://([^:@/]+)(:([^@/]*))?@([^:/]+)(:([0-9]+))?/'
      [[ $database_url =~ $re ]] || scale_out_fail "cannot read $(redacted "$database_url")" || return 1
      MYSQL_PWD=${BASH_REMATCH[3]} mariadb --no-defaults --protocol=tcp -h "${BASH_REMATCH[4]}" \
        -P "${BASH_REMATCH[6]:-3306}" -u "${BASH_REMATCH[1]}" \
        -e "DROP DATABASE IF EXISTS \`$name\`; CREATE DATABASE \`$name\`" ||
        scale_out_fail "could not create database $name on $(redacted "$database_url")" || return 1
      ;;
    *) scale_out_fail "BENCH_DATABASE_URL must be postgresql:// or mysql://" || return 1 ;;
  esac
  redis-cli -u "$cache_url" FLUSHDB >/dev/null || scale_out_fail "redis-cli FLUSHDB on $cache_url failed" || return 1
  local vhost=${queue_url##*/}
  local servers=${BENCH_SERVERS:-$scale_out_root/build/test-servers}
  if [[ $vhost != %2f && $vhost != %2F && -r $servers/env ]]; then
    "$scale_out_root/scripts/test-servers.sh" "$servers" vhost "$vhost" ||
      scale_out_fail "could not create RabbitMQ vhost $vhost" || return 1
  fi
}

# The pids of the server processes that work for the benchmark, when they run on this machine:
# PostgreSQL's backends connected to its database (not the tests' ones) and its background
# processes (WAL writer, checkpointer...), or MariaDB, Redis and RabbitMQ whole (shared with
# whatever else uses them). Needs database_url, cache_url, queue_url.
scale_out_server_pids() {
  case $database_url in
    postgresql://* | postgres://*)
      psql -Atq "$database_url" -c \
        "SELECT pid FROM pg_stat_activity WHERE (datname = current_database() OR backend_type <> 'client backend') AND pid <> pg_backend_pid()" \
        2>/dev/null || true
      ;;
    mysql://*) listener_pid "$(url_port "$database_url")" ;;
  esac
  listener_pid "$(url_port "$cache_url")"
  listener_pid "$(url_port "$queue_url")"
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -euo pipefail
  case ${1:-} in
    prepare)
      scale_out_prepare
      printf 'database_url=%s\ncache_url=%s\nqueue_url=%s\njwt_secret=%s\n' "$database_url" "$cache_url" \
        "$queue_url" "$scale_out_jwt_secret"
      ;;
    pids)
      database_url=${BENCH_DATABASE_URL:?} cache_url=${BENCH_CACHE_URL:?} queue_url=${BENCH_QUEUE_URL:?}
      scale_out_server_pids
      ;;
    *) sed -n '7,8p' "$0" | sed 's/^#   /usage: /' >&2 && exit 2 ;;
  esac
fi
