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
# permission test starts a real checker with this user and sees each of these used):
# - its receive endpoint run-check-NAME: declares the queue and an exchange of that name bound to it, and for a
#   message it cannot handle run-check-NAME_error (or _skipped) with exchanges of the same names. Configure and
#   read on those, write on them too (a bind needs write on the destination, read on the source).
# - it publishes Sentinel.Contracts:ChecksCompleted and Sentinel.Contracts:CheckerSeen: configure (a publish
#   declares its exchange) and write.
# The checker binds no message type's exchange to its queue and publishes no faults (RunChecksConsumerDefinition),
# so it needs nothing on Sentinel.Contracts:RunChecks or MassTransit:Fault, through which it could read other
# regions' checks. Nothing else: no other region's queue, no run-check, no test-check, no queue of the recorder or
# the alerter.
region_permissions() {  # NAME
  local own="run-check-$1(_error|_skipped)?" results='Sentinel\.Contracts:(ChecksCompleted|CheckerSeen)'
  echo "^($own|$results)\$"
  echo "^($own|$results)\$"
  echo "^($own)\$"
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
