"""Helpers for the read-API integration tests (no tests here): the app served by a real uvicorn in a
thread (so streaming and server-sent events go over real HTTP), keys, and valid records."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import orjson
import uvicorn
from fastapi import FastAPI

from cablestream.auth.keys import KeyStore
from cablestream.infra.storage import record_key
from cablestream.infra.wiring import Wiring
from cablestream.record import Cable, Source
from cablestream.search.indexing import bulk_upsert
from services.api.app import create_app


@contextmanager
def serve(wiring: Wiring, scopes: tuple[str, ...] = ("read",), app: FastAPI | None = None) -> Iterator[httpx.Client]:
    """``app`` (the read API by default) on a free port, and a client that sends a key with ``scopes``."""
    server = uvicorn.Server(uvicorn.Config(app or create_app(wiring.settings), host="127.0.0.1", port=0,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "API did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    _, token = KeyStore(wiring.redis).create("integration", list(scopes))
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30,
                          headers={"Authorization": f"Bearer {token}"}) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(10)


def cable(rid: str, **fields: Any) -> dict[str, Any]:
    """A valid record (the one schema) as stored and indexed."""
    source = fields.pop("source", None) or Source(format="text", sha256=None, name=f"{rid}.txt")
    return Cable(reference_id=rid, source=source, parser_version="test", **fields).to_json_dict()


def load(wiring: Wiring, records: list[dict[str, Any]], raw: bytes | None = None) -> None:
    """Store records (and a raw file) in MinIO and index them, refreshed, as the pipeline would."""
    if raw is not None:
        import io
        wiring.store.put_file(io.BytesIO(raw))
    for record in records:
        wiring.store.put_bytes(record_key(record["reference_id"]), orjson.dumps(record))
    result = bulk_upsert(wiring.search, wiring.settings.index_alias, records, refresh=True)
    assert not result.rejected, result.rejected


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
