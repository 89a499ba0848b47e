"""The change feed: appended by the real index stage, read by cursor and as server-sent events."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import httpx
import orjson
import pytest

from cablestream.infra.storage import record_key
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.messages import IndexRecords
from tests.integration.test_api_support import cable, serve
from tests.stages import run_stage

RUN = uuid.uuid4().hex[:6].upper()


@pytest.fixture(scope="module")
def api(wiring: Wiring) -> Iterator[httpx.Client]:
    with serve(wiring) as client:
        yield client


def _store_and_index(wiring: Wiring, records: list[dict[str, object]]) -> None:
    for record in records:
        wiring.store.put_bytes(record_key(str(record["reference_id"])), orjson.dumps(record))
    run_stage(wiring, IndexRecords(job_id=f"job-{RUN}", reference_ids=[str(r["reference_id"]) for r in records]))


def _walk(api: httpx.Client, since: str | None, limit: int = 3) -> tuple[list[dict[str, object]], str]:
    seen: list[dict[str, object]] = []
    while True:
        page = api.get("/v1/changes", params={"limit": limit} | ({"since": since} if since else {})).json()
        seen += [c for c in page["changes"] if RUN in c["reference_id"]]
        if not page["changes"]:
            return seen, page["next"]
        since = page["next"]


def test_changes_once_in_order_and_resumable(api: httpx.Client, wiring: Wiring) -> None:
    start = api.get("/v1/changes", params={"since": "now"}).json()
    assert start["changes"] == []
    records = [cable(f"09FEED{RUN}{i}", subject=f"feed {i}") for i in range(7)]
    _store_and_index(wiring, records)
    _store_and_index(wiring, records)  # a redelivered batch: same content, no new changes
    changed = dict(records[2], subject="feed 2, corrected")
    _store_and_index(wiring, [changed])

    seen, cursor = _walk(api, start["next"])
    assert [c["reference_id"] for c in seen] == [r["reference_id"] for r in records] + [changed["reference_id"]]
    assert [c["op"] for c in seen] == ["created"] * 7 + ["updated"]
    assert seen[-1]["record"]["subject"] == "feed 2, corrected"  # type: ignore[index]

    # A consumer that crashed after processing the 4th change resumes from its cursor: the rest, once.
    resumed, _ = _walk(api, str(seen[3]["cursor"]))
    assert resumed == seen[4:]
    assert api.get("/v1/changes", params={"since": cursor}).json()["changes"] == []
    bad = api.get("/v1/changes", params={"since": "garbage"})
    assert bad.status_code == 400 and bad.json()["param"] == "since"


def test_server_sent_events_deliver_new_changes(api: httpx.Client, wiring: Wiring) -> None:
    since = api.get("/v1/changes", params={"since": "now"}).json()["next"]
    late = [cable(f"09SSE{RUN}{i}") for i in range(3)]
    events: list[tuple[str, dict[str, object]]] = []
    with api.stream("GET", "/v1/changes/stream", params={"since": since}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        threading.Timer(0.5, _store_and_index, (wiring, late)).start()
        event_id = ""
        for line in response.iter_lines():
            if line.startswith("id: "):
                event_id = line[4:]
            elif line.startswith("data: "):
                change = orjson.loads(line[6:])
                if RUN in change["reference_id"]:
                    events.append((event_id, change))
                if len(events) == 3:
                    break
    assert [c["reference_id"] for _, c in events] == [r["reference_id"] for r in late]
    assert all(event_id == change["cursor"] for event_id, change in events)
    # Reconnecting with Last-Event-ID (what EventSource does) picks up after the last event.
    page = api.get("/v1/changes", params={"since": events[1][0]}).json()
    assert [c["reference_id"] for c in page["changes"]][:1] == [late[2]["reference_id"]]
