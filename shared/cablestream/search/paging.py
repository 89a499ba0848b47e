"""Running searches page by page: ``search_after`` over a point in time (PIT), no 10,000 cap.

The first page is a plain search (with facets), so a search nobody pages costs no PIT.  Following
its cursor opens a PIT and walks it from its start, leaving out the ids the first page returned (the
cursor carries them): relevance scores may have moved between the two reads as cables were indexed,
so "after the first page's last hit" would not be the same place.  Every later page reads the same
snapshot with ``search_after``: concurrent ingestion cannot make a walk skip or repeat a cable.
The sort always ends on the unique reference id, so a PIT that expired (a client that paused past
the keep-alive) is replaced by a new one and the walk resumes after the last hit it returned.
Whole result sets are walked the same way, in one call: ``scan`` (sources, for the export) and
``scan_ids`` (ids matching a raw query clause, for re-extraction).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, replace
from typing import Any

from opensearchpy import OpenSearch

from cablestream.errors import CablestreamError
from cablestream.search.cursor import BadCursor, CursorState, decode, encode
from cablestream.search.errors import SearchRejected, SearchUnavailable, translated
from cablestream.search.facets import facet_aggs, read_facets
from cablestream.search.queries import CableQuery, search_body

KEEP_ALIVE = "5m"
_GONE = 404  # what a search on an expired (or unknown) point in time answers


class SearchRefused(CablestreamError):
    """OpenSearch refused a search as malformed (400) where a parameter the client sent is at fault."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param


@dataclass
class Page:
    total: int
    hits: list[dict[str, Any]]
    facets: dict[str, list[dict[str, Any]]] | None
    next_cursor: str | None


def first_page(client: OpenSearch, alias: str, query: CableQuery, facets: bool = True) -> Page:
    body = search_body(replace(query, size=query.size + 1))  # one more tells whether a next page exists
    if facets:
        body["aggs"] = facet_aggs()
    result = _call(lambda: client.search(index=alias, body=body), "q")
    return _page(query, result, None, [], read_facets(result.get("aggregations", {})) if facets else None)


def next_page(client: OpenSearch, alias: str, cursor: str, size: int | None = None) -> Page:
    """The page after ``cursor``; ``BadCursor`` for anything that is not a cursor this API issued."""
    state = decode(cursor)
    query = replace(state.query, size=size) if size is not None else state.query
    body = search_body(replace(query, size=query.size + 1))
    body.pop("track_total_hits")  # the total was given with the first page; a PIT walk need not recount
    if state.seen:
        body["query"]["bool"]["must_not"] = [{"ids": {"values": state.seen}}]
    if state.after is not None:
        body["search_after"] = state.after
    try:
        result, pit = _pit_search(client, alias, body, state.pit or open_pit(client, alias), "cursor")
    except SearchRefused as err:
        # Everything the request holds came from the cursor (the query was checked as it was decoded),
        # so what OpenSearch refuses (forged sort values or point-in-time id) is the cursor's fault.
        raise BadCursor(f"refused by the search ({err})") from err
    page = _page(query, result, pit, state.seen, None)
    if page.next_cursor is None:
        close_pit(client, pit)
    return page


def scan(client: OpenSearch, alias: str, query: CableQuery, page_size: int = 500) -> Iterator[dict[str, Any]]:
    """Every hit's full ``_source``, in the query's order, one page in memory at a time."""
    body = search_body(replace(query, size=page_size), highlight=False)
    body.pop("_source")
    for hit in _walk(client, alias, body, page_size, "q"):
        yield hit["_source"]


def scan_ids(client: OpenSearch, alias: str, query: dict[str, Any], page_size: int = 1000) -> Iterator[str]:
    """The id of every document matching ``query`` (an OpenSearch query clause, e.g. ``{"term": ...}``),
    in reference id order, over one point in time: documents indexed during the walk neither shift it
    nor make it repeat an id.  The point in time is closed at the end (or when the caller stops)."""
    body = {"query": query, "_source": False, "sort": [{"reference_id": "asc"}]}
    for hit in _walk(client, alias, body, page_size, None):
        yield str(hit["_id"])


def open_pit(client: OpenSearch, alias: str) -> str:
    result = _call(lambda: client.create_pit(index=alias, params={"keep_alive": KEEP_ALIVE}), None, "open a cursor")
    return str(result["pit_id"])


def close_pit(client: OpenSearch, pit: str) -> None:
    # It expires on its own; closing early only frees it sooner, so a failure here is no failure.
    with suppress(SearchUnavailable, SearchRejected), translated("close a cursor"):
        client.delete_pit(body={"pit_id": [pit]})


def _walk(client: OpenSearch, alias: str, body: dict[str, Any], page_size: int,
          param: str | None) -> Iterator[dict[str, Any]]:
    """Every hit of ``body`` (its sort ending on a unique field), page by page over a point in time
    that is closed at the end.  ``param``: the client's parameter a refused search blames."""
    body = body | {"size": page_size, "track_total_hits": False}
    pit = open_pit(client, alias)
    try:
        while True:
            result, pit = _pit_search(client, alias, body, pit, param)
            hits = result["hits"]["hits"]
            yield from hits
            if len(hits) < page_size:
                return
            body["search_after"] = hits[-1]["sort"]
    finally:
        close_pit(client, pit)


def _pit_search(client: OpenSearch, alias: str, body: dict[str, Any], pit: str,
                param: str | None) -> tuple[dict[str, Any], str]:
    """One page on ``pit`` and the PIT id to go on with.  A PIT that expired (a client that paused past
    the keep-alive) is replaced by a fresh one, the same ``search_after`` resuming the walk on it."""
    def page(on: str) -> dict[str, Any]:
        return _call(lambda: client.search(body=body | {"pit": {"id": on, "keep_alive": KEEP_ALIVE}}), param)

    try:
        result = page(pit)
    except SearchRejected as err:
        if err.status != _GONE:
            raise
        pit = open_pit(client, alias)
        result = page(pit)
    return result, str(result.get("pit_id", pit))


def _page(query: CableQuery, result: dict[str, Any], pit: str | None, seen: list[str],
          facets: dict[str, list[dict[str, Any]]] | None) -> Page:
    hits = result["hits"]["hits"]
    more = len(hits) > query.size
    hits = hits[:query.size]
    if pit is None:  # the first page: the walk on the PIT starts from the top, without these
        state = CursorState(query, None, None, [h["_id"] for h in hits])
    else:
        state = CursorState(query, hits[-1]["sort"] if hits else None, pit, seen)
    cursor = encode(state) if more and hits else None
    total = result["hits"].get("total", {}).get("value", -1)
    return Page(total=int(total), hits=hits, facets=facets, next_cursor=cursor)


def _call(fn: Callable[[], Any], param: str | None, operation: str = "search") -> dict[str, Any]:
    try:
        with translated(operation):
            result: dict[str, Any] = fn()
    except SearchRejected as err:
        # Our queries are well formed; what OpenSearch refuses as malformed comes from the client's input
        # (an edited cursor's sort values, a date out of range), so it is a 400 naming that parameter.
        if err.status == 400 and param is not None:
            raise SearchRefused(param, f"the search was refused: {err.error}: {err.reason}") from err
        raise
    return result
