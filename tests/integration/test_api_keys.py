"""API keys: 401 without or with a bad key, 403 with the wrong scope, revocation, open health and docs."""

from __future__ import annotations

import httpx

from cablestream.auth.keys import KeyStore, hash_token
from cablestream.infra.wiring import Wiring
from tests.integration.test_api_support import serve


def test_keys_are_checked_by_scope_and_revocable(wiring: Wiring) -> None:
    store = KeyStore(wiring.redis)
    ingest_key, ingest_token = store.create("uploader", ["ingest"])
    with serve(wiring) as api:
        assert api.get("/v1/cables").status_code == 200  # the fixture's read key
        bare = httpx.get(f"{api.base_url}/v1/cables")
        assert bare.status_code == 401 and bare.json()["param"] == "Authorization"
        assert bare.headers["content-type"] == "application/problem+json"
        wrong = api.get("/v1/cables", headers={"Authorization": "Bearer csk_not-a-key"})
        assert wrong.status_code == 401
        scope = api.get("/v1/cables", headers={"Authorization": f"Bearer {ingest_token}"})
        assert scope.status_code == 403 and "read" in scope.json()["detail"]
        for path in ("/healthz", "/docs", "/openapi.json"):
            assert httpx.get(f"{api.base_url}{path}").status_code == 200, path
        read_key, read_token = store.create("reader", ["read"])
        assert api.get("/v1/cables", headers={"Authorization": f"Bearer {read_token}"}).status_code == 200
        assert store.revoke(read_key.id)
        assert api.get("/v1/cables", headers={"Authorization": f"Bearer {read_token}"}).status_code == 401
    # Stored hashed: neither token appears anywhere in Redis, its sha256 does.
    stored = [str(wiring.redis.get(k) or "") for k in wiring.redis.scan_iter("cs:apikey:*")]  # decoded: str
    stored += [str(k) + str(v) for k, v in wiring.redis.hgetall("cs:apikeys").items()]
    assert stored and all(ingest_token not in value for value in stored)
    assert wiring.redis.exists(f"cs:apikey:{hash_token(ingest_token)}")
    assert [k.id for k in store.list() if k.revoked] == [read_key.id]
    assert not store.revoke("nosuchkey") and ingest_key.scopes == ["ingest"]
