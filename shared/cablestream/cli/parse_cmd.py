"""``cablestream parse PATH...``: one NDJSON record per cable on stdout; failures as error lines.

Exit 0 when everything parsed, 1 when any input (or member) failed, 2 on a usage error.  ``--summary``
prints per-field fill rates instead of the records.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import orjson
import typer

from cablestream.parsing import ParseFailure, parse_bytes
from cablestream.parsing.fill import FillRates
from cablestream.record import Cable

PathsArg = Annotated[list[Path], typer.Argument(help="files (text, HTML, CSV, zip, tar.gz) or directories")]
SummaryOpt = Annotated[bool, typer.Option("--summary", help="print per-field fill rates instead of records")]
EntitiesOpt = Annotated[bool, typer.Option("--entities", help="add extracted entities to each record (spaCy)")]
ENTITY_BATCH = 64  # cables per nlp.pipe call: big enough to batch, small enough to stream


def parse(paths: PathsArg, summary: SummaryOpt = False, entities: EntitiesOpt = False) -> None:
    """Parse cables from files and print them as NDJSON."""
    files = list(_files(paths))
    missing = [p for p in paths if not p.exists()]
    if missing:
        typer.echo(f"no such file: {', '.join(map(str, missing))}", err=True)
        raise typer.Exit(2)
    failed = False
    rates = FillRates()
    out = sys.stdout.buffer
    outcomes = _outcomes(files)
    for outcome, digest in (_with_entities(outcomes) if entities and not summary else outcomes):
        if isinstance(outcome, ParseFailure):
            failed = True
            if not summary:
                out.write(orjson.dumps(failure_line(outcome, digest)) + b"\n")
            rates.add_failure()
        elif summary:
            rates.add(outcome)
        else:
            out.write(orjson.dumps(outcome.to_json_dict()) + b"\n")
    if summary:
        out.write(orjson.dumps(rates.report(), option=orjson.OPT_INDENT_2) + b"\n")
    out.flush()
    raise typer.Exit(1 if failed else 0)


def _outcomes(files: list[Path]) -> Iterator[tuple[Cable | ParseFailure, str]]:
    for path in files:
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        for outcome in parse_bytes(data, name=str(path), sha256=digest):
            yield outcome, digest


def _with_entities(outcomes: Iterator[tuple[Cable | ParseFailure, str]]
                   ) -> Iterator[tuple[Cable | ParseFailure, str]]:
    """The same stream, cables carrying their entities; extraction runs in batches, order is kept."""
    from cablestream.extraction import EXTRACTOR_VERSION, extract_many  # the model loads only if asked

    buffer: list[tuple[Cable | ParseFailure, str]] = []

    def flush() -> Iterator[tuple[Cable | ParseFailure, str]]:
        cables = [o for o, _ in buffer if isinstance(o, Cable)]
        found = iter(extract_many(cables))
        for outcome, digest in buffer:
            if isinstance(outcome, Cable):
                outcome = outcome.model_copy(update={"entities": next(found), "extractor_version": EXTRACTOR_VERSION})
            yield outcome, digest
        buffer.clear()

    for item in outcomes:
        buffer.append(item)
        if len(buffer) >= ENTITY_BATCH:
            yield from flush()
    yield from flush()


def failure_line(failure: ParseFailure, sha256: str | None = None) -> dict[str, object]:
    return {
        "error": {"stage": "parse", "type": failure.error_type, "reason": failure.reason,
                  "reference_id": failure.reference_id},
        "source": {"sha256": sha256, "name": failure.name, "index": failure.index},
    }


def _files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())
        elif path.exists():
            yield path

