# shellcheck shell=bash
# Throwaway PostgreSQL 15 and RabbitMQ as plain processes in one folder (`./sentinel infra`, see
# docs/operations.md). Layout of DIR:
#   env, ports, rabbitmqctl   settings for clients, the port plan, a CLI wrapper
#   pids/                     epmd.pid, rabbitmq.pid (the server script), postgres.pid
#   postgres/                 data/, password, postgres.log, unix socket (owned by postgres)
#   rabbitmq/                 home/ (cookie), mnesia/, log/, config, nodename, rabbit.pid (VM)
# A RabbitMQ cluster (--nodes N) adds, for each node K from 2 to N, rabbitmq-K/, pids/rabbitmq-K.pid and
# rabbitmqctl-K, its ports as *_PORT_K in ports, and the node count in rabbitmq-nodes; all nodes share one epmd
# and node 1's Erlang cookie.

PGBIN=/usr/lib/postgresql/15/bin
RMQBIN=/usr/lib/rabbitmq/bin

# Port variable : environment variable that overrides it.
PORT_VARS=(PG_PORT:SENTINEL_PG_PORT AMQP_PORT:SENTINEL_AMQP_PORT
  MGMT_PORT:SENTINEL_RABBITMQ_MANAGEMENT_PORT DIST_PORT:SENTINEL_RABBITMQ_DIST_PORT
  EPMD_PORT:SENTINEL_EPMD_PORT PROM_PORT:SENTINEL_RABBITMQ_PROMETHEUS_PORT)
# Node K of a cluster (K >= 2) has these with the suffix _K, in the port plan and in the environment.
NODE_PORT_VARS=(AMQP_PORT:SENTINEL_AMQP_PORT MGMT_PORT:SENTINEL_RABBITMQ_MANAGEMENT_PORT
  DIST_PORT:SENTINEL_RABBITMQ_DIST_PORT PROM_PORT:SENTINEL_RABBITMQ_PROMETHEUS_PORT)

# ensure_packages [EXTRA...]: rabbitmq-server and postgresql, plus any EXTRA Debian packages (the
# tests add python3-aiosmtpd, their SMTP server, redis-server, which each redis check test starts itself,
# prometheus-alertmanager, likewise, and chromium, the browser the dashboard's tests drive), installed with apt-get
# when missing.
ensure_packages() {
  local missing=() pkg
  [[ -x $PGBIN/initdb && -x $RMQBIN/rabbitmq-server ]] && command -v epmd >/dev/null ||
    missing+=(rabbitmq-server postgresql)
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  [[ $EUID -eq 0 ]] || die "${missing[*]} not installed; run as root to install them"
  log "installing ${missing[*]} with apt-get"
  # Tell the postinst scripts not to start the system services (101 = action forbidden).
  local policy=/usr/sbin/policy-rc.d added='' rc=0
  if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && added=1; fi
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
      --no-install-recommends "${missing[@]}"; } >&2 || rc=$?
  if [[ $added ]]; then rm -f "$policy"; fi
  ((rc == 0)) || die "apt-get failed (exit $rc)"
  stop_system_services
}

# Services a postinst started anyway (systemd ignores a missing policy, for instance).
stop_system_services() {
  if [[ -d /run/systemd/system ]]; then
    systemctl stop rabbitmq-server postgresql epmd.socket epmd.service redis-server 2>/dev/null || true
  fi
  # The packaged broker and its epmd run as user rabbitmq, the packaged Redis (on 6379) as user redis; the
  # packaged cluster reads /etc/postgresql. (/proc rather than pgrep: procps is not on a minimal Debian.)
  local proc
  for proc in /proc/[0-9]*; do
    if [[ $(stat -c %U "$proc" 2>/dev/null) == @(rabbitmq|redis) ]] ||
      tr '\0' ' ' <"$proc/cmdline" 2>/dev/null | grep -q 'config_file=/etc/postgresql/'; then
      log "stopping process ${proc#/proc/} started by the package installation"
      stop_pid "${proc#/proc/}" 15
    fi
  done
}

