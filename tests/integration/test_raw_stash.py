"""Small files are stashed in Redis as they are stored, and the parse stage reads them there (then drops
them); large files, files past the bound and files whose stash is gone are read from storage."""

from __future__ import annotations

import io

import pytest

from cablestream.infra.wiring import Wiring
from cablestream.pipeline.ingest import parse_messages, store_upload
from cablestream.pipeline.messages import ParseFile, ParseFiles
from cablestream.pipeline.rawstash import KEY, MAX_BYTES, RawStash
from cablestream.state.jobs import FileEntry
from tests.conftest import SAMPLES
from tests.stages import run_stage

pytestmark = pytest.mark.servers


def _cable(rid: str) -> bytes:
    return (SAMPLES / "09ASTANA497.txt").read_bytes().replace(b"09ASTANA497", rid.encode())


@pytest.fixture()
def stash(wiring: Wiring) -> RawStash:
    wiring.redis.delete(KEY)
    return RawStash(wiring.redis_bytes)


def test_a_small_file_is_stashed_as_stored_and_parsed_from_the_stash(wiring: Wiring, stash: RawStash) -> None:
    files = [store_upload(wiring, io.BytesIO(_cable(rid))) for rid in ("09ASTANA790001", "09ASTANA790002")]
    shas = [f.sha256 for f in files]
    assert stash.get_many(shas) == {f.sha256: _cable(rid) for f, rid in zip(files, ("09ASTANA790001",
                                                                                      "09ASTANA790002"), strict=True)}
    # Proof that the stage reads the stash: the first file's stash holds another cable than its stored bytes.
    stash.drop(shas[:1])
    assert stash.put(shas[0], _cable("09ASTANA790009"), below=10)
    entries = [FileEntry(i, f"{i}.txt", f.sha256, f.size, f.duplicate) for i, f in enumerate(files)]
    [message] = parse_messages(wiring.jobs.create(entries), entries, per_message=64, small=1024 * 1024)
    assert isinstance(message, ParseFiles)
    assert sorted(run_stage(wiring, message).passed) == ["09ASTANA790002", "09ASTANA790009"]
    assert stash.get_many(shas) == {}  # parsed: dropped
    # Once dropped, the same message (a redelivery) reads storage.
    assert sorted(run_stage(wiring, message).passed) == ["09ASTANA790001", "09ASTANA790002"]


def test_a_single_file_message_reads_the_stash_too(wiring: Wiring, stash: RawStash) -> None:
    stored = store_upload(wiring, io.BytesIO(_cable("09ASTANA790003")))
    stash.drop([stored.sha256])
    stash.put(stored.sha256, _cable("09ASTANA790004"), below=10)
    message = ParseFile(job_id=wiring.jobs.create([FileEntry(0, "a.txt", stored.sha256, stored.size, False)]),
                        index=0, sha256=stored.sha256, name="a.txt", express=True)
    assert run_stage(wiring, message).passed == ["09ASTANA790004"]
    assert stash.get_many([stored.sha256]) == {}


def test_the_stash_is_bounded_by_size_and_count(wiring: Wiring, stash: RawStash) -> None:
    big = store_upload(wiring, io.BytesIO(_cable("09ASTANA790005") + b" " * MAX_BYTES))
    assert stash.get_many([big.sha256]) == {}
    assert stash.put("a" * 64, b"one", below=1)
    assert not stash.put("b" * 64, b"two", below=1)  # one waits already
    assert not stash.put("c" * 64, b"three", below=0)  # stashing off
    off = wiring.settings.model_copy(update={"parse_stash_files": 0})
    small = store_upload(Wiring(off), io.BytesIO(_cable("09ASTANA790006")))
    assert stash.get_many([small.sha256]) == {}
