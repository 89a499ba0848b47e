"""Who signed: the surnames closing a body (``HOAGLAND``, ``RICE/SMITH``), however the last lines are laid out.

Read from the end: page furniture and post footers (``Visit Ankara's Classified Web Site at ...``, ``BT``,
classification lines, a newspaper's truncated ``...``) are skipped; then the last line is a signature line
(surnames, two signers, ``FOR THE AMBASSADOR``, a title or ``ACTING``, a trailing date), or a last paragraph
that runs into the signature (``... End Comment. GFOELLER``).  A run-on name is taken only when it is in
capitals or ``signers.json`` (cablemap, BSD) knows it: a closing word is too often prose.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from cablestream.parsing.archive import archive
from cablestream.parsing.classification import caveat_of_line, level_of
from cablestream.parsing.tags import known_codes

_LOOK_BACK = 8  # furniture after a signature runs to a few lines, never more
_NAME = re.compile(r"[A-Z][A-Z'-]+(?: [A-Z][A-Z'-]+)?")
_SUFFIX = re.compile(r"\s+(?:JR|SR|II|III|IV)\.?$", re.IGNORECASE)
_FURNITURE = re.compile(
    r"N{3,}|BT|#\d*|>.*|DECLASSIFIED/RELEASED .*|.*SYSTEMATIC REVIEW .*|END (?:OF )?(?:CABLE )?TEXT|"
    r"[-=_*]{3,}|(?:PLEASE )?VISIT .*|.*CLASSIFIED WEB ?SITE.*|.*HTTPS?:\S*|\S*(?:WWW\.|SGOV\.GOV|\.GOV/)\S*|"
    r"[A-Z .'-]+ \d{8} +\d{3}(?:\.\d)? +OF +\d{3}|PAGE \d+.*",
    re.IGNORECASE)
# (the 2011 release closes old cables with ``Declassified/Released US Department of State EO Systematic Review``);
# a footer with the signature on the same line: ``... http://www.state.sgov.gov/p/eur/paris/index.c fm STAPLETON``
_FOOTER = re.compile(r"(?i)^.*(?:https?://|www\.)\S*(?:\s+(?=[a-z_.]|\S*[_/])\S+)?")
_END_TEXT = re.compile(r"^END (?:OF )?(?:CABLE )?TEXT\.?\s*", re.IGNORECASE)
# the tail of an address broken over lines (``ey``, ``gov.gov/wiki/Portal:Turkey``): never a name
_FRAGMENT = re.compile(r"[a-z0-9_./:-]*[0-9_./:-][a-z0-9_./:-]*|[a-z]{1,2}")
_END_WORD = re.compile(r"END\b", re.IGNORECASE)  # ``End List.``, ``END NOTE``: closing words, never a name
_DATE = re.compile(r"\s+(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})$")
_FOR_THE = re.compile(r"\bFOR\s+THE\s+(?:AMBASSADOR|CHARGE|SECRETARY|CONSUL\s+GENERAL|DCM|MISSION)\b[:,.]?",
                      re.IGNORECASE)
_TITLE_BEFORE = re.compile(r"^(?:ACTING\s+)?(?:AMBASSADOR|AMB|CHARGE(?:\s+D'AFFAIRES)?(?:\s+A\.?\s?I\.?)?|CDA|DCM|"
                           r"CONSUL\s+GENERAL|CG|PRINCIPAL\s+OFFICER|SECRETARY|A/DCM)\.?\s+|^ACTING\s+", re.IGNORECASE)
_TITLE_AFTER = re.compile(r"[,\s]+\(?(?:ACTING|A/?DCM|CDA|CHARGE(?:\s+D'AFFAIRES)?(?:\s+A\.?I\.?)?|DCM|AMBASSADOR|"
                          r"CONSUL\s+GENERAL|CG)\)?\.?$", re.IGNORECASE)
# what a signature runs on from: a sentence's end, ``END COMMENT``, a rule of stars, a redaction.  A redaction
# starts only where a run of X starts, and takes the whole run at once: tried from every X of the run and
# backtracking through it, a line of a million X took hours (quadratic); the matches are the same.
_RUN_ON = re.compile(r"""(?:[.!?)"'\u201d\u2019*]|\bEND\s+(?:OF\s+)?(?:COMMENT|TEXT|NOTE)|(?<!X)X{4,}+"""
                     r"|MINIMIZE\s+CONSIDERED)\s+([A-Za-z][A-Za-z'-]+(?:\s*/\s*[A-Za-z][A-Za-z'-]+)?)\s*\.?$")
