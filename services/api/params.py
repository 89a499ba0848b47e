"""The search parameters shared by ``/v1/cables`` and ``/v1/export``, as one dependency."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query

from cablestream.http.problems import bad_param
from cablestream.search.queries import DATE_PATTERN, MAX_Q_LENGTH, CableQuery, Sort, text_query
from cablestream.search.syntax import QuerySyntaxError

DATE_HELP = "YYYY, YYYY-MM or YYYY-MM-DD, inclusive"
Many = Annotated[list[str], Query()]


async def search_query(  # async: pure and quick, so not worth a trip to the thread pool
    q: Annotated[str | None, Query(max_length=MAX_Q_LENGTH, description=(
        'words (all required), "phrases", AND / OR / NOT or -word, (groups), and fields: subject:, body:, '
        'summary:, comment:, origin:, tag:, id: e.g. `subject:"nuclear fuel" OR body:(uranium -iran)`'))] = None,
    tag: Annotated[list[str], Query(description="TAGS code; repeated: all of them")] = [],  # noqa: B006
    origin: Annotated[list[str], Query(description="the post as shown (Embassy Astana); repeated: any")] = [],  # noqa: B006
    classification: Annotated[list[str], Query(description="level (SECRET) or marking as shown; repeated: any")
                              ] = [],  # noqa: B006
    caveat: Annotated[list[str], Query(description="NOFORN, SIPDIS...; repeated: all of them")] = [],  # noqa: B006
    reference: Annotated[list[str], Query(description="cables citing this reference id; repeated: all")
                         ] = [],  # noqa: B006
    entity: Annotated[list[str], Query(description="entity id (indexed entity_ids); repeated: all")] = [],  # noqa: B006
    created_from: Annotated[str | None, Query(pattern=DATE_PATTERN, description=DATE_HELP)] = None,
    created_to: Annotated[str | None, Query(pattern=DATE_PATTERN, description=DATE_HELP)] = None,
    sort: Annotated[Sort, Query(description="relevance (then newest), newest or oldest")] = "relevance",
) -> CableQuery:
    for name, value in (("created_from", created_from), ("created_to", created_to)):
        if value and not _real_date(value):
            raise bad_param(400, name, f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    query = CableQuery(q=q.strip() if q and q.strip() else None, tags=tag, origins=origin,
                       classifications=classification, caveats=caveat, references=reference,
                       entities=entity, created_from=created_from, created_to=created_to, sort=sort)
    try:
        text_query(query)  # parse now: a syntax error is the client's, reported before any search
    except QuerySyntaxError as err:
        raise bad_param(400, "q", f"query syntax: {err}") from None
    return query


def _real_date(value: str) -> bool:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return 1 <= parts[0] <= 9999


SearchQuery = Annotated[CableQuery, Depends(search_query)]
