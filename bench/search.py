"""Search benchmark: read-API latency (p50, p95) with concurrent clients over >= 10,000 indexed cables,
next to the same queries sent straight to OpenSearch in the same run: the same request bodies the API
sends (one hit more than asked, and the facets), the two sides taking turns in blocks so that load from
elsewhere on the machine, and caches warming, weigh on both alike.

  from bench import search; search.run(corpus=None, cables=10_000, clients=8, requests=1600)

Records are the real cables of the corpus (or the repo's samples and fixtures), parsed, then copied
under distinct reference ids with spread dates, and bulk-loaded into a scratch index of their own.
"""

from __future__ import annotations

import random
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx

from bench.corpus import source_files
from bench.stats import summary_ms
from cablestream.auth.keys import KeyStore
from cablestream.infra.wiring import Wiring
from cablestream.parsing import ParseFailure, parse_bytes
from cablestream.search.facets import facet_aggs
from cablestream.search.indexing import bulk_upsert
from cablestream.search.queries import CableQuery, search_body
from devtools.localsystem import drop_namespace, local_system, namespace_settings

REPO = Path(__file__).resolve().parents[1]
WORDS = ["oil", "nuclear", "minister", "election", "embassy", "corruption", "visit", "security", "gas",
         "president", "economy", "human rights", "military", "energy", "parliament"]
BLOCKS = 8  # the API and the raw baseline take turns, this many blocks each


def run(corpus: Path | None = None, cables: int = 10_000, clients: int = 8, requests: int = 1600,
        seed: int = 7) -> dict[str, Any]:
    settings = namespace_settings("csbench")
    wiring = Wiring(settings)
    wiring.setup()
    rng = random.Random(seed)
    try:
        records = _records(corpus, cables, rng)
        for i in range(0, len(records), 1000):
            bulk_upsert(wiring.search, settings.index_alias, records[i:i + 1000])
        wiring.search.indices.refresh(index=settings.index_alias)
        _, key = KeyStore(wiring.redis).create("bench", ["read"])
        queries = [_query(rng, records) for _ in range(requests)]
        with local_system(settings, REPO / ".cablestream" / "bench-search-logs", 0, 0,
                          concurrency={"parse": 0, "index": 0, "extract": 0}) as urls:
            raw_url = f"{settings.opensearch_hosts[0]}/{settings.index_alias}/_search"
            api, raw = _compare(_Side(urls.api, {"Authorization": f"Bearer {key}"}, queries, _api_call),
                                _Side(raw_url, {}, [_raw_body(q) for q in queries], _raw_call), clients)
    finally:
        drop_namespace(wiring)
    a, r = summary_ms(api["latencies"]), summary_ms(raw["latencies"])
    return {"cables": len(records), "clients": clients, "requests": requests,
            "api": a | {"per_s": api["per_s"], "errors": api["errors"]},
            "raw_opensearch": r | {"per_s": raw["per_s"], "errors": raw["errors"]},
            "ratio_p50": round(a["p50_ms"] / r["p50_ms"], 2), "ratio_p95": round(a["p95_ms"] / r["p95_ms"], 2)}


def _records(corpus: Path | None, count: int, rng: random.Random) -> list[dict[str, Any]]:
    base = []
    for item in source_files(corpus):
        base += [o.to_json_dict() for o in parse_bytes(item.data, name=item.name) if not isinstance(o, ParseFailure)]
    assert base, "no parseable cable among the bench sources"
    out = []
    for n in range(count):
        record = dict(base[n % len(base)])
        year = rng.randint(1985, 2010)
        record["reference_id"] = f"{str(year)[2:]}BENCH{n}"
        record["created"] = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00"
        out.append(record)
    return out


def _query(rng: random.Random, records: list[dict[str, Any]]) -> CableQuery:
    sample = rng.choice(records)
    kind = rng.random()
    q = rng.choice(WORDS) if kind < 0.7 else f'"{rng.choice(WORDS)}" OR subject:{rng.choice(WORDS)}'
    return CableQuery(q=q, tags=[rng.choice(sample["tags"])] if sample["tags"] and rng.random() < 0.3 else [],
                      created_from=str(rng.randint(1990, 2008)) if rng.random() < 0.3 else None,
                      sort="newest" if rng.random() < 0.2 else "relevance", size=20)


def _params(q: CableQuery) -> dict[str, Any]:
    params: dict[str, Any] = {"q": q.q, "tag": q.tags, "sort": q.sort, "size": q.size}
    return params | ({"created_from": q.created_from} if q.created_from else {})


def _raw_body(q: CableQuery) -> dict[str, Any]:
    # What the API sends for a first page: one more hit than asked (is there a next page?) and facets.
    return search_body(replace(q, size=q.size + 1)) | {"aggs": facet_aggs()}


def _api_call(client: httpx.Client, query: Any) -> httpx.Response:
    return client.get("/v1/cables", params=_params(query))


def _raw_call(client: httpx.Client, body: Any) -> httpx.Response:
    return client.post("", json=body)


@dataclass(frozen=True)
class _Side:
    url: str
    headers: dict[str, str]
    work: list[Any]
    call: Any


def _compare(api: _Side, raw: _Side, clients: int, blocks: int = BLOCKS) -> tuple[dict[str, Any], dict[str, Any]]:
    """Both sides over the same queries, in alternating blocks (API first in even blocks, raw first in odd
    ones), so a load that comes and goes on the machine, or caches warming, weigh on both alike."""
    out: dict[str, dict[str, Any]] = {"api": _empty(), "raw": _empty()}
    with ExitStack() as stack:  # each client keeps its connection through all the blocks
        pools = {name: [stack.enter_context(httpx.Client(base_url=side.url, headers=side.headers, timeout=60))
                        for _ in range(clients)] for name, side in (("api", api), ("raw", raw))}
        _measure(api, slice(0, 4 * clients), pools["api"])  # warm both: connections, first-call costs
        _measure(raw, slice(0, 4 * clients), pools["raw"])
        step = -(-len(api.work) // blocks)
        for block in range(blocks):
            part = slice(block * step, (block + 1) * step)
            for name, side in (("api", api), ("raw", raw)) if block % 2 == 0 else (("raw", raw), ("api", api)):
                result = _measure(side, part, pools[name])
                total = out[name]
                total["latencies"] += result["latencies"]
                total["errors"] += result["errors"]
                total["seconds"] += result["seconds"]
    for total in out.values():
        total["per_s"] = round(len(total["latencies"]) / total.pop("seconds"), 1)
    return out["api"], out["raw"]


def _empty() -> dict[str, Any]:
    return {"latencies": [], "errors": 0, "seconds": 0.0}


def _measure(side: _Side, part: slice, clients: list[httpx.Client]) -> dict[str, Any]:
    """``side``'s work in ``part``, spread over the clients, each in a thread of its own."""
    latencies: list[float] = []
    errors = 0
    work = side.work[part]
    shares = [work[i::len(clients)] for i in range(len(clients))]

    def client_loop(client: httpx.Client, share: list[Any]) -> tuple[list[float], int]:
        own, bad = [], 0
        for item in share:
            start = time.perf_counter()
            response = side.call(client, item)
            own.append(time.perf_counter() - start)
            bad += response.status_code != 200
        return own, bad

    start = time.perf_counter()
    with ThreadPoolExecutor(len(clients)) as pool:
        for own, bad in pool.map(client_loop, clients, shares):
            latencies += own
            errors += bad
    return {"latencies": latencies, "errors": errors, "seconds": time.perf_counter() - start}


if __name__ == "__main__":
    import json
    print(json.dumps(run(), indent=2))
