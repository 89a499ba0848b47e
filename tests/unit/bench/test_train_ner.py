"""What the NER fine-tune learns from: annotations projected onto the model's text (no model, no corpus)."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from bench.train_ner import biluo, gold_spans, synthetic_cables, synthetic_examples

ANNOTATION = {
    "people": [{"name": "Ban Ki-moon", "aliases": ["Ban"]}],
    "organizations": [{"name": "World Trade Organization", "aliases": ["WTO"]}],
    "places": [{"name": "Geneva", "aliases": []}],
    "doubtful": [{"type": "organization", "name": "Ministry", "why": "generic"}],
}


def test_annotated_names_are_found_whole_longest_first_and_with_their_capital() -> None:
    text = "Ban Ki-moon met the WTO in Geneva; a ban on WTO-style rules.  Ban said the Ministry agreed."
    spans = [(text[s:e], label) for s, e, label in gold_spans(text, ANNOTATION)]
    # ``ban`` the noun is no name; ``WTO-style`` holds one (a hyphen splits tokens); the doubtful item is unknown.
    assert spans == [("Ban Ki-moon", "PERSON"), ("WTO", "ORG"), ("Geneva", "GPE"), ("WTO", "ORG"),
                     ("Ban", "PERSON"), ("Ministry", None)]


def test_the_stock_model_s_misreadings_are_taught_as_nothing_and_its_other_labels_kept() -> None:
    nlp = spacy.blank("en")
    text = "Advisory Board met Ban in Geneva on Monday ; the Ministry agreed"
    doc = nlp.make_doc(text)
    stock = nlp.make_doc(text)
    stock.ents = [Span(stock, 0, 2, "ORG"), Span(stock, 3, 4, "ORG"), Span(stock, 7, 8, "DATE")]
    tags = biluo(doc, stock, gold_spans(text, ANNOTATION))
    assert tags == ["O", "O", "O", "U-PERSON", "O", "U-GPE", "O", "U-DATE", "O", "O", "-", "O"]


def test_the_invented_cables_are_whole_annotations_of_their_own_text() -> None:
    items = synthetic_cables()
    ids = [item["reference_id"] for item in items]
    assert len(items) == 256 and len(set(ids)) == len(ids)
    assert all(i.startswith("SYN-") for i in ids)  # never a real reference id: nothing of the split is shadowed
    for item in items:
        text = item["text"]
        assert 1_500 <= len(text) <= 4_000, item["reference_id"]
        forms = [f for field in ("people", "organizations", "places") for e in item[field] for f in e["aliases"]]
        assert all(form in text for form in forms), item["reference_id"]  # every alias as written


def test_an_invented_cable_teaches_its_annotated_names() -> None:
    nlp = spacy.blank("en")
    item = synthetic_cables()[0]
    example = synthetic_examples(nlp, [item])[0]
    taught = {(ent.text, ent.label_) for ent in example.reference.ents}
    org = item["organizations"][0]
    assert any(label == "ORG" and text in (org["name"], *org["aliases"]) for text, label in taught)
    assert {label for _, label in taught} >= {"PERSON", "ORG", "GPE"}
