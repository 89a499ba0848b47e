"""The REF block: its lines, its labelled items (``(A) 08 ASTANA 2445``); each item resolved by citations."""

from __future__ import annotations

import re

from cablestream.parsing.citations import Citing, resolve_item
from cablestream.parsing.clean import unwrap
from cablestream.record import ReferenceDetail

_LABEL = r"(?:\(([A-Z])\)|\b([A-Z])[.)])"
_LOWER_LABEL = _LABEL.replace("A-Z", "a-z")  # ``REF: a) LONDON 62 b) RIO 346``
_ITEM_START = re.compile(r"^[ \t]*(?:" + _LABEL + "|" + _LOWER_LABEL + r")[ \t]")
_SPLIT = re.compile(r"(?:^|(?<=[\s;,:]))" + _LABEL + r"[ \t]+")
_SPLIT_LOWER = re.compile(r"(?:^|(?<=[\s;,:]))" + _LOWER_LABEL + r"[ \t]+")
_END = re.compile(r"^[ \t]*(?:CLASSIFIED[ \t]+BY|SUMMARY|BEGIN|¶?\d+\.|\(U\)|\(C\)|\(S|-{3,}|[A-Z ]{3,}:$)",
                  re.IGNORECASE)


def ref_block(lines: list[str]) -> str:
    """The REF value and its continuations: blank lines go on only before another labelled item."""
    out: list[str] = []
    for i, line in enumerate(lines):
        if i and _END.match(line):
            break
        if not line.strip():
            nxt = next((ln for ln in lines[i + 1:] if ln.strip()), "")
            ends_open = bool(out) and out[-1].rstrip().endswith((",", ";"))  # a list broken by a page break
            if not (_ITEM_START.match(nxt) or ends_open):
                break
            continue
        out.append(line)
    return "\n".join(out).strip()


def parse_refs(lines: list[str], citing: Citing) -> tuple[list[str], list[ReferenceDetail]]:
    block = unwrap(ref_block(lines))
    if not block:
        return [], []
    details: list[ReferenceDetail] = []
    for label, raw in _items(block):
        last = details[-1] if details else None
        details.extend(resolve_item(raw, label, citing, last))
    ids_all = list(dict.fromkeys(d.id for d in details if d.id))
    return ids_all, details


def _items(block: str) -> list[tuple[str | None, str]]:
    upper, lower = list(_SPLIT.finditer(block)), _lower_marks(block)
    marks = upper if len(upper) >= len(lower) else lower  # ``a. 05 state 201650 B. 05 berlin 3726 c. ...``
    if not marks:
        return [(None, part.strip()) for part in re.split(r"[;]", block) if part.strip()]
    items: list[tuple[str | None, str]] = []
    head = block[: marks[0].start()].strip(" ;,:")
    if head:
        items.append((None, head))
    for m, nxt in zip(marks, [*marks[1:], None], strict=True):
        raw = block[m.end(): nxt.start() if nxt else len(block)].strip(" ;,")
        items.append(((m.group(1) or m.group(2)).upper(), raw))
    return items


def _lower_marks(block: str) -> list[re.Match[str]]:
    """Lower-case labels count only as a list that starts at ``a``: a lone ``e.`` may be prose."""
    marks = list(_SPLIT_LOWER.finditer(block))
    return marks if marks and (marks[0].group(1) or marks[0].group(2)) == "a" else []
