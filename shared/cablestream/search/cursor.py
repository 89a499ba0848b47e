"""Opaque paging cursors: the query, the sort values of the last hit returned and the point in time.

The cursor carries the whole query so a client only ever sends it back; it is base64url JSON, not
signed: tampering with it can only ask for another page of a query the client could send anyway.
So it is checked as strictly as the parameters of a first page (types, bounds, query syntax) before
anything is built from it: whatever a client sends instead of a cursor we issued is a ``BadCursor``
(a 400 naming ``cursor``), never an error deeper down.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import asdict, dataclass
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cablestream.errors import CablestreamError
from cablestream.search.queries import DATE_PATTERN, MAX_PAGE_SIZE, MAX_Q_LENGTH, SORTS, CableQuery, Sort, text_query
from cablestream.search.syntax import QuerySyntaxError

VERSION = 1
_MAX_SORT_VALUES = max(len(sort) for sort in SORTS.values())


class BadCursor(CablestreamError):
    """The cursor is not one this API issued (or is from an incompatible version)."""


@dataclass(frozen=True)
class CursorState:
    query: CableQuery
    after: list[Any] | None  # sort values of the last hit returned on the point in time (None: from its start)
    pit: str | None  # opened on the first follow, so a search nobody pages costs no point in time
    seen: list[str]  # ids the first page (read before the PIT existed) returned: never again


_Strict = ConfigDict(extra="forbid", strict=True)


class _Query(BaseModel):
    """``CableQuery`` as it travels in a cursor, with the bounds the first page's parameters have
    (the length of the ``cursor`` parameter bounds the rest)."""

    model_config = _Strict
    q: str | None = Field(None, max_length=MAX_Q_LENGTH)
    tags: list[str] = []
    origins: list[str] = []
    classifications: list[str] = []
    caveats: list[str] = []
    references: list[str] = []
    entities: list[str] = []
    entities_any: list[str] = []
    created_from: str | None = Field(None, pattern=DATE_PATTERN)
    created_to: str | None = Field(None, pattern=DATE_PATTERN)
    sort: Sort = "relevance"
    size: int = Field(20, ge=0, le=MAX_PAGE_SIZE)


class _Wire(BaseModel):
    model_config = _Strict
    v: Literal[1]
    q: _Query
    a: list[str | int | float | None] | None = Field(max_length=_MAX_SORT_VALUES)
    p: str | None
    s: list[str] = Field(max_length=MAX_PAGE_SIZE)


def encode(state: CursorState) -> str:
    data = {"v": VERSION, "q": asdict(state.query), "a": state.after, "p": state.pit, "s": state.seen}
    return base64.urlsafe_b64encode(orjson.dumps(data)).decode().rstrip("=")


def decode(cursor: str) -> CursorState:
    try:
        raw = base64.b64decode(cursor + "=" * (-len(cursor) % 4), altchars=b"-_", validate=True)
        data = orjson.loads(raw)
    except (binascii.Error, ValueError) as err:  # orjson.JSONDecodeError is a ValueError
        raise BadCursor("not a cursor issued by this API") from err
    if not isinstance(data, dict) or data.get("v") != VERSION:
        raise BadCursor("not a cursor of this API version")
    try:
        wire = _Wire.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise BadCursor(f"malformed ({where}: {first['msg']})") from None
    query = CableQuery(**wire.q.model_dump())
    try:
        text_query(query)
    except QuerySyntaxError as err:
        raise BadCursor(f"malformed query inside: {err}") from None
    return CursorState(query, wire.a, wire.p, wire.s)
