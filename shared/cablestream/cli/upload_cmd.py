"""``cablestream upload PATH...``: send files to the upload service and follow their jobs to the end."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rich.progress import Progress

from cablestream.cli.keys_cmd import default_key

BATCH = 50  # files per request: one job each, small enough to retry cheaply


def upload(
    paths: Annotated[list[Path], typer.Argument(help="files or directories (recursively)")],
    url: Annotated[str, typer.Option(help="upload service base URL")] = "http://127.0.0.1:8000",
    key: Annotated[str | None, typer.Option(envvar="CABLESTREAM_API_KEY", help="API key (ingest scope)")] = None,
    follow: Annotated[bool, typer.Option(help="wait for the jobs to finish")] = True,
    force: Annotated[bool, typer.Option(help="send files even if already stored")] = False,
    timeout: Annotated[float, typer.Option(help="seconds to wait for the jobs")] = 600.0,
) -> None:
    """Send files (directories recursively) to the upload service and follow their jobs."""
    files = _collect(paths)
    if not files:
        typer.echo("no files to upload", err=True)
        raise typer.Exit(2)
    key = key or default_key()  # the dev key `make run` wrote, when run from the repository
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
        todo = files if force else [f for f in files if not _stored(client, f)]
        typer.echo(f"{len(files)} files, {len(files) - len(todo)} already stored, sending {len(todo)}")
        jobs = _send(client, todo)
        if follow and jobs:
            outcomes = [_follow(client, job, timeout) for job in jobs]
            _report(outcomes)
            if any(o["state"] != "done" or o["counts"]["failed"] for o in outcomes):
                raise typer.Exit(1)


def _collect(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
        elif path.is_file():
            found.append(path)
        else:
            typer.echo(f"not found: {path}", err=True)
            raise typer.Exit(2)
    return found


def _stored(client: httpx.Client, path: Path) -> bool:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    status = client.head(f"/v1/files/{digest}").status_code
    if status in {401, 403}:
        typer.echo(f"the upload service refused the key ({status}): it needs the ingest scope", err=True)
        raise typer.Exit(1)
    return status == 200


def _send(client: httpx.Client, files: list[Path]) -> list[str]:
    jobs = []
    with Progress() as progress:
        task = progress.add_task("uploading", total=len(files))
        for start in range(0, len(files), BATCH):
            batch = files[start:start + BATCH]
            parts = [("files", (p.name, p.open("rb"))) for p in batch]
            try:
                response = client.post("/v1/uploads", files=parts)
            finally:
                for _, (_, handle) in parts:
                    handle.close()
            if response.status_code != 202:
                typer.echo(f"upload refused ({response.status_code}): {response.text}", err=True)
                raise typer.Exit(1)
            jobs.append(response.json()["job_id"])
            progress.advance(task, len(batch))
    return jobs


def _follow(client: httpx.Client, job_id: str, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        job: dict[str, Any] = client.get(f"/v1/jobs/{job_id}").json()
        if job["state"] in {"done", "failed"} or time.monotonic() > deadline:
            return job
        time.sleep(0.5)


def _report(jobs: list[dict[str, Any]]) -> None:
    for job in jobs:
        c = job["counts"]
        typer.echo(f"job {job['job_id']}: {job['state']}: {c['files']} files, {c['cables_parsed']} cables "
                   f"parsed, {c['cables_indexed']} indexed, {c['failed']} failed")
        for f in job["files"]:
            if f["error"] or f["failed"]:
                typer.echo(f"  {f['name']}: {f['error'] or str(f['failed']) + ' cables failed'}")
