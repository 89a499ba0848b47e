"""Test-wide fixtures.  Unit tests need none of these; the server fixtures talk to the real Redis,
MinIO and OpenSearch that `make test` starts, in a namespace of their own (a Redis database, a bucket
and an index alias per session) so a running `make run` system is never touched."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from cablestream.infra.wiring import Wiring
from cablestream.settings import Settings
from devtools.localsystem import LOCAL_REDIS, claim_database, drop_namespace

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
SESSION = uuid.uuid4().hex[:8]


@functools.cache
def session_database() -> int:
    """The session's Redis database, claimed once (concurrent runs on one machine never share queues,
    jobs or failure records) and given back by the ``wiring`` fixture's ``drop_namespace``."""
    return claim_database(f"cstest-{SESSION}")


def make_test_settings(**overrides: object) -> Settings:
    values: dict[str, object] = {
        "env": "development",
        "redis_url": overrides.get("redis_url") or f"{LOCAL_REDIS}/{session_database()}",
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
    w.setup()
    yield w
    drop_namespace(w)
