"""Every endpoint that takes a cursor answers a tampered or garbage one with a 400 problem naming it,
never a 500 (nor a 503: a bad cursor is the client's, not a backing server's), on the real servers."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import orjson
import pytest

from cablestream.infra.wiring import Wiring
from tests.integration.test_api_support import cable, load, serve

MARK = f"R{uuid.uuid4().hex[:6].upper()}"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _forged(**changes: Any) -> str:
    """A search cursor shaped like ours, with some parts replaced."""
    state: dict[str, Any] = {"v": 1, "q": {"tags": [MARK], "size": 2}, "a": None, "p": None, "s": []}
    query = changes.pop("query", {})
    state["q"] = state["q"] | query
    return _b64(orjson.dumps(state | changes))


SEARCH_CURSORS = {
    "not base64 json": "bm9wZQ",
    "empty after decoding": "!!!!",
    "not ascii": "é" * 8,
    "a json list": _b64(b"[1, 2]"),
    "another version": _forged(v=99),
    "query not an object": _forged(q=[1]),
    "unknown query field": _forged(query={"colour": "red"}),
    "tags not a list": _forged(query={"tags": 5}),
    "tag not a string": _forged(query={"tags": [5]}),
    "size not a number": _forged(query={"size": "many"}),
    "size negative": _forged(query={"size": -3}),
    "size huge": _forged(query={"size": 10**6}),
    "size a boolean": _forged(query={"size": True}),
    "sort unknown": _forged(query={"sort": "sideways"}),
    "q not a string": _forged(query={"q": 12}),
    "q bad syntax": _forged(query={"q": "subject:(oil"}),
    "date garbage": _forged(query={"created_from": "last tuesday"}),
    "after not a list": _forged(a="x"),
    "after nested": _forged(a=[{"x": 1}, [2]]),
    "after wrong arity": _forged(a=["a", "b", "c", "d", "e"], p=None),
    "pit not a string": _forged(p=5),
    "pit garbage": _forged(p="Z2FyYmFnZQ", a=[1, "x"]),
    "seen not strings": _forged(s=[1, 2]),
}


@pytest.fixture(scope="module")
def api(wiring: Wiring) -> Iterator[httpx.Client]:
    load(wiring, [cable(f"07ROBUST{MARK}{i}", tags=[MARK], created=f"2007-01-0{1 + i}T00:00:00") for i in range(5)])
    with serve(wiring) as client:
        yield client


def _assert_bad_cursor(response: httpx.Response, param: str) -> None:
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["param"] == param and body["status"] == 400
    assert "invalid or expired" in body["detail"], body


@pytest.mark.parametrize("cursor", SEARCH_CURSORS.values(), ids=SEARCH_CURSORS.keys())
def test_tampered_search_cursor_is_a_400(api: httpx.Client, cursor: str) -> None:
    _assert_bad_cursor(api.get("/v1/cables", params={"cursor": cursor}), "cursor")


def test_a_real_cursor_still_pages_after_the_checks(api: httpx.Client) -> None:
    first = api.get("/v1/cables", params={"tag": MARK, "size": 2, "sort": "oldest"}).json()
    seen, cursor = [i["reference_id"] for i in first["items"]], first["next_cursor"]
    while cursor:
        page = api.get("/v1/cables", params={"cursor": cursor})
        assert page.status_code == 200, page.text
        seen += [i["reference_id"] for i in page.json()["items"]]
        cursor = page.json()["next_cursor"]
    assert seen == [f"07ROBUST{MARK}{i}" for i in range(5)]


CHANGE_CURSORS = {
    "garbage": "%%%%",
    "not ours": _b64(b"cs9:1-0"),
    "not a stream id": _b64(b"cs1:yesterday"),
    "beyond a stream id": _b64(b"cs1:99999999999999999999-0"),
    "sequence beyond": _b64(b"cs1:1-99999999999999999999"),
    "not utf-8": _b64(b"\xff\xfe\xfd"),
}


@pytest.mark.parametrize("cursor", CHANGE_CURSORS.values(), ids=CHANGE_CURSORS.keys())
def test_tampered_change_cursor_is_a_400(api: httpx.Client, cursor: str) -> None:
    _assert_bad_cursor(api.get("/v1/changes", params={"since": cursor}), "since")
    _assert_bad_cursor(api.get("/v1/changes/stream", params={"since": cursor}), "since")
    _assert_bad_cursor(api.get("/v1/changes/stream", headers={"Last-Event-ID": cursor}), "Last-Event-ID")
