"""Which acronyms name one body, read from how the cable itself writes them (extractor 2.3.0).

A body is one of a kind: the cable names it with a proper name, and never counts it. Cues in the cable's own
prose that an acronym the model calls ORG is something else:

- *spelled out in lower case*: ``trafficking in persons (TIP)``, ``special economic zones (SEZ)``: the cable
  writes the expansion as common nouns, so the acronym stands for a common noun;
- *counted*: ``an FSN was carjacked``, ``an NGO protesting``, ``a SEW"``, ``in its PRT.``: an indefinite
  article or a possessive before it, where it heads its phrase (punctuation, a verb or a preposition after it,
  not a noun it modifies as in ``an EU military capability``), makes it one of many; so does a plural written
  with an apostrophe (``NGO's were quick``);
- *a person's initials*: ``Cristina Fernandez de Kirchner (CFK)``, ``Kim Jong-il's (KJI)``: an acronym in
  brackets right after a person's name that spells its initials is that person;
- *an office code*: an acronym the cable's own pass lines use as an element of a slashed office code
  (``STATE FOR NEA/FO``, ``DEPARTMENT FOR EAP/K``, ``S/CT``) is a bureau or office of the department (2.4.0);
- *a label*: an acronym only ever before a number or code (``UNSCR 1267``, ``RMB 4000``) or as a note's
  lead-in (``(NB. ...``, ``End FYI``);
- *a head* (``head_word``): a name headed by an event or document noun, or by a plural common noun, is a
  thing or many bodies; a Title Case nation word before ordinary words (``U.S. SANCTIONS``) is no body.

Mixed-case cables only (but for the nation rule): in capitals every word looks like an acronym.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from cablestream.extraction import reference
from cablestream.extraction.acronyms import PARTY_STATE
from cablestream.extraction.candidates import Candidate
from cablestream.extraction.evidence import BRACKETED, words_before
from cablestream.extraction.kinds import ORG_WORDS, known_orgs
from cablestream.extraction.names import fold, wordset

_ACRONYM = re.compile(r"^[A-Z][A-Za-z&]{1,7}$")
# Lower-case words right before an acronym in brackets: the cable's own expansion of it.
_LOWER_WORD = re.compile(r"[a-z][\w'’-]*")
_CONNECTORS = wordset("of the and for on in to with against")


def _spells(words: list[str], acronym: str) -> bool:
    """The initials of the last words (connectors skipped where that is needed) spell the acronym."""
    n = len(acronym)
    if len(words) >= n and "".join(w[0] for w in words[-n:]).upper() == acronym:
        return True
    content = [w for w in words if w not in _CONNECTORS]
    return len(content) >= n and "".join(w[0] for w in content[-n:]).upper() == acronym


def lower_definitions(body: str) -> set[str]:
    """Acronyms the cable spells out in lower-case words (``special economic zones (SEZ)``)."""
    found: set[str] = set()
    for m in BRACKETED.finditer(body):
        words = words_before(body, m.start(), _LOWER_WORD, 8)
        if words and m.group(1).isupper() and _spells(words, m.group(1)):
            found.add(m.group(1))
    return found


# A determiner that counts or owns what follows: a body is never ``an EU`` or ``its NATO`` as a head noun.
_COUNTED = re.compile(r"\b(?:a|an|its|their|his|her|our|your|my|another|each|every)\s+(?:[\w'’-]+\s+)?$")
# What may follow an acronym that heads its phrase: punctuation (not ``/`` or ``-``: ``a GoA/ISAF presence``),
# an -ing participle, or a word of a closed class (auxiliaries, prepositions, relative pronouns).
_HEAD_AFTER = re.compile(
    r"^(?:\s*[.,;:)\"”’]|\s+(?:was|is|were|are|has|had|have|will|would|could|should|can|may|might|did|does|at|in|on|"
    r"of|to|for|with|from|by|about|who|that|which|whose|\w+ing)\b|\s*$)"
)


# A plural written with an apostrophe (``NGO's were also quick``): a possessive
# is followed by what it owns, never by a plural verb (``the EU's and NATO's`` is possessive).
_APOSTROPHE_PLURAL = re.compile(r"\b([A-Z]{2,6})\s?['’]s\s+(?:were|are|have)\b")


def _counted(c: Candidate, body: str) -> bool:
    assert c.start is not None and c.end is not None
    before = body[max(0, c.start - 30) : c.start]
    return bool(_COUNTED.search(before)) and bool(_HEAD_AFTER.match(body[c.end : c.end + 16]))


def _model_acronym(c: Candidate) -> bool:
    return c.type == "organization" and c.source == "model" and c.located and bool(_ACRONYM.match(c.name)) and (
        sum(ch.isupper() for ch in c.name) >= 2
    )


def kinds_not_bodies(cands: list[Candidate], body: str, upper: bool) -> list[Candidate]:
    """The model's acronym ORGs that the cable spells out in lower case or counts go (see the module);
    a known organisation (``data/org-names.txt``) stays whatever the prose does with it."""
    if upper:
        return cands
    if "(" in body and (states := {m.start(1) for m in PARTY_STATE.finditer(body)}):
        cands = [c for c in cands if not (c.type == "organization" and c.start in states)]  # ``(D, CA)`` (2.7.0)
    kinds = lower_definitions(body) if "(" in body else set()
    kinds |= reference.kind_acronyms()  # spelled out in lower case elsewhere in the archive (2.7.0)
    kinds |= pass_line_offices(body)
    kinds |= {m.group(1) for m in _APOSTROPHE_PLURAL.finditer(body)}
    # A form counted in one mention of many is still a body (``an internal ROYG meeting`` among 18 ``the
    # ROYG``): it goes where a third of its mentions or more are counted (2.7.0).
    counted: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    for c in cands:
        if _model_acronym(c):
            mentions[c.name] += 1
            counted[c.name] += _counted(c, body)
    kinds |= {name for name, n in counted.items() if n and 3 * n >= mentions[name]}
    kinds = {k for k in kinds if fold(k) not in known_orgs()}
    if not kinds:
        return cands
    return [c for c in cands if not (_model_acronym(c) and c.name in kinds)]


# ``STATE FOR NEA/FO (WELCH)``, ``DEPARTMENT FOR EAP/K, EAP/CM, INR``, ``PLEASE PASS TO S/CT``: the lines that
# route a cable inside the department, and the slashed office codes in them.
_PASS_LINE = re.compile(r"^[ \t]*(?:(?:SEC)?STATE|DEPARTMENT|DEPT)[ \t]+(?:FOR|PASS)\b.*$"
                        r"|^[ \t]*(?:PLEASE[ \t]+)?PASS[ \t]+TO\b.*$", re.MULTILINE | re.IGNORECASE)
_OFFICE_CODE = re.compile(r"\b[A-Z]{1,6}(?:/[A-Z]{1,6})+\b")


def pass_line_offices(body: str) -> set[str]:
    """The elements of the slashed office codes in the cable's pass lines (``NEA`` and ``FO`` of ``NEA/FO``)."""
    return {part for line in _PASS_LINE.finditer(body, 0, 6000) for code in _OFFICE_CODE.finditer(line.group())
            for part in code.group().split("/") if len(part) > 1}


