"""Test-wide fixtures.  Unit tests need none of these; the server fixtures talk to the real Redis,
MinIO and OpenSearch that `make test` starts, in a namespace of their own (a Redis database, a bucket
and an index alias per session) so a running `make run` system is never touched."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from cablestream.infra.wiring import Wiring
from cablestream.settings import Settings
from devtools.localsystem import drop_namespace

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
SESSION = uuid.uuid4().hex[:8]


def make_test_settings(**overrides: object) -> Settings:
    values: dict[str, object] = {
        "env": "development",
        # A database of its own per session (the local Redis has 256): concurrent runs on one machine
        # never share queues, jobs or failure records.
        "redis_url": f"redis://127.0.0.1:6390/{16 + int(SESSION, 16) % 240}",
        "bucket": f"cstest-{SESSION}",
        "index_alias": f"cstest-{SESSION}-cables",
        "entities_alias": f"cstest-{SESSION}-entities",
        "log_json": True,
        "log_level": "WARNING",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def test_settings() -> Settings:
    return make_test_settings()


@pytest.fixture(scope="session")
def wiring(test_settings: Settings) -> Iterator[Wiring]:
    w = Wiring(test_settings)
    w.redis.flushdb()
    w.setup()
    yield w
    drop_namespace(w)
