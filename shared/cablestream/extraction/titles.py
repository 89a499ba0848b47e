"""Titles, ranks and offices: the words in front of a name that are never part of it.

Cables name people with their office (``Political Minister-Counselor Josiah Rosenblatt``, ``SecDef Rumsfeld``,
``General Davis``, ``Counterterrorism Coordinator ... Townsend``); the model and the ``Classified By`` line keep
the office in the span.  The canonical name drops every leading word of this gazetteer; the mention stays the
body text of the name.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from cablestream.extraction import reference
from cablestream.extraction.names import fold, tidy, wordset

# No "he"/"she": He Yafei is a name, and the model never opens a PERSON span with a pronoun anyway.
TITLE_WORDS = wordset(
    """president vice prime minister deputy first foreign interior defense defence finance ambassador amb
    ambassador-designate secretary under assistant general senator sen congressman congresswoman representative rep
    governor mayor gen lt col colonel major maj admiral adm capt captain mr mrs ms miss dr prof professor sheikh
    shaykh king queen prince princess emir amir ruler crown chairman chairwoman chairperson chief director commander
    justice judge councilor councillor councilman councilwoman
    pope father rev reverend bishop cardinal ayatollah mullah imam charge d'affaires speaker mp acting former then
    patriarch archbishop metropolitan mufti rabbi
    his her excellency party leader spokesman spokeswoman head national security advisor adviser
    opposition candidate presidential embassy pm fm dpm ag dg sg vp econoff poloff pol econ state
    counselor counsellor poloffs emboff emboffs econoffs conoff"""
) | wordset(
    # Embassy sections and offices, military ranks, and the compounds the State Department writes as one word.
    """political economic econ/pol polecon polmil pol-mil pol/econ public affairs consul consular commercial
    cultural press legal regional management administrative officer attache attaché counselor-designate mc pmc
    minister-counselor minister-counsellor secdef secstate secnav sectreas usun dcm cda ds rso lego defatt datt
    odc osc mil milgrp legatt navatt armatt airatt usdao senior special envoy coordinator staff desk aide undersecretary
    a/s das pdas syg srsg dsrsg
    brigadier brig lieutenant sergeant sgt cpl corporal ltg ltgen lt.gen maj.gen mg bg radm vadm gen. col. ltc cdr
    marshal field commandant superintendent inspector prosecutor attorney solicitor ombudsman comptroller
    counterterrorism counter-terrorism counter terrorism counterpiracy counter-piracy piracy narcotics
    human rights labor labour environment science technology health trade agriculture works education
    ministerial minister-president chancellor premier vice-president vice-minister deputy-minister
    dep asst amb. sen. rep. gov. dr. mr. mrs. ms. lt. prof. hon honorable honourable mister madam monsieur
    mission cg cda mod dfm dpp fonmin defmin mininter rdml lcdr ltjg cwo couns codel staffdel watcher
    presidents ministers ambassadors senators secretaries generals governors majesty highness potus flotus"""
) | wordset(
    # 2.5.0: offices the cables write as acronyms (chief of defence, principal officer, acting DCM, pol-mil
    # minister, assistant secretary of defense, petroleum attache, chief executive).
    "chod po adcm pmin asd dasd petatt ceo plenipotentiary"
)
# Telegram furniture the ``Classified By`` line or a heading leaves in front of a name.
_FURNITURE = wordset("classified by sipdis noforn u c s sbu ref reftel")
# Function words that end a ``Classified By`` name (``Robert R. Downes For Reasons 1.4``) or join two titles.
_TRAILING = wordset("for and of the reason reasons per by")
# English's nouns of nationality stand before a name as a description (``Frenchman Noel Saenz``): a closed
# class of the language, not a list of misses (2.7.0).
_NATIONALITY_NOUNS = frozenset(
    f"{stem}{noun}" for stem in ("french", "english", "dutch", "irish", "scots", "welsh", "cornish", "manx")
    for noun in ("man", "woman", "men", "women")
)
_LEADING = _TRAILING | _FURNITURE | _NATIONALITY_NOUNS
_DASHES = re.compile(r"^[-–—:]+$")


# An office written as one camel-case word (``PolMinCouns``, ``SecGen``, ``EconOff``); not a name's own
# capitals (``McDonald``, ``LeBaron``, ``DiCarlo``, ``VanDyk``).
CAMEL = r"(?!Mc|Mac|De|Le|La|Di|Da|Du|Van|Von|O')[A-Z][a-z]{2,}[A-Z][A-Za-z]*"
CAMEL_OFFICE = re.compile(rf"^{CAMEL}$")
# Monarchs are named by title and regnal name (``King Abdullah``, ``Prince Muqrin``, ``Hassan II``): the
# title is part of how the archive names them, so it stays in the name.
ROYAL_TITLES = r"King|Queen|Prince|Princess|Emperor|Empress|Sultan|Emir|Amir"
ROYAL = wordset(ROYAL_TITLES.replace("|", " "))
# Titles only ever put before a person (``Indian PM Singh``, ``General Petraeus``), as a regex alternation.
PERSONAL_TITLES = (
    rf"President|PM|Minister|Ambassador|Secretary|Senator|Governor|Mayor|General|Gen\.|{ROYAL_TITLES}|Sheikh|"
    r"Shaykh|Mr\.|Mrs\.|Ms\.|Dr\.|Chairman|Spokesman|Counselor|Admiral|Adm\.|Colonel|Col\.|Judge|Premier|"
    r"Chancellor|FM|DPM|DFM|Ayatollah"
)


@lru_cache(maxsize=1 << 16)  # asked of every word before and inside every name; words repeat a lot
def is_title(word: str) -> bool:
    if CAMEL_OFFICE.match(word.strip(",.:;")) or "/" in word.strip(",.:;/"):
        return True  # a camel-case office, or an office code (``P/E``, ``ISN/MTR``): a name holds no slash
    pieces = word.strip(",.:;").split("-")
    if len(pieces) > 1 and fold(pieces[0]) in TITLE_WORDS and all(p.islower() for p in pieces[1:]):
        return True  # ``Minister-in-waiting``, ``President-elect``, ``Ambassador-at-large``
    key = fold(word)
    if key.endswith("s") and key[:-1] in TITLE_WORDS and len(key) > 4:
        return True  # a title in the plural: ``Ayatollahs Mesbah-Yazdi and Ibrahim Yazdi`` (2.5.0)
    # ``Minister-Counselor``, ``Pol/Econ``, ``A/DCM`` (acting): a compound of title words is a title word.
    parts = key.split()
    if len(parts) > 1 and parts[0] == "a":
        parts = parts[1:]
    return key in TITLE_WORDS or (bool(parts) and all(part in TITLE_WORDS for part in parts))


# Titles that are words of a person's own name too (``Sheikh Sharif Sheikh Ahmed``, ``Jordanian King Abdullah``):
# inside a name they stay.
_NAME_TITLES = ROYAL | wordset("sheikh shaykh")


def _inner_office(words: list[str]) -> int:
    """Where the name begins after the last title inside it (0: none).  A span that holds a title with a
    name after it ran over an office: ``Salah Ad Din Leader Rick Bell``, ``Commanding General
    Nicholson``, ``Global Justice's Dias``; the name is what follows (2.5.0).  A lower-case particle is the
    name's (``Maria das Gracas``), not the office ``DAS``."""
    for i in range(len(words) - 2, 0, -1):
        word = words[i]
        if word[:1].isupper() and fold(word) not in _NAME_TITLES and is_title(word.removesuffix("'s")):
            rest = words[i + 1:]
            # One ordinary word after a portfolio is a body's head (``People's Defense Force``), no name.
            return i + 1 if len(rest) > 1 or fold(rest[0]) not in reference.lower_case_words() else 0
    return 0


