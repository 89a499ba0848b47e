"""The directory feed reads regular files only: a symlink dropped in must not read outside the directory."""

from __future__ import annotations

from pathlib import Path

from cablestream.feeds.dirfeed import _signature


def test_a_regular_file_has_a_signature(tmp_path: Path) -> None:
    f = tmp_path / "cable.txt"
    f.write_bytes(b"x" * 10)
    sig = _signature(str(f))
    assert sig is not None and sig[0] == 10


def test_symlinks_and_directories_have_none(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text("not for the feed")
    watched = tmp_path / "watched"
    watched.mkdir()
    (watched / "link.txt").symlink_to(secret)
    (watched / "dirlink").symlink_to(outside)
    assert _signature(str(watched / "link.txt")) is None
    assert _signature(str(watched / "dirlink")) is None
    assert _signature(str(outside)) is None
    assert _signature(str(watched / "missing.txt")) is None
