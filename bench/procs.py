"""Peak memory of running processes, read from /proc (Linux): ``VmHWM`` is the high-water mark of RSS."""

from __future__ import annotations

from pathlib import Path


def peak_rss_mb(pattern: str) -> list[float]:
    """Peak RSS in MB of every live process whose command line contains ``pattern`` (prefork children too)."""
    peaks = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if pattern not in (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"):
                continue
            status = (proc / "status").read_text()
        except OSError:  # gone meanwhile
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(round(int(line.split()[1]) / 1024, 1))
    return sorted(peaks)
