#!/usr/bin/env bash
# The local cluster, all on loopback: Redis (append-only file, ACL user and password, as servers.sh runs
# it), three OpenSearch nodes, four MinIO processes in one erasure set, Prometheus, and the services with
# two Celery workers per stage.  Ports and data: cluster-env.sh.  Pid files under $RUN_DIR: start
# starts whatever is not running (so it also restarts a killed node), stop kills only what it recorded.
# Usage: cluster.sh fetch|start|stop|status   (fetch: Prometheus from Debian; deploy/local/fetch.sh the rest)
set -euo pipefail
source "$(dirname "$0")/cluster-env.sh"
VENV="$REPO_DIR/.venv/bin"
STAGES=(parse index extract)

# --- OpenSearch ---------------------------------------------------------------------------------------
os_seeds() { local p out=(); for p in "${OS_HTTP_PORTS[@]}"; do out+=("127.0.0.1:$((p + 100))"); done; local IFS=,; echo "${out[*]}"; }
os_names() { local i out=(); for i in "${!OS_HTTP_PORTS[@]}"; do out+=("cs-$((i + 1))"); done; local IFS=,; echo "${out[*]}"; }

os_conf() {  # os_conf N: the config directory of node N (1-based), written on every start
  local n="$1" home="$VAR_DIR/opensearch-$1" port="${OS_HTTP_PORTS[$(($1 - 1))]}"
  mkdir -p "$home/config" "$home/data" "$home/logs"
  cp -r "$OPENSEARCH_HOME/config/." "$home/config/"
  # initial_cluster_manager_nodes only matters for the very first election; a node that already holds
  # cluster state ignores it, so a restarted node simply rejoins.
  cat >"$home/config/opensearch.yml" <<YML
cluster.name: cablestream-cluster
node.name: cs-$n
network.host: 127.0.0.1
http.port: $port
transport.port: $((port + 100))
discovery.seed_hosts: [$(os_seeds)]
cluster.initial_cluster_manager_nodes: [$(os_names)]
path.data: $home/data
path.logs: $home/logs
cluster.routing.allocation.disk.threshold_enabled: false
action.auto_create_index: false
YML
  sed -i -e "s#file=logs/#file=$home/logs/#" -e "s#=data\$#=$home/data#" \
    -e "s#ErrorFile=logs/#ErrorFile=$home/logs/#" "$home/config/jvm.options"
  printf -- '-Xms%s\n-Xmx%s\n' "$OS_HEAP" "$OS_HEAP" >"$home/config/jvm.options.d/heap.options"
}

launch_os() {  # launch_os N
  local n="$1" home="$VAR_DIR/opensearch-$1" runner=()
  local java_home; java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  os_conf "$n"
  if [ "$(id -u)" = 0 ]; then  # OpenSearch refuses root; setpriv execs, so the pid is the JVM's
    chown -R "$OPENSEARCH_USER" "$home"
    runner=(setpriv --reuid "$(id -u "$OPENSEARCH_USER")" --regid "$(id -g "$OPENSEARCH_USER")" --init-groups)
  fi
  : >"$LOG_DIR/opensearch-$n.log"
  setsid "${runner[@]}" env OPENSEARCH_JAVA_HOME="$java_home" OPENSEARCH_PATH_CONF="$home/config" \
    "$OPENSEARCH_HOME/bin/opensearch" >>"$LOG_DIR/opensearch-$n.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/opensearch-$n.pid"
}

os_green_or_yellow() { curl -sf "http://127.0.0.1:$1/_cluster/health?wait_for_status=yellow&timeout=1s"; }

start_opensearch() {
  local i port
  for i in "${!OS_HTTP_PORTS[@]}"; do
    pid_alive "opensearch-$((i + 1))" && continue
    port="${OS_HTTP_PORTS[$i]}"
    wait_port_free "opensearch-$((i + 1))" "$port" "$((port + 100))"
    log "starting OpenSearch node cs-$((i + 1)) on 127.0.0.1:$port"
    launch_os "$((i + 1))"
  done
  # Launched together: a node answers only once a quorum of them has elected a cluster manager.
  for i in "${!OS_HTTP_PORTS[@]}"; do
    wait_for "opensearch-$((i + 1))" 180 os_green_or_yellow "${OS_HTTP_PORTS[$i]}"
  done
}

