"""Entry points: one cable, or a stream of cables through ``nlp.pipe``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import islice

from cablestream.extraction import (
    acronyms,
    boundaries,
    cleantext,
    evidence,
    model,
    patterns,
    personcues,
    placing,
    structure,
    titled,
    truecase,
    vetting,
)
from cablestream.extraction.candidates import LABELS, Candidate, Source
from cablestream.extraction.cleantext import CleanText
from cablestream.extraction.focus import DEFAULT_REACH, Focus, focus
from cablestream.extraction.junk import is_junk
from cablestream.extraction.kinds import ORG_WORDS
from cablestream.extraction.names import fold, tidy, wordset
from cablestream.extraction.resolve import ordinary_words, resolve
from cablestream.extraction.restricted import Recognizer
from cablestream.extraction.titles import PERSONAL_TITLES, ROYAL_TITLES, name_part
from cablestream.record import Cable, Entity

# Lower-case words a name may hold (``Ministry of Foreign Affairs``, ``Lula da Silva``, ``bin Laden``).
_CONNECTORS = wordset(
    "of the and for on in to at de du da das do dos del della di al el bin ibn van von zu der y e la le"
)
_BREAK = re.compile(r"\s+(?=[a-z&])(\S+)")


def _cut_at_prose(text: str, start: int, end: int) -> int:
    """End of a span the model ran into prose (``Sarkozy was &stunned``): its first lower-case word that is
    not a connector ends it."""
    for m in _BREAK.finditer(text, start, end):
        if m.group(1).lower().strip(",.;:").split("-")[0] not in _CONNECTORS:
            return m.start()
    return end


def _span(text: str, start: int, end: int, kind: str) -> tuple[str, int, int]:
    """The name inside an entity span, without leading titles for people, and where it sits."""
    if kind == "organization":  # the model's people keep their particles (``al-Rahman``, ``Ki-moon``)
        end = _cut_at_prose(text, start, end)
    elif kind == "place" and (cut := _cut_at_prose(text, start, end)) < end:
        # ``Katanga province``, ``Gaza strip``: the name goes without the common noun; the mention keeps it.
        name = tidy(text[start:cut])
        return (name[4:] if name.startswith(("the ", "The ")) else name), start, end
    surface = text[start:end]
    name = name_part(surface) if kind == "person" else tidy(surface)
    offset = surface.rfind(name) if name else -1
    return (name, start + offset, start + offset + len(name)) if offset >= 0 else (name, start, end)


_ROYAL_BEFORE = re.compile(rf"\b(?:{ROYAL_TITLES})\s+$", re.IGNORECASE)
_NUMERAL_AFTER = re.compile(r"\s+(?:II|III|IV|VI)\b")


def _regnal(text: str, name: str, start: int, end: int) -> tuple[str, int, int]:
    """A monarch's name with its title and numeral (``King Abdullah``, ``Hassan II``), see titles.ROYAL."""
    if (m := _ROYAL_BEFORE.search(text, max(0, start - 12), start)) and m.group()[0].isupper():
        start = m.start()
    if m := _NUMERAL_AFTER.match(text, end):
        end = m.end()
    return " ".join(text[start:end].split()), start, end


# "in Porto Alegre", "the city of Malaga": people are rarely the object of a locative (votes, see resolve).
_LOCATIVE = re.compile(
    r"\b(?:in|near|outside|around)\s+$|\b(?:city|town|village|province|region|capital|port|district)\s+of\s+$"
    r"|\b(?:trips?|travell?(?:ed|ing|s)?|flights?|lines?|routes?|roads?|moved|returned|relocated|deployed"
    r"|displaced|fled|evacuated)\s+(?:to|from)\s+$|\bborders?\s+(?:with|of)\s+$",
    re.IGNORECASE,
)
# "in western Orakzai", "northern Helmand": a compass point in lower case qualifies an area, never a person (2.5.0).
_COMPASS = re.compile(r"\b(?:(?:north|south)-?(?:east|west)?|east|west)(?:ern)?\s+$|\bcentral\s+$")


# A lower-case article right before a name (``the Jose condominium``, ``the Obama administration``).
_THING_OF = re.compile(r"\bthe\s+$")


def _bare_name(name: str) -> bool:
    """One capitalised word, not an acronym: the shape of a town the model may call an ORG."""
    return " " not in name and name[:1].isupper() and not name.isupper() and fold(name) not in ORG_WORDS


# "the Darra Adam Khel region", "Swat valley": an area's common noun after the name (2.5.0).
_AREA_AFTER = re.compile(r"\s+(?:region|province|district|valley|area|agency|city|town|village)\b")


