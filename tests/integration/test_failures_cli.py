"""``cablestream failures list|retry`` against the real Redis and broker of the test namespace."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cablestream.cli.main import app
from cablestream.infra.queue import TASK_PARSE
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.messages import ParseFile
from cablestream.state.failures import Failure
from devtools.localsystem import settings_env


def test_list_and_retry_by_id_and_by_filter(wiring: Wiring, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in settings_env(wiring.settings).items():  # the CLI reads its settings from the environment
        monkeypatch.setenv(name, value)
    fid = wiring.failures.record(Failure(stage="parse", error_type="CliProbe", message="probe", job_id="cli-job",
                                         sha256="ab" * 32, name="probe.txt", index=7, retryable=True, task=TASK_PARSE,
                                         retry_message=ParseFile(
                                             job_id="cli-job", index=7, sha256="ab" * 32, name="probe.txt").encode()))
    runner = CliRunner()
    listed = runner.invoke(app, ["failures", "list", "--error-type", "CliProbe"])
    assert listed.exit_code == 0 and fid in listed.stdout and "probe.txt" in listed.stdout
    wiring.redis.delete("parse")
    assert runner.invoke(app, ["failures", "retry", fid]).exit_code == 0
    assert runner.invoke(app, ["failures", "retry", "--error-type", "CliProbe"]).stdout.strip() == \
        "retried 1 failure(s)"
    assert wiring.redis.llen("parse") == 2  # one message per retry, ids only
    assert runner.invoke(app, ["failures", "retry", "no-such-id"]).exit_code == 1
    unfiltered = runner.invoke(app, ["failures", "retry"])  # no id, no filter: --all is required
    assert unfiltered.exit_code == 2 and "--all" in unfiltered.stderr and wiring.redis.llen("parse") == 2
    wiring.redis.delete("parse")