check_dir() {  # DIR: postgres needs to reach it; paths go unquoted into server options
  [[ $1 != *[[:space:]]* ]] || die "'$1': the folder path must not contain whitespace"
  ((${#1} <= 80)) || die "'$1': path too long for a unix socket; use a shorter folder"
  mkdir -p "$1/pids"
  chmod o+x "$1"
  runuser -u postgres -- test -x "$1" ||
    die "user postgres cannot reach '$1' (a parent folder is not world-searchable); pick another folder"
}

pg_run() { runuser -u postgres -- "$@"; }
pg_pid() { local pid; pid=$(pid_of "$1/postgres/data/postmaster.pid"); if alive "$pid" postgres; then echo "$pid"; fi; }
# Node 1 of a cluster keeps the single node's names (rabbitmq/, rabbitmq.pid, AMQP_PORT); node K has a suffix.
node_suffix() { if (($1 > 1)); then echo "-$1"; fi; }  # K
node_port() { local var=$1; if ((${2:-1} > 1)); then var+=_$2; fi; echo "${!var}"; }  # VAR K: VAR of node K
rmq_pid() {  # DIR [K]: the node's server script
  local pid
  pid=$(pid_of "$1/pids/rabbitmq$(node_suffix "${2:-1}").pid")
  if alive "$pid" rabbitmq-server; then echo "$pid"; fi
}
# rmq_nodes DIR: how many nodes DIR's broker has (1 unless it was started with --nodes).
rmq_nodes() { if [[ -s $1/rabbitmq-nodes ]]; then cat "$1/rabbitmq-nodes"; else echo 1; fi; }
epmd_pid() { local pid; pid=$(pid_of "$1/pids/epmd.pid"); if alive "$pid" epmd; then echo "$pid"; fi; }

# plan_ports DIR: set the *_PORT variables. Live processes keep their ports; otherwise the
# caller's env wins, then the previous start's port if still free, then a random free one.
plan_ports() {
  local dir=$1 pair var ext running='' key val k pairs=("${PORT_VARS[@]}")
  local -A old=()
  for ((k = 2; k <= $(rmq_nodes "$dir"); k++)); do
    for pair in "${NODE_PORT_VARS[@]}"; do pairs+=("${pair%%:*}_$k:${pair#*:}_$k"); done
  done
  if [[ -s $dir/ports ]]; then while IFS='=' read -r key val; do old[$key]=$val; done <"$dir/ports"; fi
  if [[ -n $(pg_pid "$dir")$(epmd_pid "$dir") ]]; then running=1; fi
  for ((k = 1; k <= $(rmq_nodes "$dir"); k++)); do if [[ $(rmq_pid "$dir" "$k") ]]; then running=1; fi; done
  for pair in "${pairs[@]}"; do
    var=${pair%%:*} ext=${pair#*:}
    if [[ $running && -n ${old[$var]:-} ]]; then printf -v "$var" %s "${old[$var]}"
    elif [[ -n ${!ext:-} ]]; then
      port_free "${!ext}" || die "port ${!ext} ($ext) is already in use"
      printf -v "$var" %s "${!ext}"
    elif [[ -n ${old[$var]:-} ]] && port_free "${old[$var]}"; then printf -v "$var" %s "${old[$var]}"
    else pick_port "$var"; continue
    fi
    TAKEN+="${!var} "
  done
  for pair in "${pairs[@]}"; do var=${pair%%:*}; echo "$var=${!var}"; done >"$dir/ports"
}

# cluster_ports DIR: the ports of nodes 2 and up, for a caller that protects or lists every port of the broker.
cluster_ports() {
  local k pair
  for ((k = 2; k <= $(rmq_nodes "$1"); k++)); do
    for pair in "${NODE_PORT_VARS[@]}"; do node_port "${pair%%:*}" "$k"; done
  done
}

pg_start() {  # DIR FAST
  local d=$1/postgres opts pw
  mkdir -p "$d" && chown postgres: "$d" && chmod 700 "$d"
  if [[ ! -s $d/data/PG_VERSION ]]; then
    log "creating PostgreSQL cluster in $d/data"
    pg_run "$PGBIN/initdb" -D "$d/data" -U postgres -E UTF8 --no-locale \
      --auth-local=trust --auth-host=scram-sha-256 >"$d/initdb.log" 2>&1 ||
      { cat "$d/initdb.log" >&2; die "initdb failed"; }
  fi
  [[ -s $d/password ]] || random_hex 16 >"$d/password"
  if [[ -z $(pg_pid "$1") ]]; then
    # Unix socket in the (postgres-only) folder: never clashes with a system cluster's socket.
    opts="-c listen_addresses=127.0.0.1 -p $PG_PORT -k $d -c max_connections=200"
    [[ -z $2 ]] || opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    # setsid: a Ctrl-C in our terminal must not reach the server; our own cleanup stops it.
    setsid -w runuser -u postgres -- "$PGBIN/pg_ctl" -D "$d/data" -l "$d/postgres.log" -w -t 60 \
      -o "$opts" start >/dev/null || { tail -n 20 "$d/postgres.log" >&2; die "PostgreSQL did not start"; }
  fi
  pg_pid "$1" >"$1/pids/postgres.pid"
  pw=$(<"$d/password")
  # Idempotent, so a restart (or a first start that died half-way) ends in the same state.
  "$PGBIN/psql" -X -q -h "$d" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -v pw="$pw" >/dev/null <<'SQL'
SELECT 'CREATE ROLE sentinel LOGIN SUPERUSER' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sentinel') \gexec
ALTER ROLE sentinel PASSWORD :'pw';
SELECT 'CREATE DATABASE sentinel OWNER sentinel' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'sentinel') \gexec
SQL
}

# RMQ_ENV: everything the server and every CLI call need to find this node and only this node.
rmq_env() {  # DIR K
  local r k=$2
  r=$1/rabbitmq$(node_suffix "$k")
  # -start_epmd false: an Erlang VM that finds no epmd must fail, not spawn one that outlives us.
  local erl_args="-start_epmd false -kernel inet_dist_use_interface {127,0,0,1}"
  # No busy-waiting by idle Erlang schedulers: on a few shared cores the spinning takes CPU the services
  # need (docs/benchmarks.md). Only the server gets it; the CLI's VM is short-lived.
  local server_args="$erl_args +sbwt none +sbwtdcpu none +sbwtdio none"
  RMQ_ENV=(HOME="$r/home" RABBITMQ_NODENAME="$(<"$r/nodename")"
    RABBITMQ_CONF_ENV_FILE="$r/rabbitmq-env.conf" # empty: ignore /etc/rabbitmq/rabbitmq-env.conf
    RABBITMQ_CONFIG_FILE="$r/rabbitmq.conf" RABBITMQ_ENABLED_PLUGINS_FILE="$r/enabled_plugins"
    RABBITMQ_MNESIA_BASE="$r/mnesia" RABBITMQ_LOG_BASE="$r/log" RABBITMQ_PID_FILE="$r/rabbit.pid"
    ERL_CRASH_DUMP="$r/erl_crash.dump" # not in whatever folder the caller happens to be in
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$(node_port AMQP_PORT "$k")"
    RABBITMQ_DIST_PORT="$(node_port DIST_PORT "$k")" ERL_EPMD_PORT="$EPMD_PORT"
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="$server_args" RABBITMQ_CTL_ERL_ARGS="$erl_args")
}

# rmq_launch DIR K: start epmd and node K of the broker without waiting for it; LAUNCHED gains K if it was not
# running.
rmq_launch() {
  local dir=$1 k=$2 r s pid amqp mgmt
  s=$(node_suffix "$k") r=$dir/rabbitmq$s
  amqp=$(node_port AMQP_PORT "$k") mgmt=$(node_port MGMT_PORT "$k")
  mkdir -p "$r/home" "$r/mnesia" "$r/log"
  # The node name names the mnesia folder, so it is fixed at the first start: data survives restarts.
  [[ -s $r/nodename ]] || echo "sentinel-$amqp@localhost" >"$r/nodename"
  if ((k > 1)); then  # nodes of one cluster must share the cookie
    install -m 400 "$dir/rabbitmq/home/.erlang.cookie" "$r/home/.erlang.cookie"
  elif [[ ! -s $r/home/.erlang.cookie ]]; then
    random_hex 20 >"$r/home/.erlang.cookie" && chmod 400 "$r/home/.erlang.cookie"
  fi
  : >"$r/rabbitmq-env.conf"
  printf '%s\n' "management.tcp.ip = 127.0.0.1" "management.tcp.port = $mgmt" \
    "prometheus.tcp.ip = 127.0.0.1" "prometheus.tcp.port = $(node_port PROM_PORT "$k")" \
    "classic_queue.default_version = 2" >"$r/rabbitmq.conf"
  # Same as `rabbitmq-plugins --offline enable ...`, without booting a CLI VM.
  echo '[rabbitmq_management,rabbitmq_prometheus].' >"$r/enabled_plugins"
  rmq_env "$dir" "$k"
  { echo '#!/bin/bash'; printf 'exec env'; printf ' %q' "${RMQ_ENV[@]}"; echo " $RMQBIN/rabbitmqctl \"\$@\""; } >"$dir/rabbitmqctl$s"
  chmod +x "$dir/rabbitmqctl$s"
  if [[ -z $(epmd_pid "$dir") ]]; then
    pid=$(setsid epmd -port "$EPMD_PORT" -address 127.0.0.1 >"$dir/rabbitmq/epmd.log" 2>&1 </dev/null & echo $!)
    echo "$pid" >"$dir/pids/epmd.pid"
    wait_port "$EPMD_PORT" 10 || die "epmd did not start on port $EPMD_PORT (see $dir/rabbitmq/epmd.log)"
  fi
  if [[ -z $(rmq_pid "$dir" "$k") ]]; then
    log "starting RabbitMQ${s:+ node $k} on 127.0.0.1:$amqp (management on $mgmt)"
    rm -f "$r/rabbit.pid"  # `rabbitmqctl wait` must not find a stale one
    pid=$(setsid env "${RMQ_ENV[@]}" "$RMQBIN/rabbitmq-server" >"$r/server.log" 2>&1 </dev/null & echo $!)
    echo "$pid" >"$dir/pids/rabbitmq$s.pid"
    LAUNCHED+=("$k")
  fi
}

rmq_wait() {  # DIR K
  local r s
  s=$(node_suffix "$2") r=$1/rabbitmq$s
  "$1/rabbitmqctl$s" wait --timeout 90 "$r/rabbit.pid" >"$r/wait.log" 2>&1 ||
    { tail -n 30 "$r/server.log" >&2; die "RabbitMQ${s:+ node $2} did not start (logs in $r/log)"; }
}

# rmq_cluster DIR: join every node not yet in node 1's cluster (once: a restarted node rejoins by itself), then
# wait until all run.
rmq_cluster() {
  local dir=$1 n k s r
  n=$(rmq_nodes "$dir")
  ((n > 1)) || return 0
  for ((k = 2; k <= n; k++)); do
    s=$(node_suffix "$k") r=$dir/rabbitmq$s
    [[ ! -e $r/mnesia/joined ]] || continue
    log "joining RabbitMQ node $k to the cluster of node 1"
    { "$dir/rabbitmqctl$s" stop_app && "$dir/rabbitmqctl$s" join_cluster "$(<"$dir/rabbitmq/nodename")" &&
      "$dir/rabbitmqctl$s" start_app; } >"$r/join.log" 2>&1 ||
      { cat "$r/join.log" >&2; die "RabbitMQ node $k could not join the cluster"; }
    touch "$r/mnesia/joined"
  done
  "$dir/rabbitmqctl" await_online_nodes "$n" --timeout 90 >"$dir/rabbitmq/await.log" 2>&1 ||
    { cat "$dir/rabbitmq/await.log" >&2; die "the RabbitMQ cluster did not reach $n running nodes"; }
}

write_env() {  # DIR: DIR/env for `source`, and KEY=VALUE on stdout
  local dir=$1 kv pw
  pw=$(<"$dir/postgres/password")
  local vars=(
    "ConnectionStrings__Sentinel=Host=127.0.0.1;Port=$PG_PORT;Database=sentinel;Username=sentinel;Password=$pw"
    RabbitMq__Host=127.0.0.1 "RabbitMq__Port=$AMQP_PORT" RabbitMq__Username=guest
    RabbitMq__Password=guest RabbitMq__VirtualHost=/
    "SENTINEL_RABBITMQ_MANAGEMENT_URL=http://127.0.0.1:$MGMT_PORT" "SENTINEL_RABBITMQCTL=$dir/rabbitmqctl")
  # A cluster: every node, for the services to move to another when theirs is lost (Host and Port stay node 1).
  local k n
  n=$(rmq_nodes "$dir")
  for ((k = 1; n > 1 && k <= n; k++)); do vars+=("RabbitMq__Nodes__$((k - 1))=127.0.0.1:$(node_port AMQP_PORT "$k")"); done
  # Single quotes: the connection string holds semicolons.
  for kv in "${vars[@]}"; do echo "export ${kv%%=*}='${kv#*=}'"; done >"$dir/env"
  printf '%s\n' "${vars[@]}"
}

# infra_start DIR [--fast] [NODES]: NODES RabbitMQ nodes in one cluster (default: as many as DIR had, or 1).
# Run again, it starts only what is not running, such as one lost node of the cluster.
infra_start() {
  local dir=$1 nodes=${3:-} k
  ensure_packages
  check_dir "$dir"
  if [[ $nodes ]]; then
    [[ $nodes =~ ^[1-9][0-9]?$ ]] || die "'$nodes': the number of RabbitMQ nodes must be from 1 to 99"
    ((nodes >= $(rmq_nodes "$dir"))) ||
      die "$dir holds a cluster of $(rmq_nodes "$dir") RabbitMQ nodes; a cluster cannot shrink here (stop it and use a new folder)"
    echo "$nodes" >"$dir/rabbitmq-nodes"
  fi
  nodes=$(rmq_nodes "$dir")
  plan_ports "$dir"
  LAUNCHED=()
  # RabbitMQ boots in ~6 s: let it while PostgreSQL starts. The nodes of a cluster start together, since a
  # node that was stopped after others waits for them at boot.
  for ((k = 1; k <= nodes; k++)); do rmq_launch "$dir" "$k"; done
  pg_start "$dir" "${2:-}"
  for k in "${LAUNCHED[@]}"; do rmq_wait "$dir" "$k"; done
  rmq_cluster "$dir"
  log "infrastructure in $dir is up"
  write_env "$dir"
}

infra_stop() {  # DIR
  local dir=$1 rmq pg vm epmd pid k pids=()
  [[ -d $dir ]] || die "'$dir' does not exist"
  pg=$(pg_pid "$dir") epmd=$(epmd_pid "$dir")
  # Signal everything first, then wait: a caller with little time left (a test host exiting)
  # still gets every process on its way down. SIGTERM makes the server script stop the broker
  # cleanly (~6 s); SIGINT is PostgreSQL's fast shutdown; the broker needs no epmd to stop.
  for ((k = 1; k <= $(rmq_nodes "$dir"); k++)); do
    rmq=$(rmq_pid "$dir" "$k")
    vm=$(pid_of "$dir/rabbitmq$(node_suffix "$k")/rabbit.pid")  # the Erlang VM, should its server script have died
    alive "$vm" beam || vm=''
    if [[ $rmq$vm ]]; then log "stopping RabbitMQ$( ((k == 1)) || echo " node $k")"; kill -TERM "${rmq:-$vm}"; fi
    pids+=(${rmq:+"$rmq"} ${vm:+"$vm"})
  done
  if [[ $pg ]]; then log "stopping PostgreSQL"; kill -INT "$pg"; fi
  if [[ $epmd ]]; then kill -TERM "$epmd"; fi
  for pid in "${pids[@]}" $pg $epmd; do wait_gone "$pid" 30; done
  rm -f "$dir"/pids/*.pid
}

infra_status() {  # DIR
  local dir=$1 name pid port k
  local -A ports=()
  if [[ -s $dir/ports ]]; then while IFS='=' read -r name port; do ports[$name]=$port; done <"$dir/ports"; fi
  local names=(postgres rabbitmq)
  for ((k = 2; k <= $(rmq_nodes "$dir"); k++)); do names+=("rabbitmq-$k"); done
  for name in "${names[@]}" epmd; do
    case $name in
      postgres) pid=$(pg_pid "$dir") port=${ports[PG_PORT]:-} ;;
      rabbitmq) pid=$(rmq_pid "$dir") port=${ports[AMQP_PORT]:-} ;;
      rabbitmq-*) pid=$(rmq_pid "$dir" "${name#rabbitmq-}") port=${ports[AMQP_PORT_${name#rabbitmq-}]:-} ;;
      epmd) pid=$(epmd_pid "$dir") port=${ports[EPMD_PORT]:-} ;;
    esac
    if [[ $pid ]]; then printf '%-10s running (pid %s, port %s)\n' "$name" "$pid" "$port"
    else printf '%-10s stopped\n' "$name"; fi
  done
}