def strip_titles(name: str) -> str:
    """Drop leading titles and offices (with the ``of``/``for`` that join them), an office inside the name with
    what precedes it, and trailing function words: ``Political Minister Counselor Kirk Augustine`` -> ``Kirk
    Augustine``, ``SecDef Rumsfeld`` -> ``Rumsfeld``, ``PRT Salah Ad Din Leader Rick Bell`` -> ``Rick Bell``."""
    words = tidy(name).split()
    words = words[_inner_office(words):]
    while len(words) > 1 and (is_title(words[0]) or _DASHES.match(words[0]) or fold(words[0]) in _LEADING):
        if fold(words[0]) in ROYAL and not is_title(words[1]):
            break
        words = words[1:]
    while len(words) > 1 and fold(words[-1]) in _TRAILING:
        words = words[:-1]
    return tidy(" ".join(words))


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


@cache
def _long_title_deletions() -> frozenset[str]:
    return frozenset(d for w in TITLE_WORDS if len(w) >= 7 and w.isalpha() for d in _deletions(w))


def title_typo(word: str) -> bool:
    """One letter off a long title word (``Couselor``, ``Ambasador``): a typo of the title, not a name."""
    key = fold(word)
    if len(key) < 6 or not key.isalpha() or key in TITLE_WORDS:
        return False
    return key in _long_title_deletions() or bool(_deletions(key) & (TITLE_WORDS | _long_title_deletions()))


def only_titles(name: str) -> bool:
    """``Director General``, ``Vice President``: an office with nobody named."""
    words = name.split()
    return bool(words) and all(is_title(w) or fold(w) in _TRAILING for w in words)


_DASH_SPLIT = re.compile(r"\s+-{1,2}\s+|\s*-{2,}\s*")


def name_part(surface: str) -> str:
    """The name in a span the model ran across a dash: ``Local Governments -- Michele Alliot-Marie`` ->
    ``Michele Alliot-Marie``, ``Stephen Mull -- Acting Assistant Secretary`` -> ``Stephen Mull``."""
    parts = [strip_titles(p) for p in _DASH_SPLIT.split(surface)]
    names = [p for p in parts if p and not only_titles(p)]
    if not names:
        return strip_titles(surface)
    full = [p for p in names if len(p.split()) > 1]
    return (full or names)[-1]
