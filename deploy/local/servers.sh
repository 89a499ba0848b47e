#!/usr/bin/env bash
# Start, stop or report the local Redis, MinIO and OpenSearch.  Each listens on loopback only, keeps
# its data under $VAR_DIR, and is tracked by a pid file: start skips what already runs, stop kills
# only the pids it recorded.  Usage: servers.sh start|stop|status [redis|minio|opensearch...]
set -euo pipefail
source "$(dirname "$0")/env.sh"

redis_password_hash() { printf '%s' "$REDIS_PASSWORD" | sha256sum | cut -d' ' -f1; }

# The ACL file Redis loads at start: the default user off (no client gets in without a password), ours
# with every right.  The default user keeps its rights though it is off: Redis 7.0 replays the append-only
# file as that user and re-checks ACLs at each EXEC, so a rightless default drops every MULTI/EXEC block
# (job state, pending sets, kombu deliveries, Lua scripts) at restart (redis/redis#14541, docs/chaos.md).  It holds the password's SHA-256 only, never the password; written on every start,
# so a changed CABLESTREAM_REDIS_PASSWORD applies on the next launch.
redis_acl_file() {
  mkdir -p "$VAR_DIR/redis"
  printf 'user default off ~* &* +@all\nuser %s on #%s ~* &* +@all\n' "$REDIS_USER" "$(redis_password_hash)" \
    >"$VAR_DIR/redis/users.acl"
}

redis_ready() { [ "$(rcli ACL WHOAMI 2>/dev/null)" = "$REDIS_USER" ]; }
# Whether a client without a password still gets in (as "default").
redis_open() { [ "$(redis-cli -p "$REDIS_PORT" ACL WHOAMI 2>/dev/null)" = default ]; }

launch_redis() {
  redis_acl_file
  # appendonly: job state and failure records survive a restart.
  setsid redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$VAR_DIR/redis" \
    --appendonly yes --save "" --protected-mode yes --daemonize no --databases 256 \
    --aclfile "$VAR_DIR/redis/users.acl" >>"$LOG_DIR/redis.log" 2>&1 < /dev/null &
  echo $! >"$RUN_DIR/redis.pid"
}

# A Redis that runs but does not know our user and password, or still lets anyone in, was started by an
# earlier checkout (no password then) or with another password.  One that still lets anyone in as
# "default" takes the user live: its data and connected clients stay, and its next launch reads the ACL
# file.  Otherwise it is restarted on the ACL file (the append-only file keeps the data).
adopt_running_redis() {
  pid_alive redis || return 0
  redis_ready && ! redis_open && return 0
  local open=(redis-cli -p "$REDIS_PORT")
  if redis_open &&
     "${open[@]}" ACL SETUSER "$REDIS_USER" reset on "#$(redis_password_hash)" '~*' '&*' '+@all' >/dev/null &&
     "${open[@]}" ACL SETUSER default off >/dev/null && redis_ready; then
    log "Redis: ACL user $REDIS_USER set up on the running server; the default user is off"
  else
    log "Redis: the running server refuses user $REDIS_USER; restarting it on the ACL file"
    stop_one redis
    wait_port_free redis "$REDIS_PORT"
  fi
}

