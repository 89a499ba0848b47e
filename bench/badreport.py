"""What happened to each hostile file, per kind, and the bars ``bench.badinput`` holds the system to."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bench.hostile import KINDS, Sample

OUTCOMES = ("parsed", "named", "refused", "5xx", "unexplained")


@dataclass
class FileResult:
    sample: Sample
    sha256: str
    status: int | None = None  # HTTP status of the upload that took it (None: no answer at all)
    detail: str | None = None  # the problem's detail, when refused
    job_id: str | None = None
    index: int | None = None
    state: str | None = None  # the job's file entry: queued, parsing, parsed or failed
    cables: int = 0
    failure_ids: list[str] = field(default_factory=list)  # open records whose sha256 is the file's

    @property
    def outcome(self) -> str:
        if self.status is None or self.status >= 500:
            return "5xx"
        if self.status >= 400:
            return "refused" if self.detail else "unexplained"  # a refusal must say why
        if self.state == "parsed":
            return "parsed"
        if self.state == "failed" and self.failure_ids:
            return "named"
        return "unexplained"


def kind_table(results: list[FileResult]) -> list[str]:
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in KINDS}
    for result in results:
        counts[result.sample.kind][result.outcome] += 1
    head = f"{'kind':16s} {'files':>6s} " + " ".join(f"{o:>11s}" for o in OUTCOMES)
    lines = [head, "-" * len(head)]
    total: Counter[str] = Counter()
    for kind, count in counts.items():
        files = sum(count.values())
        if files:
            lines.append(f"{kind:16s} {files:6d} " + " ".join(f"{count[o]:11d}" for o in OUTCOMES))
            total.update(count)
    lines.append("-" * len(head))
    lines.append(f"{'all':16s} {sum(total.values()):6d} " + " ".join(f"{total[o]:11d}" for o in OUTCOMES))
    return lines


def unexplained(results: list[FileResult], limit: int = 20) -> list[str]:
    """The files no bar can account for, with what is known of each (to debug the run)."""
    bad = [r for r in results if r.outcome in {"unexplained", "5xx"}]
    return [f"  {r.outcome}: {r.sample.kind} {r.sample.name[:60]!r} status={r.status} state={r.state} "
            f"job={r.job_id} failures={len(r.failure_ids)} detail={(r.detail or '')[:120]!r}" for r in bad[:limit]]


@dataclass
class Bar:
    name: str
    value: str
    ok: bool

    def line(self) -> str:
        return f"  [{'ok' if self.ok else 'MISSED'}] {self.name}: {self.value}"


def refused(results: list[FileResult], limit: int = 12) -> list[str]:
    """The files the upload service refused, and why it said so."""
    return [f"  {r.status} {r.sample.kind} {r.sample.name[:40]!r}: {(r.detail or '')[:100]}"
            for r in results if r.outcome == "refused"][:limit]
