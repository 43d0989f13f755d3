#!/usr/bin/env bash
# Starts and stops the real PostgreSQL 15, MariaDB, Redis and RabbitMQ the tests talk to: on
# 127.0.0.1 and dedicated ports (never the machine's own services), with all data and logs in DIR.
# Usage: scripts/test-servers.sh start|stop [DIR]        (DIR defaults to build/test-servers)
#        scripts/test-servers.sh start-one|stop-one|restart postgres|mariadb|redis|rabbitmq [DIR]
#        scripts/test-servers.sh vhost NAME [DIR]         (a RabbitMQ virtual host for one test)
#        scripts/test-servers.sh DIR COMMAND [NAME]       (the form $PRICEWATCH_TEST_SERVERS uses)
# start begins from empty data and writes DIR/env (PRICEWATCH_TEST_* variables) for the tests to
# source; start-one, stop-one and restart keep a server's data and port, so tests can check that
# pricewatch recovers when a server goes away mid-test. Logs are DIR/<name>.log.
# A private set beside the shared one (a fault test that restarts or pauses its own servers):
# PRICEWATCH_TEST_PORT_OFFSET=100..900 (a multiple of 100) with its own DIR adds the offset to
# every port; start-one/start remember it in DIR/port-offset, so later commands on DIR (and
# $PRICEWATCH_TEST_SERVERS) use the same ports without it. Unset and no DIR/port-offset: offset 0.
set -euo pipefail

readonly servers=(rabbitmq postgres mariadb redis)  # the slowest first, so it gets the CPU first
readonly base_ports=(55432 53306 56379 55672 55673 55674 55684 54369)
readonly ready_timeout=90 stop_timeout=20
readonly pg_bin=/usr/lib/postgresql/15/bin rabbitmq_bin=/usr/lib/rabbitmq/bin
script="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
repo="$(dirname "$(dirname "$script")")"

usage() {
  sed -n '4,6p' "$script" | sed 's/^# //' >&2
  exit 2
}

