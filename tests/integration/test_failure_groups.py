"""A file whose members fail by the thousand adds one failure record per reason, not one per member:
the record counts them, names the first few, lists them all by page (API), and retrying it parses the
file again.  Real Redis and MinIO; the parse stage runs through the lifecycle."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cablestream.auth.keys import KeyStore
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.messages import ParseFile
from cablestream.pipeline.replay import retry_message
from cablestream.pipeline.stages.parse import MAX_GROUPS
from cablestream.state.jobs import FileEntry
from services.api.app import create_app
from tests.conftest import SAMPLES
from tests.stages import run_stage

EMPTY = 3000


@pytest.fixture(scope="module")
def admin_api(wiring: Wiring) -> Iterator[TestClient]:
    _, key = KeyStore(wiring.redis).create("groups-test", ["admin"])
    with TestClient(create_app(wiring.settings), headers={"Authorization": f"Bearer {key}"}) as client:
        yield client


def _flood(wiring: Wiring) -> ParseFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("good/09ASTANA497.txt", (SAMPLES / "09ASTANA497.txt").read_bytes())
        for i in range(EMPTY):
            archive.writestr(f"empty/{i:05d}.txt", b"")
        archive.writestr("noise.bin", bytes(range(256)) * 8)
        archive.writestr("inner.zip", b"PK\x03\x04" + b"not a zip" * 10)
    data = buffer.getvalue()
    stored = wiring.store.put_file(io.BytesIO(data), "application/zip")
    job_id = wiring.jobs.create([FileEntry(0, "flood.zip", stored.sha256, len(data), stored.duplicate)])
    return ParseFile(job_id=job_id, index=0, sha256=stored.sha256, name="flood.zip")


def test_a_flood_of_bad_members_is_one_record_per_reason(wiring: Wiring, admin_api: TestClient) -> None:
    message = _flood(wiring)
    ran = run_stage(wiring, message)
    assert ran.passed == ["09ASTANA497"]  # the good member still goes through
    records = [wiring.failures.get(fid) for fid in wiring.failures.for_file(message.sha256)]
    assert 1 < len(records) <= MAX_GROUPS
    by_type = {r.error_type: r for r in records if r}
    assert set(by_type) == {"UnknownFormat", "ContainerError"}
    assert by_type["UnknownFormat"].count == EMPTY + 1 and by_type["ContainerError"].count == 1  # + the noise
    biggest = by_type["UnknownFormat"]
    assert len(biggest.samples) == 5 and biggest.samples[0].endswith("empty/00000.txt")
    job = wiring.jobs.get(message.job_id)
    assert job is not None and job["counts"]["failed"] == len(records)
    assert job["files"][0]["failed"] == EMPTY + 2 and job["files"][0]["cables"] == 1

    page = admin_api.get(f"/v1/failures/{biggest.id}/members", params={"offset": 2990, "size": 50}).json()
    assert page["count"] == page["kept"] == EMPTY + 1 and len(page["items"]) == 11
    assert [m["name"].rsplit("!", 1)[-1] for m in page["items"][-2:]] == [f"empty/{EMPTY - 1:05d}.txt", "noise.bin"]
    assert retry_message(biggest) == message  # retrying the record parses the file again

    run_stage(wiring, message)  # the same file again: the same records, one more attempt each
    again = [wiring.failures.get(fid) for fid in wiring.failures.for_file(message.sha256)]
    assert sorted(r.id for r in again if r) == sorted(r.id for r in records if r)
    assert all(r.attempts == 2 and r.count in {EMPTY + 1, 1} for r in again if r)
