"""What the words around a name say about it, read from the cable's own sentences.

The small model labels a capitalised word PERSON from its shape and a few words each side; the same words
often say plainly that it is something else:

- a company or a medium: ``the liberal Islamist daily "Zaman"``, ``Spanish group Prisa``, ``Mastercard
  officials``, ``a former Podravka executive``: a kind of body right before the name, or its staff right after;
- a thing, not a human: a name only ever written after an article (``below the Litani``, ``the Yongbyon
  nuclear complex``, ``as a Kurd``, ``THE SHERRY CASE``) or before ``family`` (``the Canelas and Rivero
  families``) names no one.  People do take an article before the things named after them (``the Obama
  administration``, ``the Putin era``), so a name followed by one of those stays a person;
- a place: a one-word "person" only ever put somewhere (``in Uruzgan``), never speaking or owning (2.8.0);
- a people, a tribe or a family: a one-word "body" the cable writes in both numbers (``Pashtuns``, ``an
  Alikozai elder``), unless a party's or an armed movement's word follows it (``Houthi rebels``) (2.8.0).

Each rule weighs every mention of a form in the cable: one clear company cue makes the form a body; the
article rule needs every mention to agree.  Titled and rule-found people are never touched.
"""

from __future__ import annotations

import re
from collections import defaultdict

from cablestream.extraction import evidence
from cablestream.extraction.candidates import Candidate, full_name_words
from cablestream.extraction.kinds import ORG_WORDS, PLACE_HEADS, is_place, person_kind
from cablestream.extraction.names import fold
from cablestream.extraction.titles import TITLE_WORDS

# Kinds of body written right before a company's or a medium's name.
_BODY_BEFORE = re.compile(
    r"\b(?:daily|weekly|newspaper|magazine|channel|broadcaster|company|firm|group|conglomerate|airline|carrier|"
    r"manufacturer|bank|network)\s+(?:\d+\s+)?[\"“‘']?\s*$"
)
# A body's staff or parts, right after its name.
_BODY_AFTER = re.compile(
    r"^[\"”’']?\s+(?:officials?|executives?|employees|staff|management|shareholders|subsidiary|headquarters)\b"
)
# A one-word "person" right after the head of a body and ``of`` is that body (``the president of Eletrobras``,
# ``Director General of Rosatom``, ``Director of Aduanas``) or its representatives (``Chevron representatives``);
# people only: a place takes heads too (``Minister President of Bavaria``) (2.9.0).
_HEAD_OF = re.compile(
    r"\b(?:[Pp]resident|[Cc]hairman|[Cc]hairwoman|[Dd]irector|[Gg]eneral|CEO|[Ff]ounder|[Oo]wner|[Mm]anager|"
    r"[Rr]ector|[Ee]ditor|[Ss]hareholders?)\s+of\s+(?:the\s+)?$"
)
_REPRESENTATIVES_AFTER = re.compile(r"\s+representatives\b")
_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an)\s+$")
_FAMILY_AFTER = re.compile(r"^\s+(?:famil(?:y|ies)|clan)\b")
# What the article belongs to when a person's name stands between: ``the Obama administration``.
_PERSON_THINGS = re.compile(
    r"^(?:['’]s)?[-\s]+(?:administration|government|regime|era|years|presidency|cabinet|family|camp|team|"
    r"[Ww]hite [Hh]ouse|hunt|codel|visit|-?linked|led)\b"
)


# A paragraph's lead-in, between its marking and a colon: ``¶2. (SBU) Shortlived Honeymoon: Mastercard``.
_MARKING_BEFORE = re.compile(r"\((?:U|SBU|C|S|TS|[CS]/NF|S//NF|U//FOUO)\)\s*$")
_COLON_AFTER = re.compile(r"^\s*:")


_CASED = (_BODY_BEFORE, _BODY_AFTER, _ARTICLE_BEFORE, _PERSON_THINGS, _FAMILY_AFTER)
_CASELESS = tuple(re.compile(p.pattern, re.IGNORECASE) for p in _CASED)  # all-caps cables
_SPACES = re.compile(r"\s+")


