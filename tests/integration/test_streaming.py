"""Large stored files are read from temporary files, never held whole: the parse stage parses a 64 MB
archive from one with all its cables, and ``/raw`` serves a member, a row or the whole of a large file.
Real Redis, MinIO and OpenSearch; the stage runs through the lifecycle."""

from __future__ import annotations

import io
import os
import random
import tarfile
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import httpx
import pytest

from cablestream.infra.storage import record_key
from cablestream.infra.wiring import Wiring
from cablestream.parsing import parse_bytes
from cablestream.pipeline.messages import ParseFile
from cablestream.pipeline.stages import parse as parse_stage
from cablestream.record import Cable, Source
from cablestream.state.jobs import FileEntry
from tests.integration.test_api_support import cable, load, serve, sha
from tests.stages import run_stage

FIXTURES = Path(__file__).parents[1] / "fixtures" / "cables"
TEMPLATES = ["09ASTANA497.txt", "05PARIS7527.txt", "04AMMAN1288.html", "06BAKU1835.html", "72TEHRAN1164.html"]
PAD = 4 * 1024 * 1024
RUN = f"{random.randrange(10_000, 99_999)}"


def _cables(count: int) -> Iterator[tuple[str, bytes, str]]:
    """(name, bytes, reference id) of ``count`` real cables under ids of their own (the serial extended)."""
    templates = []
    for name in TEMPLATES:
        data = (FIXTURES / name).read_bytes()
        [parsed] = parse_bytes(data)
        assert isinstance(parsed, Cable)
        templates.append((name, data, parsed.reference_id))
    for n in range(count):
        name, data, rid = templates[n % len(templates)]
        new = f"{rid}{RUN}{n:05d}"
        yield f"cables/{new}{Path(name).suffix}", data.replace(rid.encode(), new.encode()), new


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def _archive(file: BinaryIO, cables: list[tuple[str, bytes, str]], pads: int) -> None:
    """A tar.gz of the cables with ``pads`` members of random bytes between them (they do not compress)."""
    every = max(1, len(cables) // max(pads, 1))
    with tarfile.open(fileobj=file, mode="w:gz", compresslevel=1) as tar:
        for n, (name, data, _) in enumerate(cables):
            _add(tar, name, data)
            if n % every == 0 and n // every < pads:
                _add(tar, f"padding/{n // every:03d}.bin", os.urandom(PAD))
    file.seek(0)


def test_a_large_archive_is_parsed_from_a_temporary_file(wiring: Wiring, monkeypatch: pytest.MonkeyPatch) -> None:
    cables = list(_cables(1500))
    with tempfile.TemporaryFile() as upload:
        _archive(upload, cables, pads=15)
        stored = wiring.store.put_file(upload)
    assert stored.size > 64 * 1024 * 1024
    spooled_to_disk: list[bool] = []
    real = parse_stage.parse_from_file  # type: ignore[attr-defined]  # the name the stage calls

    def spy(file: BinaryIO, name: str | None = None, sha256: str | None = None) -> Iterator[object]:
        spooled_to_disk.append(getattr(file, "_rolled", False))
        yield from real(file, name=name, sha256=sha256)

    monkeypatch.setattr(parse_stage, "parse_from_file", spy)
    job_id = wiring.jobs.create([FileEntry(0, "big.tar.gz", stored.sha256, stored.size, stored.duplicate)])
    ran = run_stage(wiring, ParseFile(job_id=job_id, index=0, sha256=stored.sha256, name="big.tar.gz"))

    assert spooled_to_disk == [True]  # past SPOOL_BYTES: a file of the worker's temp dir, not memory
    assert sorted(ran.passed) == sorted(rid for _, _, rid in cables)
    job = wiring.jobs.get(job_id)
    assert job is not None
    assert (job["files"][0]["state"], job["files"][0]["cables"], job["files"][0]["failed"]) == ("parsed", 1500, 15)
    last_name, _, last_id = cables[-1]
    record = Cable.model_validate_json(wiring.store.load_bytes(record_key(last_id)))
    assert (record.source.name, record.source.sha256) == (f"big.tar.gz!{last_name}", stored.sha256)


@pytest.fixture(scope="module")
def api(wiring: Wiring) -> Iterator[httpx.Client]:
    with serve(wiring) as client:
        yield client


def test_raw_serves_a_member_of_a_large_archive_from_a_temporary_file(api: httpx.Client, wiring: Wiring) -> None:
    cables = list(_cables(40))
    buffer = io.BytesIO()
    _archive(buffer, cables, pads=5)  # 20 MB: past the API's in-memory copy
    data = buffer.getvalue()
    name, member, rid = cables[-1]
    load(wiring, [cable(rid, source=Source(format="text", sha256=sha(data), name=f"big.tar.gz!{name}"))], raw=data)
    raw = api.get(f"/v1/cables/{rid}/raw")
    assert raw.status_code == 200 and raw.content == member
    assert raw.headers["x-source-part"] == f"member:{name}" and raw.headers["x-content-sha256"] == sha(member)


def test_raw_serves_a_row_of_a_large_csv_export(api: httpx.Client, wiring: Wiring) -> None:
    rid = f"09CSV{RUN}1"
    filler = "x" * 5000
    rows = [f'"{n}","12/28/2009 18:48","09CSV{RUN}{n + 2}","ROME","SECRET","","h","b {filler}"\n'
            for n in range(4000)]
    wanted = f'"4001","12/28/2009 18:48","{rid}","ROME","SECRET","","h","line one\nsaid \\"two\\""\n'
    data = "".join([*rows, wanted]).encode()
    assert len(data) > parse_stage.SPOOL_BYTES
    load(wiring, [cable(rid, source=Source(format="csv", sha256=sha(data), name="cables.csv"))], raw=data)
    raw = api.get(f"/v1/cables/{rid}/raw")
    assert raw.status_code == 200 and raw.content == wanted.encode() and raw.headers["x-source-part"] == "row"


def test_raw_streams_a_large_whole_file_from_storage(api: httpx.Client, wiring: Wiring) -> None:
    rid = f"09BLOB{RUN}1"
    data = os.urandom(20 * 1024 * 1024)
    load(wiring, [cable(rid, source=Source(format="text", sha256=sha(data), name=f"{uuid.uuid4().hex}.bin"))],
         raw=data)
    with api.stream("GET", f"/v1/cables/{rid}/raw") as raw:
        assert raw.status_code == 200 and "content-length" not in raw.headers  # sent in chunks as they come
        body = b"".join(raw.iter_bytes())
    assert body == data and raw.headers["x-content-sha256"] == sha(data) == raw.headers["x-source-sha256"]
