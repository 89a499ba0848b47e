"""``cablestream feed watch DIR`` and ``cablestream feed bucket [NAME]``: run a continuous feed here."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cablestream.feeds.runner import run_feed

app = typer.Typer(no_args_is_help=True, help="Continuous feeds: a watched directory or a MinIO bucket.")


@app.command("watch")
def watch(directory: Annotated[Path, typer.Argument(help="directory to watch (recursively)", exists=True,
                                                   file_okay=False)]) -> None:
    """Ingest every new or changed file under DIRECTORY, once, until stopped (Ctrl-C)."""
    run_feed("dir", str(directory))


@app.command("bucket")
def bucket(name: Annotated[str | None, typer.Argument(help="bucket (default CABLESTREAM_FEED_BUCKET)")] = None
           ) -> None:
    """Ingest every object any S3 client puts into bucket NAME (MinIO notifications), until stopped."""
    run_feed("bucket", name)