def _cues(c: Candidate, body: str, upper: bool) -> tuple[bool, bool]:
    """(company cue, no-one cue) of one mention."""
    assert c.start is not None and c.end is not None
    if _MARKING_BEFORE.search(body, max(0, c.start - 12), c.start) and _COLON_AFTER.match(body[c.end : c.end + 3]):
        return False, True
    body_before, body_after, article_before, person_things, family_after = _CASELESS if upper else _CASED
    before = " ".join(body[max(0, c.start - 40) : c.start].split()[-3:]) + " "
    after = _SPACES.sub(" ", body[c.end : c.end + 40])
    company = bool(body_before.search(before) or body_after.search(after))
    article = bool(article_before.search(before)) and not person_things.search(after)
    return company, article or bool(family_after.search(after))


def _body_headed(c: Candidate, body: str) -> bool:
    """Whether a mention stands after a body's head and ``of``, or before ``representatives`` (``_HEAD_OF``)."""
    assert c.start is not None and c.end is not None
    return bool(_HEAD_OF.search(body, max(0, c.start - 30), c.start) or _REPRESENTATIVES_AFTER.match(body, c.end))


def people_by_context(cands: list[Candidate], body: str, upper: bool) -> list[Candidate]:
    """Model people whose sentences say they are bodies become organisations; those whose every mention is
    article- or family-bound are dropped (see the module's docstring)."""
    forms: dict[str, list[Candidate]] = defaultdict(list)
    bodies: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        if c.type == "person" and c.located:
            forms[fold(c.name)].append(c)
        elif c.type in ("organization", "place") and c.located and c.source == "model":
            bodies[fold(c.name)].append(c)
    for key, group in bodies.items():
        # An area's name (``Federally Administered Tribal Areas official``) keeps its place whatever follows (2.3.0).
        places = key not in forms and any(c.type == "place" for c in group) and key.split()[-1] not in PLACE_HEADS
        if places and any(_cues(c, body, upper)[0] for c in group):
            for c in group:
                c.type = "organization"  # ``daily La Prensa``: a medium the model read as a place
    dropped: set[int] = set()
    for key, group in forms.items():
        if any(c.source != "model" or c.confidence > 0.6 for c in group):
            continue  # a title, a tag, a signer: evidence the context cannot outweigh
        cues = [_cues(c, body, upper) for c in group]
        # Where the model calls the same form an ORG elsewhere, those sentences count too (``Podravka executive``).
        if (any(company for company, _ in cues) or any(_cues(c, body, upper)[0] for c in bodies.get(key, []))
                or (" " not in key and not upper and any(_body_headed(c, body) for c in group))):
            for c in (*group, *bodies.get(key, [])):
                c.type = "organization"  # the model's places of that form too (one ``Mastercard`` was a GPE)
        elif all(none for _, none in cues):
            dropped |= {id(c) for c in group}
        elif " " not in key and group[0].name + "s" in body and re.search(rf"\b{re.escape(group[0].name)}s\b", body):
            for c in group:
                c.type = "group"  # ``Pashtun`` beside ``Pashtuns``: a name the cable pluralises is a people
    return [c for c in cands if id(c) not in dropped]


# A person's acts of speech right after the name (``Hees stressed``, ``Sarkozy was stunned``), or the body the
# person speaks for (``Terje Roed-Larsen of the UN``, ``Ludmilla Presnyakova of the Fund for Public Opinion``).
_SPEAKS = re.compile(
    r"^(?:,\s)?\s?(?:said|says|told|stressed|explained|noted|added|argued|asked|replied|claimed|insisted|"
    r"acknowledged|emphasi[sz]ed|agreed|complained|suggested|recalled|observed|commented|remarked|responded|"
    r"underscored|lamented|cautioned|warned|was\s+stunned|laid\s+blame|"
    # Verbs of a mind, which bodies take less than verbs of saying (``Pardo speculated``) (2.8.0).
    r"speculated|opined|believed|thought|wondered|mused|joked|confided|quipped|conceded|worried|hoped|felt)\b"
)
_OF_BODY = re.compile(r"^,?\s(?:of|from)\s(?:the\s)?[A-Z]")
_NAME_WORD = re.compile(r"^[A-Z][a-z][\w'’-]*$|^(?:al|el|bin|de|da|le|van|von)-?[A-Z]?[\w'’-]*$")


