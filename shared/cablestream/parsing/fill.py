"""Per-field fill rates of a stream of records (``cablestream parse --summary``, ``bench.evaluate``)."""

from __future__ import annotations

from collections import Counter

from cablestream.record import Cable

SKIP = {"schema_version", "source", "parser_version", "entities", "extractor_version", "partial"}


def filled(value: object) -> bool:
    """A field counts as filled when it is not null, empty or blank."""
    if value is None:
        return False
    if isinstance(value, str | list | dict):
        return bool(value.strip() if isinstance(value, str) else value)
    return True


class FillRates:
    def __init__(self) -> None:
        self.cables = 0
        self.failures = 0
        self.counts: Counter[str] = Counter()
        self.formats: Counter[str] = Counter()

    def add(self, cable: Cable) -> None:
        self.cables += 1
        self.formats[cable.source.format] += 1
        for key, value in cable.to_json_dict().items():
            if key not in SKIP and filled(value):
                self.counts[key] += 1

    def add_failure(self) -> None:
        self.failures += 1

    def report(self) -> dict[str, object]:
        fields = [k for k in Cable.model_fields if k not in SKIP]
        names = [Cable.model_fields[k].alias or k for k in fields]
        rates = {n: round(self.counts[n] / self.cables, 3) if self.cables else 0.0 for n in names}
        return {"cables": self.cables, "failures": self.failures, "formats": dict(self.formats), "fill": rates}
