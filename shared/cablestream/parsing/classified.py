"""``Classified By: Ambassador Richard E. Hoagland: 1.4 (B), (D)`` -> name and reasons."""

from __future__ import annotations

import re

from cablestream.record import ClassifiedBy

_REASON_START = re.compile(
    r"[,;:.]?\s*(?:(?:for|under)\s+)?\b(?:r\s*e\s*a\s*s\s*o\s*n\s*s?|e\.?\s?o\.?\s*\d{5})\b|[,:;]?\s*\b\d\.\d\b",
    re.IGNORECASE)
# ``1.4 (b) and (d)``, ``1.4(B) AND (D)``, ``1.4 b, d``, ``1.4 (b,d)``
_SECTION = re.compile(r"\b(\d\.\d)\s*((?:[\s,/&]*(?:(?i:and)\s+)?\(?[a-hA-H]\)?(?![A-Za-z]))*)")
# ``Classified By: CLASSIFIED BY ISN ACTING DAS ...``: the key typed again before the name.
_KEY_AGAIN = re.compile(r"^\s*classified\s+by\b\s*:?", re.IGNORECASE)
_LETTER = re.compile(r"[a-hA-H]")
_AND = re.compile(r"\band\b", re.IGNORECASE)


def parse_classified_by(text: str | None) -> ClassifiedBy | None:
    if not text:
        return None
    m = _REASON_START.search(text)
    name = _KEY_AGAIN.sub("", text[: m.start()] if m else text).strip(" ,;:.")
    reasons = _reasons(text[m.start():]) if m else []
    return ClassifiedBy(name=name or None, reasons=reasons)


def _reasons(text: str) -> list[str]:
    out: list[str] = []
    for m in _SECTION.finditer(text):
        letters = _LETTER.findall(_AND.sub(" ", m.group(2))) or [""]
        for letter in letters:
            reason = f"{m.group(1)}({letter.lower()})" if letter else m.group(1)
            if reason not in out:
                out.append(reason)
    return out
