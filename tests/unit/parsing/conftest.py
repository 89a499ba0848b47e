"""Real cables from the corpus, copied into ``tests/fixtures/cables`` (a handful, never the corpus)."""

from __future__ import annotations

import io
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from cablestream.parsing import ParseFailure, parse_bytes
from cablestream.record import Cable

FIXTURES = Path(__file__).parents[2] / "fixtures" / "cables"


def parse_one(name: str) -> Cable:
    outcomes = list(parse_bytes((FIXTURES / name).read_bytes(), name=name))
    assert len(outcomes) == 1, outcomes
    cable = outcomes[0]
    assert not isinstance(cable, ParseFailure), cable
    return cable


@pytest.fixture
def cable() -> Callable[[str], Cable]:
    return parse_one


def zip_of(members: dict[str, bytes]) -> bytes:
    """A deflated zip of ``members`` (name -> bytes)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def targz_of(members: dict[str, bytes]) -> bytes:
    """A ``.tar.gz`` of ``members`` (name -> bytes)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()
