"""Throw-away namespaces (tests, benches) claim their Redis database: two runs whose names hash alike
get different databases (a shared one let one run's FLUSHDB revoke the other's API keys in CI)."""

from __future__ import annotations

import uuid

import redis

from cablestream.settings import Settings
from devtools.localsystem import CLAIM_KEY, LOCAL_REDIS, NAMESPACE_DBS, claim_database, namespace_settings


def _client(db: int) -> redis.Redis:
    return redis.Redis.from_url(Settings(env="development").redis_dsn(f"{LOCAL_REDIS}/{db}"))


def test_two_owners_that_hash_alike_get_different_databases() -> None:
    owner = f"csclaim-{uuid.uuid4().hex[:8]}"
    first, second = claim_database(owner), claim_database(owner)  # same name, same hash, same first choice
    try:
        assert first != second
        assert _client(first).get(CLAIM_KEY) == owner.encode()
        assert _client(second).ttl(CLAIM_KEY) > 0  # a run that dies frees its database in time
    finally:
        for db in (first, second):
            _client(db).flushdb()


def test_leftovers_of_a_dead_run_are_emptied_by_the_next_claim() -> None:
    owner = f"csclaim-{uuid.uuid4().hex[:8]}"
    db = claim_database(owner)
    client = _client(db)
    try:
        client.set("left:over", "1")
        client.delete(CLAIM_KEY)  # the dead run's claim expired
        assert claim_database(owner) == db
        assert client.get("left:over") is None and client.get(CLAIM_KEY) == owner.encode()
    finally:
        client.flushdb()


def test_a_namespace_on_a_redis_of_its_own_claims_nothing_on_the_local_one() -> None:
    settings = namespace_settings("csclaim", redis_url="redis://127.0.0.1:6391/3")  # the chaos stack's way
    assert settings.redis_url == "redis://127.0.0.1:6391/3"
    claimed = [db for db in NAMESPACE_DBS if _client(db).get(CLAIM_KEY) == settings.bucket.encode()]
    assert claimed == []
