"""API key tokens and scopes (pure)."""

from __future__ import annotations

import pytest

from cablestream.auth.keys import ApiKey, UnknownScope, check_scopes, hash_token, new_token


def test_tokens_are_random_and_hashed_with_sha256() -> None:
    a, b = new_token(), new_token()
    assert a != b and a.startswith("csk_") and len(a) > 40
    assert len(hash_token(a)) == 64 and hash_token(a) != hash_token(b)


def test_scopes() -> None:
    assert check_scopes(["read", "ingest"]) == ["ingest", "read"]
    with pytest.raises(UnknownScope):
        check_scopes(["root"])
    with pytest.raises(UnknownScope):
        check_scopes([])
    key = ApiKey(id="k", name="n", scopes=["read"])
    assert key.allows("read") and not key.allows("admin")
    key.revoked = True
    assert not key.allows("read")