def inside_bodies(cands: list[Candidate], body: str, upper: bool) -> list[Candidate]:
    """A model person or place inside a body's name the model reads whole elsewhere in the cable is a word of
    that name (``Lockheed`` + ``Martin`` where ``Lockheed Martin`` is an organisation elsewhere; ``Jobim`` of
    ``Antonio Carlos Jobim International Airport``), and so is a one-word organisation all of whose mentions
    lie inside one, unless an institution word (``Senate``) (2.5.0)."""
    if upper:
        return cands
    forms = {c.name for c in cands if c.type == "organization" and c.located and len(c.name.split()) > 1}
    if not forms:
        return cands
    pattern = re.compile("|".join(r"\s+".join(map(re.escape, f.split())) for f in sorted(forms, key=len, reverse=True)))
    spans = [m.span() for m in pattern.finditer(body)]

    def inside(c: Candidate) -> bool:
        assert c.start is not None and c.end is not None
        return any(s <= c.start and c.end <= e and (s, e) != (c.start, c.end) for s, e in spans)

    words = [c for c in cands if c.source == "model" and c.located and c.type in ("person", "place", "organization")]
    dropped = {id(c) for c in words if c.type in ("person", "place") and inside(c)}
    fragments: dict[str, list[Candidate]] = {}
    for c in words:
        if c.type == "organization" and " " not in c.name and not c.name.isupper() and fold(c.name) not in ORG_WORDS:
            fragments.setdefault(c.name, []).append(c)
    dropped |= {id(c) for group in fragments.values() if all(inside(c) for c in group) for c in group}
    return [c for c in cands if id(c) not in dropped] if dropped else cands


