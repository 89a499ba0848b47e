"""Dates as the formats write them, turned into ISO 8601 (with an offset only where one is known)."""

from __future__ import annotations

import re
from datetime import datetime

MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1)}

# ``Fri Mar 20 00:00:00 +0100 2009`` (text format, line 3)
_TEXT = re.compile(r"[A-Za-z]{3} ([A-Za-z]{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2}):?(\d{2}) (\d{4})")
# ``2004-02-19 20:08`` (HTML table), ``2010-02-12 17:09:00``
_ISOISH = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?")
# ``12/28/1966 18:48`` (cables.csv)
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?")
# ``200226Z MAR 09``: day, hour, minute, Zulu, month, year (the date-time group)
DTG = re.compile(r"\b(\d{2})(\d{2})(\d{2})\s?Z\s+([A-Za-z]{3})\s+(\d{2}|\d{4})\b")


def _iso(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0, tz: str = "") -> str | None:
    try:
        return datetime(y, mo, d, h, mi, s).isoformat() + tz
    except ValueError:  # a day or month out of range: say nothing rather than guess
        return None


def full_year(yy: str) -> int:
    """Two-digit years of the archive span 1966-2010."""
    n = int(yy)
    return n if len(yy) == 4 else (1900 + n if n >= 60 else 2000 + n)


def parse_text_date(raw: str) -> str | None:
    m = _TEXT.search(raw)
    if not m or m.group(1).upper() not in MONTHS:
        return None
    mon, day, h, mi, s, sign, oh, om, year = m.groups()
    return _iso(int(year), MONTHS[mon.upper()], int(day), int(h), int(mi), int(s), f"{sign}{oh}:{om}")


def parse_table_date(raw: str) -> str | None:
    m = _ISOISH.search(raw)
    if not m:
        return None
    y, mo, d, h, mi, s = m.groups()
    return _iso(int(y), int(mo), int(d), int(h), int(mi), int(s or 0))


def parse_us_date(raw: str) -> str | None:
    m = _US.search(raw)
    if not m:
        return None
    mo, d, y, h, mi, s = m.groups()
    if h is None:
        return _date_only(int(y), int(mo), int(d))
    return _iso(int(y), int(mo), int(d), int(h), int(mi), int(s or 0))


def _date_only(y: int, mo: int, d: int) -> str | None:
    iso = _iso(y, mo, d)
    return iso[:10] if iso else None


def parse_dtg(raw: str) -> str | None:
    """``200226Z MAR 09`` -> ``2009-03-20T02:26:00Z``."""
    m = DTG.search(raw)
    if not m or m.group(4).upper() not in MONTHS:
        return None
    day, h, mi, mon, yy = m.groups()
    return _iso(full_year(yy), MONTHS[mon.upper()], int(day), int(h), int(mi), 0, "Z")


def parse_declassify(raw: str) -> str | None:
    """``01/19/2029`` -> ``2029-01-19``; None when the text holds no such date."""
    m = re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b", raw)
    if not m:
        return None
    mo, d, y = m.groups()
    return _date_only(full_year(y), int(mo), int(d))
