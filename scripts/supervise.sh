#!/usr/bin/env bash
# Keeps one Sentinel service running for `./sentinel up` (docs/operations.md, "Supervision"):
#   scripts/supervise.sh DIR NAME PORT DLL
# runs `dotnet DLL` from its folder on 127.0.0.1:PORT and, whenever it exits (crash, kill -9, any exit code),
# starts it again after a back-off of 1 s doubling to 30 s, back to 1 s once a run has lasted a minute. SIGTERM
# (what `./sentinel down` sends) stops the service and then the supervisor, restarting nothing.
# Everything goes to DIR/logs/NAME.log. Files in DIR/run:
#   NAME.pid             the service's pid and PORT (rewritten at each start)
#   NAME.supervisor.pid  this script's pid
#   NAME.state           restarts=N, last_exit=code N|signal NAME, last_exit_at=ISO time (of the latest unexpected
#                        exit; a stop is not one), rewritten whole at each change
set -uo pipefail  # no -e: waiting on a service that failed is this script's normal work

FIRST_DELAY=1 MAX_DELAY=30  # seconds
STABLE_AFTER=60             # seconds a run must last for the next back-off to start again from FIRST_DELAY
STOP_TIMEOUT=10             # seconds between SIGTERM and SIGKILL, as for an unsupervised service

(($# == 4)) || { echo "usage: $0 DIR NAME PORT DLL" >&2; exit 2; }
DIR=$1 NAME=$2 PORT=$3 DLL=$4
[[ $PORT =~ ^[0-9]+$ ]] || { echo "$0: PORT '$PORT' is not a number" >&2; exit 2; }
[[ -f $DLL ]] || { echo "$0: $DLL not found" >&2; exit 2; }
[[ -d $DIR/run && -d $DIR/logs ]] || { echo "$0: $DIR/run or $DIR/logs missing" >&2; exit 2; }
RUN=$DIR/run
exec >>"$DIR/logs/$NAME.log" 2>&1 </dev/null
cd "${DLL%/*}" || exit 1  # where ASP.NET Core looks for appsettings.json
echo $$ >"$RUN/$NAME.supervisor.pid"

note() { echo "=== $(date -Is) $*"; }

restarts=0 last_exit='' last_exit_at=''
write_state() {  # whole, then renamed: `status` never reads half a file
  printf 'restarts=%s\nlast_exit=%s\nlast_exit_at=%s\n' "$restarts" "$last_exit" "$last_exit_at" >"$RUN/$NAME.state.tmp"
  mv -f "$RUN/$NAME.state.tmp" "$RUN/$NAME.state"
}

# A stop may arrive at any point of the loop: the flag is checked before each start and right after it, and the
# trap signals whatever runs (the service, or the back-off's sleep), so neither outlives the stop.
stopping='' service='' sleeper=''
on_stop() {
  stopping=1
  kill -TERM ${service:+"$service"} ${sleeper:+"$sleeper"} 2>/dev/null
}
trap on_stop TERM INT HUP

describe_exit() {  # STATUS of `wait`: bash reports a death by signal N as 128+N
  if (($1 > 128)) && kill -l "$(($1 - 128))" >/dev/null 2>&1; then echo "signal $(kill -l "$(($1 - 128))")"
  else echo "code $1"; fi
}

write_state
delay=$FIRST_DELAY
while [[ -z $stopping ]]; do
  note "starting $NAME"
  ASPNETCORE_URLS="http://127.0.0.1:$PORT" dotnet "$DLL" &
  service=$!
  started=$SECONDS
  printf '%s\n%s\n' "$service" "$PORT" >"$RUN/$NAME.pid"  # status reads the port back
  if [[ $stopping ]]; then kill -TERM "$service" 2>/dev/null; fi  # the stop came between the check and $!
  wait "$service"  # returns when the service exits, or as soon as the stop trap has run
  status=$?
  if [[ $stopping ]]; then
    # kill -0 holds until bash has reaped the service, which waitpid allows only once its last thread is gone: a
    # /proc state would say "zombie" as soon as the main thread ends, with the runtime's threads still running.
    deadline=$((SECONDS + STOP_TIMEOUT))
    while kill -0 "$service" 2>/dev/null; do
      if ((SECONDS >= deadline)); then kill -KILL "$service" 2>/dev/null; fi
      sleep 0.1
    done
    break
  fi
  ran=$((SECONDS - started))
  ((ran < STABLE_AFTER)) || delay=$FIRST_DELAY
  restarts=$((restarts + 1)) last_exit=$(describe_exit "$status") last_exit_at=$(date -Is)
  write_state
  note "$NAME exited ($last_exit) after $ran s; restart $restarts in $delay s"
  sleep "$delay" &
  sleeper=$!
  wait "$sleeper"
  sleeper=''
  delay=$((delay * 2 > MAX_DELAY ? MAX_DELAY : delay * 2))
done
note "$NAME stopped; its supervisor exits"
rm -f "$RUN/$NAME.supervisor.pid"
