# shellcheck shell=bash
# The broker user of a region's checkers (`./sentinel region add|remove`, docs/regions.md), and what it may do.
# The permission test (tests/Sentinel.Pipeline.Tests/RegionCredentialTests.cs) makes its users with these very
# functions, so what it proves is what `region add` makes.

REGION_RULE='a DNS label: lower-case letters, digits and hyphens, at most 63 characters, not starting or ending with a hyphen'
REGION_PATTERN='^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'  # RegionNames.Pattern (shared/Sentinel.ServiceDefaults)

region_check_name() {  # NAME
  [[ $1 =~ $REGION_PATTERN ]] || die "'$1' is not a region name: it must be $REGION_RULE"
  [[ $1 != default ]] || die "'default' is the region of the checkers on this machine's own queue; it needs no user"
}

region_user() { echo "sentinel-region-$1"; }  # NAME

# region_permissions NAME: the user's configure, write and read patterns (RabbitMQ regexes over queue and
# exchange names), one a line. What a checker of region NAME does on the broker, as MassTransit 8 does it (the
# permission test starts a bus as the checker's and sees each of these used):
# - its receive endpoint run-check-NAME: declares the queue and an exchange of that name bound to it, the
#   message type's exchange Sentinel.Contracts:RunChecks bound to that, and on a failure run-check-NAME_error
#   (or _skipped) with exchanges of the same names. Configure and read on all of those, write on its own names
#   (a bind needs write on the destination, read on the source).
# - Sentinel.Contracts:RunChecks is read (the source of that bind), never written: a write there would reach
#   every region's queue. Nothing is published to it (checks are sent to each region's queue), so a region may
#   declare it.
# - it publishes Sentinel.Contracts:ChecksCompleted and Sentinel.Contracts:CheckerSeen: configure (a publish
#   declares its exchange) and write.
# - after a message failed for good, MassTransit publishes Fault<RunChecks>: its exchange bound to the exchange of
#   MassTransit:Fault. Without these the publish is refused and the checker stops consuming altogether.
# Nothing else: no other region's queue, no run-check, no test-check, no queue of the recorder or the alerter.
region_permissions() {  # NAME
  local own="run-check-$1(_error|_skipped)?" fault='MassTransit:Fault--Sentinel\.Contracts:RunChecks--'
  local results='Sentinel\.Contracts:(ChecksCompleted|CheckerSeen)'
  echo "^($own|Sentinel\\.Contracts:RunChecks|$results|$fault|MassTransit:Fault)\$"
  echo "^($own|$results|$fault|MassTransit:Fault)\$"
  echo "^($own|Sentinel\\.Contracts:RunChecks|$fault)\$"
}

# region_user_add RABBITMQCTL NAME VHOST: create the region's user with a random password, printed on stdout.
region_user_add() {
  local ctl=$1 name=$2 vhost=$3 user password perms
  region_check_name "$name"
  user=$(region_user "$name")
  if "$ctl" list_users --quiet --no-table-headers 2>/dev/null | cut -f1 | grep -qx -- "$user"; then
    die "the broker already has user $user: ./sentinel region remove $name first (its checkers then need the new password)"
  fi
  password=$(random_hex 24)
  mapfile -t perms < <(region_permissions "$name")
  # The password on stdin, not in the arguments: they show in ps.
  printf '%s\n' "$password" | "$ctl" add_user "$user" >/dev/null || die "could not create broker user $user"
  "$ctl" set_permissions -p "$vhost" "$user" "${perms[@]}" >/dev/null ||
    die "could not set the permissions of broker user $user"
  echo "$password"
}

region_user_remove() {  # RABBITMQCTL NAME
  local user
  user=$(region_user "$2")
  if "$1" list_users --quiet --no-table-headers 2>/dev/null | cut -f1 | grep -qx -- "$user"; then
    "$1" delete_user "$user" >/dev/null || die "could not delete broker user $user"
    log "deleted broker user $user"
  else
    log "the broker has no user $user"
  fi
}
