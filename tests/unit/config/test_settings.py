"""Settings are read once from the environment; placeholder secrets stay in development."""

from __future__ import annotations

import pytest

from cablestream.errors import ConfigurationError
from cablestream.settings import DEV_SECRET, Settings


def test_environment_variables_are_read_with_their_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CABLESTREAM_INDEX_ALIAS", "archive")
    monkeypatch.setenv("CABLESTREAM_INDEX_VERSION", "3")
    assert Settings().index_name == "archive-v3"


@pytest.mark.parametrize("env", ["staging", "production"])
def test_the_placeholder_secret_is_refused_outside_development(env: str) -> None:
    with pytest.raises(ConfigurationError, match="placeholder"):
        Settings(env=env, s3_secret_key=DEV_SECRET)
    assert Settings(env=env, s3_secret_key="a-real-secret").env == env
