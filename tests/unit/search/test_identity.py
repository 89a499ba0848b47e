"""One identity per person: reading names, comparing them, and grouping the ids of one surname (pure)."""

from __future__ import annotations

import itertools

import pytest

from cablestream.search.identity import Identity, PersonName, compatible, resolve, same_given
from cablestream.search.person_names import parse_name


def _resolve(names: dict[str, str]) -> dict[str, Identity]:
    return resolve({entity_id: parse_name(name) for entity_id, name in names.items()})


@pytest.mark.parametrize(("name", "given", "surname"), [
    ("Nursultan Nazarbayev", ("nursultan",), "nazarbayev"),
    ("NAZARBAYEV, NURSULTAN", ("nursultan",), "nazarbayev"),  # the TAGS order
    ("NURSULTAN NAZARBAYEV", ("nursultan",), "nazarbayev"),
    ("Nazarbayev", (), "nazarbayev"),
    ("Richard E. Hoagland", ("richard", "e"), "hoagland"),
    ("Luiz Inacio Lula da Silva", ("luiz", "inacio", "lula"), "silva"),
    ("Dominique de Villepin", ("dominique",), "villepin"),
    ("Peter van Walsum", ("peter",), "walsum"),
    ("Van Walsum", (), "walsum"),
    ("Mohammed bin Zayed", ("mohammed",), "zayed"),
    ("Bashar al-Asad", ("bashar",), "asad"),
    ("al-Asad", (), "asad"),
    ("Sabine Leutheusser-Schnarrenberger", ("sabine",), "leutheusser-schnarrenberger"),
    ("William Robert Timken Jr.", ("william", "robert"), "timken"),
    ("Aïtzhanova's", (), "aitzhanova"),
])
def test_names_read_as_given_names_and_a_surname_key(name: str, given: tuple[str, ...], surname: str) -> None:
    assert parse_name(name) == PersonName(given, surname)


def test_given_names_agree_when_equal_an_initial_or_a_short_form() -> None:
    assert same_given("eugene", "e") and same_given("phil", "philip") and same_given("nick", "nick")
    assert not same_given("al", "albert")  # too short to say
    assert not same_given("raul", "fidel") and not same_given("e", "richard")


def test_compatible_names_share_the_surname_and_agree_where_both_write() -> None:
    def ok(a: str, b: str) -> bool:
        return compatible(parse_name(a), parse_name(b))

    assert ok("Richard E. Hoagland", "Richard Eugene Hoagland") and ok("Richard Hoagland", "Richard Eugene Hoagland")
    assert ok("Nazarbayev", "Nursultan Nazarbayev") and ok("NAZARBAYEV, NURSULTAN", "Nursultan Nazarbayev")
    assert ok("Bashar Asad", "Bashar al-Asad")
    assert not ok("Fidel Castro", "Raul Castro")
    assert not ok("George W. Bush", "George Herbert Walker Bush")  # the middle names disagree where they stand
    assert not ok("Ahmad Ali Abdullah Saleh", "Ali Abdullah Saleh")  # the son is not the father
    assert not ok("Nursultan Nazarbayev", "Dariga Nazarbayeva")


def test_a_bare_surname_joins_the_only_person_of_that_name() -> None:
    ids = _resolve({"person:nazarbayev": "Nazarbayev", "person:nursultan-nazarbayev": "Nursultan Nazarbayev",
                    "person:nazarbayeva": "Nazarbayeva"})
    assert ids["person:nazarbayev"] == Identity("person:nursultan-nazarbayev",
                                                ("person:nursultan-nazarbayev", "person:nazarbayev"))
    assert ids["person:nursultan-nazarbayev"].members == ids["person:nazarbayev"].members
    assert ids["person:nazarbayeva"] == Identity.alone("person:nazarbayeva")


def test_two_people_of_one_surname_are_never_merged_and_the_bare_surname_stays_apart() -> None:
    ids = _resolve({"person:castro": "Castro", "person:fidel-castro": "Fidel Castro",
                    "person:raul-castro": "Raul Castro", "person:fidel-alejandro-castro": "Fidel Alejandro Castro"})
    assert ids["person:castro"] == Identity("person:castro", ("person:castro",),
                                            ("person:fidel-alejandro-castro", "person:raul-castro"))
    fidel = ids["person:fidel-castro"]
    assert fidel.canonical == "person:fidel-alejandro-castro" and "person:raul-castro" not in fidel.members
    assert ids["person:raul-castro"].members == ("person:raul-castro",)


def test_variants_join_the_most_informative_name() -> None:
    ids = _resolve({"person:richard-e-hoagland": "Richard E. Hoagland", "person:hoagland": "HOAGLAND",
                    "person:richard-eugene-hoagland": "Richard Eugene Hoagland"})
    assert {i.canonical for i in ids.values()} == {"person:richard-eugene-hoagland"}
    assert ids["person:hoagland"].members == ("person:richard-eugene-hoagland", "person:richard-e-hoagland",
                                              "person:hoagland")


def test_a_name_that_fits_two_people_stays_apart() -> None:
    # Richard Hoagland may be either: neither group takes him, and a bare Hoagland neither.
    ids = _resolve({"person:richard-eugene-hoagland": "Richard Eugene Hoagland",
                    "person:richard-edward-hoagland": "Richard Edward Hoagland",
                    "person:richard-hoagland": "Richard Hoagland", "person:hoagland": "Hoagland"})
    assert ids["person:richard-hoagland"].candidates == ("person:richard-edward-hoagland",
                                                         "person:richard-eugene-hoagland")
    assert ids["person:hoagland"].canonical == "person:hoagland"
    assert ids["person:richard-eugene-hoagland"].members == ("person:richard-eugene-hoagland",)


def test_the_answer_does_not_depend_on_the_order_names_come_in() -> None:
    names = {"person:castro": "Castro", "person:fidel-castro": "Fidel Castro", "person:f-castro": "F. Castro",
             "person:raul-castro": "Raul Castro", "person:nazarbayev": "Nazarbayev",
             "person:nursultan-nazarbayev": "Nursultan Nazarbayev"}
    first = _resolve(names)
    for order in itertools.islice(itertools.permutations(names), 0, None, 37):
        assert _resolve({i: names[i] for i in order}) == first


def test_a_name_with_no_latin_letters_stands_alone() -> None:
    assert _resolve({"person:x": "Назарбаев", "person:y": "Касымов"}) == {}