# A lineage's noun after a name: ``the Popalzai tribe``, ``the Bhutto family`` (2.7.0).
_KIN_AFTER = re.compile(r"\s+(?:tribes?|clans?|family|families|dynasty|sub-tribe)\b")


# ``1.2 billion Euros``, ``100 million Euros``, ``millions of Euros``: a word after an amount's scale is a unit or
# a currency, never a person; a bare number is not enough (``December 2010 George Soros``, the ``8`` some
# pages put for a closing quote: ``&First Friend8 Fouad Ali el Himma``), nor ``bn`` (``Hamad bn Khalifa``) (2.9.0).
_AMOUNT_BEFORE = re.compile(r"\b(?:million|billion|thousand|(?:millions|billions|thousands)\s+of)\s+$")


def _located_person(text: str, start: int, end: int) -> bool:
    before = max(0, start - 24)
    cued = _LOCATIVE.search(text, before, start) or _COMPASS.search(text, before, start)
    return bool(cued or _AREA_AFTER.match(text, end)) and not text.startswith(("'s", "’s"), end)


# Titles that only ever stand before a person: "Indian PM Singh" is a person even where the model says GPE.
_PERSONAL_TITLE = re.compile(rf"\b(?:{PERSONAL_TITLES})\s+$")


def _titled(text: str, start: int, end: int) -> bool:
    span = text[start:end]
    return bool(_PERSONAL_TITLE.search(text, max(0, start - 16), start)) and not span.isupper() and "\n" not in span


def _within_block(text: str, start: int, end: int) -> int:
    """End of a span cut at its first block break: the clean text joins a paragraph's words with single
    spaces and blocks with a blank line, so a span across one (``GOB Demands Respect`` + ``¶5. (U) Leaving``,
    ``University of Leyden`` + the heading ``Career``) runs from one paragraph or heading into the next, and
    no name does (2.3.0)."""
    cut = text.find("\n\n", start, end)
    return end if cut <= start else cut


def _whole_person(
    text: str, name: str, start: int, end: int, ordinary: frozenset[str], not_people: frozenset[str], upper: bool
) -> tuple[str, int, int]:
    """A person with the particle-joined given name before it, the surname after a quoted nickname, and the
    rest of a long name the model cut short (see ``personcues``)."""
    new_start = personcues.person_start(text, start)
    new_end = personcues.person_end(text, new_start, end)
    if not upper:  # in capitals every word is name-cased
        new_end = personcues.name_run_end(text, new_start, new_end, ordinary, not_people)
    if (new_start, new_end) == (start, end):
        return name, start, end
    return " ".join(text[new_start:new_end].split()), new_start, new_end


def _has_word(text: str, start: int, end: int) -> bool:
    return any(ch.isalpha() for ch in text[start:end])


