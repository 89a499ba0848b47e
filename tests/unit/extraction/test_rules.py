"""Pure rules: names, clean text offsets, patterns, structure, person joining.  No model needed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cablestream.extraction import cleantext, patterns, structure
from cablestream.extraction.names import MAX_ID_BYTES, entity_id, fold, person_from_tag
from cablestream.extraction.persons import cluster, strip_titles
from cablestream.extraction.pipeline import pieces
from cablestream.record import Addressee, Cable, ClassifiedBy, Source


def _cable(**fields: object) -> Cable:
    return Cable(reference_id="09ASTANA497", source=Source(format="text"), parser_version="t", **fields)  # type: ignore[arg-type]


def test_variants_fold_to_one_id() -> None:
    ids = {entity_id("person", n) for n in ["Aitzhanova's", "AITZHANOVA", "Aïtzhanova", "aitzhanova"]}
    assert ids == {"person:aitzhanova"}
    assert fold("Badimbayi-Matu") == fold("Badimbayi Matu")
    assert fold("U.S.") == "u s"


def test_person_tag_and_titles() -> None:
    assert person_from_tag("NAZARBAYEV, NURSULTAN") == "Nursultan Nazarbayev"
    assert person_from_tag("PGOV") is None
    assert strip_titles("President Nazarbayev") == "Nazarbayev"
    assert strip_titles("Prime Minister Karim Masimov") == "Karim Masimov"


def test_surname_typo_and_title_join_the_full_name() -> None:
    people = cluster(["Zhanar Aitzhanova", "Aitzhanova", "Aitzhnova", "Masimov", "Karim Masimov"])
    assert people["aitzhnova"].name == people["aitzhanova"].name == "Zhanar Aitzhanova"
    assert people["masimov"].name == "Karim Masimov"


def test_clean_text_drops_furniture_and_maps_back() -> None:
    body = (
        "UNCLAS SECTION 01 OF 02 ASTANA 000497\n\nSIPDIS\nTAGS: PGOV KZ\nSUBJECT: KAZAKHSTAN: WTO\n"
        "\n¶1.  (SBU) SUMMARY:  Vice Minister Zhanar\nAitzhanova met the Ambassador.  END SUMMARY.\n\n"
        "NEXT STEPS\n\nASTANA 00000497  002 OF 002\n\n¶2.  (C) Masimov agreed.\n\nHOAGLAND\n"
    )
    clean = cleantext.build(body)
    assert clean.text == "Vice Minister Zhanar Aitzhanova met the Ambassador.\n\nMasimov agreed."
    i = clean.text.index("Zhanar")
    start, end = clean.to_body(i, i + len("Zhanar Aitzhanova"))
    assert body[start:end] == "Zhanar\nAitzhanova"


@given(st.lists(st.sampled_from(["Word", "(SBU)", "¶3.", "\n", "\n\n", "END NOTE.", "Name's", "  "]), max_size=40))
def test_clean_offsets_always_land_on_the_same_words(parts: list[str]) -> None:
    body = " ".join(parts)
    clean = cleantext.build(body)
    for w_start, length in zip(clean.clean_starts, clean.lengths, strict=True):
        start, end = clean.to_body(w_start, w_start + length)
        assert body[start:end] == clean.text[w_start : w_start + length]


def test_patterns() -> None:
    text = "Call Tel: +7 7172 70 21 00 or mail info@usembassy.kz about $5 million and 300 million tenge in 2009."
    found = {(kind, text[s:e]) for kind, s, e in patterns.find(text)}
    assert ("email", "info@usembassy.kz") in found
    assert ("money", "$5 million") in found
    assert ("money", "300 million tenge") in found
    assert any(kind == "phone" for kind, _ in found)
    assert not [k for k, s, e in patterns.find("On 12 03 2009 serial 4966 1394") if k == "phone"]


def test_groups_of_nations_are_bodies_and_codes_are_not() -> None:
    text = "At the G-8 summit and the G20 in Pittsburgh; form G-8/2 and G-77.1 are codes, as is the G8-5 line."
    found = [text[s:e] for kind, s, e in patterns.find(text) if kind == "organization"]
    assert found == ["G-8", "G20"]


def test_the_classifying_department_is_an_organisation_and_the_post_is_not() -> None:
    body = ("Classified By: Acting Principal Officer, Peshawar, Department of State. Reason: 1.4 (b)\n\n"
            "1. (C) Text.\n")
    cable = _cable(body=body, classified_by=ClassifiedBy(
        name="Acting Principal Officer, Peshawar, Department of State"))
    [found] = structure.classifier_department(cable)
    assert (found.type, found.name) == ("organization", "Department of State")
    assert body[found.start:found.end] == "Department of State"
    posts = _cable(body="Classified By: DCM, U.S. Embassy Tripoli, DOS.\n",
                   classified_by=ClassifiedBy(name="DCM, U.S. Embassy Tripoli, DOS"))
    assert [c.name for c in structure.classifier_department(posts)] == ["DOS"]


def test_structure_from_tags_routing_and_refs() -> None:
    cable = _cable(
        tags=["PGOV", "KDEM", "RS", "KZ", "WTRO", "NAZARBAYEV, NURSULTAN"],
        to=[Addressee(routing_indicator="RUEHC", name="SECSTATE WASHDC")],
        from_=Addressee(routing_indicator="RUEHTA", name="AMEMBASSY ASTANA"),
        references=["08ASTANA2445"],
        signers=["HOAGLAND"],
        body="Text.\n\nHOAGLAND\n",
    )
    got = {(c.type, c.name) for c in structure.extract(cable)}
    assert {("subject", "Internal governmental affairs"), ("program", "Democratisation")} <= got
    assert {("country", "Russia"), ("country", "Kazakhstan"), ("person", "Nursultan Nazarbayev")} <= got
    assert {("organization", "World Trade Organization"), ("cable", "08ASTANA2445")} <= got
    assert {("post", "DEPT OF STATE WASHINGTON DC"), ("post", "AMEMBASSY ASTANA")} <= got
    assert ("person", "Richard Eugene Hoagland") in got


def test_shared_surname_joins_the_same_person_in_every_run() -> None:
    # Two people share a surname: the bare surname goes to the first named, whatever the hash seed.
    people = cluster(["Suha Arafat", "Yasser Arafat", "Arafat", "Zahwa Arafat"])
    assert people["arafat"].name == "Suha Arafat"
    assert people["yasser arafat"].name == "Yasser Arafat"


def test_an_entity_id_stays_within_what_opensearch_takes() -> None:
    """A malformed cable's run-on "name" made an id over 512 bytes, and OpenSearch refused the whole bulk
    of entity documents with it."""
    long_name = "Ministry " + " ".join(f"Department{i}" for i in range(200))
    ident = entity_id("organization", long_name)
    assert len(ident.encode()) <= MAX_ID_BYTES and ident.startswith("organization:ministry-department0")
    assert ident == entity_id("organization", long_name)  # the same name, the same id
    assert ident != entity_id("organization", long_name + " Annex")  # another name, another id
    assert entity_id("person", "Steve Tshwete") == "person:steve-tshwete"  # real names unchanged


@given(st.text(alphabet="ab \n", min_size=0, max_size=400), st.integers(min_value=8, max_value=60))
def test_a_long_text_is_read_in_pieces_that_cover_it_exactly(text: str, limit: int) -> None:
    """spaCy refuses a text past a million characters (a malformed cable's glued copies failed extraction):
    long texts are read in pieces, cut at a line break or space where there is one, none past the limit."""
    parts = pieces(text, limit)
    assert "".join(piece for _, piece in parts) == text
    assert all(len(piece) <= limit for _, piece in parts)
    assert [offset for offset, _ in parts] == [sum(len(p) for _, p in parts[:k]) for k in range(len(parts))]
