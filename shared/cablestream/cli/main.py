"""Entry point of the ``cablestream`` console script."""

from __future__ import annotations

import typer

from cablestream.cli import (
    export_cmd,
    failures_cmd,
    feed_cmd,
    keys_cmd,
    parse_cmd,
    reextract_cmd,
    search_cmd,
    setup_cmd,
    upload_cmd,
)

app = typer.Typer(no_args_is_help=True, add_completion=False, help="cablestream: ingest and read cable archives.")
app.command("parse")(parse_cmd.parse)
app.command("setup")(setup_cmd.setup)
app.command("upload")(upload_cmd.upload)
app.command("search")(search_cmd.search)
app.command("export")(export_cmd.export)
app.add_typer(keys_cmd.app, name="keys")
app.command("reextract")(reextract_cmd.reextract)
app.add_typer(feed_cmd.app, name="feed")
app.add_typer(failures_cmd.app, name="failures")
