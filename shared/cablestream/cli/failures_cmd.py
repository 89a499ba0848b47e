"""``cablestream failures list|retry``: failure records and their replay, on the server side.

Like ``keys`` and ``reextract``, these talk to Redis and the queues directly (an operator's tool on
the machine that runs the pipeline); the same is available over HTTP at ``/v1/failures``.
"""

from __future__ import annotations

import time
from typing import Annotated

import typer

from cablestream.infra.wiring import Wiring
from cablestream.pipeline.replay import FinalFailure, NotRetryable, retry, retry_matching
from cablestream.settings import Settings

app = typer.Typer(no_args_is_help=True, help="Failure records: list them, retry them.")
Stage = Annotated[str | None, typer.Option(help="parse, index or extract")]
Job = Annotated[str | None, typer.Option("--job", help="only this job's failures")]
ErrorType = Annotated[str | None, typer.Option("--error-type", help="e.g. NoCableFound")]


@app.command("list")
def list_failures(stage: Stage = None, job: Job = None, error_type: ErrorType = None,
                  resolved: Annotated[bool, typer.Option("--all", help="include resolved ones")] = False,
                  limit: Annotated[int, typer.Option(help="at most this many")] = 50) -> None:
    """Open failures, newest first: id, stage, error, attempts, last seen, what failed, why."""
    failures = Wiring(Settings()).failures.query(stage=stage, job_id=job, error_type=error_type,
                                                include_resolved=resolved, limit=limit)
    for f in failures:
        what = f.reference_id or f.name or f.sha256 or "-"
        if f.count > 1:
            what = f"{what} ({f.count} members: {', '.join(f.samples[:3])}, ...)"
        seen = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(f.last_seen))
        state = "resolved" if f.resolved else f"x{f.attempts}"
        typer.echo(f"{f.id}  {f.stage:<7} {f.error_type:<18} {state:<8} {seen}  {what}: {f.message[:100]}")
    typer.echo(f"{len(failures)} failure(s)", err=True)


@app.command("retry")
def retry_failures(ids: Annotated[list[str] | None, typer.Argument(help="failure ids; none: by filter")] = None,
                   stage: Stage = None, job: Job = None, error_type: ErrorType = None,
                   everything: Annotated[bool, typer.Option("--all", help="no filter: every open failure")] = False,
                   force: Annotated[bool, typer.Option("--force", help="data errors of the current parser or "
                                                       "extractor too (they fail the same way)")] = False,
                   ) -> None:
    """Send failures back through their stage (the ids given, or every open one matching the filters;
    with neither, --all is required, as `all=true` is over HTTP).  Data errors are final until the
    parser or extractor changes: they are skipped (named) unless --force."""
    if not ids and stage is None and job is None and error_type is None and not everything:
        typer.echo("no failure id and no filter (--stage, --job, --error-type): pass --all to retry every "
                   "open failure", err=True)
        raise typer.Exit(2)
    wiring = Wiring(Settings())
    if ids:
        for failure_id in ids:
            try:
                retry(wiring, failure_id, force=force)
            except (NotRetryable, FinalFailure) as err:
                typer.echo(str(err), err=True)
                raise typer.Exit(1) from None
        typer.echo(f"retried {len(ids)} failure(s)")
        return
    report = retry_matching(wiring, stage=stage, job_id=job, error_type=error_type, force=force)
    typer.echo(f"retried {len(report.retried)} failure(s)")
    if report.final:
        typer.echo(f"skipped {len(report.final)} final failure(s) (data errors of the current parser or "
                   "extractor; --force to retry them anyway)", err=True)
