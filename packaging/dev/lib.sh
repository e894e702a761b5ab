# shellcheck shell=bash disable=SC2034  # the variables are used by the scripts that source this
# Shared by the packaging/dev scripts (sourced, never run): where things live, the test people
# and small helpers. Everything the dev environment makes lives under $DEV (git-ignored), so
# `down --purge` can remove all of it at once.

# A failure inside $(...) fails the script too (the scripts run with set -euo pipefail).
shopt -s inherit_errexit

CMS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DEV=$CMS_ROOT/.dev
PKI=$DEV/pki
PG_DIR=$DEV/pg
PG_DATA=$PG_DIR/data
PG_RUN=$PG_DIR/run
PG_LOG=$PG_DIR/log/postgresql.log
# Debian's /usr/bin wrappers and this machine's /usr/local/bin stand-ins are not the real
# PostgreSQL 15 tools: always call them by this path.
PG_BIN=/usr/lib/postgresql/15/bin
SOFTHSM_MODULE=/usr/lib/softhsm/libsofthsm2.so
# Every process that loads SoftHSM needs this, including the tools the scripts run.
export SOFTHSM2_CONF=$DEV/softhsm/softhsm2.conf
SO_PIN=12345678
BAD_CARD_PIN=999999

# The test people (test values only):  login|CN|job role|key type|token label|PIN
PEOPLE=(
    "oortega|OLIVIA ORTEGA 2001000001|officer|rsa|oortega|100001"
    "iibarra|IVAN IBARRA 2001000002|investigator|ec|iibarra|100002"
    "aalvarez|ANNA ALVAREZ 2001000003|analyst|rsa|aalvarez|100003"
    "mmoore|MARCUS MOORE 2001000004|manager|rsa|mmoore|100004"
    "cchen|CARL CHEN 2001000005|contractor|rsa|cchen|100005"
    "dlake|DANA LAKE 2001000006|datalake_reader|rsa|dlake|100006"
    "rreyes|RITA REYES 2001000007|records_manager|rsa|rreyes|100007"
    "aadams|ALEX ADAMS 2001000008|access_admin|rsa|aadams|100008"
    "aunger|AUDREY UNGER 2001000009|auditor|rsa|aunger|100009"
)

# Deliberately bad cards:  token label|login whose subject it carries|defect
# Each carries a real person's subject, so only certificate validation can refuse it.
BAD_CARDS=(
    "bad-expired|oortega|expired"
    "bad-revoked|aalvarez|revoked"
    "bad-foreign|mmoore|foreign"
    "bad-eku|cchen|eku"
    "bad-nouuid|rreyes|nouuid"
)

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}

require_root() {
    [ "$(id -u)" -eq 0 ] || die "run as root (needs ${1:-root})"
}

# Every card, real ones first:  label|login|CN|role|key|PIN|defect  (defect "none" if real).
cards() {
    local rec login cn role key label pin defect
    for rec in "${PEOPLE[@]}"; do
        IFS='|' read -r login cn role key label pin <<<"$rec"
        printf '%s|%s|%s|%s|%s|%s|none\n' "$label" "$login" "$cn" "$role" "$key" "$pin"
    done
    for rec in "${BAD_CARDS[@]}"; do
        IFS='|' read -r label login defect <<<"$rec"
        IFS='|' read -r _ cn role key _ _ <<<"$(person "$login")"
        printf '%s|%s|%s|%s|%s|%s|%s\n' "$label" "$login" "$cn" "$role" "$key" "$BAD_CARD_PIN" "$defect"
    done
}

# The PEOPLE record of one login.
person() {
    local rec
    for rec in "${PEOPLE[@]}"; do
        if [ "${rec%%|*}" = "$1" ]; then
            printf '%s\n' "$rec"
            return 0
        fi
    done
    die "no person $1"
}

# Runs a chatty tool silently, showing its output only when it fails.
quiet() {
    local out
    if ! out=$("$@" 2>&1); then
        printf '%s\n' "$out" >&2
        log "failed: $*"
        return 1
    fi
}

# write_if_changed FILE [MODE]: replaces FILE with stdin only when the content differs, so
# unchanged files keep their mtime (the pki script decides what to re-issue by mtimes).
# Shell builtins only: it runs for every card on every `up`.
write_if_changed() {
    local file=$1 mode=${2:-0644} new="" old=""
    IFS= read -r -d '' new || true
    if [ -f "$file" ]; then
        IFS= read -r -d '' old <"$file" || true
        [ "$new" = "$old" ] && return 0
    fi
    printf '%s' "$new" >"$file.tmp"
    chmod "$mode" "$file.tmp"
    mv -f "$file.tmp" "$file"
}

# True when TARGET is missing or older than any of the DEPENDENCIES (like make).
stale() {
    local target=$1 dep
    shift
    [ -e "$target" ] || return 0
    for dep in "$@"; do
        [ "$dep" -nt "$target" ] && return 0
    done
    return 1
}

# PostgreSQL refuses to run as root; its tools run as the postgres OS user from a directory
# that user can enter (the caller's cwd may be /root).
as_postgres() {
    (cd "$PG_DIR" && runuser -u postgres -- "$@")
}

pg_port() { cat "$PG_DIR/port"; }

pg_running() {
    [ -f "$PG_DATA/PG_VERSION" ] && as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

pg_stop() {
    if pg_running; then
        log "stopping PostgreSQL"
        as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >&2
    else
        log "PostgreSQL is not running"
    fi
}