def _person_shaped(name: str, ordinary: frozenset[str]) -> bool:
    """Two to four name-cased words, none of them an institution, title or ordinary word: ``Felipe Hees``,
    not ``Permanent Representation``."""
    words = name.split()
    return (
        2 <= len(words) <= 4
        and all(_NAME_WORD.match(w) and fold(w) not in ordinary for w in words)
        and person_kind(name, False) == "person"
    )


def orgs_that_are_people(
    cands: list[Candidate], body: str, upper: bool, ordinary: frozenset[str], nations: frozenset[str] = frozenset()
) -> None:
    """A model ORG shaped like a person's name (mixed-case cables) is that person where one of its mentions
    speaks (``Hees stressed``), is followed by the body it belongs to (``Roed-Larsen of the UN``) or is listed
    with a person (``Funes and Sanchez Ceren``, ``Deputies Jose Luis Merino and Nidia Diaz``, 2.5.0)."""
    if upper:
        return
    forms: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        if c.type == "organization" and c.source == "model" and c.located and _person_shaped(c.name, ordinary):
            forms[fold(c.name)].append(c)
    # One-word forms the cable writes alone: a body is cut to its first word or initials (``Hyundai``), a person
    # to the surname (``Aca Tomic`` ... ``Tomic was involved``), so a shaped name whose last word stands alone
    # is a person, and so is that word (2.3.0).
    alone = {fold(c.name): c for c in cands if c.located and c.source == "model" and " " not in c.name.strip()}
    people = [c for c in cands if c.type == "person" and c.located]
    for key, group in forms.items():
        after = [re.sub(r"\s+", " ", body[c.end : c.end + 40]) for c in group if c.end is not None]
        surname = key.split()[-1]
        by_surname = surname in alone and key.split()[0] not in nations  # ``Pakistani Taliban``: no given name
        if any(_SPEAKS.match(a) or _OF_BODY.match(a) for a in after) or by_surname or _listed_with(group, people, body):
            for c in group:
                c.type = "person"
        if by_surname and alone[surname].type == "organization":
            for c in cands:
                if c.type == "organization" and c.source == "model" and fold(c.name) == surname:
                    c.type = "person"


def places_that_speak(cands: list[Candidate], body: str, upper: bool) -> None:
    """A model place that speaks (``Ahlin said``, ``Ahlin asked us``) in at least two mentions and a third of
    them is a person the model misread, unless it is a country or a known city (``Moscow insisted``) (2.6.0)."""
    if upper:
        return
    forms: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        if c.type == "place" and c.source == "model" and c.end is not None and not is_place(c.name, frozenset()):
            forms[fold(c.name)].append(c)
    for group in forms.values():
        after = [re.sub(r"\s+", " ", body[c.end : c.end + 40]) for c in group if c.end is not None]
        speaking = sum(bool(_SPEAKS.match(a)) for a in after)
        if speaking >= 2 and 3 * speaking >= len(group):
            for c in group:
                c.type = "person"


_CONJUNCTION = re.compile(r"\b(?:and|or)\b")
_LIST_GOES_ON = re.compile(r"^\s*(?:,|and\b|or\b)")
_LIST_CAME = re.compile(r"(?:,|\band|\bor)\s*$")


def _listed_with(group: list[Candidate], people: list[Candidate], body: str) -> bool:
    """Whether a mention of the group is listed beside a person's: joined by ``and``/``or`` (``Funes and
    Sanchez Ceren``), or by a comma inside a list that goes on (``Melgar, Sanchez Ceren, Nidia Diaz``); a
    comma alone is no list (``on the Africa Partnership Station, Lossada said``)."""
    spans = [(c.start, c.end) for c in (*group, *people) if c.start is not None and c.end is not None]
    mine, theirs = spans[:len(group)], spans[len(group):]
    for start, end in mine:
        for p_start, p_end in theirs:
            if end <= p_start < end + 40:
                between, goes_on = body[end:p_start], _LIST_CAME.search(body, max(0, start - 8), start)
            elif start - 40 < p_end <= start:
                between, goes_on = body[p_end:start], _LIST_GOES_ON.match(body[end:end + 8])
            else:
                continue
            if evidence.LIST_JOIN.match(between) and (_CONJUNCTION.search(between) or goes_on):
                return True
    return False


