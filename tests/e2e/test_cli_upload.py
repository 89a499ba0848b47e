"""``cablestream upload``, exactly as ``make run`` calls it on the samples: it sends the files, follows the jobs
to the end, reports them and exits 0 when every cable went through (it exited 1 on a KeyError once the job
resource changed shape, and nothing caught it).  The samples' own ids: sending them again adds no cable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, SAMPLES
from tests.e2e.conftest import System


def test_the_cli_uploads_the_samples_follows_and_reports(system: System) -> None:
    cli = Path(sys.executable).parent / "cablestream"
    done = subprocess.run([str(cli), "upload", str(SAMPLES), "--force", "--url", str(system.upload.base_url),
                           "--key", system.key], capture_output=True, text=True, timeout=180, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 files, 0 already stored, sending 2" in done.stdout
    assert ": done: 2 files, 2 cables parsed, 2 indexed, 0 failed" in done.stdout
