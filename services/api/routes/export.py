"""``/v1/export``: a whole result set as NDJSON, streamed at constant memory.

The status line goes out before the last record is read, so a backing server that fails mid-way can
no longer change it.  The first page is therefore read before answering (a failure there is a plain
503 problem), and a failure after it ends the stream with one explicit error line instead of a body
that merely stops: ``{"error": {...problem details..., "records_sent": N}}``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from cablestream.auth.guard import AUTH_ERRORS
from cablestream.http.problems import bad_param, error_responses
from cablestream.http.unavailable import outage, record, record_refusal, refusal_detail
from cablestream.logging import get_logger
from cablestream.search.errors import SearchRejected
from cablestream.search.paging import SearchRefused, scan
from cablestream.search.records import as_record
from services.api.deps import READ, SearchDep, WiringDep
from services.api.params import SearchQuery

router = APIRouter(prefix="/v1", tags=["export"], dependencies=[READ], responses=AUTH_ERRORS)
NDJSON = "application/x-ndjson"
LINES_PER_CHUNK = 200  # one network write per page of records, not per record
ROUTE = "/v1/export"
log = get_logger("cablestream.api")

DESCRIPTION = """Every cable matching the same parameters as `/v1/cables`, walked over a point in time:
one record (docs/record.md) per line, in the query's order.

**Errors.** A failure before the first record (a backing server down, a bad parameter) is a problem
answer as on every route (503 with `Retry-After` when a server is unavailable, 502 when the search
server refused the request).  Once records are
flowing the status is already sent, so a failure mid-way ends the stream with **one last line that is
not a record**: `{"error": {"type", "title", "status", "detail", "backend", "records_sent"}}` (problem
details, plus how many records came before it).  A consumer must check the last line: when it holds
`error`, the export is incomplete and must be run again.  There is no completion line: a stream that
ends without an error line (and without a transport error) holds every record."""


@router.get("/export", response_class=StreamingResponse, description=DESCRIPTION, responses={
    200: {"description": "one record (docs/record.md) per line, in the query's order; on a failure mid-way "
                         'a last line {"error": {...}} (see above)',
          "content": {NDJSON: {"schema": {"$ref": "#/components/schemas/Cable"}}}},
    **error_responses(400, 422, 502, 503)})
def export(search: SearchDep, wiring: WiringDep, query: SearchQuery) -> StreamingResponse:
    lines = _lines(scan(search, wiring.settings.index_alias, query))
    # Read up to the first chunk now, in the route: the point in time opens and the first page is read
    # while a failure can still be an ordinary problem answer (raised to the handlers).
    try:
        first = next(lines, b"")
    except SearchRefused as err:
        raise bad_param(400, err.param, str(err)) from None
    return StreamingResponse(_guarded(first, lines), media_type=NDJSON)


def _lines(sources: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    # A sync generator: Starlette runs it in a worker thread, one page of hits in memory at a time.
    chunk: list[bytes] = []
    try:
        for source in sources:
            chunk.append(orjson.dumps(as_record(source)))
            if len(chunk) >= LINES_PER_CHUNK:
                yield b"\n".join(chunk) + b"\n"
                chunk = []
    except Exception:
        if chunk:  # records already read are good: send them before the error line
            yield b"\n".join(chunk) + b"\n"
        raise
    if chunk:
        yield b"\n".join(chunk) + b"\n"


def _guarded(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks, then, if reading the rest fails, one error line; the stream always ends cleanly."""
    sent = first.count(b"\n")
    if first:
        yield first
    try:
        for chunk in rest:
            yield chunk
            sent += chunk.count(b"\n")  # one record per line (JSON escapes newlines inside)
    except Exception as exc:  # the status is sent: say so in the body rather than stop silently
        yield error_line(exc, sent)


def error_line(exc: Exception, sent: int) -> bytes:
    if isinstance(exc, SearchRejected):
        record_refusal(exc, ROUTE)
        error = {"type": "about:blank", "title": "Bad gateway", "status": 502, "backend": "opensearch",
                 "backend_status": exc.status, "detail": f"the export stopped after {sent} records: "
                                                         f"{refusal_detail(exc)}"}
    elif (found := outage(exc)) is not None:
        record(exc, found, ROUTE)
        error = {"type": "about:blank", "title": "Service unavailable", "status": 503, "backend": found.backend,
                 "detail": f"the export stopped after {sent} records: {found.detail}"}
    else:
        log.exception("export failed", route=ROUTE, records_sent=sent)
        error = {"type": "about:blank", "title": "Internal server error", "status": 500,
                 "detail": f"the export stopped after {sent} records: the server failed; run it again"}
    return orjson.dumps({"error": error | {"records_sent": sent}}) + b"\n"