_ACRONYM = re.compile(r"^[A-Z]{2,8}$")
_PLURAL_ACRONYM = re.compile(r"\b([A-Z]{2,8})s\b")


def class_acronyms(cands: list[Candidate], body: str, upper: bool) -> list[Candidate]:
    """An acronym the cable also writes in the plural (``NGOs``, ``PRTs``, ``MANPAD``/``MANPADS``) names a
    kind of thing, not one body: the model's ORG of that form goes.  Mixed-case cables only (``NCOS`` in
    capitals could be anything)."""
    if upper:
        return cands
    forms = {c.name for c in cands if c.type == "organization" and c.source == "model" and _ACRONYM.match(c.name)}
    plural = forms & {m.group(1) for m in _PLURAL_ACRONYM.finditer(body)}
    plural |= {f for f in forms if f.endswith("S") and f[:-1] in forms}  # MANPADS beside MANPAD
    plural |= {f[:-1] for f in plural if f.endswith("S")} & forms
    if not plural:
        return cands
    return [c for c in cands if not (c.type == "organization" and c.source == "model" and c.name in plural)]


_TITLE_OF = re.compile(r"\b([A-Z][a-z]+)\s+(?:of|for)\s+(?:the\s+)?$")


def portfolios(cands: list[Candidate], body: str, upper: bool) -> list[Candidate]:
    """An ORG right after ``<Title> of`` that holds no institution word nor acronym is the title's portfolio
    (``Assistant Secretary of State for Political Military Affairs``, ``Minister of Air Transport and
    Infrastructure``), not a body; ``Director of the CIA``, ``Minister of the Interior Ministry`` keep theirs."""
    if upper:
        return cands
    kept: list[Candidate] = []
    for c in cands:
        if c.type == "organization" and c.source == "model" and c.located and c.start is not None:
            m = _TITLE_OF.search(body, max(0, c.start - 40), c.start)
            words = c.name.split()
            if (
                m and fold(m.group(1)) in TITLE_WORDS
                and not any(fold(w) in ORG_WORDS or (w.isupper() and len(w) > 1) for w in words)
            ):
                continue
        kept.append(c)
    return kept


_TOKENS = re.compile(r"\S+")
# An office code (``DHS``, ``A/S``, ``NEA``), not a surname in capitals (``AL-MARZOUQ``, ``SALEEM``).
_OFFICE_CODE = re.compile(r"^(?:[A-Z]{2,4}|[A-Z]{1,4}/[A-Z]{1,4})$")


def _name_run(words: list[str], ordinary: frozenset[str]) -> bool:
    return 2 <= len(words) <= 3 and all(
        _NAME_WORD.match(w) and fold(w) not in ordinary and fold(w) not in TITLE_WORDS and fold(w) not in ORG_WORDS
        for w in words
    )


def people_in_lists(cands: list[Candidate], upper: bool, ordinary: frozenset[str]) -> list[Candidate]:
    """A model ORG that runs across a list of people and their offices (``U.S. participants: ... CDA Charles
    Hunter DHS A/S David Heyman NEA DAS Maura Connelly``) is split at its office codes; the runs of two or three
    name words between them are people, and the span is no organisation."""
    if upper:
        return cands
    out: list[Candidate] = []
    for c in cands:
        if c.type != "organization" or c.source != "model" or c.start is None or not c.text:
            out.append(c)
            continue
        tokens = list(_TOKENS.finditer(c.text))
        codes = [i for i, t in enumerate(tokens) if _OFFICE_CODE.match(t.group())]
        runs: list[list[re.Match[str]]] = [[]]
        for i, t in enumerate(tokens):
            if i in codes:
                runs.append([])
            else:
                runs[-1].append(t)
        people = [r for r in runs if _name_run([t.group() for t in r], ordinary)] if codes else []
        if not people:
            out.append(c)
            continue
        for run in people:
            start, end = c.start + run[0].start(), c.start + run[-1].end()
            text = c.text[run[0].start() : run[-1].end()]
            out.append(Candidate("person", " ".join(text.split()), "model", 0.6, start, end, text))
    return out