launch_minio() {
  mkdir -p "$VAR_DIR/minio" "$VAR_DIR/minio-events"
  # Bucket notifications go to Redis (db 0, one RPUSH per event on the key below) for the bucket feed, by
  # two targets writing to that one key.  PRIMARY (the ARN the feed subscribes, CABLESTREAM_FEED_NOTIFY_ARN)
  # sends each event at once (about 8 ms from put to event), but drops it when Redis is unreachable.
  # DURABLE writes each event to its queue dir first and sends it from there on a fixed 3 s ticker
  # (MinIO's internal/store, not configurable): slow, but what Redis missed is replayed once it is back.
  # The feed subscribes its bucket to both (CABLESTREAM_FEED_NOTIFY_DURABLE_ARN): each event comes twice, at
  # once and 0-3 s later, and the feed skips an object version (bucket, key, eTag) it has handled.
  # CABLESTREAM_MINIO_NOTIFY_QUEUE_DIR= (empty): no DURABLE target.
  local queue_dir="${CABLESTREAM_MINIO_NOTIFY_QUEUE_DIR-$VAR_DIR/minio-events}"
  local key="${CABLESTREAM_FEED_EVENTS_KEY:-cablestream:minio-events}"
  MINIO_ROOT_USER="$MINIO_ROOT_USER" MINIO_ROOT_PASSWORD="$MINIO_ROOT_PASSWORD" \
    MINIO_BROWSER=on MINIO_UPDATE=off \
    MINIO_NOTIFY_REDIS_ENABLE_PRIMARY=on MINIO_NOTIFY_REDIS_ADDRESS_PRIMARY="127.0.0.1:$REDIS_PORT" \
    MINIO_NOTIFY_REDIS_USER_PRIMARY="$REDIS_USER" MINIO_NOTIFY_REDIS_PASSWORD_PRIMARY="$REDIS_PASSWORD" \
    MINIO_NOTIFY_REDIS_KEY_PRIMARY="$key" MINIO_NOTIFY_REDIS_FORMAT_PRIMARY=access \
    MINIO_NOTIFY_REDIS_ENABLE_DURABLE="$([ -n "$queue_dir" ] && echo on || echo off)" \
    MINIO_NOTIFY_REDIS_ADDRESS_DURABLE="127.0.0.1:$REDIS_PORT" \
    MINIO_NOTIFY_REDIS_USER_DURABLE="$REDIS_USER" MINIO_NOTIFY_REDIS_PASSWORD_DURABLE="$REDIS_PASSWORD" \
    MINIO_NOTIFY_REDIS_KEY_DURABLE="$key" MINIO_NOTIFY_REDIS_FORMAT_DURABLE=access \
    MINIO_NOTIFY_REDIS_QUEUE_DIR_DURABLE="$queue_dir" \
    setsid "$MINIO_BIN" server "$VAR_DIR/minio" --address "127.0.0.1:$MINIO_PORT" \
    --console-address "127.0.0.1:$MINIO_CONSOLE_PORT" >>"$LOG_DIR/minio.log" 2>&1 < /dev/null &
  echo $! >"$RUN_DIR/minio.pid"
  minio_redis_auth >"$RUN_DIR/minio.redis-auth"
}

# Which Redis credentials a running MinIO was given (a hash, not the secret): its notifications fail
# once Redis wants a password it was not told, so a MinIO started with others (or none) is restarted.
minio_redis_auth() { printf '%s:%s' "$REDIS_USER" "$REDIS_PASSWORD" | sha256sum | cut -d' ' -f1; }

opensearch_conf() {
  local conf="$VAR_DIR/opensearch/config"
  mkdir -p "$conf" "$VAR_DIR/opensearch/data" "$VAR_DIR/opensearch/logs"
  cp -r "$OPENSEARCH_HOME/config/." "$conf/"
  cat >"$conf/opensearch.yml" <<YML
cluster.name: cablestream
node.name: local
network.host: 127.0.0.1
http.port: $OPENSEARCH_PORT
transport.port: $((OPENSEARCH_PORT + 100))
discovery.type: single-node
path.data: $VAR_DIR/opensearch/data
path.logs: $VAR_DIR/opensearch/logs
# Small disks must not turn the index read-only.
cluster.routing.allocation.disk.threshold_enabled: false
action.auto_create_index: false
YML
  # The stock jvm.options writes GC logs and heap dumps relative to the working directory.
  sed -i -e "s#file=logs/#file=$VAR_DIR/opensearch/logs/#" -e "s#=data\$#=$VAR_DIR/opensearch/data#" \
    -e "s#ErrorFile=logs/#ErrorFile=$VAR_DIR/opensearch/logs/#" "$conf/jvm.options"
  printf -- '-Xms768m\n-Xmx768m\n' >"$conf/jvm.options.d/heap.options"
}

