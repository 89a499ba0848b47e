"""A post as a typist wrote it in a citation (``BRASILA``, ``BA``, ``BRAZIL``, ``0TTAWA``) -> its id spelling.

Every answer is checked against the archive's own posts (:mod:`cablestream.parsing.archive`): a written origin
resolves ``exact`` (as in ids, or a standard alias such as ``SECSTATE``) or ``corrected`` (an abbreviation, a
country named for its embassy, or a misspelling within a small edit distance of exactly one post).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources
from typing import Literal

from cablestream.parsing.archive import archive

How = Literal["exact", "corrected"]

# Standard forms cables cite posts by, whose ids spell them differently (cablemap's table, abridged).
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

# Short forms seen in REF lines; a bare ``BA`` or ``VAT`` would never pass an edit-distance test.
ABBREVIATIONS = {
    "BA": "BUENOSAIRES", "PORT A": "PORTAUPRINCE", "PAP": "PORTAUPRINCE", "VAT": "VATICAN", "HAGUE": "THEHAGUE",
    "SECTSTATE": "STATE", "SECSTSTE": "STATE", "DEPT": "STATE", "DEPARTMENT": "STATE", "USUN NY": "USUNNEWYORK",
    "DUBAI RPO": "RPODUBAI", "IRAN RPO": "IRANRPODUBAI", "HCMC": "HOCHIMINHCITY", "KL": "KUALALUMPUR",
    "ST PETERSBURG": "STPETERSBURG", "UNESCO PARIS": "UNESCOPARISFR",
}
# Words of REF lines and prose a few letters away from a post (``PARAS`` / ``PARIS``): never corrected.
_NOT_POSTS = frozenset({
    "PARA", "PARAS", "PAGE", "PAGES", "NOTE", "CABLE", "CABLES", "DATED", "TELCON", "EMAIL", "MEMO", "ITEM",
    "SECTION", "ANNEX", "LETTER", "AND", "THE", "SEE", "ALSO", "REFTEL", "REFTELS", "SEPTEL", "NOTAL", "NUMBER",
    "MARCH", "APRIL", "DAILY", "REPORT", "POINT", "POINTS", "EMAILS", "PARTS", "STATES", "STATED", "ESTATE",
    "WASHINGTON", "WASHDC", "GENERAL", "PUBLIC", "SOCIAL", "LEAGUE", "ALLIES", "ACCORD", "HUMAN", "PRIME",
})
_ZERO_FOR_O = re.compile(r"(?<![0-9])0(?=[A-Z])")  # ``0TTAWA``: a zero typed for the letter O
_NOISE = re.compile(r"[^A-Z ]+")


@cache
def _countries() -> dict[str, str]:
    text = resources.files("cablestream").joinpath("data/country-posts.csv").read_text("utf-8")
    rows = (line.split(",", 1) for line in text.splitlines() if line and not line.startswith("#"))
    return {name.strip(): post.strip() for name, post in rows}


@cache
def _targets() -> tuple[str, ...]:
    """The posts a misspelling may be corrected to: the archive's real posts (100 ids or more), not its own typos
    (``BRUSSLS``) nor rare origins a common word is near (``PARTO``)."""
    return tuple(sorted(p for p, n in archive().posts.items() if n >= 100 and not p.startswith("EFTO")))


@lru_cache(maxsize=8192)  # bounded: workers run for days and prose offers endless candidate words
def resolve_post(written: str) -> tuple[str, How] | None:
    upper = written.upper()
    unzeroed = _ZERO_FOR_O.sub("O", upper)
    name = " ".join(_NOISE.sub(" ", unzeroed).split())
    if not name:
        return None
    compact = name.replace(" ", "")
    if name in ALIASES:
        return ALIASES[name], "exact"
    if archive().known_post(compact):
        return compact, "exact" if unzeroed == upper else "corrected"
    if fixed := ABBREVIATIONS.get(name) or _countries().get(name):
        return fixed, "corrected"
    if len(compact) < 6 or name in _NOT_POSTS or any(w in _NOT_POSTS for w in name.split()):
        return None
    near = _nearest(compact)
    return (near, "corrected") if near else None


def _nearest(word: str) -> str | None:
    """The one post within edit distance 1 (2 for words of 9 letters or more); None when two posts tie."""
    limit = 1 if len(word) < 9 else 2
    best: list[str] = []
    best_d = limit + 1
    for post in _targets():
        if abs(len(post) - len(word)) > limit:
            continue
        d = _distance(word, post, best_d)
        if d > limit:
            continue
        if d < best_d:
            best, best_d = [post], d
        elif d == best_d:
            best.append(post)
    return best[0] if len(best) == 1 else None


def _distance(a: str, b: str, cap: int) -> int:
    """Levenshtein distance, given up once every entry of a row exceeds ``cap`` (the result is then > cap)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > cap:
            return cap + 1
        prev = cur
    return prev[-1]
