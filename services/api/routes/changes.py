"""``/v1/changes``: records added or updated since a cursor, as pages or as server-sent events."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated, Any

import orjson
import redis.asyncio
from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from cablestream.auth.guard import AUTH_ERRORS
from cablestream.http.problems import bad_param, error_responses
from cablestream.record import Cable
from cablestream.search.records import as_record, fetch
from cablestream.state import changes as feed
from services.api.deps import READ, ChangesDep, SearchDep, WiringDep
from services.api.schemas import Change, ChangeList

router = APIRouter(prefix="/v1/changes", tags=["changes"], dependencies=[READ], responses=AUTH_ERRORS)
ERRORS = error_responses(400, 410, 422, 502, 503)
Since = Annotated[str | None, Query(max_length=200, description=(
    "a cursor from a previous answer (exclusive); `now` for only what comes next; omitted: the oldest kept"))]
HEARTBEAT_MS = 15_000
_STREAM_ID_LIMIT = 2**64 - 1  # exclusive reads start after the id: the largest one has nothing after it


@router.get("", response_model=ChangeList, responses=ERRORS)
def list_changes(changes: ChangesDep, search: SearchDep, wiring: WiringDep, since: Since = None,
                 limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                 records: Annotated[bool, Query(description="include each record as it is now")] = True,
                 ) -> ChangeList:
    """In order, each change once; store ``next`` and resume from it after a crash."""
    after = _after(changes, since, "since")
    found = _changes(_read(changes, after, limit, "since"), search, wiring.settings.index_alias, records)
    return ChangeList(changes=found, next=found[-1].cursor if found else feed.encode_cursor(after or "0-0"))


@router.get("/stream", response_class=StreamingResponse, responses={
    **ERRORS, 200: {"description": "server-sent events: `id` is the cursor, `data` a Change as JSON",
                    "content": {"text/event-stream": {"schema": {"type": "string"}}}}})
async def stream_changes(request: Request, changes: ChangesDep, search: SearchDep, wiring: WiringDep,
                         since: Since = None,
                         last_event_id: Annotated[str | None, Header(max_length=200)] = None) -> StreamingResponse:
    """The same changes as ``GET /v1/changes``, pushed as they happen; reconnecting with
    ``Last-Event-ID`` (browsers do it themselves) resumes after the last event received."""
    param = "Last-Event-ID" if last_event_id else "since"
    after = await run_in_threadpool(_after, changes, last_event_id or since, param)
    first = await run_in_threadpool(_read, changes, after, 100, param)  # also: was the cursor trimmed?
    client = redis.asyncio.Redis.from_url(wiring.settings.redis_dsn(), decode_responses=True)

    async def events() -> AsyncIterator[bytes]:
        batch, cursor = first, after or "0-0"
        try:
            yield b"retry: 3000\n\n"
            while not await request.is_disconnected():
                found = await run_in_threadpool(_changes, batch, search, wiring.settings.index_alias, True)
                for change in found:
                    data = orjson.dumps(change.model_dump(mode="json", by_alias=True))
                    yield b"id: %s\nevent: change\ndata: %s\n\n" % (change.cursor.encode(), data)
                if batch:
                    cursor = feed.decode_cursor(batch[-1].cursor)
                else:
                    yield b": keep-alive\n\n"  # also how a gone client is noticed
                batch = await feed.ChangeFeed.wait_async(client, cursor, 100, HEARTBEAT_MS)
        finally:
            await client.aclose()

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def _read(changes: feed.ChangeFeed, after: str | None, limit: int, param: str) -> list[feed.Change]:
    try:
        return changes.read(after, limit)
    except feed.CursorGone as err:
        raise bad_param(410, param, str(err)) from None


def _after(changes: feed.ChangeFeed, since: str | None, param: str) -> str | None:
    if not since:
        return None
    if since == "now":
        return changes.latest()
    try:
        stream_id = feed.decode_cursor(since)
    except feed.BadChangeCursor as err:
        raise bad_param(400, param, f"the cursor is invalid or expired: {err}") from None
    # Redis stream ids are two 64-bit numbers; a forged one beyond that would make Redis refuse the read
    # (an error that is the client's, not an unavailable server's).
    if any(int(part) >= _STREAM_ID_LIMIT for part in stream_id.split("-")):
        raise bad_param(400, param, "the cursor is invalid or expired: not a change cursor issued by this API")
    return stream_id


def _changes(found: list[feed.Change], search: Any, alias: str, records: bool) -> list[Change]:
    docs = fetch(search, alias, [c.reference_id for c in found]) if records and found else {}
    return [Change(cursor=c.cursor, reference_id=c.reference_id, op=c.op, stage=c.stage,
                   changed_at=datetime.fromtimestamp(c.at_ms / 1000, UTC).isoformat(timespec="milliseconds"),
                   record=Cable.model_validate(as_record(docs[c.reference_id])) if c.reference_id in docs
                   else None)
            for c in found]
