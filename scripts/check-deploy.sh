#!/usr/bin/env bash
# Offline validation of everything Sentinel ships for deployment (no Docker engine, no cluster needed):
#   compose-dev, compose-prod   docker-compose config -q (Debian's docker-compose 1.29 validates without an
#                               engine), plus secrets/_FILE consistency of the rendered files and a restart
#                               policy (unless-stopped) on every long-running service
#   dockerfile                  Dockerfile lint (dockerfile-utils), required instructions, project paths
#   k8s-dev, k8s-prod,          kubectl kustomize of each overlay (remote-region: a remote region's checkers
#   k8s-remote-region           only); every object validated against the
#                               Kubernetes, KEDA and Prometheus Operator schemas (npm kubernetes-models and
#                               @kubernetes-models/*), plus cross-references (selectors, ports, probes on the
#                               real health endpoints, a liveness probe on every long-running container, secrets,
#                               hardening)
#   prometheus-rules            promtool check rules; promtool check config on the scrape example;
#                               the PrometheusRule in k8s identical to the rules file
#   metrics-<service>           promtool check metrics on the live /metrics of each of the five services,
#                               started from the Release build against the test PostgreSQL and RabbitMQ
#   metric-names                every metric the Grafana dashboard and the alert rules use is in the
#                               services' (or the broker's) real /metrics output
#   openapi                     the live api's /openapi/v1.json linted with Spectral (npm @stoplight/spectral-cli):
#                               spectral:oas with warnings failing, and the OWASP API Security rules that apply
#                               to Sentinel (openapi-owasp.spectral.yaml says which do not, and why)
#
# Needs the test infrastructure's settings in the environment (ConnectionStrings__Sentinel, RabbitMq__*,
# SENTINEL_RABBITMQCTL), as `./sentinel test` exports them, and a Release build. Standalone:
#   ./sentinel infra start /tmp/deploycheck --fast && source /tmp/deploycheck/env
#   dotnet build Sentinel.sln -c Release && scripts/check-deploy.sh
#   ./sentinel infra stop /tmp/deploycheck
# Ends with "deploy checks: N passed, N failed"; exits 1 if any failed.
set -uo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
HELPER=$ROOT/scripts/deploy-check
SERVICES=(api scheduler checker recorder alerter)
HEALTH_TIMEOUT=${SENTINEL_DEPLOY_CHECK_HEALTH_TIMEOUT:-60}

say() { printf 'check-deploy: %s\n' "$*" >&2; }
WORK=$(mktemp -d /tmp/sentinel-deploy-check.XXXXXX)
PIDS=()
PASSED=0 FAILED=0

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait_gone "$pid" 15; done
  if [[ -n ${DB_NAME:-} ]]; then drop_db || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# check NAME COMMAND...: run, print one PASS/FAIL line, and the command's output when it fails.
check() {
  local name=$1 out=$WORK/$1.out
  shift
  if "$@" >"$out" 2>&1; then
    PASSED=$((PASSED + 1))
    printf 'PASS  %-20s %s\n' "$name" "$(tail -n1 "$out")"
  else
    FAILED=$((FAILED + 1))
    printf 'FAIL  %-20s\n' "$name"
    sed 's/^/      /' "$out" | tail -n 40
  fi
}
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  %-20s %s\n' "$1" "$2"; }

# ------------------------------------------------------------------------------------------------- tools
apt_install() {  # PACKAGE...: Debian packages, without starting the daemons they ship (prometheus)
  [[ $EUID -eq 0 ]] || { say "need root to apt-get install $*"; return 1; }
  say "installing $* from Debian"
  local policy=/usr/sbin/policy-rc.d added='' rc=0
  if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && added=1; fi
  if [[ -z ${APT_UPDATED:-} ]]; then apt-get update -q >&2 || rc=$?; APT_UPDATED=1; fi
  ((rc)) || DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2 || rc=$?
  if [[ $added ]]; then rm -f "$policy"; fi
  return "$rc"
}

