"""bench.cpuwatch: CPU per item between two snapshots, and this process found as the run itself."""

from bench.cpuwatch import per_item_ms, snapshot


def test_per_item_ms_leaves_out_idle_roles_and_totals() -> None:
    out = per_item_ms({"parse": 1.0, "redis": 2.0}, {"parse": 1.5, "redis": 2.0, "upload": 0.25}, 100)
    assert out == {"parse": 5.0, "upload": 2.5, "total": 7.5}


def test_snapshot_counts_this_process_as_the_bench() -> None:
    before = snapshot()["bench"]
    sum(i * i for i in range(2_000_000))
    assert snapshot()["bench"] > before