def _named_piece(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without the pieces at its ends, cut at blank lines, that hold no capital.  The focused text
    joins the runs it keeps with a blank line, and the model reads ``the`` + gap + ``Government of Cyprus``
    as one ORG; a name of ordinary words (``Association of the`` + gap + ``Diplomatic Service``) may still
    run across a gap, so only capital-free ends go (2.7.0)."""
    pieces = text[start:end].split("\n\n")
    if len(pieces) == 1:
        return start, end
    while len(pieces) > 1 and not any(ch.isupper() for ch in pieces[0]):
        start += len(pieces.pop(0)) + 2
    while len(pieces) > 1 and not any(ch.isupper() for ch in pieces[-1]):
        end -= len(pieces.pop()) + 2
    return start, end


# What no name runs across: a paragraph's mark, a bracket (``Zapatero (COMMENT: Spanish``, ``Maria Otero (G)``)
# and, between two places, a comma (``Covenas, Sucre``; not ``Washington, DC``, whose second part is initials).
# A bracket glued to a word is part of a code (``SOC(FWD)-PAK``), not a break.
_NAME_BREAK = re.compile(r"\s*¶|\s+\(|(?<=['’])\(")
_PLACE_BREAK = re.compile(r"\s*¶|\s+\(|(?<=['’])\(|(?<=[a-z]),\s+(?=[A-Z][a-z])")
# Initials in brackets inside a body's span: the body before them, and maybe another after (``Chinese Academy
# of Science (CAS) Institute of Plasma Physics``).
_INITIALS = re.compile(r"\(([A-Z][A-Za-z&]{1,7})\)['’]?\s+(?=[A-Z])")


def _unbroken(text: str, label: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of a span that hold a name each: it ends at its first break, but a place goes on after a
    comma, and a body or a place after initials in brackets, as a name of its own (2.8.0)."""
    kind = LABELS.get(label)
    m = (_PLACE_BREAK if kind == "place" else _NAME_BREAK).search(text, start, end)
    if m is None or m.start() == start:
        return [(start, end)]
    head = [(start, m.start())]
    if m.group().lstrip().startswith(","):
        return head + _unbroken(text, label, m.end(), end)
    initials = _INITIALS.match(text, m.end() - 1) if m.group().endswith("(") and kind != "person" else None
    if initials and initials.end() < end:
        return head + _unbroken(text, label, initials.end(), end)
    return head


def model_spans(found: list[tuple[str, int, int]], seen: Focus) -> list[tuple[str, int, int]]:
    """(label, start, end) of the model's entities of the kinds we keep, in clean-text offsets."""
    return [
        (label, *seen.to_clean(*_named_piece(seen.text, s, e)))
        for label, start, end in found if label in LABELS
        for s, e in _unbroken(seen.text, label, start, end)
    ]


def pieces(text: str, limit: int = model.PIECE_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) of a text cut, where it is longer than ``limit``, at the last line break (else space)
    before each limit: spaCy refuses a text past ``nlp.max_length`` (a million characters: a malformed
    cable's glued copies), and a piece this long keeps the model's memory bounded."""
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = max(window.rfind("\n"), window.rfind(" "))
        end = start + (cut + 1 if cut > limit // 2 else limit)
        out.append((start, text[start:end]))
        start = end
    out.append((start, text[start:]))
    return out


# Kinds whose forms are no one's name: bodies, places and peoples (``Algerian``, 2.6.0).
_BODY_OR_PLACE = frozenset({"organization", "place", "group"})
# The Persian linking vowel inside a place's name: ``Mazar-i-Sharif``, ``Mazar-e Sharif``.
_LINKED_AFTER = re.compile(r"-(?:e|i|ye)[- ][A-Z][\w'’]+")
_CLITIC = re.compile(r"['’]s\s+(?=\S)")


def text_candidates(
    spans: list[tuple[str, int, int]], clean: CleanText, body: str, ordinary: frozenset[str] | None = None
) -> list[Candidate]:
    found: list[Candidate] = []
    labelled = {s for _, s, _ in spans}
    ordinary = ordinary_words(clean) if ordinary is None else ordinary
    not_people = frozenset(fold(clean.text[s:e]) for label, s, e in spans if LABELS.get(label) in _BODY_OR_PLACE)
    joined: list[tuple[int, int]] = []  # body spans of people that took in a particle before them
    for label, ent_start, ent_end in spans:
        kind = LABELS.get(label)
        if kind in ("place", "organization") and _titled(clean.text, ent_start, ent_end):
            kind = "person"
        if kind is None:
            continue
        ent_end = _within_block(clean.text, ent_start, ent_end)
        if m := _CLITIC.match(clean.text, ent_start, ent_end):
            ent_start = m.end()  # ``’s Chaoyang``: a possessive the model took in is no title before a name
        if kind == "organization" and not clean.upper:
            ent_end = boundaries.org_end(clean.text, ent_start, ent_end, labelled)
        if kind == "organization":
            ent_start, ent_end = boundaries.unit_span(clean.text, ent_start, ent_end)
            ent_start = boundaries.owner_start(clean.text, ent_start, ent_end)
            ent_end = boundaries.members_end(clean.text, ent_start, ent_end)
        if kind == "person" and not clean.upper:
            ent_start = personcues.name_start(clean.text, ent_start, ent_end, ordinary, not_people)
        name, start, end = _span(clean.text, ent_start, ent_end, kind)
        if kind == "organization" and (unit := boundaries.unit_span(clean.text, start, end)) != (start, end):
            start, end = unit  # ``7th`` + ``Division hold Makin``, cut at the prose to ``Division`` (2.7.0)
            name = " ".join(clean.text[start:end].split())
        if kind == "place" and (m := _LINKED_AFTER.match(clean.text, end)):
            end = m.end()  # ``Mazar`` + ``-e-Sharif``: the model stops at the linking vowel (2.6.0)
            name = " ".join(clean.text[start:end].split())
        if kind == "person":
            name, start, end = _regnal(clean.text, name, start, end)
            whole = _whole_person(clean.text, name, start, end, ordinary, not_people, clean.upper)
            if whole[1] < start:
                joined.append(clean.to_body(whole[1], whole[2]))
            name, start, end = whole
        if is_junk(name, kind, clean.upper) or boundaries.is_date(clean.text, start, end):
            continue
        # A title went from the span's front (not just a quote or a bracket), or the label was not PERSON.
        titled_person = kind == "person" and (_has_word(clean.text, ent_start, start) or label != "PERSON")
        if kind == "person" and not titled_person and _located_person(clean.text, start, end):
            kind = "place"
        elif kind == "person" and not titled_person and _KIN_AFTER.match(clean.text, end):
            continue  # ``the royal Durrani Popalzai tribe``: a lineage's name, no person (2.7.0)
        elif kind == "organization" and _bare_name(name) and _located_person(clean.text, start, end):
            kind = "place"  # "in Hangu", "the town of Torkham": a one-word ORG after a locative is a place
        if kind == "place" and fold(name) in boundaries.CALENDAR:
            continue  # ``in July``, ``the October meeting``: a month or a weekday is a date, never a place (2.9.0)
        if kind == "person" and _AMOUNT_BEFORE.search(clean.text, max(0, start - 24), start):
            continue  # ``1.2 billion Euros``: a currency or a unit, never a person (2.9.0)
        b_start, b_end = clean.to_body(start, end)
        cued = kind == "place" and label == "PERSON"
        confidence = 0.7 if titled_person or cued else 0.6  # "President Musharraf", "in Qom": context evidence
        if kind == "person" and not titled_person and _THING_OF.search(clean.text, max(0, start - 5), start):
            confidence = 0.5  # "the Jose condominium": a name as a thing's modifier says little of a person
        found.append(Candidate(kind, name, "model", confidence, b_start, b_end, body[b_start:b_end]))
    found = personcues.inside_people(found, joined)
    found = _with_titled(found, clean, body, ordinary, not_people)
    if not clean.upper:
        found = _with_acronyms(found, clean, body)
        found = _with_particle_names(found, clean, body, ordinary)
    found = _with_countries(found, clean, body)
    for kind, start, end in patterns.find(clean.text):
        b_start, b_end = clean.to_body(start, end)
        if kind == "organization" and patterns.MINISTRY.match(clean.text, start):
            end = titled.ministry_end(clean.text, start, end)
            b_start, b_end = clean.to_body(start, end)
            if any(c.located and c.start < b_end and b_start < c.end for c in found):  # type: ignore[operator]
                continue  # what the model read there stays (2.7.0)
        found.append(
            Candidate(kind, " ".join(body[b_start:b_end].split()), "rule", 0.9, b_start, b_end, body[b_start:b_end])
        )
    return found


def _with_titled(
    found: list[Candidate], clean: CleanText, body: str, ordinary: frozenset[str], not_people: frozenset[str]
) -> list[Candidate]:
    """Titled names override what the model said about the same words (ORG, LOC, a partial PERSON)."""
    # All-caps text: read re-cased, with the titles capitalised (see ``titled.recase_titles``).
    text = titled.recase_titles(truecase.truecase(clean.text)) if clean.upper else clean.text
    spans = [*titled.find(text), *titled.royal(text), *titled.offices(text, ordinary), *titled.listed(text)]
    for start, end in spans:
        if not clean.upper:
            start = personcues.name_start(text, start, end, ordinary, not_people)
        b_start, b_end = clean.to_body(start, end)
        overlaps = [c for c in found if c.located and c.start < b_end and b_start < c.end]  # type: ignore[operator]
        holders = [c for c in overlaps if c.type == "person" and c.start <= b_start and b_end <= c.end]  # type: ignore[operator]
        if holders:  # the model already has this name, perhaps a longer form of it: now it is a titled one
            for c in holders:
                c.confidence = max(c.confidence, 0.7)
            continue
        found = [c for c in found if c not in overlaps]
        found.append(
            Candidate(
                "person", " ".join(body[b_start:b_end].split()), "model", 0.7, b_start, b_end, body[b_start:b_end]
            )
        )
    return found


def _uncovered(
    found: list[Candidate], clean: CleanText, body: str, spans: Iterable[tuple[int, int]], kind: str,
    source: Source, confidence: float,
) -> list[Candidate]:
    """Candidates of clean-text ``spans`` that no earlier candidate (and no earlier span) overlaps: rules that
    fill in what the model left unlabelled, never overriding what it read."""
    # One byte a body character, 1 where a candidate lies: an overlap test is a slice, not a scan of every
    # candidate per span (that scan was ~2% of extraction's CPU).
    covered = bytearray(len(body))
    for c in found:
        if c.start is not None and c.end is not None:
            covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    for start, end in spans:
        b_start, b_end = clean.to_body(start, end)
        if 1 not in covered[b_start:b_end]:
            text = body[b_start:b_end]
            found.append(Candidate(kind, text, source, confidence, b_start, b_end, text))
            covered[b_start:b_end] = b"\x01" * (b_end - b_start)  # ``Kuwait`` is a country and a post's city
    return found


def _with_acronyms(found: list[Candidate], clean: CleanText, body: str) -> list[Candidate]:
    """Acronyms of bodies the model left unlabelled (see ``acronyms``); what the model labelled stays."""
    return _uncovered(found, clean, body, acronyms.find(clean.text), "organization", "model", 0.5)


def _with_countries(found: list[Candidate], clean: CleanText, body: str) -> list[Candidate]:
    """Countries and post cities the model left unlabelled, outside every other name (``Government of
    France`` keeps its country inside it, as the annotation guide does) (2.7.0)."""
    cities = [] if clean.upper else placing.city_mentions(clean.text)
    spans = [*evidence.country_mentions(clean.text, clean.upper), *cities]
    return _uncovered(found, clean, body, spans, "place", "rule", 0.6)


def _with_particle_names(
    found: list[Candidate], clean: CleanText, body: str, ordinary: frozenset[str]
) -> list[Candidate]:
    """Surnames opening with their particle the model left unlabelled (``expect de Maiziere``) (2.7.0)."""
    return _uncovered(found, clean, body, personcues.particle_names(clean.text, ordinary), "person", "model", 0.6)


def _finish(cable: Cable, clean: CleanText, spans: list[tuple[str, int, int]], judged: bool) -> list[Entity]:
    ordinary = ordinary_words(clean, cable.body)  # once per cable
    cands = [*structure.extract(cable), *text_candidates(spans, clean, cable.body, ordinary)]
    entities = resolve(cands, clean, cable.body, ordinary)
    return vetting.vet(entities, cable.body, clean.upper, ordinary) if judged else entities


def _chunks(cables: Iterable[Cable], size: int) -> Iterator[list[Cable]]:
    it = iter(cables)
    while chunk := list(islice(it, size)):
        yield chunk


Context = tuple[Cable, CleanText, Focus]
# Cables per memory zone: spaCy's string store keeps every new token string of every text it has read
# (a long-running worker grew to ~600 MB); a zone frees them when the chunk is done.
ZONE_CABLES = 256


def model_text(cable: Cable, reach: int = DEFAULT_REACH) -> tuple[CleanText, Focus]:
    """The cable's clean text and what of it the model reads (all-caps text re-cased first): extraction's
    input, and the NER fine-tune's (``bench.train_ner``)."""
    clean = cleantext.build(cable.body)
    return clean, focus(truecase.truecase(clean.text) if clean.upper else clean.text, clean, reach)


def _prepared(cables: list[Cable], reach: int) -> Iterator[tuple[str, Context]]:
    """(model text, context) per cable."""
    for cable in cables:
        clean, seen = model_text(cable, reach)
        yield seen.text, (cable, clean, seen)


def extract_many(
    cables: Iterable[Cable], batch_chars: int = model.BATCH_CHARS, reach: int = DEFAULT_REACH, judged: bool = True,
    recognizer: Recognizer | None = None,
) -> Iterator[list[Entity]]:
    """Entities of each cable, in order, with the model run in batches over the text that can hold a name
    (``reach`` words around each capitalised word; 0 reads every word, see ``focus``); ``judged``: the learned
    judge (``vetting``) has the last word, off only where it is being trained; ``recognizer``: another NER than the
    shipped one (the cross-fitted halves the judge learns from)."""
    nlp = recognizer or model.recognizer()
    for chunk in _chunks(cables, ZONE_CABLES):
        work = list(_prepared(chunk, reach))
        # A text of its cable, or a piece of a very long one: (cable's place in the chunk, offset, text).
        parts = [(i, offset, piece) for i, (text, _) in enumerate(work) for offset, piece in pieces(text)]
        texts = [piece for _, _, piece in parts]
        found: list[list[tuple[str, int, int]]] = [[] for _ in work]
        with nlp.nlp.memory_zone():
            # Entities are plain Python objects: nothing of a Doc outlives the zone.
            for batch in model.budgeted(texts, batch_chars):
                for k, doc in zip(batch, nlp.pipe([texts[k] for k in batch]), strict=True):
                    i, offset, _ = parts[k]
                    found[i] += [(ent.label_, ent.start_char + offset, ent.end_char + offset) for ent in doc.ents]
        for (_, (cable, clean, seen)), spans in zip(work, found, strict=True):
            yield _finish(cable, clean, model_spans(sorted(spans, key=lambda span: span[1]), seen), judged)


def extract_entities(cable: Cable) -> list[Entity]:
    return next(extract_many([cable]))
