"""``cablestream parse``: NDJSON out, error lines for failures, exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cablestream.cli.main import app
from tests.unit.parsing.conftest import FIXTURES

runner = CliRunner()


def test_records_as_ndjson_exit_0() -> None:
    result = runner.invoke(app, ["parse", str(FIXTURES / "09ASTANA497.txt"), str(FIXTURES / "sample.csv")])
    assert result.exit_code == 0
    ids = [json.loads(line)["reference_id"] for line in result.stdout.splitlines()]
    assert ids == ["09ASTANA497", "04BRASILIA3154", "06BAKU1835", "04AMMAN1288", "72TEHRAN1164"]


def test_failure_line_and_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_bytes(b"not a cable")
    result = runner.invoke(app, ["parse", str(bad), str(FIXTURES / "09ASTANA497.txt")])
    assert result.exit_code == 1
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["error"]["stage"] == "parse" and first["error"]["type"] == "UnknownFormat"
    assert first["source"]["name"] == str(bad) and len(first["source"]["sha256"]) == 64
    assert second["reference_id"] == "09ASTANA497"


def test_usage_error_exit_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["parse", str(tmp_path / "missing")]).exit_code == 2
    assert runner.invoke(app, ["parse"]).exit_code == 2


def test_summary_prints_fill_rates() -> None:
    result = runner.invoke(app, ["parse", "--summary", str(FIXTURES)])
    report = json.loads(result.stdout)
    assert report["fill"]["reference_id"] == 1.0 and report["cables"] >= 18
