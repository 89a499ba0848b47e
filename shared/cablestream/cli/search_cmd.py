"""``cablestream search QUERY``: search the read API and print one line per cable (or JSON)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import httpx
import typer

from cablestream.cli.keys_cmd import default_key

URL = Annotated[str, typer.Option(help="read API base URL")]
KEY = Annotated[str | None, typer.Option(envvar="CABLESTREAM_API_KEY", help="API key (read scope)")]


def client(url: str, key: str | None) -> httpx.Client:
    key = key or default_key()
    if not key:
        typer.echo("no API key: pass --key, set CABLESTREAM_API_KEY, or run `make run` for a dev key", err=True)
        raise typer.Exit(2)
    return httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=60)


def filters(tag: list[str] | None, origin: list[str] | None, classification: list[str] | None,
            created_from: str | None, created_to: str | None, sort: str) -> dict[str, Any]:
    params: dict[str, Any] = {"tag": tag or [], "origin": origin or [], "classification": classification or [],
                                 "sort": sort}
    params |= {k: v for k, v in (("created_from", created_from), ("created_to", created_to)) if v}
    return params


def fail(response: httpx.Response) -> None:
    if response.status_code >= 400:
        typer.echo(f"{response.status_code}: {response.text}", err=True)
        raise typer.Exit(1)


def search(
    query: Annotated[str | None, typer.Argument(help='e.g. \'subject:"nuclear fuel" -iran\'')] = None,
    tag: Annotated[list[str] | None, typer.Option()] = None,
    origin: Annotated[list[str] | None, typer.Option()] = None,
    classification: Annotated[list[str] | None, typer.Option()] = None,
    created_from: Annotated[str | None, typer.Option("--from")] = None,
    created_to: Annotated[str | None, typer.Option("--to")] = None,
    sort: Annotated[str, typer.Option(help="relevance, newest or oldest")] = "relevance",
    limit: Annotated[int, typer.Option(help="cables to print, following cursors (0: all)")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="the API's JSON pages")] = False,
    url: URL = "http://127.0.0.1:8001",
    key: KEY = None,
) -> None:
    """Search cables; follows the cursor until --limit cables are printed."""
    params = filters(tag, origin, classification, created_from, created_to, sort) | {"q": query or ""}
    printed = 0
    with client(url, key) as http:
        response = http.get("/v1/cables", params=params | {"size": min(limit or 100, 100)})
        while True:
            fail(response)
            page = response.json()
            if printed == 0 and not as_json:
                typer.echo(f"{page['total']} cables", err=True)
            for item in page["items"][: (limit - printed) if limit else None]:
                typer.echo(json.dumps(item) if as_json else
                           f"{item['reference_id']:24} {(item['created'] or '')[:10]:10} {item['subject'] or ''}")
                printed += 1
            if not page["next_cursor"] or (limit and printed >= limit):
                return
            response = http.get("/v1/cables", params={"cursor": page["next_cursor"]})
