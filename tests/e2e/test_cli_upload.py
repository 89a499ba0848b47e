"""``cablestream upload``, as ``make run`` calls it on the samples: it sends the files, follows the jobs to
the end, reports them and exits 0 when every cable went through (it exited 1 on a KeyError once the job
resource changed shape, and nothing caught it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, SAMPLES
from tests.e2e.conftest import System


def test_the_cli_uploads_follows_and_reports(system: System, tmp_path: Path) -> None:
    sample = (SAMPLES / "09ASTANA1145.txt").read_bytes().replace(b"09ASTANA1145", b"77CLIUPLOAD1145")
    (tmp_path / "one.txt").write_bytes(sample)
    cli = Path(sys.executable).parent / "cablestream"
    done = subprocess.run([str(cli), "upload", str(tmp_path), "--force", "--url", str(system.upload.base_url),
                           "--key", system.key], capture_output=True, text=True, timeout=180, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 files, 0 already stored, sending 1" in done.stdout
    assert ": done: 1 files, 1 cables parsed, 1 indexed, 0 failed" in done.stdout
