"""``GET /v1/cables``: syntax, filters, facets, highlights, sorting and cursor paging, on the real servers."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator, Sequence

import httpx
import pytest

from cablestream.infra.wiring import Wiring
from cablestream.search.indexing import bulk_upsert
from tests.integration.test_api_support import cable, load, serve

MARK = f"M{uuid.uuid4().hex[:6].upper()}"  # a tag only this module's cables carry
# A query parameter's value, as httpx takes it (one value, or a list for a repeated parameter).
Param = str | int | float | bool | None | Sequence[str | int | float | bool | None]


def _records() -> list[dict[str, object]]:
    out = []
    for i in range(60):
        out.append(cable(
            f"0{5 + i % 3}SEARCH{i}", tags=[MARK, "KZ" if i % 2 else "RS"],
            subject=("nuclear fuel supply" if i % 5 == 0 else f"oil and gas report {i}"),
            body=("The minister Volkonsky discussed uranium." if i % 4 == 0 else "Routine consular matters."),
            created=f"200{5 + i % 3}-{1 + i % 12:02d}-15T08:00:00", origin=["Embassy Astana", "Embassy Moscow"][i % 2],
            classification_level=["SECRET", "CONFIDENTIAL", "UNCLASSIFIED"][i % 3],
            caveats=["NOFORN"] if i % 6 == 0 else [], references=["05SEARCH0"] if i % 10 == 1 else []))
    return out


@pytest.fixture(scope="module")
def api(wiring: Wiring) -> Iterator[httpx.Client]:
    load(wiring, _records())
    with serve(wiring) as client:
        yield client


def _ids(api: httpx.Client, **params: Param) -> set[str]:
    base: dict[str, Param] = {"tag": MARK, "size": 500}
    response = api.get("/v1/cables", params=base | params)
    assert response.status_code == 200, response.text
    return {i["reference_id"] for i in response.json()["items"]}


def test_query_syntax_phrases_booleans_and_fields(api: httpx.Client) -> None:
    assert len(_ids(api, q='"nuclear fuel"')) == 12
    assert len(_ids(api, q='subject:"nuclear fuel" -uranium')) == 9  # i % 5 == 0 but not i % 20 == 0
    assert len(_ids(api, q="subject:nuclear OR body:uranium")) == 12 + 15 - 3
    assert _ids(api, q="NOT oil AND NOT nuclear") == set()
    assert len(_ids(api, q="body:(uranium consular)")) == 0  # both words in one body: none
    bad = api.get("/v1/cables", params={"q": "subject:(oil"})
    assert bad.status_code == 400 and bad.json()["param"] == "q"
    assert api.get("/v1/cables", params={"q": "colour:red"}).json()["param"] == "q"


def test_filters(api: httpx.Client) -> None:
    assert len(_ids(api, origin="Embassy Astana")) == 30
    assert len(_ids(api, classification="secret")) == 20
    assert len(_ids(api, classification=["SECRET", "CONFIDENTIAL"])) == 40
    assert len(_ids(api, caveat="NOFORN")) == 10
    assert len(_ids(api, reference="05SEARCH0")) == 6
    assert len(_ids(api, created_from="2006", created_to="2006")) == 20
    assert len(_ids(api, created_from="2006-03", created_to="2006-03-31")) == len(
        [i for i in range(60) if i % 3 == 1 and i % 12 == 2])
    assert _ids(api, entity="person:nobody") == set()
    bad = api.get("/v1/cables", params={"created_from": "2009-02-30"})
    assert bad.status_code == 400 and bad.json()["param"] == "created_from"


def test_facets_highlights_and_sorting(api: httpx.Client) -> None:
    page = api.get("/v1/cables", params={"tag": MARK, "q": "uranium", "size": 3}).json()
    assert page["total"] == 15
    facets = page["facets"]
    assert sum(b["count"] for b in facets["years"]) == 15
    assert all(len(b["key"]) == 7 for b in facets["months"])
    assert {b["key"] for b in facets["origins"]} <= {"Embassy Astana", "Embassy Moscow"}
    assert {"key": MARK, "count": 15} in facets["tags"]
    assert sum(b["count"] for b in facets["classification_levels"]) == 15
    assert "<em>uranium</em>" in page["items"][0]["highlights"]["body"][0]
    newest = api.get("/v1/cables", params={"tag": MARK, "sort": "newest", "size": 60}).json()["items"]
    dates = [i["created"] for i in newest]
    assert dates == sorted(dates, reverse=True)


def test_cursor_walks_everything_once_while_ingestion_goes_on(api: httpx.Client, wiring: Wiring) -> None:
    first = api.get("/v1/cables", params={"tag": MARK, "q": "oil OR nuclear OR uranium OR consular",
                                          "size": 7}).json()
    assert first["total"] == 60
    seen = [i["reference_id"] for i in first["items"]]
    cursor = first["next_cursor"]
    stop = threading.Event()

    def ingest() -> None:  # new matching cables and updates of existing ones, all through the walk
        n = 0
        while not stop.is_set():
            bulk_upsert(wiring.search, wiring.settings.index_alias,
                        [cable(f"09LATE{n}", tags=[MARK], subject="oil late"),
                         cable("05SEARCH3", tags=[MARK, "RS"], subject="oil and gas report 3 updated",
                               created="2005-04-15T08:00:00")], refresh=True)
            n += 1

    # Many new matching cables right after the first page shift every relevance score before the walk
    # goes on: "after the first page's last hit" would no longer be the same place.
    bulk_upsert(wiring.search, wiring.settings.index_alias,
                [cable(f"09BURST{n}", tags=[MARK], subject="oil oil oil", body="oil") for n in range(200)],
                refresh=True)
    writer = threading.Thread(target=ingest)
    writer.start()
    try:
        while cursor:
            page = api.get("/v1/cables", params={"cursor": cursor}).json()
            seen += [i["reference_id"] for i in page["items"]]
            cursor = page["next_cursor"]
    finally:
        stop.set()
        writer.join()
    assert len(seen) == len(set(seen))  # no repeats
    assert {r["reference_id"] for r in _records()} <= set(seen)  # no gaps


def test_bad_cursor_and_deep_paging(api: httpx.Client) -> None:
    bad = api.get("/v1/cables", params={"cursor": "bm9wZQ"})
    assert bad.status_code == 400 and bad.json()["param"] == "cursor"
    total = api.get("/v1/cables", params={"tag": MARK, "size": 0}).json()["total"]
    walked, cursor = 0, None
    while True:  # one cable per page: many pages, each on the same point in time
        params: dict[str, Param] = (
            {"cursor": cursor, "size": 1} if cursor else {"tag": MARK, "size": 1, "facets": False})
        page = api.get("/v1/cables", params=params).json()
        walked += len(page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert walked == total >= 60
