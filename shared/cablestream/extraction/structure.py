"""Entities read from the cable's structure: TAGS, routing lines, signer, ``Classified By``, REF ids.

These are facts, not guesses (source ``rule``); they carry no body offsets except the signer, whose surname
line closes the body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cablestream.extraction import evidence, reference
from cablestream.extraction.candidates import Candidate
from cablestream.extraction.evidence import country_aliases
from cablestream.extraction.names import PARTICLES, fold, person_from_tag, smart_title
from cablestream.extraction.persons import strip_titles
from cablestream.extraction.titles import only_titles, title_typo
from cablestream.record import Addressee, Cable

_K_CODE = re.compile(r"^K[A-Z]{3}$")
_NAME_TAG = re.compile(r"^[A-Z][A-Za-z'-]{3,}$")
_ORIGIN = re.compile(r"^\d{2}([A-Z]+?)\d+$")
_DE_LINE = re.compile(r"^DE\s+(R[A-Z]{3,6})\b", re.MULTILINE)


def from_tags(tags: list[str]) -> Iterator[Candidate]:
    countries, glossary = reference.countries(), reference.glossary()
    for raw in tags:
        tag = raw.strip().strip(",;.")
        code = tag.upper()
        meaning = glossary.get(code)
        if person := person_from_tag(tag):
            yield Candidate("person", person, "rule")
        elif code in countries:
            yield Candidate("country", countries[code].name, "rule")
        elif _K_CODE.match(code) and code not in reference.organization_codes():
            yield Candidate("program", meaning.meaning if meaning else code, "rule", key=code.lower())
        elif code in reference.subject_codes():
            yield Candidate("subject", meaning.meaning if meaning else code, "rule", key=code.lower())
        elif code in reference.organization_codes():
            yield Candidate("organization", meaning.meaning if meaning else code, "rule", text=code)
        elif _NAME_TAG.match(tag):
            # Personal tags are free-style surnames; resolution keeps them only if the text names that person.
            yield Candidate("tag", smart_title(tag), "rule", confidence=0.5, key=code.lower())


def _post(addressee: Addressee | None) -> str | None:
    if addressee is None:
        return None
    indicator = (addressee.routing_indicator or "").strip().upper()
    return reference.routes().get(indicator) or addressee.name or indicator or None


_ORIGIN_WORDS = {"embassy": "AMEMBASSY", "consulate": "AMCONSUL", "mission": "USMISSION"}


def _origin_post(origin: str) -> str:
    """``Embassy Astana`` -> ``AMEMBASSY ASTANA``: the routing-line spelling, so ids match across cables."""
    first, _, rest = origin.strip().partition(" ")
    prefix = _ORIGIN_WORDS.get(first.lower())
    return f"{prefix} {rest}" if prefix and rest else origin


def posts(cable: Cable) -> Iterator[Candidate]:
    """Sender, sending station and addressees, named by route2name when the routing indicator is known."""
    names = [_post(cable.from_), *(_post(a) for a in [*cable.to, *cable.info])]
    if cable.header and (m := _DE_LINE.search(cable.header)):
        names.append(reference.routes().get(m.group(1)))
    if not any(names) and cable.origin:
        names.append(_origin_post(cable.origin))
    for name in names:
        if name:
            yield Candidate("post", " ".join(name.split()).upper(), "rule")


def _closing_surname(cable: Cable) -> list[str]:
    """The parser's signers, else a closing one-word line that signers.json or ``Classified By`` knows."""
    if cable.signers:
        return cable.signers
    lines = [ln.strip() for ln in cable.body.splitlines() if ln.strip()][-3:]
    known = fold(cable.classified_by.name).split()[-1:] if cable.classified_by and cable.classified_by.name else []
    return [
        ln
        for ln in lines
        if re.fullmatch(r"[A-Za-z'-]{3,}", ln) and (ln.upper() in reference.signers() or fold(ln) in known)
    ][-1:]


def signer_names(cable: Cable) -> Iterator[Candidate]:
    """The signer's full name for this post (signers.json), located on the body's closing surname line."""
    m = _ORIGIN.match(cable.reference_id)
    post, year = (m.group(1), cable.reference_id[:2]) if m else ("", "")
    for surname in _closing_surname(cable):
        full = reference.signer_name(surname, post, year)
        # The signature closes the body, in whatever case the post typed it (``Beyrle``, ``jones``).
        start = cable.body.lower().rfind(surname.lower())
        yield _located(cable.body, full or smart_title(surname), start, len(surname))


def _located(body: str, name: str, start: int, length: int) -> Candidate:
    if start < 0:
        return Candidate("person", name, "rule")
    return Candidate("person", name, "rule", start=start, end=start + length, text=body[start:start + length])


_CLASSIFIED_BY = re.compile(r"classified\s+by\s*:?", re.IGNORECASE)


