#!/usr/bin/env bash
# Start or stop cablestream's own processes (upload service, read API, one Celery worker per stage)
# against the local servers.  Pid files under $RUN_DIR; start skips what already runs.
# Usage: services.sh start|stop|status
set -euo pipefail
source "$(dirname "$0")/env.sh"
VENV="$REPO_DIR/.venv/bin"
cd "$REPO_DIR"

start_proc() {
  local name="$1"; shift
  pid_alive "$name" && return 0
  log "starting $name"
  setsid "$@" >"$LOG_DIR/$name.log" 2>&1 < /dev/null &
  echo $! >"$RUN_DIR/$name.pid"
}

# The queues each worker consumes (as infra/queue.py WORKER_QUEUES): a stage's own; the express worker
# the express lanes of parse and index (a stage's workers add their express lane by themselves).
queues_of() { if [ "$1" = express ]; then echo parse-express,index-express; else echo "$1"; fi; }

worker() {  # worker NAME CONCURRENCY METRICS_PORT [NICENESS [CELERY OPTION...]]
  pid_alive "worker-$1" && return 0
  # Prefork children write metrics to files here; the worker's parent serves them merged.
  local mp="$VAR_DIR/metrics/$1"
  rm -rf "$mp" && mkdir -p "$mp"
  PROMETHEUS_MULTIPROC_DIR="$mp" CABLESTREAM_METRICS_PORT="$3" \
    start_proc "worker-$1" nice -n "${4:-0}" "$VENV/celery" -A "services.$1_worker.tasks" worker -Q "$(queues_of "$1")" \
    --concurrency "$2" --hostname "$1@%h" --loglevel INFO --without-gossip --without-mingle "${@:5}"
}

start() {
  "$VENV/cablestream" setup
  start_proc upload "$VENV/uvicorn" services.upload.app:create_app --factory --no-access-log \
    --host 127.0.0.1 --port "${CABLESTREAM_UPLOAD_PORT:-8000}"
  start_proc api "$VENV/uvicorn" services.api.app:create_app --factory --no-access-log \
    --host 127.0.0.1 --port "${CABLESTREAM_API_PORT:-8001}"
  # A parse or index child past 400 MB (one huge or hostile file: a 16 MiB cable, a deep archive) is
  # replaced after its task, so the memory one file took is given back.
  # Four parse processes: a parse child spends most of its time waiting on MinIO and Redis (four gave
  # 1.27x the archive rate of two on this 2-core machine: bench.archive --parse-workers).
  worker parse 4 9101 0 --max-memory-per-child 400000
  worker index 1 9102 0 --max-memory-per-child 400000
  # The express lane: small files (feeds, single uploads) parsed and indexed while archives hold the
  # parse and index workers, so one cable is searchable in well under a second during an archive load.
  worker express 1 9104 0 --max-memory-per-child 400000
  # Extraction is CPU-bound and comes after indexing: one process per core and one more (an eighth of a
  # process's time is spent reading and writing records), at a lower priority, so it takes both cores when
  # parse and index are idle and yields them the moment a load arrives.
  if [ -d "$REPO_DIR/services/extract_worker" ]; then
    # A child past 550 MB (the model's batches stay near 400) is replaced after its task: a bound, not a leak fix.
    worker extract "${CABLESTREAM_EXTRACT_CONCURRENCY:-$(( $(nproc) + 1 ))}" 9103 "${CABLESTREAM_EXTRACT_NICE:-10}" \
      --max-memory-per-child 550000
  fi
  # Continuous feeds: objects put into bucket "incoming" (MinIO notifications), files dropped in $VAR_DIR/incoming.
  mkdir -p "$VAR_DIR/incoming"
  start_proc feed-bucket "$VENV/python" -m services.feed bucket "${CABLESTREAM_FEED_BUCKET:-incoming}"
  start_proc feed-dir "$VENV/python" -m services.feed dir "$VAR_DIR/incoming"
  wait_for upload 30 curl -sf "http://127.0.0.1:${CABLESTREAM_UPLOAD_PORT:-8000}/healthz"
  wait_for api 30 curl -sf "http://127.0.0.1:${CABLESTREAM_API_PORT:-8001}/healthz"
}

NAMES=(feed-bucket feed-dir upload api worker-parse worker-index worker-express worker-extract)  # feeds stop first
stop() {
  for name in "${NAMES[@]}"; do stop_one "$name" 20; done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) for n in "${NAMES[@]}"; do pid_alive "$n" && echo "$n: running" || echo "$n: stopped"; done ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
