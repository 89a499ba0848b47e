"""Entry point of the ``cablestream`` console script."""

from __future__ import annotations

import typer

from cablestream.cli import feed_cmd, parse_cmd, reextract_cmd, setup_cmd, upload_cmd

app = typer.Typer(no_args_is_help=True, add_completion=False, help="cablestream: ingest and read cable archives.")
app.command("parse")(parse_cmd.parse)
app.command("setup")(setup_cmd.setup)
app.command("upload")(upload_cmd.upload)
app.command("reextract")(reextract_cmd.reextract)
app.add_typer(feed_cmd.app, name="feed")