# --- MinIO --------------------------------------------------------------------------------------------
minio_endpoints() { local i; for i in "${!MINIO_PORTS[@]}"; do echo "http://127.0.0.1:${MINIO_PORTS[$i]}$VAR_DIR/minio-$((i + 1))/data"; done; }

launch_minio() {  # launch_minio N: one process of the set, serving its own drive
  local n="$1" port="${MINIO_PORTS[$(($1 - 1))]}"
  mkdir -p "$VAR_DIR/minio-$n/data"
  : >"$LOG_DIR/minio-$n.log"
  # Metrics are public on loopback so that Prometheus scrapes them without a token.  _MINIO_SERVER_LOCAL:
  # where /.dockerenv exists (this machine has one) MinIO thinks it is in a container and waits for ever
  # for 127.0.0.1 to resolve to "a valid IP"; this variable, which MinIO reads in that case, names the
  # endpoint that is this process's own (cmd/endpoint.go, UpdateIsLocal).  MINIO_ROOTDRIVE_THRESHOLD_SIZE:
  # an erasure set refuses drives on the root filesystem (all four are directories of it here) unless
  # told which size marks a root drive; 1 byte marks none (cmd/xl-storage.go, getDiskInfo).
  # shellcheck disable=SC2046
  MINIO_ROOT_USER="$MINIO_ROOT_USER" MINIO_ROOT_PASSWORD="$MINIO_ROOT_PASSWORD" MINIO_BROWSER=off \
    MINIO_UPDATE=off MINIO_PROMETHEUS_AUTH_TYPE=public _MINIO_SERVER_LOCAL="127.0.0.1:$port" \
    MINIO_ROOTDRIVE_THRESHOLD_SIZE=1 \
    setsid "$MINIO_BIN" server --address "127.0.0.1:$port" $(minio_endpoints) \
    >>"$LOG_DIR/minio-$n.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/minio-$n.pid"
}

start_minio() {
  local i
  for i in "${!MINIO_PORTS[@]}"; do
    pid_alive "minio-$((i + 1))" && continue
    wait_port_free "minio-$((i + 1))" "${MINIO_PORTS[$i]}"
    log "starting MinIO process $((i + 1)) of ${#MINIO_PORTS[@]} on 127.0.0.1:${MINIO_PORTS[$i]}"
    launch_minio "$((i + 1))"
  done
  # /minio/health/cluster answers 200 once the set has its write quorum.
  for i in "${!MINIO_PORTS[@]}"; do
    wait_for "minio-$((i + 1))" 120 curl -sf "http://127.0.0.1:${MINIO_PORTS[$i]}/minio/health/cluster"
  done
}

# --- Prometheus ---------------------------------------------------------------------------------------
# Debian's package, installed once.  Its own service must not start (it would take :9090 with the
# package's config): a policy-rc.d that forbids starts is put in place for the install when none is
# there, and on a host run by systemd the unit the package enabled is disabled again.  We run the binary
# ourselves, on loopback, with our config.
fetch_prometheus() {
  command -v promtool >/dev/null && command -v prometheus >/dev/null && return 0
  if [ "$(id -u)" != 0 ]; then log "not root: apt-get install prometheus yourself"; return 1; fi
  log "installing Prometheus $PROMETHEUS_DEB_VERSION from Debian (its service stays off)"
  local policy=/usr/sbin/policy-rc.d placed=0 want=prometheus
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && placed=1; fi
  apt-get update -qq
  apt-cache show "prometheus=$PROMETHEUS_DEB_VERSION" >/dev/null 2>&1 && want="prometheus=$PROMETHEUS_DEB_VERSION" ||
    log "prometheus $PROMETHEUS_DEB_VERSION is no longer in the archive; taking $(apt-cache policy prometheus | awk '/Candidate/ {print $2}')"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$want" >/dev/null || { [ $placed = 1 ] && rm -f "$policy"; return 1; }
  [ $placed = 1 ] && rm -f "$policy"
  if [ -d /run/systemd/system ]; then systemctl disable --now prometheus >/dev/null 2>&1 || true; fi
}

