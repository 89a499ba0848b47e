"""Running searches page by page: ``search_after`` over a point in time (PIT), no 10,000 cap.

The first page is a plain search (with facets), so a search nobody pages costs no PIT.  Following
its cursor opens a PIT and walks it from its start, leaving out the ids the first page returned (the
cursor carries them): relevance scores may have moved between the two reads as cables were indexed,
so "after the first page's last hit" would not be the same place.  Every later page reads the same
snapshot with ``search_after``: concurrent ingestion cannot make a walk skip or repeat a cable.
The sort always ends on the unique reference id, so a PIT that expired (a client that paused past
the keep-alive) is replaced by a new one and the walk resumes after the last hit it returned.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, replace
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import NotFoundError, RequestError, TransportError

from cablestream.errors import CablestreamError
from cablestream.search.client import SearchUnavailable
from cablestream.search.cursor import BadCursor, CursorState, decode, encode
from cablestream.search.facets import facet_aggs, read_facets
from cablestream.search.queries import CableQuery, search_body

KEEP_ALIVE = "5m"


class SearchRefused(CablestreamError):
    """OpenSearch refused the request as malformed: a parameter the client sent is at fault."""

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
    pit = state.pit or open_pit(client, alias)
    try:
        try:
            result = _pit_search(client, body, pit)
        except NotFoundError:  # the PIT expired: continue on a fresh one after the same sort values
            pit = open_pit(client, alias)
            result = _pit_search(client, body, pit)
    except SearchRefused as err:
        # Everything the request holds came from the cursor (the query was checked as it was decoded),
        # so what OpenSearch refuses (forged sort values or point-in-time id) is the cursor's fault.
        raise BadCursor(f"refused by the search ({err})") from err
    page = _page(query, result, result.get("pit_id", pit), state.seen, None)
    if page.next_cursor is None:
        close_pit(client, result.get("pit_id", pit))
    return page


def scan(client: OpenSearch, alias: str, query: CableQuery, page_size: int = 500) -> Iterator[dict[str, Any]]:
    """Every hit's full ``_source``, in the query's order, one page in memory at a time."""
    body = search_body(replace(query, size=page_size), highlight=False)
    body.pop("_source")
    body["track_total_hits"] = False
    pit = open_pit(client, alias)
    try:
        while True:
            result = _pit_search(client, body, pit)
            pit = result.get("pit_id", pit)
            hits = result["hits"]["hits"]
            for hit in hits:
                yield hit["_source"]
            if len(hits) < page_size:
                return
            body["search_after"] = hits[-1]["sort"]
    finally:
        close_pit(client, pit)


def open_pit(client: OpenSearch, alias: str) -> str:
    result = _call(lambda: client.create_pit(index=alias, params={"keep_alive": KEEP_ALIVE}), "cursor")
    return str(result["pit_id"])


def close_pit(client: OpenSearch, pit: str) -> None:
    with suppress(TransportError):  # it expires on its own; closing early only frees it sooner
        client.delete_pit(body={"pit_id": [pit]})


def _pit_search(client: OpenSearch, body: dict[str, Any], pit: str) -> dict[str, Any]:
    request = body | {"pit": {"id": pit, "keep_alive": KEEP_ALIVE}}
    return _call(lambda: client.search(body=request), "cursor", pit=True)


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


def _call(fn: Any, param: str, pit: bool = False) -> dict[str, Any]:
    try:
        result: dict[str, Any] = fn()
    except NotFoundError as err:
        if pit:  # an expired point in time; the caller opens another
            raise
        raise SearchUnavailable(f"search: {err}") from err
    except RequestError as err:
        # Our queries are well formed; what OpenSearch refuses comes from the client's input (an edited
        # cursor's sort values, a date out of range), so it is a 400 naming that parameter.
        raise SearchRefused(param, f"the search was refused: {err.error}: {_reason(err)}") from err
    except (OSConnectionError, TransportError) as err:
        raise SearchUnavailable(f"search: {err}") from err
    return result


def _reason(err: TransportError) -> str:
    info = err.info if isinstance(err.info, dict) else {}
    return str(info.get("error", {}).get("root_cause", [{}])[0].get("reason", ""))[:300]
