"""Classification: the level behind a marking, caveats, and the marking line that opens a body."""

from __future__ import annotations

import re

from cablestream.record import ClassificationLevel


def _spaced(word: str) -> str:
    """A word also matched when typed letter by letter (``S E C R E T``), in any case."""
    return r"\s?".join(re.escape(ch) for ch in word)


_LEVEL_WORDS = r"(?:UNCLAS(?:SIFIED)?|S?" + _spaced("SECRET") + "|" + _spaced("CONFIDENTIAL") + \
    r"|LIMITED\s+OFFICIAL\s+USE|" + _spaced("TOP") + r"\s+" + _spaced("SECRET") + ")"
MARKING = re.compile(_LEVEL_WORDS, re.IGNORECASE)

# The line that opens a body: marking, optional section, optional year, origin, serial.
# ``C O N F I D E N T I A L SECTION 01 OF 02 PARIS 007527``, ``UNCLASSIFIED BUENOS AIRES 2481``
# Caveat and origin are bounded (the archive's longest origin is ``RIO DE JANEIRO``): unbounded, every
# marking word of a long line was a start that scanned the rest of the line, so a line of a million
# ``CONFIDENTIAL`` took hours (quadratic); bounded, each start costs at most a few thousand steps.
_MORE_CAVEAT = r"{0,39}"  # characters after the first: 40 in all
_MORE_ORIGIN = r"{0,39}"
OPENING = re.compile(
    r"(?P<marking>" + _LEVEL_WORDS + r")(?:\s*//?\s*[A-Z][A-Z ]" + _MORE_CAVEAT + r"?)?[ \t]+"
    r"(?:(?:SECTION|SECTIO?N?|SECTON)\s+(?P<section>\d+)\s+OF\s+(?P<sections>\d+)[ \t]+)?"
    r"(?:\d{2}[ \t]+)?(?P<origin>[A-Z][A-Z .'()-]" + _MORE_ORIGIN + r"?)[ \t]+(?P<serial>\d+)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)

CAVEAT_LINES = {
    "SIPDIS": "SIPDIS", "NOFORN": "NOFORN", "SENSITIVE": "SENSITIVE", "FOR OFFICIAL USE ONLY": "FOUO",
    "FOUO": "FOUO", "EXDIS": "EXDIS", "NODIS": "NODIS", "LIMDIS": "LIMDIS", "STADIS": "STADIS",
    "SENSITIVE BUT UNCLASSIFIED": "SENSITIVE", "SBU": "SBU", "ORCON": "ORCON", "REL TO": "REL TO",
    "NOCONTRACT": "NOCONTRACT", "PROPIN": "PROPIN", "CXCA": "CXCA",
}

_SPACES = re.compile(r"\s+")


def level_of(marking: str | None) -> ClassificationLevel | None:
    """The level a marking states; None when it states none (never guessed)."""
    if not marking:
        return None
    flat = re.sub(r"[^A-Z/]", "", marking.upper())
    if flat.startswith("TOPSECRET"):
        return "TOP SECRET"
    if flat.startswith(("SECRET", "SSECRET")):
        return "SECRET"
    if flat.startswith("CONFIDENTIAL"):
        return "CONFIDENTIAL"
    if flat.startswith(("UNCLAS", "LIMITEDOFFICIALUSE")):
        return "UNCLASSIFIED"
    return None


def caveats_of(marking: str | None) -> list[str]:
    """Caveats written after ``//`` in a classification (``SECRET//NOFORN``)."""
    if not marking or "//" not in marking:
        return []
    out: list[str] = []
    for part in marking.upper().split("//")[1:]:
        cav = CAVEAT_LINES.get(part.strip(), part.strip())
        if cav and cav not in out:
            out.append(cav)
    return out


def caveat_of_line(line: str) -> str | None:
    """The caveat a whole line states (``SIPDIS``, ``FOR OFFICIAL USE ONLY``), or None."""
    key = _SPACES.sub(" ", line.strip(" .\t").upper())
    return CAVEAT_LINES.get(key)
