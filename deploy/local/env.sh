# Shared settings of the local (no-Docker) servers; sourced by the other scripts.
# Versions are pinned here and nowhere else.
REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# As root (sessions, CI), OpenSearch runs as a system user that cannot enter /root, so the cache and
# the data live under /var; as an ordinary user, under $HOME.
if [ "$(id -u)" = 0 ]; then
  CACHE_DIR="${CABLESTREAM_CACHE:-/var/cache/cablestream}"
  VAR_DIR="${CABLESTREAM_VAR:-/var/lib/cablestream}"
else
  CACHE_DIR="${CABLESTREAM_CACHE:-$HOME/.cache/cablestream}"
  VAR_DIR="${CABLESTREAM_VAR:-$HOME/.local/state/cablestream}"
fi

MINIO_MODULE="github.com/minio/minio"
MINIO_VERSION="v0.0.0-20260212201848-7aac2a2c5b7c"
OPENSEARCH_VERSION="2.19.6"
OPENSEARCH_USER="cablestream-os"

REDIS_PORT="${CABLESTREAM_REDIS_PORT:-6390}"
MINIO_PORT="${CABLESTREAM_MINIO_PORT:-9010}"
MINIO_CONSOLE_PORT="${CABLESTREAM_MINIO_CONSOLE_PORT:-9011}"
OPENSEARCH_PORT="${CABLESTREAM_OPENSEARCH_PORT:-9210}"
MINIO_ROOT_USER="${CABLESTREAM_S3_ACCESS_KEY:-cablestream}"
MINIO_ROOT_PASSWORD="${CABLESTREAM_S3_SECRET_KEY:-cablestream-dev-secret}"
# Redis's ACL user (the settings' redis_username / redis_password, same variables): the default user is
# off, so every client, MinIO's notifications included, authenticates.
REDIS_USER="${CABLESTREAM_REDIS_USERNAME:-cablestream}"
REDIS_PASSWORD="${CABLESTREAM_REDIS_PASSWORD:-cablestream-dev-secret}"

MINIO_BIN="$CACHE_DIR/bin/minio-$MINIO_VERSION"
OPENSEARCH_HOME="$CACHE_DIR/opensearch-$OPENSEARCH_VERSION"
RUN_DIR="$VAR_DIR/run"
LOG_DIR="$VAR_DIR/log"
mkdir -p "$CACHE_DIR/bin" "$RUN_DIR" "$LOG_DIR"

log() { printf '[cablestream] %s\n' "$*" >&2; }

# rcli ARGS...: redis-cli as the ACL user.  The password travels in the environment (REDISCLI_AUTH),
# never on a command line that `ps` shows.
rcli() { REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -p "$REDIS_PORT" --user "$REDIS_USER" --no-auth-warning "$@"; }

# pid_alive NAME: true when RUN_DIR/NAME.pid names a live process that is still ours (a stale pid
# file after a reboot may name an unrelated process: its command line must match too).
pid_alive() {
  local f="$RUN_DIR/$1.pid" pid pattern
  [ -f "$f" ] || return 1
  pid="$(cat "$f")"
  kill -0 "$pid" 2>/dev/null || return 1
  case "$1" in
    redis) pattern=redis-server ;; minio|minio-*) pattern=minio ;; opensearch|opensearch-*) pattern=opensearch ;;
    prometheus) pattern=prometheus ;;
    upload|api) pattern=uvicorn ;; worker-*) pattern=celery ;; feed*) pattern=feed ;; *) pattern=cablestream ;;
  esac
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$pattern"
}

# stop_one NAME [TRIES]: stop the process RUN_DIR/NAME.pid names and forget it.  setsid made the pid a
# process-group leader: the group goes (a worker's children, runuser's child), and we wait up to TRIES/2 s.
stop_one() {
  local name="$1" tries="${2:-60}" f="$RUN_DIR/$1.pid"
  if pid_alive "$name"; then
    log "stopping $name"
    kill -TERM -- "-$(cat "$f")" 2>/dev/null || kill -TERM "$(cat "$f")" 2>/dev/null || true
    for _ in $(seq 1 "$tries"); do pid_alive "$name" || break; sleep 0.5; done
  fi
  rm -f "$f"
}

# wait_for NAME SECONDS CMD...: poll CMD until it succeeds, or fail with how the process ended and
# the tails of its logs.
wait_for() {
  local name="$1" secs="$2"; shift 2
  local i
  for ((i = 0; i < secs * 2; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if ! pid_alive "$name"; then
      log "$name (pid $(cat "$RUN_DIR/$name.pid" 2>/dev/null)) exited after $((i / 2)) s while starting"
      break
    fi
    sleep 0.5
  done
  log "$name did not become ready; last lines of $LOG_DIR/$name.log:"
  tail -n 30 "$LOG_DIR/$name.log" >&2 || true
  if [ "$name" = opensearch ]; then
    log "last lines of $VAR_DIR/opensearch/logs/cablestream.log:"
    tail -n 15 "$VAR_DIR/opensearch/logs/cablestream.log" >&2 2>/dev/null || true
  fi
  return 1
}

# wait_port_free NAME PORT...: a server still shutting down (or killed a moment ago) may hold its
# ports for a few seconds; starting a new one then fails with a bind error.  Wait up to 30 s.
wait_port_free() {
  local name="$1" port i; shift
  for port in "$@"; do
    for ((i = 0; i < 60; i++)); do
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || continue 2
      sleep 0.5
    done
    log "$name: port $port is still taken by a process this script did not start (see: ss -ltnp)"
    return 1
  done
}