ensure_tools() {
  local missing=()
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  command -v promtool >/dev/null || missing+=(prometheus)  # Debian's prometheus package ships promtool
  command -v node >/dev/null || missing+=(nodejs npm)
  if ((${#missing[@]})); then apt_install "${missing[@]}" || say "warning: apt-get install ${missing[*]} failed"; fi
  # The package's own server must not keep running if a postinst started it anyway.
  if [[ -d /run/systemd/system ]] && systemctl is-active --quiet prometheus 2>/dev/null; then systemctl stop prometheus || true; fi
  # kubectl: Debian's kubernetes-client (1.20) bundles kustomize v2, too old for components; the machine
  # image's kubectl (kustomize v5) is used when present.
  if ! command -v kubectl >/dev/null; then apt_install kubernetes-client || true; fi
  if [[ ! -d $HELPER/node_modules/kubernetes-models ]] || [[ $HELPER/package-lock.json -nt $HELPER/node_modules/.package-lock.json ]]; then
    say "installing the validator's npm packages"
    (cd "$HELPER" && npm ci --no-audit --no-fund --loglevel=error >&2) || say "warning: npm ci failed"
  fi
}

# ------------------------------------------------------------------------------------------- static checks
compose_check() {  # FILE: with the defaults, and with .env.example as the .env
  docker-compose -f "$ROOT/$1" --project-directory "$ROOT" config -q || return 1
  docker-compose -f "$ROOT/$1" --project-directory "$ROOT" --env-file "$ROOT/.env.example" config -q || return 1
  docker-compose -f "$ROOT/$1" --project-directory "$ROOT" config >"$WORK/$1.rendered" || return 1
  node "$HELPER/validate.mjs" compose "$WORK/$1.rendered"
}

dockerfile_check() {
  local s n ok=0
  node "$HELPER/validate.mjs" dockerfile "$ROOT/Dockerfile" || ok=1
  for s in "${SERVICES[@]}"; do  # what the build stage computes from SERVICE
    n=${s^}
    [[ -f $ROOT/services/$s/Sentinel.$n/Sentinel.$n.csproj ]] || { echo "services/$s/Sentinel.$n/Sentinel.$n.csproj missing"; ok=1; }
    grep -o 'in [a-z|]*)' "$ROOT/Dockerfile" | tr ' |)' '\n\n\n' | grep -qx "$s" ||
      { echo "Dockerfile does not accept SERVICE=$s"; ok=1; }
  done
  # .dockerignore must keep what the build copies.
  for s in global.json Directory.Build.props Directory.Packages.props shared services; do
    if grep -qx "$s/\?" "$ROOT/.dockerignore"; then echo ".dockerignore excludes $s, which the build needs"; ok=1; fi
  done
  ((ok == 0)) && echo "Dockerfile valid for SERVICE=${SERVICES[*]}"
}

kustomize_check() {  # OVERLAY
  local out=$WORK/k8s-$1.yaml version
  version=$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\).*/\1/p')
  if [[ -z $version || $version -lt 4 ]]; then
    echo "kubectl with kustomize v4 or later is needed (found: ${version:-none}); Debian's kubernetes-client 1.20 is too old"
    return 1
  fi
  kubectl kustomize "$ROOT/k8s/overlays/$1" >"$out" || return 1
  node "$HELPER/validate.mjs" k8s "$1" "$out"
}

rules_check() {
  local rules=$ROOT/deploy/prometheus/sentinel-alerts.yml
  promtool check rules "$rules" || return 1
  promtool check config "$ROOT/deploy/prometheus/prometheus.yml" || return 1
  [[ -s $WORK/k8s-prod.yaml ]] || { echo "k8s-prod did not render; cannot compare its PrometheusRule"; return 1; }
  node "$HELPER/validate.mjs" rules-sync "$rules" "$WORK/k8s-prod.yaml"
}

# -------------------------------------------------------------------------------------------- live checks
PG_ARGS=()
pg_args() {  # from ConnectionStrings__Sentinel: host, port, user; password through PGPASSWORD
  local kv k v
  local -A cs=()
  IFS=';' read -ra kv <<<"$ConnectionStrings__Sentinel"
  for k in "${kv[@]}"; do v=${k#*=}; k=${k%%=*}; cs[${k,,}]=$v; done
  export PGPASSWORD=${cs[password]:-}
  PG_ARGS=(-X -q -v ON_ERROR_STOP=1 -h "${cs[host]:-127.0.0.1}" -p "${cs[port]:-5432}" -U "${cs[username]:-sentinel}")
  CS_BASE="Host=${cs[host]:-127.0.0.1};Port=${cs[port]:-5432};Username=${cs[username]:-sentinel};Password=${cs[password]:-}"
}
drop_db() { psql "${PG_ARGS[@]}" -d postgres -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null 2>&1; }

start_services() {  # sets PORTS[name]; returns 1 (with a message) if anything failed to start
  local name dll pid port deadline
  for name in "${SERVICES[@]}"; do
    dll=$ROOT/services/$name/Sentinel.${name^}/bin/Release/net10.0/Sentinel.${name^}.dll
    [[ -f $dll ]] || { echo "$dll not found: build the solution in Release first"; return 1; }
  done
  pg_args
  DB_NAME=sentinel_deploycheck_$$
  psql "${PG_ARGS[@]}" -d postgres -c "CREATE DATABASE \"$DB_NAME\"" || { echo "cannot create database $DB_NAME"; return 1; }
  export ConnectionStrings__Sentinel="$CS_BASE;Database=$DB_NAME"
  # Its monitors target loopback, as under ./sentinel up.
  export Outbound__AllowLoopback=true
  dll=$ROOT/services/api/Sentinel.Api/bin/Release/net10.0/Sentinel.Api.dll
  (cd "${dll%/*}" && dotnet "$dll" migrate) >"$WORK/migrate.log" 2>&1 || { tail -n 20 "$WORK/migrate.log"; echo "migrate failed"; return 1; }
  for name in "${SERVICES[@]}"; do
    dll=$ROOT/services/$name/Sentinel.${name^}/bin/Release/net10.0/Sentinel.${name^}.dll
    pick_port port
    PORTS[$name]=$port
    pid=$(cd "${dll%/*}" || exit
      Api__Keys__0=deploy-check-key-0123456789abcdef ASPNETCORE_URLS="http://127.0.0.1:$port" \
        setsid dotnet "$dll" >"$WORK/$name.log" 2>&1 </dev/null &
      echo $!)
    PIDS+=("$pid")
  done
  for name in "${SERVICES[@]}"; do
    deadline=$((SECONDS + HEALTH_TIMEOUT))
    until [[ $(http_status "${PORTS[$name]}" /health) == 200 ]]; do
      if ((SECONDS >= deadline)); then
        echo "$name not healthy after $HEALTH_TIMEOUT s; last lines of its log:"; tail -n 20 "$WORK/$name.log"; return 1
      fi
      sleep 0.3
    done
    [[ $(http_status "${PORTS[$name]}" /health/live) == 200 ]] || { echo "$name: /health/live is not 200"; return 1; }
  done
  echo "five services healthy on ports ${PORTS[*]}"
}

# Most metrics register when first used: run real checks through the pipeline (an http and a tcp monitor on
# the api's own port) and wait until the recorder has recorded results, so every service has worked once.
exercise_pipeline() {
  local api=${PORTS[api]} deadline
  node --input-type=module -e '
    const [port, key] = process.argv.slice(1);
    for (const [name, url] of [["http", `http://127.0.0.1:${port}/health/live`], ["tcp", `tcp://127.0.0.1:${port}`]]) {
      const r = await fetch(`http://127.0.0.1:${port}/api/v1/monitors`, { method: "POST",
        headers: { "X-API-Key": key, "Content-Type": "application/json" },
        body: JSON.stringify({ name: `deploy-check-${name}`, url, intervalSeconds: 10, timeoutSeconds: 5 }) });
      if (r.status !== 201) { console.log(`POST monitor ${name}: ${r.status} ${await r.text()}`); process.exit(1); }
    }' "$api" deploy-check-key-0123456789abcdef || return 1
  deadline=$((SECONDS + 30))
  until http_get "${PORTS[recorder]}" /metrics "$WORK/recorder-probe.txt" 2>/dev/null &&
    grep -q '^sentinel_results_recorded_total{' "$WORK/recorder-probe.txt"; do
    ((SECONDS < deadline)) || { echo "no result recorded within 30 s"; return 1; }
    sleep 0.5
  done
  sleep 2  # the api's monitor gauges and the alerter's consumer catch up
  echo "checks ran through scheduler, checker and recorder"
}

http_get() {  # PORT PATH OUT: body of an HTTP/1.0 GET (no chunking), via bash only
  timeout 10 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" "$2" >&3
    IFS= read -r status <&3; [[ $status == *" 200 "* ]] || { echo "GET $2: $status" >&2; exit 1; }
    while IFS= read -r line <&3 && [[ ${line%$'\''\r'\''} ]]; do :; done
    cat <&3' _ "$1" "$2" >"$3"
}

metrics_check() {  # NAME
  local f=$WORK/metrics-$1.txt
  http_get "${PORTS[$1]}" /metrics "$f" || return 1
  [[ -s $f ]] || { echo "empty /metrics"; return 1; }
  # promtool check metrics is a linter: it prints problems and exits 1 if there are any.
  promtool check metrics <"$f" || return 1
  echo "$(grep -c '^# TYPE' "$f") metric families, lint clean"
}

broker_metrics() {  # the test broker's rabbitmq_prometheus output (per queue), for queue-depth queries
  local dir port
  dir=$(dirname "${SENTINEL_RABBITMQCTL:-/nonexistent/x}")
  port=$(sed -n 's/^PROM_PORT=//p' "$dir/ports" 2>/dev/null)
  [[ $port ]] || { echo "no RabbitMQ Prometheus port (SENTINEL_RABBITMQCTL not set?)"; return 1; }
  http_get "$port" /metrics/per-object "$WORK/metrics-rabbitmq.txt" || return 1
  grep -q 'queue="run-check"' "$WORK/metrics-rabbitmq.txt" || { echo "the broker reports no run-check queue"; return 1; }
  echo "broker metrics scraped"
}

openapi_check() {
  local doc=$WORK/openapi.json spectral=$HELPER/node_modules/.bin/spectral
  http_get "${PORTS[api]}" /openapi/v1.json "$doc" || return 1
  "$spectral" lint --ruleset "$HELPER/openapi.spectral.yaml" --fail-severity=warn --display-only-failures "$doc" || return 1
  "$spectral" lint --ruleset "$HELPER/openapi-owasp.spectral.yaml" --fail-severity=error --display-only-failures "$doc" || return 1
  echo "$(grep -o '"operationId"' "$doc" | wc -l) operations, lint clean (spectral:oas, OWASP)"
}

names_check() {
  node "$HELPER/validate.mjs" metrics "$ROOT/deploy/grafana/sentinel-dashboard.json" \
    "$ROOT/deploy/prometheus/sentinel-alerts.yml" "$WORK"/metrics-*.txt
}

# ---------------------------------------------------------------------------------------------------- main
main() {
  local name started=0
  declare -gA PORTS=()
  ensure_tools
  say "static checks"
  check compose-dev compose_check docker-compose.yml
  check compose-prod compose_check docker-compose.prod.yml
  check dockerfile dockerfile_check
  check k8s-dev kustomize_check dev
  check k8s-prod kustomize_check prod
  check k8s-remote-region kustomize_check remote-region
  check prometheus-rules rules_check
  say "live checks: starting the five services"
  if [[ -z ${ConnectionStrings__Sentinel:-} ]]; then
    fail services "ConnectionStrings__Sentinel is not set (run from ./sentinel test, or source an infra env)"
  else
    check services start_services && started=1
  fi
  if ((started)); then check pipeline exercise_pipeline; fi
  if ((started)); then
    for name in "${SERVICES[@]}"; do check "metrics-$name" metrics_check "$name"; done
    check metrics-rabbitmq broker_metrics
    check metric-names names_check
    check openapi openapi_check
  else
    fail metric-names "skipped: the services did not start"
    fail openapi "skipped: the services did not start"
  fi
  echo "deploy checks: $PASSED passed, $FAILED failed"
  ((FAILED == 0))
}

main "$@"
