"""``cablestream export [QUERY]``: a whole result set as NDJSON records, streamed to stdout or a file."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from cablestream.cli.search_cmd import KEY, URL, client, fail, filters


def export(
    query: Annotated[str | None, typer.Argument(help="same syntax as search")] = None,
    tag: Annotated[list[str] | None, typer.Option()] = None,
    origin: Annotated[list[str] | None, typer.Option()] = None,
    classification: Annotated[list[str] | None, typer.Option()] = None,
    created_from: Annotated[str | None, typer.Option("--from")] = None,
    created_to: Annotated[str | None, typer.Option("--to")] = None,
    sort: Annotated[str, typer.Option(help="relevance, newest or oldest")] = "oldest",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="file (default: stdout)")] = None,
    url: URL = "http://127.0.0.1:8001",
    key: KEY = None,
) -> None:
    """Export every matching record, one JSON object per line, at constant memory."""
    params = filters(tag, origin, classification, created_from, created_to, sort) | {"q": query or ""}
    lines = 0
    with client(url, key) as http, http.stream("GET", "/v1/export", params=params, timeout=None) as response:
        if response.status_code >= 400:
            response.read()
            fail(response)
        sink = output.open("wb") if output else sys.stdout.buffer
        try:
            for line in response.iter_lines():
                if line.startswith('{"error"'):  # the server's last line when it failed mid-stream
                    _stopped(line, lines)
                sink.write(line.encode() + b"\n")
                lines += 1
        finally:
            if output:
                sink.close()
    typer.echo(f"{lines} records", err=True)


def _stopped(line: str, lines: int) -> None:
    error = json.loads(line)["error"]
    typer.echo(f"export stopped after {lines} records: {error.get('detail') or error.get('title')}", err=True)
    raise typer.Exit(1)