_INITIALS_AFTER = re.compile(r"^(?:['’]s)?\s*\(\s*([A-Z]{2,5})\s*\)")


def _initials(name: str) -> str:
    """``Kim Jong-il`` -> ``KJI``; ``Cristina Fernandez de Kirchner`` -> ``CFK`` (particles have none)."""
    letters: list[str] = []
    for word in name.split():
        pieces = [p for p in word.split("-") if p]
        if pieces and pieces[0][0].isupper():
            letters += [p[0] for p in pieces if p[0].isalpha()]
    return "".join(letters).upper()


def people_by_initials(cands: list[Candidate], body: str, upper: bool) -> None:
    """An acronym in brackets right after a person's name that spells its initials (``Kim Yong-nam (KYN)``)
    is that person: the model's ORGs of that form become the person, under the full name."""
    if upper or "(" not in body:
        return
    initials: dict[str, str] = {}
    for c in cands:
        if c.type == "person" and c.located and " " in c.name.strip():
            assert c.end is not None
            m = _INITIALS_AFTER.match(body[c.end : c.end + 12])
            if m and _initials(c.name) == m.group(1):
                initials[m.group(1)] = c.name
    for c in cands:
        if c.type == "organization" and c.name in initials:
            c.type, c.name = "person", initials[c.name]


_BODY_HEADS = wordset("force forces command")


def national_things(
    cands: list[Candidate], nations: frozenset[str], ordinary: frozenset[str], org_words: frozenset[str]
) -> list[Candidate]:
    """A model ORG that is a country or nationality word before ordinary words only (``U.S. SANCTIONS``,
    ``THE U.S. PORT``, ``the U.S. Echoing``, ``THE PERSIAN NEGOTIATOR``) names that country's thing, act or
    person, not a body: a body's name holds an institution word (``U.S. Army``) or a proper name of its own
    (``U.S. Marines``, which the archive capitalises)."""
    return [c for c in cands if not (c.type == "organization" and c.source == "model" and _national_thing(
        c.name, nations, ordinary, org_words))]


def _national_thing(name: str, nations: frozenset[str], ordinary: frozenset[str], org_words: frozenset[str]) -> bool:
    words = fold(name).split()
    if words[:1] == ["the"]:
        words = words[1:]
    for n in (3, 2, 1):  # ``u s``, ``united states``, ``american``
        if len(words) > n and " ".join(words[:n]) in nations:
            rest = words[n:]
            lexicon = reference.lower_case_words()  # ``immigration``, ``port``: lower case more often than not
            return all(
                (w in ordinary or w in lexicon) and w not in org_words and w not in _BODY_HEADS for w in rest
            )
    return False


# What an acronym stands before when it labels a document, a sum or a record: a number or a code with digits
# (``UNSCR 1267``, ``RMB 20,000``, ``ISN US9EG-00369DP``).
_NUMBERED = re.compile(r"^\s?[A-Z]{0,5}\d")
# A note's lead-in, ``(NB. The "Zarzis group" refers``, ``(FYI: ...)``, and its close, ``End FYI.``.
_NOTE_OPEN = re.compile(r"\(\s*$")
_NOTE_CLOSE = re.compile(r"^\s*[.:]")
_NOTE_END = re.compile(r"\bEnd\s+$")
# Abstract nouns by their derivational ending: an idea or a process, not a body (``Kurdishness``,
# ``de-Ba'athification``).
_ABSTRACT = re.compile(r"(?:ness|isms?|i[sz]ation|ification)$")


def _label_not_body(c: Candidate, body: str) -> bool:
    """One mention of a model acronym that labels a number or code, or opens or closes a note."""
    assert c.start is not None and c.end is not None
    after = body[c.end : c.end + 8]
    before = body[max(0, c.start - 6) : c.start]
    return bool(_NUMBERED.match(after) or (_NOTE_OPEN.search(before) and _NOTE_CLOSE.match(after))
                or _NOTE_END.search(before))


def labels_and_ideas(cands: list[Candidate], body: str, upper: bool) -> list[Candidate]:
    """Model ORGs that are no body by how every mention is written: an acronym only ever before a number or
    code, or as a note's lead-in (see above), and one word with an abstract noun's ending (see ``_idea``)."""
    if upper:
        return cands
    mentions: dict[str, list[Candidate]] = {}
    for c in cands:
        if _model_acronym(c):
            mentions.setdefault(c.name, []).append(c)
    labels = {name for name, group in mentions.items() if all(_label_not_body(c, body) for c in group)}
    if not labels and not any(_idea(c) for c in cands):
        return cands
    return [c for c in cands if not ((_model_acronym(c) and c.name in labels) or _idea(c))]


