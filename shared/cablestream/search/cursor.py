"""Opaque paging cursors: the query, the sort values of the last hit returned and the point in time.

The cursor carries the whole query so a client only ever sends it back; it is base64url JSON, not
signed: tampering with it can only ask for another page of a query the client could send anyway.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import asdict, dataclass
from typing import Any

import orjson

from cablestream.errors import CablestreamError
from cablestream.search.queries import CableQuery

VERSION = 1


class BadCursor(CablestreamError):
    """The cursor is not one this API issued (or is from an incompatible version)."""


@dataclass(frozen=True)
class CursorState:
    query: CableQuery
    after: list[Any] | None  # sort values of the last hit returned on the point in time (None: from its start)
    pit: str | None  # opened on the first follow, so a search nobody pages costs no point in time
    seen: list[str]  # ids the first page (read before the PIT existed) returned: never again


def encode(state: CursorState) -> str:
    data = {"v": VERSION, "q": asdict(state.query), "a": state.after, "p": state.pit, "s": state.seen}
    return base64.urlsafe_b64encode(orjson.dumps(data)).decode().rstrip("=")


def decode(cursor: str) -> CursorState:
    try:
        data = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(data, dict) or data.get("v") != VERSION:
            raise BadCursor("cursor version unknown")
        query = CableQuery(**data["q"])
        after, pit, seen = data["a"], data["p"], data["s"]
        if not (after is None or isinstance(after, list)) or not (pit is None or isinstance(pit, str)) \
                or not isinstance(seen, list) or not all(isinstance(i, str) for i in seen):
            raise BadCursor("cursor malformed")
        return CursorState(query, after, pit, seen)
    except (binascii.Error, ValueError, TypeError, KeyError, orjson.JSONDecodeError) as err:
        raise BadCursor(f"not a cursor issued by this API: {type(err).__name__}") from err
