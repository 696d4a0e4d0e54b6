# shellcheck shell=bash
# Helpers sourced by ./sentinel: messages, pids, ports, HTTP probes.
# Everything here uses bash and coreutils only: a fresh CI machine may lack curl or ss.

log() { printf 'sentinel: %s\n' "$*" >&2; }
die() { printf 'sentinel: error: %s\n' "$*" >&2; exit 1; }

random_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }  # BYTES

pid_of() { if [[ -s $1 ]]; then head -n1 "$1"; fi; }  # PIDFILE -> pid or nothing

# alive PID [PATTERN]: pid files outlive kill -9 and reboots and pids get reused, so a pid
# counts only if it runs, is not a zombie (our init reaps lazily) and its command line matches.
alive() {
  local pid=${1:-} state
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  state=$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$pid/status" 2>/dev/null) || return 1
  [[ $state != Z ]] || return 1
  [[ -z ${2:-} ]] || tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$2"
}

# wait_gone PID SECONDS: wait for an already signalled process, then SIGKILL its process group
# (we start daemons with setsid, so the group holds exactly its helpers).
wait_gone() {
  local pid=$1 deadline=$((SECONDS + $2))
  while alive "$pid"; do
    if ((SECONDS >= deadline)); then
      log "pid $pid still running after $2 s, killing it"
      kill -KILL -- "-$pid" "$pid" 2>/dev/null || true
      deadline=$((SECONDS + 3600))
    fi
    sleep 0.1
  done
}

stop_pid() { if kill -TERM "$1" 2>/dev/null; then wait_gone "$@"; fi; }  # PID SECONDS

# Local TCP ports something listens on, read from /proc. (Sockets in TIME_WAIT must not count:
# they linger after every stop and would make a fixed port look taken.)
ports_in_use() {
  local _ addr state
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | while read -r _ addr _ state _; do
    if [[ $state == 0A ]]; then echo $((16#${addr##*:})); fi
  done
}

TAKEN=" "  # ports already handed out by this run, so two services never get the same one
port_free() { [[ " $(ports_in_use | tr '\n' ' ') " != *" $1 "* && $TAKEN != *" $1 "* ]]; }

# pick_port VAR: a random free port below Linux's ephemeral range (32768+), where outgoing
# connections cannot grab it first.
pick_port() {
  local used p
  used=" $(ports_in_use | tr '\n' ' ') "
  while :; do
    p=$((20000 + RANDOM % 12000))
    [[ $used$TAKEN != *" $p "* ]] && break
  done
  TAKEN+="$p "
  printf -v "$1" %s "$p"
}

wait_port() {  # PORT SECONDS
  local deadline=$((SECONDS + $2))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

# http_status PORT PATH: status code of GET http://127.0.0.1:PORT/PATH, 000 if no answer.
http_status() {
  # shellcheck disable=SC2016  # the inner script is single-quoted on purpose
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n" "$2" "$1" >&3
    read -r _ code _ <&3 && echo "${code//[^0-9]/}"' _ "$1" "$2" 2>/dev/null || echo 000
}

# http_request METHOD PORT PATH [API_KEY] [JSON]: a request to http://127.0.0.1:PORT/PATH; prints the status code
# (000 if no answer) on the first line, then the response body.
http_request() {
  # shellcheck disable=SC2016  # the inner script is single-quoted on purpose
  timeout 10 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$2" || exit 1
    printf "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n" "$1" "$3" "$2" >&3
    if [[ $4 ]]; then printf "X-API-Key: %s\r\n" "$4" >&3; fi
    if [[ $5 ]]; then printf "Content-Type: application/json\r\nContent-Length: %s\r\n" "$(printf %s "$5" | wc -c)" >&3; fi
    printf "\r\n%s" "$5" >&3
    read -r _ code _ <&3 || exit 1
    echo "${code//[^0-9]/}"
    while IFS= read -r line <&3 && [[ ${line%$'"'"'\r'"'"'} ]]; do :; done  # the headers
    cat <&3' _ "$1" "$2" "$3" "${4:-}" "${5:-}" 2>/dev/null || echo 000
}
