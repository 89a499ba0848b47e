"""Job state is derived from counts; pure."""

from __future__ import annotations

from cablestream.state.failures import Failure
from cablestream.state.jobs import job_state, rate_and_eta


def _counts(**kw: int) -> dict[str, int]:
    base = {"files": 2, "files_done": 0, "cables_parsed": 0, "cables_indexed": 0, "cables_index_failed": 0,
            "cables_extracted": 0, "failed": 0}
    return base | kw


def test_a_job_is_queued_until_a_file_starts() -> None:
    assert job_state(_counts(), [{"state": "queued"}, {"state": "queued"}]) == "queued"
    assert job_state(_counts(), [{"state": "parsing"}, {"state": "queued"}]) == "running"


def test_done_needs_every_file_and_every_parsed_cable_settled() -> None:
    files = [{"state": "parsed"}, {"state": "parsed"}]
    assert job_state(_counts(files_done=2, cables_parsed=5, cables_indexed=4), files) == "running"
    assert job_state(_counts(files_done=2, cables_parsed=5, cables_indexed=4, cables_index_failed=1), files) == "done"


def test_a_job_that_indexed_nothing_and_failed_is_failed() -> None:
    files = [{"state": "failed"}, {"state": "failed"}]
    assert job_state(_counts(files_done=2, failed=2), files) == "failed"


def test_failure_ids_are_stable_for_the_same_thing() -> None:
    a = Failure(stage="parse", error_type="X", message="m", job_id="j1", sha256="s", index=3)
    b = Failure(stage="parse", error_type="Y", message="other", job_id="j2", sha256="s", index=3)
    c = Failure(stage="parse", error_type="X", message="m", job_id="j1", sha256="s", index=4)
    assert a.id == b.id != c.id


def test_rate_and_eta_extrapolate_files_not_yet_parsed() -> None:
    data = {"state": "running", "created_at": 100.0, "updated_at": 110.0,
            "counts": _counts(files=4, files_done=2, cables_parsed=10, cables_indexed=5)}
    rate, eta = rate_and_eta(data, now=110.0)
    assert rate == 0.5  # 5 cables in 10 s
    assert eta == (5 + 2 * 5) / 0.5  # 5 parsed but not indexed, 2 files of ~5 cables each
    assert rate_and_eta(data | {"state": "done"})[1] == 0.0
    assert rate_and_eta(data | {"counts": _counts(files=1)}, now=110.0) == (0.0, None)
