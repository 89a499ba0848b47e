#!/usr/bin/env bash
# Fetch (once, into the cache outside the repo) the three servers: Redis from Debian, MinIO built
# from its Go module, OpenSearch's minimal distribution from Maven Central.  Idempotent.
set -euo pipefail
source "$(dirname "$0")/env.sh"

apt_install() {  # apt_install COMMAND PACKAGE...: install the packages unless COMMAND exists
  command -v "$1" >/dev/null && return 0
  shift
  log "installing $* from Debian"
  if [ "$(id -u)" != 0 ]; then log "not root: install $* yourself (apt-get install $*)"; return 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

fetch_redis() { apt_install redis-server redis-server; }

# The dashboard's browser test drives Debian's headless Chromium.
fetch_chromium() { apt_install chromium chromium || log "chromium missing: only the dashboard browser test needs it"; }

fetch_minio() {
  [ -x "$MINIO_BIN" ] && return 0
  log "building MinIO $MINIO_VERSION from its Go module (a few minutes, once)"
  local gobin; gobin="$(mktemp -d)"
  GOBIN="$gobin" GOFLAGS=-mod=mod go install "$MINIO_MODULE@$MINIO_VERSION"
  mv "$gobin/minio" "$MINIO_BIN"
  rmdir "$gobin"
}

fetch_opensearch() {
  [ -x "$OPENSEARCH_HOME/bin/opensearch" ] && return 0
  log "fetching OpenSearch $OPENSEARCH_VERSION from Maven Central"
  local dl="$CACHE_DIR/dl"
  mkdir -p "$dl"
  [ -f "$dl/opensearch-$OPENSEARCH_VERSION.zip" ] || mvn -q dependency:copy \
    -Dartifact="org.opensearch.distribution.integ-test-zip:opensearch:$OPENSEARCH_VERSION:zip" \
    -DoutputDirectory="$dl"
  local tmp; tmp="$(mktemp -d "$CACHE_DIR/os.XXXX")"
  (cd "$tmp" && python3 -m zipfile -e "$dl/opensearch-$OPENSEARCH_VERSION.zip" .)
  chmod +x "$tmp"/opensearch-*/bin/* "$tmp"/opensearch-*/jdk/bin/* 2>/dev/null || true
  mv "$tmp"/opensearch-* "$OPENSEARCH_HOME"
  rm -rf "$tmp"
}

ensure_opensearch_user() {
  # OpenSearch refuses to run as root; sessions and CI are root.
  [ "$(id -u)" = 0 ] || return 0  # not root: OpenSearch runs as the calling user
  id "$OPENSEARCH_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$OPENSEARCH_USER"
}

fetch_redis
fetch_chromium
fetch_opensearch
ensure_opensearch_user
fetch_minio
