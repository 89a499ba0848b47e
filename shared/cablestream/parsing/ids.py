"""Reference ids: canonical form, and ids written the way cables cite each other (``08 ASTANA 2445``)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

# A year, an origin in letters, a serial.  Some published ids repeat the year (``7575LIBREVILLE1895``).
_CANONICAL = re.compile(r"(\d{2})(?:\1)?([A-Z]+?)0*(\d+)")
_LOOSE = re.compile(r"\s+")

# How cables cite a few posts whose ids spell them differently (cablemap's table, abridged).
ALIASES = {
    "SECSTATE": "STATE", "USUN": "USUNNEWYORK", "USUNNY": "USUNNEWYORK", "USUNNEWYORK": "USUNNEWYORK",
    "USEU": "USEUBRUSSELS", "USNATO": "USNATO", "UNVIE": "UNVIEVIENNA", "USOSCE": "USOSCE",
    "HONG KONG": "HONGKONG", "SAO PAULO": "SAOPAULO", "TEL AVIV": "TELAVIV", "THE HAGUE": "THEHAGUE",
    "BUENOS AIRES": "BUENOSAIRES", "LA PAZ": "LAPAZ", "ABU DHABI": "ABUDHABI", "NEW DELHI": "NEWDELHI",
    "RIO DE JANEIRO": "RIODEJANEIRO", "ADDIS ABABA": "ADDISABABA", "KUALA LUMPUR": "KUALALUMPUR",
    "SAN JOSE": "SANJOSE", "SAN SALVADOR": "SANSALVADOR", "SANTO DOMINGO": "SANTODOMINGO",
    "PORT AU PRINCE": "PORTAUPRINCE", "MEXICO CITY": "MEXICO", "GUATEMALA CITY": "GUATEMALA",
    "KUWAIT CITY": "KUWAIT", "PANAMA CITY": "PANAMA", "HO CHI MINH CITY": "HOCHIMINHCITY",
    "RPO DUBAI": "RPODUBAI", "USMISSION GENEVA": "GENEVA", "RIO": "RIODEJANEIRO",
}


def canonical_id(raw: str) -> str:
    """``09ASTANA000497`` -> ``09ASTANA497``; ids of other shapes are only trimmed and upper-cased."""
    compact = _LOOSE.sub("", raw).upper()
    m = _CANONICAL.fullmatch(compact)
    if not m:
        return compact
    return f"{m.group(1)}{m.group(2)}{m.group(3)}"


def split_id(ref_id: str) -> tuple[str, str, str] | None:
    """(year, origin, serial) of a canonical id, or None for ids of another shape."""
    m = _CANONICAL.fullmatch(ref_id)
    return (m.group(1), m.group(2), m.group(3)) if m else None


@cache
def known_origins() -> frozenset[str]:
    """Origins as they appear in reference ids (``ASTANA``, ``USUNNEWYORK``), from the full archive's ids."""
    text = resources.files("cablestream.parsing").joinpath("data/origins.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def origin_code(written: str) -> str | None:
    """The id spelling of an origin as written in a citation (``Astana``, ``TEL AVIV``), if it is a known post."""
    name = _LOOSE.sub(" ", written.strip().upper())
    if name in ALIASES:
        return ALIASES[name]
    compact = name.replace(" ", "")
    return compact if compact in known_origins() else None


def cited_id(year: str | None, origin: str, serial: str, default_year: str | None) -> str | None:
    """Canonical id of a citation such as ``08 ASTANA 2445``; the year defaults to the citing cable's."""
    code = origin_code(origin)
    yy = year[-2:] if year else default_year
    if code is None or yy is None or not serial.isdigit():
        return None
    return f"{yy}{code}{int(serial)}"
