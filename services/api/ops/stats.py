"""``/v1/stats``: per-stage backlog, rate, ETA and throughput history; index size; open failures."""

from __future__ import annotations

import time

from fastapi import APIRouter

from cablestream.auth.guard import AUTH_ERRORS
from cablestream.http.problems import error_responses
from cablestream.infra.queue import EXPRESS, QUEUES
from cablestream.pipeline.gauges import oldest_age
from cablestream.pipeline.pending import index_backlog
from cablestream.search.client import index_stats
from cablestream.state import throughput
from services.api.deps import ADMIN, WiringDep
from services.api.ops.schemas import IndexStats, StageStats, Stats

router = APIRouter(prefix="/v1", tags=["operations"], dependencies=[ADMIN], responses=AUTH_ERRORS)
ERRORS = error_responses(502, 503)


@router.get("/stats", response_model=Stats, responses=ERRORS)
def stats(wiring: WiringDep) -> Stats:
    now = time.time()
    stages = []
    for stage in QUEUES:
        points = throughput.series(wiring.redis, stage, seconds=900, now=now)
        rate = throughput.rate(points)
        backlog, per_item = _backlog(wiring, stage)
        # Rates count cables; backlog counts files (parse), cables (index) or batches (extract), so the
        # ETA is a rough guide, and the dashboard says so.
        eta = None if not backlog else (backlog * per_item / rate if rate else None)
        stages.append(StageStats(stage=stage, backlog=backlog,
                                 oldest_age_seconds=round(oldest_age(wiring.redis, stage), 1),
                                 rate_per_second=round(rate, 2), eta_seconds=None if eta is None else round(eta, 1),
                                 series=points))
    return Stats(stages=stages, index=_index_stats(wiring), failures_open=wiring.failures.count_open(),
                 generated_at=now)


def _backlog(wiring: WiringDep, stage: str) -> tuple[int, int]:
    """Work waiting in a stage and the cables each unit of it holds (roughly)."""
    if stage == "index":  # cables wait in the pending set; queue messages are only wake-ups
        return index_backlog(wiring.redis), 1
    per_item = 1 if stage == "parse" else wiring.settings.extract_batch_size
    lanes = [stage, EXPRESS[stage]] if stage in EXPRESS else [stage]
    return sum(int(wiring.redis.llen(queue)) for queue in lanes), per_item


def _index_stats(wiring: WiringDep) -> IndexStats:
    found = index_stats(wiring.search, wiring.settings.index_alias)
    return IndexStats(documents=found.documents, size_bytes=found.size_bytes)
