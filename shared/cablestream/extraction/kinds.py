"""What a span labelled PERSON really is: a person, an organisation, a place, or nothing.

The small model calls many capitalised runs people: headers (``AMEMBASSY HARARE``), parties (``ZANU-PF``),
institutions (``Statistics Foundation``, ``Civilian Household``), offices (``Terrorism Counter`` from a
``COUNTER, TERRORISM`` tag), web furniture (``Classified Website``) and cities (``Porto Alegre``).  Each class is
recognised by vocabulary or shape, never by the cable it came from.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from cablestream.extraction import evidence, reference
from cablestream.extraction.candidates import Candidate
from cablestream.extraction.names import fold, wordset
from cablestream.extraction.titles import ROYAL, TITLE_WORDS, only_titles, strip_titles

# Routing and addressee vocabulary: a span with one of these is a header line, never a person.
ROUTING_WORDS = wordset(
    """amembassy amconsul amcongen secstate secdef washdc usmission usun usnato useu usoffice usliaison uslo
    usdel usdao cinc cincpac cinceur uscincent usinfo joint staff collective immediate priority routine niact info
    ruehc vzczc sipdis noforn"""
)
# Institution words: a "person" with one of these is an organisation.
ORG_WORDS = wordset(
    """foundation ministry party household institute institution association society council committee commission
    agency bank fund company companies corp corporation inc ltd llc plc group holdings union league front
    movement alliance coalition network center centre university college school academy hospital court
    parliament assembly congress senate duma navy army forces police brigade battalion regiment corps office
    bureau department directorate authority board service services radio television tv newspaper journal
    airlines airways petroleum mining trust cooperative federation confederation organization organisation
    secretariat embassy consulate mission government administration cabinet club theatre theater museum
    fonoff mfa mod mininter minfin"""
) | wordset(
    # The same in the archive's other languages (2.6.0: ``Partido Socialista Obrero Espanol``, ``Banco Federal``,
    # ``Fundacao Amazonas`` were people): Spanish, Portuguese, French, Italian, German institution nouns.
    """partido banco banca banque fundacion fundacao fondation fondazione stiftung instituto institut istituto
    ministerio ministere ministero universidad universidade universite universita comision comissao commissione
    consejo conselho conseil consiglio asociacion associacao sindicato empresa compania companhia agencia
    movimiento movimento frente ejercito exercito policia grupo corporacion federacion confederacion
    secretaria tribunal procuraduria fiscalia defensoria contraloria gendarmeria gendarmerie jandarma carabineros
    prefeitura alcaldia senado"""
) | wordset(
    # 2.7.0: ``Financial Intelligence Unit`` was a person.
    "unit"
) | wordset(
    # And of its Arabic, Persian and Urdu names, as the archive transliterates them (2.7.0: ``Lashkar-e-Tayyiba``,
    # ``Jamaat al-Dawa al-Quran`` were people): army, society, movement, party, council, centre.
    """lashkar jaish jamaat jamiat harakat tehrik tehreek hizb hizbul sipah majlis anjuman ittehad markaz
    jabhat tanzim"""
)
# Words that make a span neither a person nor an organisation: web and cable furniture, topics, weapons.
NOT_NAME_WORDS = wordset(
    """website web site internet homepage email e-mail background counter counterterrorism counter-terrorism
    terrorism piracy narcotics reftel septel demarche readout patriot statistics biographic"""
)
# "Brinkley Africa", "Chevron Asia": a name ending in a continent is a company's regional arm.
_CONTINENTS = wordset("africa asia europe america americas eurasia")
_ARTICLES = wordset("la el los las der die das")
_VOWELS = re.compile(r"[aeiouyAEIOUY]")
_CAPS_PIECE = re.compile(r"^[A-Z]{2,}$")


@cache
def known_orgs() -> frozenset[str]:
    return frozenset(fold(name) for name in reference.org_names())


@cache
def post_cities() -> frozenset[str]:
    """Cities of US posts (``AMEMBASSY HARARE``, origin ``SAOPAULO``) and places.txt, folded without spaces."""
    cities = {fold(origin).replace(" ", "") for origin in (*reference.post_origins(), *reference.place_names())}
    for station in reference.routes().values():
        first, _, rest = station.partition(" ")
        if first in ("AMEMBASSY", "AMCONSUL", "AMCONGEN", "USMISSION", "USOFFICE") and rest:
            cities.add(fold(rest).replace(" ", ""))
    return frozenset(cities)


_MIXED_INITIALS = re.compile(r"^[A-Z][a-z]?[A-Z][a-zA-Z]?$")  # MbZ, GoA, DfT, HiG: initials with small words


def _acronym_like(word: str) -> bool:
    """``ZANU-PF``, ``MDC``, ``MbZ``: initials name bodies (or stand for a person's full name), not a name form."""
    if word in ("II", "III", "IV", "VI"):
        return False  # a regnal numeral (``King Hassan II``), not initials
    if _MIXED_INITIALS.match(word):
        return True
    pieces = [p for p in re.split(r"[-/]", word) if p]
    if not pieces:
        return False  # a dash standing alone ("Counterterrorism - David Johnson")
    return any(_CAPS_PIECE.match(p) and not _VOWELS.search(p) for p in pieces) or (
        "-" in word and all(_CAPS_PIECE.match(p) for p in pieces) and min(map(len, pieces)) <= 2
    )


def is_place(name: str, places: frozenset[str] | set[str]) -> bool:
    """A city hosting a US post, or a form the model labels GPE/LOC elsewhere in the same cable."""
    key = fold(name)
    return key in places or key.replace(" ", "") in post_cities()


def person_kind(name: str, upper_text: bool, titled: bool = False) -> str | None:
    """``person`` when the span may name someone, else the type it is (``organization``, ``place``) or None."""
    key = fold(name)
    words = key.split()
    if not words or only_titles(name):
        return None
    if any(w in ROUTING_WORDS for w in words):
        return None
    if any(w in ORG_WORDS for w in words) or any(_acronym_like(w) for w in name.split()) or key in known_orgs():
        return "organization"
    if len(words) > 1 and (words[-1] in _CONTINENTS or (words[0] in _ARTICLES and not titled)):
        return "organization"  # "Brinkley Africa"; "La Prensa", "Der Spiegel": a name opened by an article
    if len(words) > 1 and words[-1] in TITLE_WORDS and words[-1] not in ROYAL and words[-1] != "major":
        return None  # "Intelligence Director", "Womens Affairs": an office, not a name

    if any(w in NOT_NAME_WORDS for w in words):
        return None
    if len(words) > 1 and _head(words) in _NOT_PERSON_HEADS:
        return None  # ``Minhad Air Base``, ``National Intelligence Estimate``: a facility or a document (2.5.0)
    if upper_text and len(words) == 1 and len(words[0]) <= 3:
        return "organization"  # truecasing left it in capitals: an acronym (OEF, GOP), not a name
    return "person"


_NUMERALS = wordset("ii iii iv vi")


def _head(words: list[str]) -> str:
    """The last word, or the word before a numeral (``World War II``, 2.6.0)."""
    named = [w for w in words if w not in _NUMERALS]
    return named[-1] if named else words[-1]


# Heads of facilities, documents and events that end no person's name (``Tower``, ``Case`` and ``Law`` do: John
# Tower); ``War`` since 2.6.0 (``World War``).
_NOT_PERSON_HEADS = wordset(
    """base airbase airport palace stadium mosque cathedral prison barracks museum hotel summit conference plan
    initiative program programme estimate agreement treaty protocol strategy declaration resolution war
    family tribe clan dynasty"""
)


_PLACE_OF = re.compile(r"^(?:university|port|city|province|region|mayor|governor|diocese|airport) of (.+)$")


def place_votes(cands: list[Candidate]) -> Counter[str]:
    """Per folded form: place evidence minus person evidence; positive makes the form a place.

    The model's PERSON label weighs as two GPE/LOC labels (it is right more often), three after a title; a
    locative cue (``in Qom``, ``lines to Malaga``, see pipeline) weighs two, ``University of X`` one; a
    PERSON after a lower-case article (``the Pikalevo plant``, confidence 0.5) nothing (2.5.0)."""
    votes: Counter[str] = Counter()
    for c in cands:
        key = fold(c.name)
        if c.type == "place" and c.located:
            votes[key] += 2 if c.confidence > 0.6 else 1
        elif c.type == "person" and c.located:
            votes[key] -= 3 if c.confidence > 0.6 else 2 if c.confidence > 0.5 else 0
        elif c.type == "organization" and (m := _PLACE_OF.match(key)):
            votes[m.group(1)] += 1
    return votes


def _visit_place(name: str, ordinary: frozenset[str]) -> bool:
    words = name.split()
    return len(words) == 2 and fold(words[0]) in ordinary and is_place(words[1], evidence.country_names())


_ABSTRACT = re.compile(r"(?:ment|tion|sion|ness|ity|ance|ence|ies)$")


def vet_people(cands: list[Candidate], upper_text: bool, ordinary: frozenset[str] = frozenset()) -> list[Candidate]:
    """Titles and ordinary words off every person's name (see ``evidence``), then headers, institutions and
    places out of the people (see kinds)."""
    kept: list[Candidate] = []
    for c in cands:
        if c.type == "person":
            c.name = strip_titles(c.name)
            if c.source == "model":
                name = evidence.person_name(c.name, ordinary, upper_text)
                if name is None and c.confidence > 0.6 and c.name[:1].isupper() and " " not in c.name and not (
                    _ABSTRACT.search(c.name) and fold(c.name) in reference.common_words()
                ):
                    # after a title an ordinary word is a surname: ``Minister-in-waiting Brown``; not an abstract
                    # noun the archive writes in lower case (``POTUS Statement``, 2.7.0)
                    name = c.name
                if name is None:
                    continue
                if _visit_place(name, ordinary):
                    name = name.split()[1]  # ``Visit Ankara``: an ordinary word before a place is no given name
                c.name = name
                if (country := evidence.country_aliases().get(fold(name))) is not None:
                    c.type, c.name = "country", country  # ``Bomb Iran``: without its ordinary word, a country (2.6.0)
                    kept.append(c)
                    continue
            kind = person_kind(c.name, upper_text, titled=c.confidence > 0.6)  # ``Minister, El Hadj Sall``
            if kind is None:
                continue
            c.type = kind
        kept.append(c)
    # A form the model calls GPE at least as often as PERSON is a place (``Malaga``, ``Qom``), unless it is part
    # of someone's full name in this cable.
    votes = place_votes(kept)
    places = {key for key, vote in votes.items() if vote > 0}
    places -= {w for c in kept if c.type == "person" for w in fold(c.name).split() if len(fold(c.name).split()) > 1}
    for c in kept:
        if c.type == "person" and c.located and is_place(c.name, places):
            c.type = "place"
        elif c.type in ("group", "organization") and c.located and is_place(c.name, frozenset()):
            c.type = "place"  # "in Tunis" read as NORP: a post's city is a place whatever the label
    return kept


# Head nouns of things that are not institutions: events, plans, laws and documents (``Arab League Summit``,
# ``Kosovo Operations Plan``, ``National Intelligence Estimate``).  The last word of a name is its head.
NOT_ORG_HEADS = wordset(
    """war summit conference talks plan initiative program programme estimate agreement treaty protocol act law
    accord declaration resolution report strategy process dialogue doctorate publications articles operation
    operations exercise election elections campaign crisis case affair scandal project visit meeting"""
) | wordset("agenda framework compact compacts complex zone final")  # 2.3.0: documents, sites, matches
# Heads of facilities: a base, an airport, a palace, a street is no body (2.6.0: annotators never mark one as an
# organisation; ``Isa Air Base``, ``Presidential Palace``, ``New Embassy Compound``).
FACILITY_HEADS = wordset(
    "base airbase airport palace stadium mosque cathedral prison barracks hotel avenue street square compound bridge "
    "mine"
)
NOT_ORG_HEADS |= FACILITY_HEADS
# Documents, measures and occasions (2.7.0: ``National Climate Change Policy``, ``Tobin Tax``, ``NATO
# Ministerial Guidance``, ``Commonwealth Summit Press Briefing``, ``Trans-Atlantic Dinner``, ``Olympics``).
NOT_ORG_HEADS |= wordset("policy policies tax taxes guidance briefing consultations dinner annex olympics games")


# Head nouns of a person's office (singular): a name ending on one is an office, never a body.
PERSON_HEADS = wordset(
    """representative ambassador minister secretary director envoy coordinator spokesman spokeswoman president
    chairman chairwoman advisor adviser counselor counsellor commissioner governor mayor"""
) | wordset("leader chair chairperson chief head prince princess king queen")  # 2.5.0: ``Supreme Leader``
# Head nouns of an area: ``Magway Division``, ``Northwest Frontier Province``, ``Federally Administered Tribal Areas``.
PLACE_HEADS = wordset(
    "province provinces division region district governorate oblast prefecture county territories areas"
) | wordset("forest reservation")  # 2.6.0: ``Amazon Forest``, ``Urada-Jiguamiando Reservation``


# Addressee words (``AMEmbassy Asuncion``); not ``joint``/``staff`` (``ROK Joint Chiefs of Staff``).
_ADDRESSEES = ROUTING_WORDS - wordset("joint staff collective immediate priority routine info noforn sipdis")


def _our_post(words: list[str]) -> bool:
    """The US post as writer: ``U.S. Embassy``, ``US Consulate``, ``Embassy Kuwait`` (a city after the word)."""
    posts = ("embassy", "consulate", "mission")
    if len(words) >= 2 and words[-1] in posts and words[-2] in ("u s", "us", "s", "american"):
        return True
    return len(words) >= 2 and words[0] in posts and is_place(" ".join(words[1:]), frozenset())


def _office_head(words: list[str]) -> bool:
    """A name headed by a person's office: ``EU Special Representative``, ``Supreme Leader``, ``Abu Dhabi Crown
    Prince``, ``FMLN Coordinator General`` (a title before ``general``; not ``Consulate General``)."""
    head = next((words[i - 1] for i in range(1, len(words)) if words[i] in ("of", "for")), words[-1])
    # The head is the word before a complement, and may be plural: ``Ministers of Interior``, ``Supreme
    # Leaders``; not ``Office of the President`` (headed by an institution). A known body stays one (the
    # ``Joint Chiefs of Staff``, data/org-names.txt).
    known = known_orgs()
    # The name or any of its word-final tails: a set lookup per word, not a scan of every known body per name.
    if any(" ".join(words[i:]) in known for i in range(len(words))):
        return False  # ``ROK Joint Chiefs of Staff``
    if head in PERSON_HEADS or (head.endswith("s") and head[:-1] in PERSON_HEADS):
        return True
    return len(words) > 1 and words[-1] == "general" and words[-2] in TITLE_WORDS


def org_kind(c: Candidate, ordinary: frozenset[str], upper_text: bool = False) -> str | None:
    """``organization`` when a model ORG span may name an institution, else None (dropped).

    Out: fragments across a comma or a bracket (``Bajaur, Musharraf``), offices alone (``CODEL``, ``CHOD``),
    events and documents by their head noun, and in mixed-case text Title Case names made only of words the
    archive writes in lower case, unless headed by an institution word (``Labor Party`` stays)."""
    name = c.name.strip()
    if "," in name or name.count("(") != name.count(")"):
        return None
    words = fold(name).split()
    # A title is no body, but ``MOD`` written as initials is the ministry as well as its minister, and words
    # of titles headed by an institution word name one (``Labor Party``; ``labor`` is a portfolio) (2.7.0).
    initials = not upper_text and name.isupper() and len(name) <= 5
    titles = [w in TITLE_WORDS and not (initials and w in ORG_WORDS) for w in words]
    if len(words) > 1 and words[-1] in ORG_WORDS:
        titles[-1] = False
    if not words or _head(words) in NOT_ORG_HEADS or all(titles):
        return None
    if _office_head(words) or any(w in _ADDRESSEES for w in words) or _our_post(words):
        return None  # ``EU Special Representative``: an office; ``Embassy Kuwait``, ``U.S. Consulate``: the writer
    # In mixed case an acronym (``GOT``) is not the ordinary word it spells; in all-caps text every word counts.
    title_case = [w for w in name.split() if w[:1].isupper() and (upper_text or not w.isupper())]
    if ordinary and title_case and all(fold(w) in ordinary for w in name.split()) and words[-1] not in ORG_WORDS:
        return None
    if upper_text and len(words) == 1 and len(words[0]) > 4 and _VOWELS.search(words[0]) and not (
        words[0] in known_orgs() or words[0] in ORG_WORDS
    ):
        return None  # "SLAIN", "CALIBER": re-cased, a rare word is capitalised; one pronounceable word tells nothing
    return "organization"


def vet_orgs(cands: list[Candidate], upper_text: bool) -> list[Candidate]:
    # All-caps text has no case to tell: every word the archive writes in lower case is ordinary there.
    ordinary = reference.lower_case_words() if upper_text else reference.ordinary_words()
    for c in cands:
        if c.type == "organization" and c.source == "model":
            c.name = _TRAILING_CONNECTOR.sub("", c.name)  # ``Board of Trustees of``: the model stopped mid-name
            words = fold(c.name).split()
            if len(words) > 1 and words[-1] in PLACE_HEADS and not _NUMBERED.match(words[0]):
                c.type = "place"  # ``Kunar Province``; not ``9th Division``, a unit (2.7.0)
    return [c for c in cands if c.type != "organization" or c.source != "model" or org_kind(c, ordinary, upper_text)]


_NUMBERED = re.compile(r"^(?:\d+(?:st|nd|rd|th)?|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)$")
_TRAILING_CONNECTOR = re.compile(r"(?:\s+(?:of|for|the|and|on|in))+$")