_PROSE = frozenset({"THE", "AND", "OF", "FOR", "IN", "TO", "ON", "WITH", "AT", "BY", "IS", "ARE", "WILL", "NOT"})
_NOT_SIGNERS = frozenset({
    "BT", "NNNN", "SIPDIS", "NOFORN", "END", "UNQUOTE", "QUOTE", "CONFIDENTIAL", "SECRET", "UNCLASSIFIED", "UNCLAS",
    "NOTE", "COMMENT", "SUMMARY", "TEXT", "SENSITIVE", "CORRECTED COPY", "EMBASSY", "CONSULATE", "MISSION", "USG",
    "ANNEX", "CONCLUSION", "BACKGROUND", "ACTION", "REQUEST", "NOTAL", "SEPTEL", "REFTEL", "STATE", "DEPARTMENT",
})


@cache
def known_signers() -> frozenset[str]:
    """Surnames that signed cables of the full archive (cablemap's ``signers.json``): evidence, not a limit."""
    text = resources.files("cablestream").joinpath("data/signers.json").read_text("utf-8")
    return frozenset(name.upper() for name in json.loads(text))


def signers_of(body: str) -> list[str]:
    """The signers' surnames, upper-cased, in the order signed; empty when the closing lines hold none."""
    lines = [ln.strip() for ln in body.rstrip().split("\n")[-_LOOK_BACK * 3:] if ln.strip()][-_LOOK_BACK:]
    for i in range(len(lines) - 1, -1, -1):
        line = _FOOTER.sub("", lines[i]).strip() if "://" in lines[i] or "www." in lines[i] else lines[i]
        line = line.strip("\"\u201c\u201d ")
        if not line.strip(" .'\u2026") or _furniture(line):
            continue
        if _FOR_THE.fullmatch(line) and i:  # ``JOHN DOE`` above ``FOR THE AMBASSADOR``
            return _names(lines[i - 1]) or []
        names = _names(line)
        above = (_names(lines[i - 1]) if names and i and lines[i - 1].isupper() else None) or []
        if names and above and all(n in known_signers() for n in above + names):
            return list(dict.fromkeys(above + names))  # two signers on two lines, both known to have signed
        return names or _run_on(_DATE.sub("", line))
    return []


def _furniture(line: str) -> bool:
    if line.endswith(("...", "\u2026")) or _FRAGMENT.fullmatch(line):  # a publisher's cut; an address's tail
        return True
    flat = line.rstrip(".")
    return bool(_FURNITURE.fullmatch(flat)) or bool(caveat_of_line(flat)) or (
        flat.replace(" ", "").isupper() and level_of(flat.replace(" ", "").split("//")[0]) is not None
        and len(flat.split()) <= 12 and not any(c.isdigit() for c in flat))


def _names(line: str) -> list[str] | None:
    """The surnames of a whole signature line, or None when the line is not one."""
    flat = _DATE.sub("", _END_TEXT.sub("", _FOR_THE.sub("", line))).strip(" .:,")
    flat = _TITLE_AFTER.sub("", _TITLE_BEFORE.sub("", flat)).strip(" .:,")
    if not flat or len(flat) > 40 or _END_WORD.match(flat) or (
            flat.islower() and (" " in flat or flat.upper() not in known_signers())):
        return None  # in lower case (``jones``, ``curran``) only a known signer's surname
    parts = [_SUFFIX.sub("", n).strip() for n in re.split(r"\s*(?:/|,|&|\bAND\b)\s*", flat) if n.strip()]
    names = [_surname(p) for p in parts]
    if not names or not all(n and _NAME.fullmatch(n) and n not in _NOT_SIGNERS for n in names):
        return None
    if any(w in _PROSE for n in names if n for w in n.split()) or any(
            n and len(n) < 3 and n not in known_signers() for n in names):
        return None  # ``AND THE FUTURE``: the end of a cut subject line, not a name
    if not flat.isupper() and any(archive().known_post(n.replace(" ", "")) for n in names if n):
        return None  # ``Peshawar, David J. Hazarian``: a contact line, not a signature
    return list(dict.fromkeys(n for n in names if n and set(n) != {"X"}))


def _surname(part: str) -> str | None:
    """``HOAGLAND``; ``Richard E. Hoagland`` (a full name in mixed case) -> ``HOAGLAND``; ``KUBISKE KUBISKE`` once.

    A mixed-case line of several words is a name only when every word is capitalised and the last is a known
    signer (``End of Part One LA LIME`` is not).
    """
    words = part.upper().split()
    if len(words) == 2 and words[0] == words[1]:
        return words[0]
    if not part.isupper() and len(words) >= 2:
        shaped = len(words) <= 4 and all(w[:1].isupper() for w in part.split())
        return words[-1] if shaped and words[-1] in known_signers() else None
    return " ".join(words) if words else None


def _run_on(line: str) -> list[str]:
    """A last paragraph running into the signature: the name after its last sentence."""
    m = _RUN_ON.search(line)
    if m is None:
        return []
    names = [n.strip().upper() for n in m.group(1).split("/")]
    for name, written in zip(names, m.group(1).split("/"), strict=True):
        if name in _NOT_SIGNERS or len(name) < 3 or set(name) == {"X"}:
            return []
        if name not in known_signers() and (not written.strip().isupper() or name in known_codes()):
            return []
    return names
