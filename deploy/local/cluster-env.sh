# The local cluster (`make cluster`): every server several times over on loopback, with ports and a data
# directory of its own, so it runs beside the single-server stack of `make run` (6390/9010/9210) and
# never touches it.  Sourced by cluster.sh and by `make test-cluster`; exports the settings every
# cluster service is started with (shared/cablestream/settings.py reads them).
if [ "$(id -u)" = 0 ]; then _cluster_var=/var/lib/cablestream-cluster; else _cluster_var="$HOME/.local/state/cablestream-cluster"; fi
export CABLESTREAM_VAR="${CABLESTREAM_CLUSTER_VAR:-$_cluster_var}"
export CABLESTREAM_REDIS_PORT="${CABLESTREAM_CLUSTER_REDIS_PORT:-6392}"
unset _cluster_var
# shellcheck source=env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

# Debian's Prometheus (bookworm); another revision of 2.42 is taken if this one has left the archive.
PROMETHEUS_DEB_VERSION="2.42.0+ds-5+deb12u1"

# OpenSearch: three nodes, each cluster-manager-eligible and data (a quorum of two survives one lost);
# transport on http + 100.  MinIO: four processes of one erasure set (one drive each: EC:2, so reads and
# writes go on with any one lost).  Ports chosen clear of the stack of `make run` and of 6391/9011-9013/9211.
read -r -a OS_HTTP_PORTS <<<"${CABLESTREAM_CLUSTER_OS_PORTS:-9221 9222 9223}"
read -r -a MINIO_PORTS <<<"${CABLESTREAM_CLUSTER_MINIO_PORTS:-9031 9032 9033 9034}"
OS_HEAP="${CABLESTREAM_CLUSTER_OS_HEAP:-512m}"
PROMETHEUS_PORT="${CABLESTREAM_CLUSTER_PROMETHEUS_PORT:-9190}"
# Two workers per stage, each its own process (one can die while the other works); metrics ports from
# 9111, in the order parse-1 parse-2 index-1 index-2 extract-1 extract-2.
WORKERS_PER_STAGE="${CABLESTREAM_CLUSTER_WORKERS_PER_STAGE:-2}"
WORKER_METRICS_BASE="${CABLESTREAM_CLUSTER_METRICS_BASE:-9111}"

_join() { local IFS=,; echo "$*"; }
_os_urls=(); for p in "${OS_HTTP_PORTS[@]}"; do _os_urls+=("http://127.0.0.1:$p"); done
_minio_rest=(); for p in "${MINIO_PORTS[@]:1}"; do _minio_rest+=("127.0.0.1:$p"); done

export CABLESTREAM_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export CABLESTREAM_FEED_EVENTS_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export CABLESTREAM_S3_ENDPOINT="127.0.0.1:${MINIO_PORTS[0]}"
export CABLESTREAM_S3_FAILOVER_ENDPOINTS="$(_join "${_minio_rest[@]}")"
export CABLESTREAM_OPENSEARCH_URL="$(_join "${_os_urls[@]}")"
export CABLESTREAM_INDEX_SHARDS="${CABLESTREAM_INDEX_SHARDS:-3}"
export CABLESTREAM_INDEX_REPLICAS="${CABLESTREAM_INDEX_REPLICAS:-1}"
export CABLESTREAM_UPLOAD_PORT="${CABLESTREAM_CLUSTER_UPLOAD_PORT:-8010}"
export CABLESTREAM_API_PORT="${CABLESTREAM_CLUSTER_API_PORT:-8011}"
# For the failover test: where the pid files are, and how to reach Prometheus.
export CABLESTREAM_CLUSTER_RUN_DIR="$RUN_DIR"
export CABLESTREAM_CLUSTER_PROMETHEUS_URL="http://127.0.0.1:$PROMETHEUS_PORT"
unset _os_urls _minio_rest
