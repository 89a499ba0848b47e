"""The directory feed as a real process: every new or changed file ingested once, across a kill -9."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cablestream.feeds.dirfeed import SOURCE
from cablestream.feeds.ledger import Ledger
from cablestream.infra.storage import raw_key
from cablestream.infra.wiring import Wiring
from tests.integration.test_feeds_support import (
    FeedProcess,
    cable_bytes,
    feed_namespace,
    jobs_by_sha,
    parse_messages_by_sha,
    wait_until,
)

pytestmark = pytest.mark.servers


@pytest.fixture(scope="module")
def w() -> Iterator[Wiring]:
    with feed_namespace() as wiring:
        yield wiring


def _drop(directory: Path, name: str, data: bytes) -> str:
    """Write as a careful producer does (temp name, then rename); return the sha256."""
    tmp = directory / f".{name}.part"
    tmp.write_bytes(data)
    tmp.rename(directory / name)
    return _sha(data)


def test_every_file_once_across_kill_and_restart(w: Wiring, tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    (inbox / "sub").mkdir(parents=True)
    expected = {_drop(inbox / ("sub" if i % 5 == 0 else ""), f"c{i:03}.txt", cable_bytes(f"a{i}"))
                for i in range(80)}
    # Jobs of 16 files, so that the kill lands between two of them (80 files are one or two batches otherwise).
    settings = w.settings.model_copy(update={"parse_batch_files": 16})
    feed = FeedProcess(settings, ["dir", str(inbox)], tmp_path / "feed.log").start()
    try:
        index_key = f"cs:feed:dir:{inbox.resolve()}:files"
        # Files that became stable together are one job (up to parse_batch_files of them).
        wait_until(lambda: len(jobs_by_sha(w, SOURCE)) >= 10 and w.redis.hlen(index_key) > 0, 20, "the first jobs")
        feed.kill()
        at_kill = len(jobs_by_sha(w, SOURCE))
        # While it is down: new files, one changed file, a copy of known bytes, files to ignore.
        expected |= {_drop(inbox, f"d{i:03}.txt", cable_bytes(f"b{i}")) for i in range(20)}
        ingested = sorted(str(name) for name in w.redis.hkeys(index_key))  # decoded
        (inbox / ingested[0]).write_bytes(cable_bytes("changed"))  # one the feed had ingested before the kill
        expected.add(_sha(cable_bytes("changed")))
        _drop(inbox, "copy-of-c002.txt", cable_bytes("a2"))
        (inbox / ".hidden").write_bytes(b"x")
        (inbox / "partial.tmp").write_bytes(b"y")
        feed.start()
        wait_until(lambda: set(jobs_by_sha(w, SOURCE)) >= expected, 30, "every file")
        # Files that arrive while it runs (events, not the start-up walk), one written slowly.
        with (inbox / "slow.txt").open("wb") as handle:
            for part in range(5):
                handle.write(cable_bytes(f"slow{part}"))
                handle.flush()
                time.sleep(0.1)
        expected.add(_sha((inbox / "slow.txt").read_bytes()))
        expected.add(_drop(inbox, "late.txt", cable_bytes("late")))
        wait_until(lambda: set(jobs_by_sha(w, SOURCE)) >= expected, 15, "the late files")
        time.sleep(0.5)  # anything extra would show up now
    finally:
        feed.stop()
    jobs = jobs_by_sha(w, SOURCE)
    assert 0 < at_kill < 80, "the kill should land mid-way"
    assert set(jobs) == expected
    assert all(len(ids) == 1 for ids in jobs.values()), {s: ids for s, ids in jobs.items() if len(ids) > 1}
    messages = parse_messages_by_sha(w)
    assert {sha: messages[sha] for sha in expected} == dict.fromkeys(expected, 1)
    assert all(w.store.exists(raw_key(sha)) for sha in expected)
    ledger = Ledger(w.redis, f"dir:{inbox.resolve()}")
    assert ledger.unfinished() == {} and ledger.count() == len(expected)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
