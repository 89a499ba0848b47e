"""Archive-scale run: N real-template cables in tar.gz archives through the whole stack, timed per stage.

  python -m bench.archive [--cables N] [--archives K] [--extract-workers E] [--corpus DIR]

Each cable is a real one of the corpus (or of the repo's samples and fixtures) under a real reference id of
the archive (``cable2month``), so ids, posts and years are the archive's own.  The cables are packed into K
``.tar.gz`` archives and uploaded through the upload API; the run then polls the index until every cable is
searchable and every cable has its entities.  Printed, each next to its baseline from the same run:
- parse+index cables/s against a raw OpenSearch bulk of the same records;
- one cable uploaded every 0.5 s while the archives load, upload to searchable (p50/p95), against the same
  on the idle stack afterwards;
- extraction cables/s (after indexing finished, when extraction has the cores) against a bare ``nlp.pipe``
  of the same model on the same clean texts in one process;
- the peak RSS of every extract worker process, and projections for the 251,287-cable archive.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import sys
import tarfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench import cpuwatch
from bench.corpus import BenchFile, source_files
from bench.pipeline import _auth, _make_raw_index, _records
from bench.procs import peak_rss_mb
from bench.stats import summary_ms
from cablestream.extraction import cleantext, model
from cablestream.infra.wiring import Wiring
from cablestream.parsing import parse_bytes
from cablestream.record import Cable
from cablestream.search.indexing import bulk_upsert
from devtools.localsystem import drop_namespace, local_system, namespace_settings

ARCHIVE_CABLES = 251_287
PROBES, IDLE_PROBES = 2000, 20  # single cables sent while the archives load (at most), then on the idle stack
REPO = Path(__file__).resolve().parents[1]
ID_SOURCES = [REPO / "shared" / "cablestream" / "data" / "cable2month.csv.gz",
              REPO.parent / "shared" / "corpus" / "reference" / "cable2month.csv.gz"]


def archive_ids(count: int, offset: int = 0) -> list[str]:
    """``count`` real reference ids spread evenly over the archive's 251,287; another ``offset`` (below the
    spacing, 251,287 // count) gives as many others, none in common."""
    source = next((p for p in ID_SOURCES if p.is_file()), None)
    if source is None:
        return [f"10BENCH{offset * count + n}" for n in range(1, count + 1)]
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        ids = [line.split(",", 1)[0] for line in handle if line.strip() and not line.startswith("reference")]
    step = max(1, len(ids) // count)
    return ids[offset % step::step][:count]


def fresh_archive_ids(count: int, held: Callable[[list[str]], set[str]], seed: int | None = None) -> list[str]:
    """``count`` real archive ids of which ``held`` (ids -> those a system already holds) says none is held:
    slices at random offsets, less what is held, until there are enough."""
    step = max(1, ARCHIVE_CABLES // count)
    chosen: dict[str, None] = {}
    for offset in random.Random(seed).sample(range(step), step):
        candidates = [i for i in archive_ids(count, offset) if i not in chosen]
        taken = held(candidates)
        chosen.update(dict.fromkeys(i for i in candidates if i not in taken))
        if len(chosen) >= count:
            return list(chosen)[:count]
    raise RuntimeError(f"fewer than {count} archive ids are not held yet")


def generate(templates: list[BenchFile], count: int, ids: list[str] | None = None) -> list[BenchFile]:
    out = []
    for n, new_id in enumerate(ids if ids is not None else archive_ids(count)):
        t = templates[n % len(templates)]
        name = f"{new_id}{Path(t.name).suffix}"
        out.append(BenchFile(name, t.data.replace(t.reference_id.encode(), new_id.encode()), new_id))
    return out


def pack(files: list[BenchFile], archives: int) -> list[tuple[str, bytes]]:
    size = -(-len(files) // archives)
    packed = []
    for k in range(0, len(files), size):
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:gz") as tar:
            for f in files[k:k + size]:
                info = tarfile.TarInfo(f.name)
                info.size = len(f.data)
                tar.addfile(info, io.BytesIO(f.data))
        packed.append((f"bench-{k // size:03d}.tar.gz", buf.getvalue()))
    return packed


@dataclass
class Timeline:
    indexed_s: float = 0.0
    extracted_at_indexed: int = 0
    first_extracted_s: float = 0.0
    extracted_s: float = 0.0
    # CPU seconds per role at the first upload, when indexing ended and when extraction ended: where the CPU of
    # each phase went (the first phase's includes the extraction that runs beside parse and index).
    cpu_at_start: dict[str, float] = field(default_factory=dict)
    cpu_at_indexed: dict[str, float] = field(default_factory=dict)
    cpu_at_extracted: dict[str, float] = field(default_factory=dict)


class _Probes:
    """One cable at a time uploaded while the archives load, each timed from its upload to searchable:
    what a feed's user sees while an archive goes in."""

    def __init__(self, w: Wiring, client: httpx.Client, cables: list[BenchFile]) -> None:
        self.w, self.client, self.cables = w, client, list(cables)
        self.seconds: list[float] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.done.set()
        self.thread.join(timeout=60)

    def left(self) -> list[BenchFile]:
        return self.cables[len(self.seconds):]

    def run_idle(self, count: int) -> list[float]:
        for cable in self.cables[:count]:
            self.seconds.append(self._one(cable))
        return self.seconds

    def _loop(self) -> None:
        for cable in self.cables:
            if self.done.wait(0.5):
                return
            self.seconds.append(self._one(cable))

    def _one(self, cable: BenchFile) -> float:
        start = time.perf_counter()
        self.client.post("/v1/uploads", files=[("files", (cable.name, cable.data))]).raise_for_status()
        query = {"term": {"reference_id": cable.reference_id}}
        while not _count(self.w, query):
            time.sleep(0.025)  # finer would be the bench's own load on the machine it measures
        return time.perf_counter() - start


def _count(w: Wiring, query: dict[str, Any] | None = None) -> int:
    body = {"query": query} if query else None
    return int(w.search.count(index=w.settings.index_alias, body=body)["count"])


def _follow(w: Wiring, start: float, total: int, timeout: float, extracting: bool = True,
            exclude: list[str] | None = None) -> Timeline:
    """When the archive's cables (not those in ``exclude``) were all indexed, and all extracted."""
    tl = Timeline()
    others = [{"terms": {"reference_id": exclude}}] if exclude else []
    archive = {"bool": {"must_not": others}}
    has_entities = {"bool": {"must": [{"exists": {"field": "extractor_version"}}], "must_not": others}}
    while time.perf_counter() - start < timeout:
        time.sleep(1.0)
        now = time.perf_counter() - start
        indexed, extracted = _count(w, archive), _count(w, has_entities)
        if extracted and not tl.first_extracted_s:
            tl.first_extracted_s = now
        if indexed >= total and not tl.indexed_s:
            tl.indexed_s, tl.extracted_at_indexed = now, extracted
            tl.cpu_at_indexed = cpuwatch.snapshot()
            if not extracting:
                return tl
        if extracted >= total:
            tl.extracted_s = now
            tl.cpu_at_extracted = cpuwatch.snapshot()
            return tl
    raise TimeoutError(f"not done after {timeout:.0f}s: {_count(w, archive)} indexed, {_count(w, has_entities)} "
                       "extracted")


def _raw_bulk(w: Wiring, files: list[BenchFile]) -> float:
    records = _records(files)
    raw_index = f"{w.settings.index_alias}-rawbulk"
    _make_raw_index(w, raw_index)
    start = time.perf_counter()
    for i in range(0, len(records), w.settings.index_batch_size):
        bulk_upsert(w.search, raw_index, records[i:i + w.settings.index_batch_size])
    w.search.indices.refresh(index=raw_index)
    return len(records) / (time.perf_counter() - start)


def _bare_model_rate(files: list[BenchFile], sample: int = 300) -> tuple[float, float]:
    """(cables/s, words/s) of a bare nlp.pipe over the clean texts of a sample, one process: the model as a
    user would load it (``model.stock``), the raw baseline."""
    cables = [c for f in files[:sample] for c in parse_bytes(f.data, f.name) if isinstance(c, Cable)]
    texts = [cleantext.build(c.body).text for c in cables]
    nlp = model.stock()
    list(nlp.pipe(texts[:4]))
    start = time.perf_counter()
    list(nlp.pipe(texts, batch_size=model.BATCH_SIZE))
    seconds = time.perf_counter() - start
    return len(texts) / seconds, sum(len(t.split()) for t in texts) / seconds


def run(corpus: Path | None, cables: int, archives: int, extract_workers: int,
        overrides: dict[str, str] | None = None, parse_workers: int = 4) -> dict[str, Any]:
    settings = namespace_settings("csarchive", extract_enabled=extract_workers > 0, **(overrides or {}))
    wiring = Wiring(settings)
    wiring.setup()
    files = generate(source_files(corpus), cables)
    packed = pack(files, archives)
    try:
        with local_system(settings, REPO / ".cablestream" / "bench-logs", 0, 0,
                          concurrency={"parse": parse_workers, "index": 1, "extract": extract_workers}) as urls, \
                httpx.Client(base_url=urls.upload, timeout=600, headers=_auth(wiring)) as client:
            in_archive = {f.reference_id for f in files}
            probe_ids = fresh_archive_ids(PROBES, lambda ids: in_archive & set(ids), seed=7)
            probes = _Probes(wiring, client, generate(source_files(corpus), PROBES, probe_ids))
            probes.start()
            cpu_at_start = cpuwatch.snapshot()
            start = time.perf_counter()
            for name, data in packed:
                client.post("/v1/uploads", files=[("files", (name, data))]).raise_for_status()
            try:
                tl = _follow(wiring, start, len(files), timeout=4 * 3600, extracting=extract_workers > 0,
                             exclude=probe_ids)
                tl.cpu_at_start = cpu_at_start
            finally:
                probes.stop()
            idle = _Probes(wiring, client, probes.left()).run_idle(IDLE_PROBES)
            rss = peak_rss_mb("services.extract_worker")
            stage_rss = {stage: peak_rss_mb(f"services.{stage}") for stage in ("upload", "api", "parse_worker",
                                                                            "index_worker")}
        raw_rate = _raw_bulk(wiring, files)
    finally:
        drop_namespace(wiring)
    bare_cables_s, bare_words_s = _bare_model_rate(files)
    report = _report(len(files), len(packed), extract_workers, tl, raw_rate, bare_cables_s, bare_words_s, rss)
    report["parse_index"]["peak_rss_mb_per_process"] = stage_rss
    loaded = summary_ms(probes.seconds)
    report["searchable_one_cable"] = {
        "while_loading": loaded, "idle_after": summary_ms(idle),
        "note": "one cable uploaded every 0.5 s while the archives load, upload to searchable; then on the idle "
                "stack",
        "ratio_p95_loading_to_idle": round(loaded["p95_ms"] / max(summary_ms(idle)["p95_ms"], 1e-9), 1)}
    if not extract_workers:
        del report["extraction"]
    return report


def _report(n: int, k: int, workers: int, tl: Timeline, raw_rate: float, bare_cables_s: float,
            bare_words_s: float, rss: list[float]) -> dict[str, Any]:
    index_rate = n / tl.indexed_s
    tail = (n - tl.extracted_at_indexed) / max(tl.extracted_s - tl.indexed_s, 1e-9)
    overall_extract = n / max(tl.extracted_s - tl.first_extracted_s, 1e-9)
    return {
        "cables": n, "archives": k, "extract_workers": workers,
        "parse_index": {"seconds": round(tl.indexed_s, 1), "cables_per_s": round(index_rate, 1),
                        "raw_bulk_cables_per_s": round(raw_rate, 1),
                        "ratio_to_raw_bulk": round(index_rate / raw_rate, 3),
                        "projection_251287_min": round(ARCHIVE_CABLES / index_rate / 60, 1),
                        "cpu_ms_per_cable": cpuwatch.per_item_ms(tl.cpu_at_start, tl.cpu_at_indexed, n)},
        "extraction": {"seconds_to_all": round(tl.extracted_s, 1),
                       "cables_per_s_after_indexing": round(tail, 1),
                       "cables_per_s_overall": round(overall_extract, 1),
                       "bare_nlp_pipe_one_process_cables_per_s": round(bare_cables_s, 1),
                       "bare_nlp_pipe_one_process_words_per_s": round(bare_words_s),
                       "ratio_to_bare_one_process": round(tail / bare_cables_s, 2),
                       "projection_251287_h": round(ARCHIVE_CABLES / tail / 3600, 2),
                       "cpu_ms_per_cable_after_indexing": cpuwatch.per_item_ms(
                           tl.cpu_at_indexed, tl.cpu_at_extracted, n - tl.extracted_at_indexed),
                       "peak_rss_mb_per_process": rss},
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.archive", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cables", type=int, default=20_000)
    parser.add_argument("--archives", type=int, default=10)
    parser.add_argument("--extract-workers", type=int, default=2)
    parser.add_argument("--parse-workers", type=int, default=4, help="parse worker processes (services.sh: 4)")
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--setting", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting for the services, e.g. index_stash_members=0 (repeatable)")
    args = parser.parse_args(argv)
    overrides = dict(item.split("=", 1) for item in args.setting)
    print(json.dumps(run(args.corpus, args.cables, args.archives, args.extract_workers, overrides,
                         args.parse_workers), indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