now() { date +%s.%N; }
since() { awk -v began="$1" -v now="$(now)" 'BEGIN { printf "%.1f", now - began }'; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# A process counts as alive unless it is gone or a zombie: here nobody may reap orphans, and a
# zombie still answers kill -0.
process_alive() {
  local state
  state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

port_open() { (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Polls "$@" until it succeeds; fails after ready_timeout seconds, or at once if the server died.
poll_until() {
  local name=$1 deadline=$((SECONDS + ready_timeout))
  shift
  until "$@" >/dev/null 2>&1; do
    if ! "${name}_alive"; then
      echo "$name exited while starting" >&2
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$name not ready after ${ready_timeout}s ($*)" >&2
      return 1
    fi
    sleep 0.1
  done
}

# The pid in a pid file, when that process still runs the expected program.
pid_from_file() {
  local file=$1 program=$2 pid
  [ -f "$file" ] || return 1
  pid=$(head -n 1 "$file" 2>/dev/null | tr -dc 0-9)
  [ -n "$pid" ] && process_alive "$pid" && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$program" ] &&
    echo "$pid"
}

# ---- PostgreSQL: refuses to run as root, so root runs it as the postgres system user.
as_postgres() {
  if is_root; then
    # From /: the postgres user may not enter the current folder (a private clone).
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}
# PostgreSQL's files must be reachable by the postgres user, and DIR may not be (a clone in a
# private home or temp folder): as root they live in a folder of their own under /tmp, named
# after DIR, and DIR/postgres links to it.
pg_home() {
  if is_root; then
    echo "/tmp/pricewatch-postgres-$(printf %s "$dir" | md5sum | cut -c1-12)"
  else
    echo "$dir/postgres"
  fi
}
postgres_pid() { pid_from_file "$(pg_home)/data/postmaster.pid" postgres; }
postgres_alive() { postgres_pid >/dev/null; }
postgres_init() {
  local home
  home=$(pg_home)
  if is_root; then
    rm -rf "${home:?}"
    mkdir -p "$home"
    chown postgres: "$home"
    ln -sfn "$home" "$dir/postgres"
  else
    mkdir -p "$home"
  fi
  chmod 700 "$home"  # the socket in it lets in without a password
  # Trust on the socket (only this script uses it), passwords on TCP as in production.
  as_postgres "$pg_bin/initdb" -D "$home/data" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 --no-sync -E UTF8 --no-locale >>"$dir/postgres.log" 2>&1
  # Settings go in the file so start-one uses them too. Durability is not tested across crashes
  # of the machine, only across server restarts, which flush on shutdown.
  cat >>"$home/data/postgresql.conf" <<EOF
port = $postgres_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$home'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}
postgres_launch() {
  local home
  home=$(pg_home)
  # pg_ctl -w polls the server's own readiness and notices when it dies. Its log is in its own
  # folder (the postgres user may not write DIR); copied next to the others when it fails.
  as_postgres "$pg_bin/pg_ctl" start -D "$home/data" -l "$home/server.log" -w -t "$ready_timeout" -s ||
    { cat "$home/server.log" >>"$dir/postgres.log" 2>/dev/null; return 1; }
}
postgres_await() { poll_until postgres "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$postgres_port"; }
postgres_provision() {
  # SUPERUSER: the tests create and drop their own databases.
  "$pg_bin/psql" -h "$(pg_home)" -p "$postgres_port" -U postgres -d postgres -q \
    -v ON_ERROR_STOP=1 -c "CREATE ROLE pricewatch LOGIN SUPERUSER PASSWORD 'pricewatch'" \
    -c "CREATE DATABASE pricewatch OWNER pricewatch" >>"$dir/postgres.log" 2>&1
}

# ---- MariaDB: --no-defaults keeps /etc/mysql out; the character set is Debian's default.
mariadb_server() {
  if command -v mariadbd >/dev/null; then command -v mariadbd; elif [ -x /usr/sbin/mariadbd ]; then
    echo /usr/sbin/mariadbd; else echo /usr/sbin/mysqld; fi
}
mariadb_options() {
  mariadb_user=()
  if is_root; then mariadb_user=(--user=root); fi  # mariadbd refuses root unless told
  mariadb_common=(--datadir="$dir/mariadb/data" --skip-name-resolve
    --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci
    --innodb-buffer-pool-size=64M --innodb-log-file-size=16M --innodb-doublewrite=0
    --innodb-flush-log-at-trx-commit=2)
}
mariadb_pid() { pid_from_file "$dir/mariadb/mariadb.pid" mariadbd; }
mariadb_alive() { process_alive "$launched_pid"; }
mariadb_init() {
  mkdir -p "$dir/mariadb/tmp"
  mariadb_options
  # Accounts are made during bootstrap, which needs FLUSH PRIVILEGES first and one statement a
  # line; ALL ON *.* because the tests create their own databases.
  cat >"$dir/mariadb/accounts.sql" <<'EOF'
FLUSH PRIVILEGES;
CREATE USER 'pricewatch'@'127.0.0.1' IDENTIFIED BY 'pricewatch';
CREATE USER 'pricewatch'@'localhost' IDENTIFIED BY 'pricewatch';
GRANT ALL PRIVILEGES ON *.* TO 'pricewatch'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'pricewatch'@'localhost' WITH GRANT OPTION;
CREATE DATABASE pricewatch;
EOF
  # Root logs in through the socket only, as the OS user that started it: no password on TCP.
  mariadb-install-db --no-defaults "${mariadb_user[@]}" "${mariadb_common[@]}" \
    --auth-root-authentication-method=socket --skip-test-db \
    --extra-file="$dir/mariadb/accounts.sql" >>"$dir/mariadb.log" 2>&1
}
mariadb_launch() {
  mariadb_options
  setsid "$(mariadb_server)" --no-defaults "${mariadb_user[@]}" "${mariadb_common[@]}" \
    --port="$mariadb_port" --bind-address=127.0.0.1 --socket="$dir/mariadb/mariadb.sock" \
    --pid-file="$dir/mariadb/mariadb.pid" --tmpdir="$dir/mariadb/tmp" --skip-log-bin \
    --log-error="$dir/mariadb.log" </dev/null >>"$dir/mariadb.log" 2>&1 &
  launched_pid=$!
}
mariadb_await() {
  # ping succeeds once the server answers on TCP, the way the tests connect.
  poll_until mariadb mariadb-admin --no-defaults --protocol=tcp -h 127.0.0.1 -P "$mariadb_port" \
    -u pricewatch -ppricewatch --connect-timeout=2 ping
}

# ---- Redis: a cache, so no persistence; restarting it empties it, as in production.
redis_pid() { pid_from_file "$dir/redis/redis.pid" redis-server; }
redis_alive() { process_alive "$launched_pid"; }
redis_init() { mkdir -p "$dir/redis"; }
redis_launch() {
  setsid redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$dir/redis" --pidfile "$dir/redis/redis.pid" --daemonize no --logfile '' \
    </dev/null >>"$dir/redis.log" 2>&1 &
  launched_pid=$!
}
redis_await() { poll_until redis redis_ping; }
redis_ping() { [ "$(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null)" = PONG ]; }

# ---- RabbitMQ: everything of the node (cookie in HOME, epmd, distribution) stays in DIR and on
# loopback; rabbitmqctl needs the same environment to find the node.
rabbitmq_environment() {
  local base="$dir/rabbitmq" loopback="-kernel inet_dist_use_interface {127,0,0,1}"
  export HOME="$base/home" ERL_CRASH_DUMP="$base/erl_crash.dump"
  export ERL_EPMD_PORT="$epmd_port" ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_NODENAME=pricewatch-test@localhost RABBITMQ_USE_LONGNAME=false
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$rabbitmq_port"
  export RABBITMQ_DIST_PORT="$rabbitmq_dist_port"
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="$loopback" RABBITMQ_CTL_ERL_ARGS="$loopback"
  export RABBITMQ_CTL_DIST_PORT_MIN="${rabbitmq_ctl_ports[0]}"
  export RABBITMQ_CTL_DIST_PORT_MAX="${rabbitmq_ctl_ports[1]}"
  export RABBITMQ_CONF_ENV_FILE="$base/rabbitmq-env.conf" RABBITMQ_CONFIG_FILE="$base/rabbitmq.conf"
  export RABBITMQ_CONFIG_FILES="$base/conf.d" RABBITMQ_ADVANCED_CONFIG_FILE="$base/advanced.config"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$base/enabled_plugins" RABBITMQ_PID_FILE="$base/rabbitmq.pid"
  export RABBITMQ_MNESIA_BASE="$base/mnesia" RABBITMQ_LOG_BASE="$base/log" RABBITMQ_LOGS=-
  export RABBITMQ_SCRIPTS_DIR="$base/install/sbin"  # the scripts take RABBITMQ_HOME from it
}
rabbitmq_ctl() { (rabbitmq_environment && exec "$RABBITMQ_SCRIPTS_DIR/rabbitmqctl" "$@"); }
rabbitmq_pid() { pid_from_file "$dir/rabbitmq/rabbitmq.pid" beam.smp; }
rabbitmq_alive() { process_alive "$launched_pid"; }
rabbitmq_init() {
  local base="$dir/rabbitmq"
  mkdir -p "$base/home" "$base/mnesia" "$base/log" "$base/conf.d"
  # A RABBITMQ_HOME whose plugins folder holds only the broker and its dependencies: with all 70
  # apps of the package on the code path, the broker boots two to three times slower.
  local home
  home=$(dirname "$(dirname "$(readlink -f "$rabbitmq_bin/rabbitmq-server")")")
  mkdir -p "$base/install/plugins"
  ln -s "$home/sbin" "$base/install/sbin"
  ln -s "$home/escript" "$base/install/escript"
  local app apps=()
  for app in "$home"/plugins/*/; do
    app=${app%/}
    case "${app##*/}" in
      rabbitmq_prelaunch-*) ;;  # the only rabbitmq_* app the broker itself needs
      rabbitmq_*) continue ;;   # optional plugins (management, mqtt, stomp, ...)
    esac
    apps+=("$app")
  done
  ln -s "${apps[@]}" "$base/install/plugins/"
  : >"$base/rabbitmq-env.conf"         # instead of /etc/rabbitmq/rabbitmq-env.conf
  echo '[].' >"$base/enabled_plugins"  # no management plugin: it only slows the start
  # The cookie exists before the node and rabbitmqctl start, so they never race to create it.
  head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$base/home/.erlang.cookie"
  chmod 400 "$base/home/.erlang.cookie"
  # The default user is created on the first boot only, in the same step as the node's data,
  # which saves a rabbitmqctl run per command; there is no guest user.
  cat >"$base/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$rabbitmq_port
default_vhost = /
default_user = pricewatch
default_pass = pricewatch
default_user_tags.administrator = true
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
EOF
}
rabbitmq_launch() {
  rabbitmq_environment
  # Our own epmd, on its own port, so the machine's Erlang nodes never see this one.
  if ! epmd -port "$epmd_port" -names >/dev/null 2>&1; then
    epmd -daemon -port "$epmd_port" -address 127.0.0.1
  fi
  cd "$dir/rabbitmq"
  setsid "$RABBITMQ_SCRIPTS_DIR/rabbitmq-server" </dev/null >>"$dir/rabbitmq.log" 2>&1 &
  launched_pid=$!
}
rabbitmq_await() {
  # Waiting for the distribution port first spares rabbitmqctl runs (each boots an Erlang VM);
  # await_startup then blocks until the broker has booted.
  poll_until rabbitmq port_open "$rabbitmq_dist_port"
  poll_until rabbitmq rabbitmq_ctl -q await_startup --timeout "$ready_timeout"
  poll_until rabbitmq port_open "$rabbitmq_port"
}

server_port() { local variable="${1}_port"; echo "${!variable}"; }

# Starts one server and waits until it answers; "fresh" first creates its data. Runs in a
# subshell (see launch_start), so a failing step ends this server's start only.
start_steps() {
  local name=$1 mode=$2 began port
  began=$(now)
  port=$(server_port "$name")
  if [ ! -d "$dir/$name" ]; then mode=fresh; fi  # start-one before any start: nothing to keep
  mkdir -p "$dir"
  touch "$dir/$name.log"
  if "${name}_pid" >/dev/null; then
    echo "$name already running"
    launched_pid=$("${name}_pid")
  else
    if port_open "$port"; then
      echo "port $port is taken by another process; stop it (or the run that started it)" >&2
      return 1
    fi
    if [ "$mode" = fresh ]; then
      rm -rf "${dir:?}/$name"
      "${name}_init"
    fi
    "${name}_launch"
  fi
  "${name}_await"
  if [ "$mode" = fresh ] && declare -F "${name}_provision" >/dev/null; then "${name}_provision"; fi
  echo "$name ready on 127.0.0.1:$port in $(since "$began")s"
}

launch_start() {
  (
    set -e
    start_steps "$1" "$2"
  ) &
}

# Waits for a launch_start; on failure shows the end of the server's log.
finish_start() {
  local name=$1 pid=$2
  if wait "$pid"; then return 0; fi
  echo "$name failed to start; last lines of $dir/$name.log:" >&2
  tail -n 40 "$dir/$name.log" 2>/dev/null | sed 's/^/    /' >&2
  return 1
}

# Graceful stop (PostgreSQL: SIGINT is its fast shutdown, which does not wait for clients), then
# SIGKILL after stop_timeout seconds. Data stays.
stop_server() {
  local name=$1 pid signal=TERM deadline
  pid=$("${name}_pid") || return 0
  if [ "$name" = postgres ]; then signal=INT; fi
  kill -s "$signal" "$pid" 2>/dev/null || true
  deadline=$((SECONDS + stop_timeout))
  while process_alive "$pid"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$name did not stop in ${stop_timeout}s; killing it" >&2
      kill -s KILL "$pid" 2>/dev/null || true
      deadline=$((SECONDS + 5))
      while process_alive "$pid" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
      break
    fi
    sleep 0.1
  done
  echo "$name stopped"
}

stop_all() {
  local name pids=()
  for name in "${servers[@]}"; do
    stop_server "$name" &
    pids+=($!)
  done
  local status=0 pid
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
  # epmd refuses to quit while a node is registered, so it goes last.
  if epmd -port "$epmd_port" -names >/dev/null 2>&1; then
    epmd -port "$epmd_port" -kill >/dev/null 2>&1 || status=1
  fi
  return "$status"
}

write_env() {
  {
    printf 'export PRICEWATCH_TEST_POSTGRES_URL=%q\n' \
      "postgresql://pricewatch:pricewatch@127.0.0.1:$postgres_port/pricewatch"
    printf 'export PRICEWATCH_TEST_MYSQL_URL=%q\n' \
      "mysql://pricewatch:pricewatch@127.0.0.1:$mariadb_port/pricewatch"
    printf 'export PRICEWATCH_TEST_REDIS_URL=%q\n' "redis://127.0.0.1:$redis_port/0"
    printf 'export PRICEWATCH_TEST_AMQP_URL=%q\n' \
      "amqp://pricewatch:pricewatch@127.0.0.1:$rabbitmq_port/%2f"
    printf 'export PRICEWATCH_TEST_SERVERS=%q\n' "$script $dir"
  } >"$dir/env.tmp"
  mv "$dir/env.tmp" "$dir/env"
}

start_all() {
  local began name status=0 pids=()
  began=$(now)
  stop_all >/dev/null || true  # servers left by an earlier run of this DIR
  rm -f "$dir/env"
  mkdir -p "$dir"
  for name in "${servers[@]}"; do : >"$dir/$name.log"; done  # start_steps removes the data itself
  for name in "${servers[@]}"; do
    launch_start "$name" fresh
    pids+=($!)
  done
  local index
  for index in "${!servers[@]}"; do
    finish_start "${servers[$index]}" "${pids[$index]}" || status=1
  done
  if [ "$status" -ne 0 ]; then
    stop_all >/dev/null || true
    return 1
  fi
  write_env
  echo "test servers ready in $(since "$began")s; variables in $dir/env"
}

# DIR may come first: PRICEWATCH_TEST_SERVERS is "<this script> <DIR>" so tests can append a command.
leading_dir=
case "${1:-}" in
  start | stop | start-one | stop-one | restart | vhost | '') ;;
  *)
    leading_dir=$1
    shift
    ;;
