"""``cablestream reextract``: queue extraction again for stale records, or for a filter."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cablestream.infra.wiring import Wiring
from cablestream.pipeline.reextract import reextract as run_reextract
from cablestream.pipeline.reextract import stale_filter
from cablestream.settings import Settings


def reextract(
    all_: Annotated[bool, typer.Option("--all", help="every cable, not only stale ones")] = False,
    tag: Annotated[list[str] | None, typer.Option(help="only cables with this TAGS code")] = None,
    origin: Annotated[str | None, typer.Option(help="only cables from this post")] = None,
    q: Annotated[str | None, typer.Option(help="only cables matching this full-text query")] = None,
) -> None:
    """Re-run entity extraction (by default on records of an older extractor version)."""
    from cablestream.extraction import EXTRACTOR_VERSION  # the model stack loads only for this command

    clauses: list[dict[str, Any]] = [{"term": {"tags": t}} for t in tag or []]
    if origin:
        clauses.append({"term": {"origin": origin}})
    if q:
        clauses.append({"simple_query_string": {"query": q, "fields": ["subject", "body"]}})
    if not all_:
        clauses.append(stale_filter(EXTRACTOR_VERSION))
    sent = run_reextract(Wiring(Settings()), {"bool": {"filter": clauses}})
    typer.echo(f"queued {sent} cables for extraction (extractor {EXTRACTOR_VERSION})")
