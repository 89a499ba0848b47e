#!/bin/sh
# One Celery worker of the compose deployment, started as deploy/local/services.sh starts it:
#   worker.sh STAGE CONCURRENCY [NICENESS]   (STAGE: parse, index or extract, consuming the queue of that name;
#   or express, consuming parse-express and index-express)
# Its metrics: the prefork children write to PROMETHEUS_MULTIPROC_DIR, the parent serves them merged on
# CABLESTREAM_METRICS_PORT (CABLESTREAM_METRICS_HOST=0.0.0.0 so that Prometheus can scrape it).
set -eu
stage="$1" concurrency="$2" niceness="${3:-0}"
queues="$stage"
[ "$stage" = express ] && queues=parse-express,index-express
# A restarted container keeps its /tmp: files of the previous run's processes would be merged in.
rm -rf "${PROMETHEUS_MULTIPROC_DIR:?}" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
exec nice -n "$niceness" celery -A "services.${stage}_worker.tasks" worker -Q "$queues" --concurrency "$concurrency" \
  --hostname "${stage}@%h" --loglevel INFO --without-gossip --without-mingle ${CABLESTREAM_WORKER_OPTIONS:-}