# Words right before a name that put it somewhere: ``stationed in Razmak``, ``near Wana``.  Not ``at``, ``to``
# or ``from``, which as often lead to a person (``aimed at Karzai``, ``a letter from Maliki``) (2.8.0).
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|near|into|inside|outside|throughout|across)\s+$", re.IGNORECASE)
# What after a name makes it a person's even after a locative: ``in Karzai's view``, ``in the Obama years``.
_OWNED_AFTER = re.compile(r"^(?:['’]s\b|\s+(?:administration|government|era|years|presidency|camp|team)\b)",
                          re.IGNORECASE)


def located_people(cands: list[Candidate], body: str) -> None:
    """A one-word model person the cable puts somewhere (``in Uruzgan``, ``near Wana``) and never has speak or
    own anything is a place, unless a title, a full name of the cable or a rule made it a person: a surname is
    written after a title, a verb or a preposition of relation, almost never right after ``in``.  Every mention
    of the form the model read counts, whatever it called it (``visiting Uruzgan`` PERSON, ``in Uruzgan`` ORG)
    (2.8.0)."""
    in_full_names = full_name_words(cands)
    forms: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        if c.located and (c.type == "person" or (c.type in ("organization", "group") and c.source == "model")):
            forms[fold(c.name)].append(c)
    for key, group in forms.items():
        people = [c for c in group if c.type == "person"]
        if not people or " " in key or key in in_full_names:
            continue
        if any(c.source != "model" or c.confidence > 0.6 for c in people):
            continue
        placed = [_placed(c, body) for c in group]
        if None not in placed and any(placed):
            for c in group:
                c.type = "place"


def _placed(c: Candidate, body: str) -> bool | None:
    """True right after a locative; None where the words after it make it a person's; else False."""
    assert c.start is not None and c.end is not None
    after = _SPACES.sub(" ", body[c.end : c.end + 40])
    if _OWNED_AFTER.match(after) or _SPEAKS.match(after):
        return None
    return bool(_LOCATIVE_BEFORE.search(body, max(0, c.start - 14), c.start))


# A party's or a government's head after the word: ``Socialist party``, ``earlier Liberal governments``.
# An armed movement named by its members is a body too (``Houthi rebels``, ``the Houthi fighting``, ``the Haqqani
# network``): its fighters or its organisation after the word.
_PARTY_AFTER = re.compile(
    r"\s+(?:part(?:y|ies)|governments?|caucus|leaders?hip|rebels?|rebellion|fight(?:ers|ing)|militants?|militias?|"
    r"insurgen(?:ts?|cy)|movement|network|organi[sz]ation)\b",
    re.IGNORECASE,
)


# One capitalised word of mixed case (all-caps cables say nothing of number words' case).
_WORD_NAME = re.compile(r"[A-Z][a-z'’-]{2,}")


def peoples_by_number(cands: list[Candidate], body: str) -> None:
    """A one-word model ORG the cable also writes in the other number (``Pashtuns`` beside ``Pashtun leaders``,
    ``the Alikozais`` beside ``an Alikozai elder``) names members, a people, a tribe or a family, not an
    institution, whose names take no plural; unless one of the forms heads a party, a government or an armed
    movement (``Socialist party``, ``Houthi rebels``) (2.8.0).  The same holds for a one-word model person
    (``Helmandis`` beside ``a Helmandi farmer``, ``Uighurs``): a person's name takes no plural either (2.9.0)."""
    forms: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        if c.type in ("organization", "person") and c.source == "model" and c.located and _WORD_NAME.fullmatch(c.name):
            forms[c.name].append(c)
    for name, group in forms.items():
        other = name[:-1] if name.endswith("s") else name + "s"
        if other not in body:
            continue  # most names: no other number anywhere, and no regex to build
        mentions = [m for form in (name, other) for m in re.finditer(rf"\b{re.escape(form)}\b", body)]
        if len({m.group(0) for m in mentions}) < 2 or any(_PARTY_AFTER.match(body, m.end()) for m in mentions):
            continue
        for c in group:
            c.type = "group"

