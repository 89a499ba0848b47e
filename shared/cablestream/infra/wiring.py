"""The clients a service needs, built once from its settings at the entry point and passed down."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import redis
from celery import Celery
from opensearchpy import OpenSearch
from redis import Redis

from cablestream.infra.queue import make_celery
from cablestream.infra.storage import ObjectStore
from cablestream.search.client import ensure_index, make_client
from cablestream.settings import Settings
from cablestream.state.failures import FailureStore
from cablestream.state.jobs import JobStore


@dataclass
class Wiring:
    settings: Settings

    @cached_property
    def redis(self) -> redis.Redis:
        return redis.Redis.from_url(self.settings.redis_dsn(), socket_timeout=10, socket_connect_timeout=3,
                                    health_check_interval=30, decode_responses=True)

    @cached_property
    def redis_bytes(self) -> Redis:
        """The same server, answering bytes (file contents: ``pipeline.rawstash``)."""
        return redis.Redis.from_url(self.settings.redis_dsn(), socket_timeout=10, socket_connect_timeout=3,
                                    health_check_interval=30, decode_responses=False)

    @cached_property
    def store(self) -> ObjectStore:
        return ObjectStore(self.settings)

    @cached_property
    def search(self) -> OpenSearch:
        return make_client(self.settings)

    @cached_property
    def celery(self) -> Celery:
        return make_celery(self.settings)

    @cached_property
    def jobs(self) -> JobStore:
        return JobStore(self.redis)

    @cached_property
    def failures(self) -> FailureStore:
        return FailureStore(self.redis)

    def setup(self) -> None:
        """Create the bucket and the index behind its alias; idempotent, safe from many processes."""
        self.store.ensure_bucket()
        ensure_index(self.search, self.settings)