esac
command=${1:-}
case "$command" in
  start | stop) dir_argument=${2:-} ;;
  start-one | stop-one | restart)
    name=${2:-}
    case "$name" in postgres | mariadb | redis | rabbitmq) ;; *) usage ;; esac
    dir_argument=${3:-}
    ;;
  vhost)
    name=${2:-}
    [[ "$name" =~ ^[a-z0-9-]+$ ]] || usage
    dir_argument=${3:-}
    ;;
  *) usage ;;
esac
if [ -n "$leading_dir" ]; then
  if [ -n "$dir_argument" ]; then usage; fi
  dir_argument=$leading_dir
fi
dir=$(realpath -m -- "${dir_argument:-$repo/build/test-servers}")

# The port offset: asked for now, or the one this DIR was started with.
port_offset=${PRICEWATCH_TEST_PORT_OFFSET:-}
if [ -z "$port_offset" ] && [ -f "$dir/port-offset" ]; then port_offset=$(cat "$dir/port-offset"); fi
port_offset=${port_offset:-0}
if ! [[ "$port_offset" =~ ^[0-9]00$|^0$ ]] || [ "$port_offset" -gt 900 ]; then
  echo "PRICEWATCH_TEST_PORT_OFFSET must be 0 or a multiple of 100 up to 900, got $port_offset" >&2
  exit 2
