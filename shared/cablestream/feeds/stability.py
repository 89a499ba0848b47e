"""Pure rules of the directory feed: which names to ignore, and when a file has stopped changing.

A writer that copies a large file produces a stream of modify events; ingesting at the first one would
store half a file.  A file is *ready* once its (size, mtime) has not changed for ``stable_seconds``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

# Names editors, downloaders and copy tools give files they are still writing.
TEMP_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".swp", ".swx", "~")

Signature = tuple[int, int]  # (size, mtime_ns)


def ignored(relative: PurePath) -> bool:
    """Hidden files, files in hidden directories, and temporary files are never ingested."""
    if any(part.startswith((".", "~$")) for part in relative.parts):
        return True
    return relative.name.lower().endswith(TEMP_SUFFIXES)


@dataclass
class _Watch:
    signature: Signature
    since: float


@dataclass
class Stabilizer:
    stable_seconds: float
    _watching: dict[str, _Watch] = field(default_factory=dict)

    def observe(self, path: str, signature: Signature | None, now: float) -> None:
        """Record what a path looks like now (None: it is gone)."""
        if signature is None:
            self._watching.pop(path, None)
            return
        current = self._watching.get(path)
        if current is None or current.signature != signature:
            self._watching[path] = _Watch(signature, now)

    def ready(self, now: float) -> list[tuple[str, Signature]]:
        """Paths unchanged for long enough, removed from the watch list, oldest first."""
        out = sorted(((p, w) for p, w in self._watching.items() if now - w.since >= self.stable_seconds),
                     key=lambda item: item[1].since)
        for path, _ in out:
            del self._watching[path]
        return [(path, watch.signature) for path, watch in out]

    def watching(self) -> list[str]:
        return list(self._watching)

    def __len__(self) -> int:
        return len(self._watching)
