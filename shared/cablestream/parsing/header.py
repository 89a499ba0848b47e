"""The telegram header: transmission id, relay, sending station, date-time group, FM / TO / INFO."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cablestream.parsing.dates import DTG, parse_dtg
from cablestream.record import Addressee

PRECEDENCE = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}
_TRANSMISSION = re.compile(r"^\s*(VZCZC[A-Z0-9]+)", re.MULTILINE)
_DE = re.compile(r"^\s*DE\s+(R[A-Z0-9]{3,6})\b", re.MULTILINE)
_DTG_LINE = re.compile(r"^\s*(?P<prec>[ZOPR](?:\s+[ZOPR])?)\s+" + DTG.pattern, re.MULTILINE | re.IGNORECASE)
_DTG_BARE = re.compile(r"^\s*" + DTG.pattern, re.MULTILINE | re.IGNORECASE)
_FIELD = re.compile(r"^\s*(FM|TO|INFO)\s+(.*)$")
_ADDRESSEE = re.compile(
    r"^(?:(?P<ri>R[A-Z0-9]{3,7})/)?(?P<name>.*?)"
    r"(?:\s+(?P<prec>NIACT\s+IMMEDIATE|IMMEDIATE|PRIORITY|ROUTINE|FLASH))?(?:\s+(?P<serial>\d{1,6}))?\s*$"
)
# Lines that end the address block (handling, internal distribution, section breaks).
_STOP = re.compile(r"^\s*(?:BT|ZNR|ZNY|ZEN|ZFF|NNNN|ACTION|LOG-|SECTION\b|\w+-\d\d\s)", re.IGNORECASE)


@dataclass
class Header:
    transmission_id: str | None = None
    precedence: str | None = None
    dtg: str | None = None
    from_: Addressee | None = None
    to: list[Addressee] = field(default_factory=list)
    info: list[Addressee] = field(default_factory=list)


def addressee(line: str) -> Addressee | None:
    m = _ADDRESSEE.match(line.strip())
    if not m or not m.group("name").strip():
        return None
    prec = m.group("prec")
    return Addressee(routing_indicator=m.group("ri"), name=m.group("name").strip(),
                     precedence=re.sub(r"\s+", " ", prec) if prec else None, serial=m.group("serial"))


def parse_header(text: str) -> Header:
    """Everything the header states; fields it does not state stay empty."""
    head = Header()
    if m := _TRANSMISSION.search(text):
        head.transmission_id = m.group(1)
    if m := _DTG_LINE.search(text):
        head.precedence = PRECEDENCE.get(m.group("prec").split()[0].upper())
        head.dtg = parse_dtg(m.group(0))
    elif m := _DTG_BARE.search(text):
        head.dtg = parse_dtg(m.group(0))
    _addresses(text, head)
    if head.from_ is not None and head.from_.routing_indicator is None and (de := _DE.search(text)):
        # DE names the sending station's routing indicator: the FM line's own, written elsewhere.
        head.from_ = head.from_.model_copy(update={"routing_indicator": de.group(1)})
    return head


def _addresses(text: str, head: Header) -> None:
    current: list[Addressee] | None = None
    for line in text.splitlines():
        m = _FIELD.match(line)
        if m:
            kind, rest = m.groups()
            found = addressee(rest)
            if kind == "FM":
                head.from_, current = found, None
                continue
            current = head.to if kind == "TO" else head.info
        elif current is None or not line.strip() or _STOP.match(line):
            current = None
            continue
        else:
            found = addressee(line)
        if found is not None and current is not None:
            current.append(found)