_ONE_NAME = re.compile(r"(?:[A-Z]\.\s?)*[A-Za-z][A-Za-z'-]{2,}")


def classifier_name(written: str) -> str:
    """The official's name in a ``Classified By`` value: the first comma-separated part that is more than an
    office (``Deputy Chief of Mission, Kevin M Johnson``), without office codes, titles and their typos
    (``P/E CHIEF SHUBLER``, ``PAS Couselor Denise Urs``).  A surname alone counts when an office went before
    it (``EconOff W.Brafman``); else one word is too little to tell a name from an office."""
    # A bracket ends the name: the office's code follows it (``U/S Maria Otero (G)``) (2.8.0).
    parts = [p.strip() for p in written.split("(")[0].split(",") if p.strip() and not only_titles(p)]
    if not parts:
        return ""
    words = parts[0].split()
    while len(words) > 1 and title_typo(words[0]):
        words = words[1:]
    name = strip_titles(" ".join(words))
    name = evidence.person_name(name, frozenset(), upper_text=name.isupper()) or ""
    while len(name.split()) > 1 and title_typo(name.split()[0]):
        name = strip_titles(name.split(maxsplit=1)[1])
    if any(w.islower() and w not in PARTICLES for w in name.split()):
        return ""  # prose, no name: ``Derived from Multiple Sources`` (2.5.0)
    if len(name.split()) >= 2:
        return name
    officed = fold(name) != fold(parts[0])
    if officed and _ONE_NAME.fullmatch(name) and fold(name).split()[-1] not in reference.common_words():
        return name
    return ""


def classifier(cable: Cable) -> Iterator[Candidate]:
    """The official named in ``Classified By:``, located on that line of the body."""
    if not (cable.classified_by and cable.classified_by.name):
        return
    name = classifier_name(cable.classified_by.name)
    if not name:
        return
    line = _CLASSIFIED_BY.search(cable.body)
    start = cable.body.find(name, line.end(), line.end() + 200) if line else -1
    yield _located(cable.body, smart_title(name), start, len(name))


# ``Classified By: Acting Principal Officer, Peshawar, Department of State. Reason: 1.4``: the value names the
# official's institution among the office and the post; a part that is a US executive department, in any
# of the forms the archive writes (``Department of State``, ``State Department``, ``Dept of State``,
# ``DOS``), is an organisation the cable names. The post itself (``U.S. Consulate General``) is the writer.
_DEPARTMENT = re.compile(
    r"(?:U\.?S\.?\s+)?(?:Department|Dept\.?)\s+of\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?|[A-Z][a-z]+\s+Department|DO[SDEJ]"
)


def classifier_department(cable: Cable) -> Iterator[Candidate]:
    """The department named in the ``Classified By:`` value, located on that line of the body."""
    if not (cable.classified_by and cable.classified_by.name):
        return
    line = _CLASSIFIED_BY.search(cable.body)
    if line is None:
        return
    for part in cable.classified_by.name.split(",")[1:]:  # the first part is the official
        text = part.strip().rstrip(".")
        if _DEPARTMENT.fullmatch(text):
            start = cable.body.find(text, line.end(), line.end() + 300)
            if start >= 0:
                yield Candidate("organization", text, "rule", 0.9, start, start + len(text), text)


def people(cable: Cable) -> Iterator[Candidate]:
    yield from classifier(cable)
    yield from signer_names(cable)


def references(cable: Cable) -> Iterator[Candidate]:
    for ref in cable.references:
        yield Candidate("cable", ref, "rule", key=ref.lower())


# ``SUBJECT: NETHERLANDS/ISAF: PARLIAMENTARY TRIP``: a subject line opens, by the archive's convention, on
# its topics before a colon, countries among them; the clean text drops the subject line, so nothing else
# reads them (2.3.0).
_SUBJECT_TOPICS = re.compile(r"^[ \t]*SUBJ(?:ECT)?[ \t]*:[ \t]*([^:\n]{2,60}):", re.MULTILINE)
_TOPIC = re.compile(r"[^/,]+")


def subject_countries(body: str) -> Iterator[Candidate]:
    """Countries named as topics before the subject line's first colon, located on that line."""
    m = _SUBJECT_TOPICS.search(body, 0, 4000)
    if not m:
        return
    aliases = country_aliases()
    for topic in _TOPIC.finditer(body, m.start(1), m.end(1)):
        text = topic.group().strip()
        if fold(text) in aliases:
            start = body.index(text, topic.start())
            yield Candidate("place", text, "rule", 0.9, start, start + len(text), text)


def extract(cable: Cable) -> list[Candidate]:
    return [*from_tags(cable.tags), *posts(cable), *people(cable), *classifier_department(cable),
            *references(cable), *subject_countries(cable.body)]
