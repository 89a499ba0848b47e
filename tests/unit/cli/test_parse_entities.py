"""``cablestream parse --entities``: records carry their entities, in input order, failures kept."""

from __future__ import annotations

from pathlib import Path

import orjson
from typer.testing import CliRunner

from cablestream.cli.main import app
from tests.conftest import SAMPLES


def test_records_carry_entities_and_failures_stay_in_place(tmp_path: Path) -> None:
    junk = tmp_path / "b-junk.txt"
    junk.write_bytes(b"no cable in here\n")
    seed = tmp_path / "a-seed.txt"
    seed.write_bytes((SAMPLES / "09ASTANA1145.txt").read_bytes())
    result = CliRunner().invoke(app, ["parse", "--entities", str(seed), str(junk)])
    assert result.exit_code == 1  # one input failed
    lines = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["reference_id"] == "09ASTANA1145" and lines[0]["extractor_version"]
    people = {e["name"] for e in lines[0]["entities"] if e["type"] == "person"}
    assert {"Zhanar Aitzhanova", "Putin", "Claudio Lilienfeld"} <= people
    assert "error" in lines[1] and lines[1]["source"]["name"] == str(junk)