fi
if [ "$port_offset" -ne 0 ] && [ "$dir" = "$(realpath -m -- "$repo/build/test-servers")" ]; then
  echo "a port offset needs a DIR of its own (not the default one)" >&2
  exit 2
fi
readonly postgres_port=$((base_ports[0] + port_offset)) mariadb_port=$((base_ports[1] + port_offset))
readonly redis_port=$((base_ports[2] + port_offset)) rabbitmq_port=$((base_ports[3] + port_offset))
readonly rabbitmq_dist_port=$((base_ports[4] + port_offset)) epmd_port=$((base_ports[7] + port_offset))
readonly rabbitmq_ctl_ports=($((base_ports[5] + port_offset)) $((base_ports[6] + port_offset)))
if [ "$port_offset" -ne 0 ] && [[ "$command" == start* ]]; then
  mkdir -p "$dir"
  echo "$port_offset" >"$dir/port-offset"
fi

case "$command" in
  start) start_all ;;
  stop)
    if [ -d "$dir" ]; then
      stop_all
      # Data outside DIR does not outlive the run (start begins from empty data anyway).
      if is_root; then rm -rf "$(pg_home)"; fi
    fi
    ;;
  stop-one) stop_server "$name" ;;
  vhost)
    # Tests running side by side share the broker, but not its queues: each gets a vhost. Right
    # after a restart (the failure test's) the broker takes AMQP before its command line answers:
    # try for up to 30 s.
    for _ in $(seq 30); do
      rabbitmq_ctl -q add_vhost "$name" 2>/dev/null || true
      if rabbitmq_ctl -q set_permissions -p "$name" pricewatch '.*' '.*' '.*' 2>/dev/null; then exit 0; fi
      sleep 1
    done
    rabbitmq_ctl -q set_permissions -p "$name" pricewatch '.*' '.*' '.*'
    ;;
  start-one | restart)
    began=$(now)
    if [ "$command" = restart ]; then stop_server "$name"; fi
    launch_start "$name" keep
    finish_start "$name" $!
    if [ "$command" = restart ]; then echo "$name restarted in $(since "$began")s"; fi
    ;;
esac
