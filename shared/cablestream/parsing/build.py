"""From a :class:`RawCable` (what a format found) to a complete :class:`Cable` record."""

from __future__ import annotations

import re
from typing import Any

from cablestream.parsing.base import PARSER_VERSION, ParseError
from cablestream.parsing.citations import Citing
from cablestream.parsing.classification import OPENING, caveats_of, level_of
from cablestream.parsing.classified import parse_classified_by
from cablestream.parsing.clean import clean_body, normalize
from cablestream.parsing.header import Header, parse_header
from cablestream.parsing.ids import canonical_id, published_id, split_id
from cablestream.parsing.paragraphs import split_paragraphs
from cablestream.parsing.preamble import clean_subject, parse_preamble, preamble_lines
from cablestream.parsing.raw import RawCable
from cablestream.parsing.refs import parse_refs
from cablestream.parsing.signers import signers_of
from cablestream.parsing.summary import find_comment, find_summary
from cablestream.parsing.tags import parse_tags
from cablestream.record import Cable, Source

_PARTIAL = re.compile(r"partial extract of the original cable", re.IGNORECASE)
_OPENING_LINES = 4  # the opening follows at most a date line and a publisher's note


# Every id of the archive, the 53 malformed ones included, is capitals and digits, 35 at most.  The id is
# the key of the record in object storage and of the document in the index: a '..' or '/' segment is refused
# by the storage client (the whole file's batch then failed as a bug), and 1,100 characters or a NUL by
# MinIO itself (retried as an outage for ten minutes, then the file failed).
_KEYABLE_ID = re.compile(r"[A-Z0-9]{1,64}")


class MissingReferenceId(ParseError):
    """A cable without a reference id cannot be stored: the id is its key."""


class UnusableReferenceId(ParseError):
    """A reference id that is no id of the archive's shape (capitals and digits, at most 64) cannot key a record."""


def build_cable(raw: RawCable, source: Source) -> Cable:
    if not raw.reference_id or not raw.reference_id.strip():
        raise MissingReferenceId("the cable states no reference id")
    ref_id, id_note = published_id(raw.reference_id)
    if not _KEYABLE_ID.fullmatch(ref_id):
        raise UnusableReferenceId(f"reference id {ref_id[:80]!r} is not capitals and digits (at most 64)")
    body = clean_body(raw.body)
    header_text = normalize(raw.header).strip() if raw.header else None
    head = parse_header(header_text) if header_text else Header()
    opening = opening_line(body)
    pre = parse_preamble(preamble_lines(body))
    refs, details = parse_refs(pre.ref_lines, _citing(ref_id, raw.created or head.dtg))
    paragraphs = split_paragraphs(body)
    upper = body.upper()  # summary and comment both search the upper-cased body
    notes = [*([id_note] if id_note else []), *_notes(raw, opening)]
    subject = pre.subject
    if subject is None and raw.subject:
        subject = clean_subject(raw.subject)
        notes.append("subject taken from the metadata, the body states none")
    fields: dict[str, Any] = dict(
        reference_id=ref_id, created=raw.created, released=raw.released,
        classification=raw.classification, classification_level=level_of(raw.classification)
        or level_of(opening.group("marking") if opening else None),
        caveats=list(dict.fromkeys([*caveats_of(raw.classification), *pre.caveats])),
        origin=raw.origin, transmission_id=head.transmission_id, precedence=head.precedence, dtg=head.dtg,
        **{"from": head.from_}, to=head.to, info=head.info, pass_to=pre.pass_to, eo=pre.eo,
        declassify_on=pre.declassify_on, classified_by=parse_classified_by(pre.classified_by),
        tags=parse_tags(pre.tags_raw), subject=subject,
        references=list(dict.fromkeys([*refs, *(canonical_id(r) for r in raw.references)])),
        references_detail=details, summary=find_summary(body, paragraphs, upper),
        comment=find_comment(body, paragraphs, upper), paragraphs=paragraphs, header=header_text or None, body=body,
        signers=signers_of(body), sections=_sections(opening), notes=notes,
        partial=raw.partial or bool(_PARTIAL.search(header_text or "") or _PARTIAL.search(body[:400])),
        source=source, parser_version=PARSER_VERSION,
    )
    return Cable(**fields)


def _citing(ref_id: str, date: str | None) -> Citing:
    parts = split_id(ref_id)
    month = int(date[5:7]) if date and len(date) >= 7 and date[5:7].isdigit() else 0
    if parts is None:
        return Citing(year=ref_id[:2] if ref_id[:2].isdigit() else None, month=month)
    return Citing(year=parts[0], month=month, post=parts[1], serial=int(parts[2]))


def opening_line(body: str) -> re.Match[str] | None:
    head = "\n".join(body.split("\n", _OPENING_LINES)[:_OPENING_LINES])
    return OPENING.search(head)


def _sections(opening: re.Match[str] | None) -> int | None:
    if opening is None:
        return None
    total = opening.group("sections")
    return int(total) if total else 1


def _notes(raw: RawCable, opening: re.Match[str] | None) -> list[str]:
    notes: list[str] = []
    if raw.classification_note:
        notes.append(raw.classification_note)
    shown = level_of(raw.classification)
    marked = level_of(opening.group("marking")) if opening else None
    if shown and marked and shown != marked:
        notes.append(f"body marked {marked}, metadata shows {shown}")
    return notes