start_prometheus() {
  pid_alive prometheus && return 0
  mkdir -p "$VAR_DIR/prometheus"
  wait_port_free prometheus "$PROMETHEUS_PORT"
  log "starting Prometheus on 127.0.0.1:$PROMETHEUS_PORT"
  : >"$LOG_DIR/prometheus.log"
  setsid /usr/bin/prometheus --config.file="$REPO_DIR/deploy/prometheus/cluster-local.yml" \
    --storage.tsdb.path="$VAR_DIR/prometheus" --storage.tsdb.retention.time=2d \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" >>"$LOG_DIR/prometheus.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/prometheus.pid"
  wait_for prometheus 60 curl -sf "http://127.0.0.1:$PROMETHEUS_PORT/-/ready"
}

# --- services -----------------------------------------------------------------------------------------
start_proc() {  # start_proc NAME COMMAND...
  local name="$1"; shift
  pid_alive "$name" && return 0
  log "starting $name"
  setsid "$@" >"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
}

worker() {  # worker STAGE K METRICS_PORT: one Celery worker process (one child) of a stage
  local name="worker-$1-$2" mp="$VAR_DIR/metrics/$1-$2" extra=()
  pid_alive "$name" && return 0
  rm -rf "$mp" && mkdir -p "$mp"
  # Extraction is CPU-bound and comes last: lower priority, and a child past 550 MB is replaced.
  [ "$1" = extract ] && extra=(nice -n 10)
  PROMETHEUS_MULTIPROC_DIR="$mp" CABLESTREAM_METRICS_PORT="$3" start_proc "$name" "${extra[@]}" \
    "$VENV/celery" -A "services.$1_worker.tasks" worker -Q "$1" --concurrency 1 --hostname "$1-$2@%h" \
    --loglevel INFO --without-gossip --without-mingle --max-memory-per-child 550000
}

worker_names() { local s k; for s in "${STAGES[@]}"; do for ((k = 1; k <= WORKERS_PER_STAGE; k++)); do echo "worker-$s-$k"; done; done; }

start_services() {
  cd "$REPO_DIR"
  "$VENV/cablestream" setup  # bucket, and the indices with 3 shards and 1 replica (cluster-env.sh)
  (mkdir -p "$VAR_DIR/keys" && cd "$VAR_DIR/keys" && "$VENV/cablestream" keys create --dev >/dev/null)
  start_proc upload "$VENV/uvicorn" services.upload.app:create_app --factory --no-access-log \
    --host 127.0.0.1 --port "$CABLESTREAM_UPLOAD_PORT"
  start_proc api "$VENV/uvicorn" services.api.app:create_app --factory --no-access-log \
    --host 127.0.0.1 --port "$CABLESTREAM_API_PORT"
  local s k port="$WORKER_METRICS_BASE"
  for s in "${STAGES[@]}"; do
    for ((k = 1; k <= WORKERS_PER_STAGE; k++)); do worker "$s" "$k" "$port"; port=$((port + 1)); done
  done
  wait_for upload 30 curl -sf "http://127.0.0.1:$CABLESTREAM_UPLOAD_PORT/healthz"
  wait_for api 30 curl -sf "http://127.0.0.1:$CABLESTREAM_API_PORT/healthz"
}

# --- all ----------------------------------------------------------------------------------------------
all_names() {
  local i
  echo upload api; worker_names; echo prometheus
  for i in "${!MINIO_PORTS[@]}"; do echo "minio-$((i + 1))"; done
  for i in "${!OS_HTTP_PORTS[@]}"; do echo "opensearch-$((i + 1))"; done
}

start() {
  bash "$REPO_DIR/deploy/local/servers.sh" start redis  # on $REDIS_PORT, under the cluster's $VAR_DIR
  start_minio
  start_opensearch
  start_services
  start_prometheus
  log "cluster up: upload :$CABLESTREAM_UPLOAD_PORT, api :$CABLESTREAM_API_PORT, OpenSearch ${OS_HTTP_PORTS[*]}," \
    "MinIO ${MINIO_PORTS[*]}, Redis $REDIS_PORT, Prometheus :$PROMETHEUS_PORT; key in $VAR_DIR/keys/.cablestream/dev-key"
}

stop() {
  local name
  for name in $(all_names); do stop_one "$name"; done
  bash "$REPO_DIR/deploy/local/servers.sh" stop redis
}

status() {
  local name
  for name in $(all_names) redis; do
    if pid_alive "$name"; then echo "$name: running (pid $(cat "$RUN_DIR/$name.pid"))"; else echo "$name: stopped"; fi
  done
}

case "${1:-}" in
  fetch) fetch_prometheus ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 fetch|start|stop|status" >&2; exit 2 ;;
esac
