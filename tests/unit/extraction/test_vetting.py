"""The learned judge of people (extractor 2.10.0, ``vetting``): its name model, its evidence, and the shipped
weights on snippets of real archive text (no server, no spaCy)."""

from __future__ import annotations

import math

import pytest

from cablestream.extraction import vetting
from cablestream.record import Entity, Mention


def _entity(body: str, name: str, kind: str = "person", source: str = "model") -> Entity:
    """``name`` at each of its occurrences in ``body``, as the resolver would hand it over."""
    starts, at = [], body.find(name)
    while at >= 0:
        starts.append(at)
        at = body.find(name, at + 1)
    mentions = [Mention(start=s, end=s + len(name), text=name) for s in starts]
    return Entity(id=f"{kind}:{name}", type=kind, name=name, count=len(mentions), mentions=mentions,
                  source=source, confidence=0.6)  # type: ignore[arg-type]


def _cable(body: str, entities: list[Entity], ordinary: frozenset[str] = frozenset()) -> vetting.Cable:
    return vetting.Cable(body, False, ordinary, entities)


def test_name_grams_are_padded_per_word_and_sublinear() -> None:
    grams = vetting.name_grams("Ana Ana")
    assert grams[" a"] == pytest.approx(1 + math.log(2))  # two words open with "a"
    assert " ana " in grams and "a a" not in grams  # n-grams never cross words
    assert min(len(g) for g in grams) == vetting.NGRAMS[0] and max(len(g) for g in grams) == vetting.NGRAMS[1]


def test_the_name_model_is_a_softmax_over_the_known_grams() -> None:
    names = vetting.NameModel(("person", "place"), {" ov": 1.0, "ov ": 2.0},
                              {" ov": (1.0, -1.0), "ov ": (3.0, -3.0)}, (0.0, 0.0))
    p = names.probabilities("Petrov")
    assert sum(p.values()) == pytest.approx(1.0) and p["person"] > 0.9
    assert names.probabilities("Zzz") == {"person": 0.5, "place": 0.5}  # no known gram: the biases alone


def test_the_shipped_name_model_reads_shape_not_a_list() -> None:
    names = vetting.vetter()
    assert names is not None
    # Surnames and bodies the annotations may never have named, told apart by their morphology.
    assert names.names.probabilities("Vladislav Tretyakov")["person"] > 0.8
    assert names.names.probabilities("Kazakhstan Petroleum Ministry")["organization"] > 0.5
    assert names.names.probabilities("Khabarovsk Oblast")["person"] < 0.5


def test_the_evidence_is_read_over_every_mention() -> None:
    body = "the talks in Uruzgan stalled. Later in Uruzgan, Karzai said that Uruzgan (a province) matters."
    uruzgan, karzai = _entity(body, "Uruzgan"), _entity(body, "Karzai")
    cable = _cable(body, [uruzgan, karzai])
    found = vetting.features(uruzgan, cable, vetting.NameModel(("person",), {}, {}, (0.0,)))
    assert found["after_locative"] == pytest.approx(2 / 3) and found["bracketed"] == 0.0
    assert found["one_word"] == 1.0 and found["log_mentions"] == pytest.approx(math.log(4))
    assert vetting.features(karzai, cable, vetting.NameModel(("person",), {}, {}, (0.0,)))["before_verb"] == 1.0


def test_the_judge_drops_a_place_and_a_people_and_keeps_a_named_official() -> None:
    # 09KABUL3068 and 08PRISTINA (archive text): a province read as a man, a people read as one.
    body = (
        "Governor Hamdam arrived in Uruzgan on Monday. Security in Uruzgan has improved. Kosovars are wary, and "
        "many Kosovars say so. Foreign Minister Skender Hyseni said the government would act; Hyseni added that "
        "the talks go on."
    )
    ents = [_entity(body, "Uruzgan"), _entity(body, "Kosovars"), _entity(body, "Skender Hyseni")]
    kept = {e.name for e in vetting.vet(ents, body, False, frozenset({"governor", "security", "talks"}))}
    assert kept == {"Skender Hyseni"}


def test_rules_and_other_types_are_never_judged() -> None:
    body = "in Uruzgan and in Uruzgan again"
    rule = _entity(body, "Uruzgan", source="rule")
    place = _entity(body, "Uruzgan", kind="place")
    assert vetting.vet([rule, place], body, False, frozenset()) == [rule, place]