launch_opensearch() {
  local java_home; java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  local runner=()
  if [ "$(id -u)" = 0 ]; then
    chown -R "$OPENSEARCH_USER" "$VAR_DIR/opensearch"
    # OpenSearch refuses to run as root.  setpriv execs (runuser would fork and wait), so the pid we
    # record is the JVM itself and its death is seen at once.
    runner=(setpriv --reuid "$(id -u "$OPENSEARCH_USER")" --regid "$(id -g "$OPENSEARCH_USER")" --init-groups)
  fi
  OPENSEARCH_JAVA_HOME="$java_home" OPENSEARCH_PATH_CONF="$VAR_DIR/opensearch/config" \
    setsid "${runner[@]}" env OPENSEARCH_JAVA_HOME="$java_home" OPENSEARCH_PATH_CONF="$VAR_DIR/opensearch/config" \
    "$OPENSEARCH_HOME/bin/opensearch" >>"$LOG_DIR/opensearch.log" 2>&1 < /dev/null &
  echo $! >"$RUN_DIR/opensearch.pid"
}

# start_server NAME WHAT SECONDS LAUNCH READY...: start NAME unless it runs, and wait until READY
# succeeds.  A server killed while it starts (by a sweep of a previous run's processes, say) is started
# again rather than failing the whole run: three attempts, each with the full readiness budget.
start_server() {
  local name="$1" what="$2" secs="$3" launch="$4"; shift 4
  pid_alive "$name" && return 0
  : >"$LOG_DIR/$name.log"
  local attempt
  for attempt in 1 2 3; do
    log "starting $what (attempt $attempt)"
    "$launch"
    if wait_for "$name" "$secs" "$@"; then
      return 0
    fi
    stop_one "$name"
    sleep $((attempt * 5))
  done
  return 1
}

start_redis() {
  adopt_running_redis
  start_server redis "Redis on 127.0.0.1:$REDIS_PORT" 30 launch_redis redis_ready
}

start_minio() {
  if pid_alive minio && [ "$(cat "$RUN_DIR/minio.redis-auth" 2>/dev/null)" != "$(minio_redis_auth)" ]; then
    log "MinIO: restarting, so that its bucket notifications authenticate to Redis"
    stop_one minio
    wait_port_free minio "$MINIO_PORT" "$MINIO_CONSOLE_PORT"
  fi
  start_server minio "MinIO on 127.0.0.1:$MINIO_PORT (console :$MINIO_CONSOLE_PORT)" 60 launch_minio \
    curl -sf "http://127.0.0.1:$MINIO_PORT/minio/health/ready"
}

start_opensearch() {
  pid_alive opensearch && return 0
  opensearch_conf
  wait_port_free opensearch "$OPENSEARCH_PORT" "$((OPENSEARCH_PORT + 100))"
  start_server opensearch "OpenSearch $OPENSEARCH_VERSION on 127.0.0.1:$OPENSEARCH_PORT" 180 launch_opensearch \
    curl -sf "http://127.0.0.1:$OPENSEARCH_PORT/_cluster/health?wait_for_status=yellow&timeout=1s"
}

status() {
  for name in redis minio opensearch; do
    if pid_alive "$name"; then echo "$name: running (pid $(cat "$RUN_DIR/$name.pid"))"; else echo "$name: stopped"; fi
  done
}

# start|stop [NAME...]: all three servers by default, else only those named (redis, minio, opensearch).
action="${1:-}"; shift || true
case "$action" in
  start) for name in "${@:-redis minio opensearch}"; do for n in $name; do "start_$n"; done; done ;;
  stop) for name in "${@:-opensearch minio redis}"; do for n in $name; do stop_one "$n"; done; done ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status [redis|minio|opensearch...]" >&2; exit 2 ;;
esac
