"""``/v1/export``: a whole result set as NDJSON, streamed at constant memory."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from cablestream.auth.guard import AUTH_ERRORS
from cablestream.http.problems import error_responses
from cablestream.search.paging import scan
from cablestream.search.records import as_record
from services.api.deps import READ, SearchDep, WiringDep
from services.api.params import SearchQuery

router = APIRouter(prefix="/v1", tags=["export"], dependencies=[READ], responses=AUTH_ERRORS)
NDJSON = "application/x-ndjson"
LINES_PER_CHUNK = 200  # one network write per page of records, not per record


@router.get("/export", response_class=StreamingResponse, responses={
    200: {"description": "one record (docs/record.md) per line, in the query's order",
          "content": {NDJSON: {"schema": {"$ref": "#/components/schemas/Cable"}}}},
    **error_responses(400, 422, 503)})
def export(search: SearchDep, wiring: WiringDep, query: SearchQuery) -> StreamingResponse:
    """Every cable matching the same parameters as ``/v1/cables``, walked over a point in time."""
    return StreamingResponse(_lines(scan(search, wiring.settings.index_alias, query)), media_type=NDJSON)


def _lines(sources: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    # A sync generator: Starlette runs it in a worker thread, one page of hits in memory at a time.
    chunk: list[bytes] = []
    for source in sources:
        chunk.append(orjson.dumps(as_record(source)))
        if len(chunk) >= LINES_PER_CHUNK:
            yield b"\n".join(chunk) + b"\n"
            chunk = []
    if chunk:
        yield b"\n".join(chunk) + b"\n"
