#!/bin/sh
# The one-shot setup of the compose deployment (service "setup"); every other cablestream service
# starts only once it has exited 0.  What `make run` does before the services, in a container:
#   - `cablestream setup`: the bucket, and the cables and entities indices behind their aliases;
#   - a development API key with every scope (ingest, read, admin), kept in
#     $CABLESTREAM_DEV_KEY_HOME/.cablestream/dev-key (the volume "dev-key") and reused while Redis
#     knows it, so restarts keep the same key and `docker compose down -v` makes a new one.
# Both steps are idempotent: running setup again (every `docker compose up` does) changes nothing.
set -eu
cablestream setup
# `keys create --dev` keeps the key in ./.cablestream/dev-key: run it where the volume is mounted.
cd "${CABLESTREAM_DEV_KEY_HOME:-/var/lib/cablestream}"
key="$(cablestream keys create --dev)"
echo "development API key (every scope, in $(pwd)/.cablestream/dev-key): $key"
