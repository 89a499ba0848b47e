"""Every reference id of the archive (the 251,287 of cable2month) can key a text cable, malformed ones too.

The 53 ids published malformed (``06SECION01OF02HARARE628``, ``092OF5``, ``7575LIBREVILLE1895``...) are
parsed in full and kept as published, with a note; every id is matched by the text format and keyed as
itself or its canonical form; a spread sample of the well-formed ones is parsed in full.
"""

from __future__ import annotations

import gzip
from importlib import resources

from cablestream.parsing import parse_bytes
from cablestream.parsing.base import Input
from cablestream.parsing.formats.text import TextFormat
from cablestream.parsing.ids import canonical_id, published_id
from cablestream.record import Cable

_TEMPLATE = ("{id}\nTEST SUBJECT\nFri Mar 20 00:00:00 +0100 2009\nUNCLASSIFIED\nEmbassy Somewhere\n"
             "UNCLAS SOMEWHERE 000123\n\nE.O. 12958: N/A\nTAGS: PREL\nSUBJECT: TEST\n\n1. (U) Text.\n\nSMITH\n")


def all_ids() -> list[str]:
    raw = resources.files("cablestream").joinpath("data/cable2month.csv.gz").read_bytes()
    return [line.partition(",")[0] for line in gzip.decompress(raw).decode("ascii").splitlines()]


def parse_text(ref_id: str) -> Cable:
    outcomes = list(parse_bytes(_TEMPLATE.format(id=ref_id).encode(), name=f"{ref_id}.txt"))
    assert len(outcomes) == 1 and isinstance(outcomes[0], Cable), (ref_id, outcomes)
    return outcomes[0]


def test_every_archive_id_is_a_text_cable_id() -> None:
    ids = all_ids()
    assert len(ids) == 251_287
    text = TextFormat()
    for ref_id in ids:
        head = _TEMPLATE.format(id=ref_id).encode()[:200]
        assert text.match(Input(head)) >= 0.9, ref_id
        key, _ = published_id(ref_id)
        assert key in (ref_id, canonical_id(ref_id)), ref_id


def test_malformed_ids_parse_and_keep_their_published_form() -> None:
    from cablestream.parsing.archive import archive

    malformed = sorted(archive().malformed)
    assert len(malformed) == 53
    for ref_id in malformed:
        cable = parse_text(ref_id)
        assert cable.reference_id == ref_id
        assert any("malformed as published" in n for n in cable.notes), ref_id
    assert any("probably 06HARARE628" in n for n in parse_text("06SECION01OF02HARARE628").notes)


def test_a_spread_sample_of_well_formed_ids_parses() -> None:
    for ref_id in all_ids()[::997]:
        cable = parse_text(ref_id)
        assert cable.reference_id == canonical_id(ref_id) and not any("malformed" in n for n in cable.notes)
        assert cable.signers == ["SMITH"] and cable.tags == ["PREL"]
