"""The worker processes' heap settings (infra/heap.py): glibc keeps large freed blocks instead of mapping
them anew, and the loaded objects leave the cycle collector's passes."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap

from cablestream.infra import heap

# A child process fills 48 MiB in 4 MiB blocks, frees them, and does it again, reporting its minor page
# faults.  With glibc's defaults the freed top of the heap is given back to the system (the trim threshold
# follows the mmap threshold, a few MiB), so every round faults its ~12,000 pages in afresh; tuned, the
# pages stay in the heap and are reused.
_FAULTS = textwrap.dedent("""
    import resource, sys
    from cablestream.infra.heap import tune_allocator
    if sys.argv[1] == "tuned":
        assert tune_allocator(16, 64)
    def round_():
        blocks = [b"x" * (4 << 20) for _ in range(12)]
        del blocks
    round_()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(10):
        round_()
    print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
""")


def _faults(mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", _FAULTS, mode], capture_output=True, text=True, check=True)
    return int(out.stdout)


def test_tuned_allocator_reuses_large_blocks() -> None:
    default, tuned = _faults("default"), _faults("tuned")
    assert default > 10 * 10_000  # each round faulted in afresh
    assert tuned < default / 10


def test_refused_threshold_is_reported() -> None:
    # 4 GiB does not fit mallopt's int: refused, and said so, not wrapped around.
    assert heap.tune_allocator(4096, 0) is False


def test_zero_leaves_the_defaults() -> None:
    assert heap.tune_allocator(0, 0) is True


def test_settle_freezes_what_is_loaded() -> None:
    kept = [object() for _ in range(10)]
    threshold = gc.get_threshold()
    try:
        heap.settle()
        assert gc.get_freeze_count() >= len(kept)
        assert gc.get_threshold()[0] == heap.GEN0_THRESHOLD
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
