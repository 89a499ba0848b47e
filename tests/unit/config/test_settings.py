"""Settings are read once from the environment; placeholder secrets stay in development."""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import SecretStr

from cablestream.errors import ConfigurationError
from cablestream.settings import DEV_SECRET, Settings


def test_environment_variables_are_read_with_their_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CABLESTREAM_INDEX_ALIAS", "archive")
    monkeypatch.setenv("CABLESTREAM_INDEX_VERSION", "3")
    assert Settings().index_name == "archive-v3"


@pytest.mark.parametrize("env", ["staging", "production"])
def test_the_placeholder_secret_is_refused_outside_development(env: Literal["staging", "production"]) -> None:
    with pytest.raises(ConfigurationError, match="placeholder"):
        Settings(env=env, s3_secret_key=DEV_SECRET, redis_password=SecretStr("a-real-secret"))
    assert Settings(env=env, s3_secret_key="a-real-secret", redis_password=SecretStr("another-secret")).env == env


@pytest.mark.parametrize("env", ["staging", "production"])
def test_the_placeholder_redis_password_is_refused_outside_development(env: Literal["staging", "production"]) -> None:
    real = "a-real-secret"  # the S3 secret, so only the Redis password is refused
    with pytest.raises(ConfigurationError, match="CABLESTREAM_REDIS_PASSWORD"):
        Settings(env=env, s3_secret_key=real)
    with pytest.raises(ConfigurationError, match="placeholder"):  # nor when it comes inside the URL
        Settings(
            env=env,
            redis_url=f"redis://cablestream:{DEV_SECRET}@redis:6379/0",
            redis_password=SecretStr("x"),
            s3_secret_key=real,
        )
    assert Settings(env=env, redis_password=SecretStr("another-secret"), s3_secret_key=real).env == env


def test_every_redis_url_gets_the_user_and_password() -> None:
    s = Settings(
        redis_url="redis://127.0.0.1:6390/7", redis_username="cs", redis_password=SecretStr("p@ss/word")
    )
    assert s.redis_dsn() == "redis://cs:p%40ss%2Fword@127.0.0.1:6390/7"
    assert s.redis_dsn("redis://127.0.0.1:6390/0") == "redis://cs:p%40ss%2Fword@127.0.0.1:6390/0"
    assert s.redis_dsn("redis://other:own@host:6379/1") == "redis://other:own@host:6379/1"  # its own, kept
    assert "p@ss/word" not in repr(s) and "p@ss/word" not in str(s.model_dump())


def test_several_opensearch_nodes_and_minio_endpoints_are_lists() -> None:
    s = Settings(opensearch_url="http://a:9200, http://b:9200,", s3_endpoint="m1:9000",
                 s3_failover_endpoints="m2:9000,m1:9000, m3:9000")
    assert s.opensearch_hosts == ["http://a:9200", "http://b:9200"]
    assert s.s3_endpoints == ["m1:9000", "m2:9000", "m3:9000"]  # the first once, in order
    assert Settings().s3_endpoints == ["127.0.0.1:9010"]
