"""What must never come out as an entity: telegram furniture the model mistakes for names."""

from __future__ import annotations

import re

from cablestream.extraction import reference
from cablestream.extraction.names import fold, wordset
from cablestream.extraction.persons import TITLE_WORDS
from cablestream.extraction.titles import ROYAL

# Markings, caveats, header and section words, routing words: all seen tagged as ORG/PERSON/GPE by the model.
JUNK_WORDS = wordset(
    """
    U SBU C S TS NF LOU FOUO NOFORN SIPDIS SIPRNET ORCON PROPIN REL RELTO SENSITIVE UNCLASSIFIED UNCLAS CONFIDENTIAL
    SECRET CLASSIFIED DECL DECLASSIFY EO TAGS TAGE SUBJECT REF REFS REFTEL REFTELS SUMMARY COMMENT NOTE END BEGIN
    TEXT QUOTE UNQUOTE SECTION PARA PARAS AMEMBASSY AMCONSUL SECSTATE WASHDC USMISSION COLLECTIVE IMMEDIATE
    PRIORITY ROUTINE FLASH NIACT INFO FM TO DE ZNR ZNY ZZH VZCZC BT NNNN SECDEF JOINT STAFF POL ECON POLOFF
    ECONOFF POLCOUNS ECONCOUNS DCM CDA CHARGE EMBOFF EMBOFFS CONOFF MGMT GOVT
    NORTH SOUTH EAST WEST CENTER CENTRE AMBASSADOR MINISTER SEPTEL RECORD
    """
) | {"end note", "end comment", "end summary", "entire text", "action request", "begin text", "end text"}
# Single words that name a kind of body, never a particular one ("the Department", "Post", "the Embassy").
GENERIC = wordset(
    """department post state embassy ministry government mission intelligence les committee council office
    bureau agency consulate chancery secretariat administration court parliament police military army defense
    defence treasury commerce justice energy interior supreme finance education media alliance party health
    trade security"""
)
# "National Security Advisor", "Deputy Foreign Minister": an office the model calls ORG, with nobody named.
_OFFICE_HEADS = wordset("advisor adviser minister secretary director ambassador counselor spokesman president chairman")
_OFFICE_WORDS = TITLE_WORDS | ROYAL
_REF_LABEL = re.compile(r"^(?:Ref|Reftel|Refs|Para|Tab|Annex)\s+[A-Z0-9]{1,2}$", re.IGNORECASE)
# "al-Qaeda", "bin Laden", "de Villepin": a lower-case particle before a capital opens a name.
_PARTICLE_LED = re.compile(r"^(?:al|el|bin|ibn|de|da|du|di|van|von|le|la)[-\s’']+[A-Z]")
_ROUTING = re.compile(r"^R[A-Z]{4,6}$")
_SERIAL = re.compile(r"\d")
_BAD_CHARS = re.compile(r"[¶/@|\\#_=<>]|X{3,}")
# ``Qarrested``, ``Qwhether``: some of the archive's pages lost an opening quotation mark to a ``Q`` glued to the
# word after it; a ``Q`` before a word the archive writes in lower case is that, never a name (2.9.0).
_LOST_QUOTE = re.compile(r"^Q([a-z]{3,})$")
# Heads of military units, which are named by number (``14th Punjab Battalion``, ``Combined Task Force 152``;
# see boundaries.unit_span, 2.5.0).
UNIT_HEADS = wordset("fleet division divisions corps brigade battalion regiment squadron wing force forces group")
_ORDINAL = re.compile(r"^(?:the\s+)?\d{1,3}(?:st|nd|rd|th)\s")


def _unit_number_off(name: str) -> str:
    """A unit's name without its ordinal or number, which are no serial."""
    words = name.split()
    if len(words) > 1 and words[-1].isdigit() and fold(words[-2]) in UNIT_HEADS:
        return " ".join(words[:-1])
    if len(words) > 1 and _ORDINAL.match(name) and fold(words[-1]) in UNIT_HEADS:
        return _ORDINAL.sub("", name)
    return name


def is_junk(name: str, kind: str, upper_text: bool) -> bool:
    """True for spans that are markings, header words, serials, headings or model noise."""
    key = fold(name)
    numbered = _unit_number_off(name) if kind == "organization" else name
    if not key or len(key) < 2 or key in JUNK_WORDS or _BAD_CHARS.search(name) or _SERIAL.search(numbered):
        return True
    words = name.split()
    if all(fold(w) in JUNK_WORDS for w in words):
        return True
    if len(words) == 1 and key in GENERIC:
        return True
    if (m := _LOST_QUOTE.match(name)) and m.group(1) in reference.lower_case_words():
        return True
    if _REF_LABEL.match(name):
        return True  # "Ref A", "Para 4": pointers into the cable
    if kind == "organization" and fold(words[-1]) in _OFFICE_HEADS and all(fold(w) in TITLE_WORDS for w in words):
        return True
    if _ROUTING.match(name) and kind != "organization":
        return True
    if not name[0].isupper() and not name[0].isdigit() and not _PARTICLE_LED.match(name):
        return True  # "she", "the ministry": the model's lower-case guesses are wrong far more often than right
    if not upper_text and name.isupper() and len(words) > 2:
        return True  # an all-caps run inside mixed-case text is a heading or header line, not a name
    if kind == "place" and all(w in _OFFICE_WORDS for w in key.split()):
        return True  # "the Sultan" read as GPE, "NAVATT": an office is no place (2.3.0)
    if kind == "person" and all(fold(w) in TITLE_WORDS | JUNK_WORDS for w in words):
        return True  # "Counselor", "Poloffs": roles, not people
    return kind == "person" and (len(words) > 5 or (name.isupper() and not upper_text and len(words) == 1))