def _idea(c: Candidate) -> bool:
    """One model word with an abstract noun's ending, as an organisation or (2.5.0) a person
    (``Zoroastrianism``); a short one may be a surname (``Ness``)."""
    return (
        c.type in ("organization", "person") and c.source == "model" and " " not in c.name
        and bool(_ABSTRACT.search(c.name)) and (c.type == "organization" or len(c.name) > 7)
        and fold(c.name) not in known_orgs()
    )


# An adjective's ending (``Koranic``, ``Senatorial``, ``Allied``): one such word is a modifier, no body.
_ADJECTIVE = re.compile(r"[a-z](?:ic|al|ed|ive|ese|ish)$")
_NOUN_AFTER = re.compile(r"[ \t]+[a-z]")


def modifiers(cands: list[Candidate], body: str, upper: bool) -> list[Candidate]:
    """One model word shaped as an adjective that every mention puts before a common noun (``Koranic
    verses``, ``Senatorial elections``, ``Allied contributions``) modifies it: no body (2.5.0)."""
    if upper:
        return cands
    forms: dict[str, list[Candidate]] = {}
    for c in cands:
        if (c.type == "organization" and c.source == "model" and c.located and " " not in c.name
                and _ADJECTIVE.search(c.name) and fold(c.name) not in known_orgs() and fold(c.name) not in ORG_WORDS):
            forms.setdefault(c.name, []).append(c)
    dropped = {id(c) for group in forms.values()
               if all(_NOUN_AFTER.match(body, c.end) for c in group if c.end is not None) for c in group}
    return [c for c in cands if id(c) not in dropped] if dropped else cands


_HEAD_ENDS = wordset("of for on in to against with")


def head_word(name: str) -> str:
    """The head noun of a name: the last word before its first complement (``Program`` of ``UN Program of
    Action on Small Arms``, ``Ministries`` of ``Ministries of Foreign Affairs``), else its last word."""
    words = fold(name).split()
    for i, w in enumerate(words):
        if w in _HEAD_ENDS and i > 0:
            return words[i - 1]
    return words[-1] if words else ""


def things_by_head(
    cands: list[Candidate], ordinary: frozenset[str], org_words: frozenset[str], not_heads: frozenset[str],
    upper: bool,
) -> list[Candidate]:
    """A model ORG whose head is an event or document noun (``UN Program of Action on ...``), or a plural
    common noun the cable writes in lower case (``Ministries of Foreign Affairs``, ``State Sponsors of
    Terror``, ``Provincial Reconstruction Teams``), names a thing or many bodies, not one body.  Mixed-case
    cables only (in capitals no word shows it is written in lower case)."""
    if upper:
        return cands
    return [c for c in cands if not (
        c.type == "organization" and c.source == "model" and " " in c.name.strip()
        and _thing_head(fold(c.name).split(), head_word(c.name), ordinary, org_words, not_heads)
        and fold(c.name) not in known_bodies()
    )]


@cache
def known_bodies() -> frozenset[str]:
    """Organisations the packaged tables name: ``org-names.txt`` and the glossary's organisation meanings
    (``United Nations``)."""
    meanings = {fold(m.meaning) for m in reference.glossary().values() if m.kind == "organization"}
    return known_orgs() | meanings


def _thing_head(
    words: list[str], head: str, ordinary: frozenset[str], org_words: frozenset[str], not_heads: frozenset[str]
) -> bool:
    """An event or document head; or a plural the cable writes in lower case, where it counts institutions
    (``Ministries``) or the name holds no proper word, one the archive capitalises more often than not
    (``Times of Oman`` is a newspaper, ``Liberal Democrats`` a party)."""
    if head in not_heads:
        return True
    if not head.endswith("s") or head.endswith(("ss", "us", "is")) or head in org_words or head not in ordinary:
        return False
    singular = head[:-3] + "y" if head.endswith("ies") else head[:-1]
    lexicon = reference.lower_case_words()  # words the archive writes in lower case at least half the time
    return singular in org_words or all(w in ordinary or w in lexicon or w in _HEAD_ENDS for w in words)


