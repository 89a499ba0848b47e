"""The ``q`` grammar to OpenSearch queries (pure)."""

from __future__ import annotations

import pytest

from cablestream.search.syntax import QuerySyntaxError, parse_query


def test_words_are_anded_and_phrases_kept() -> None:
    query = parse_query('uranium "nuclear fuel"')
    must = query["bool"]["must"]
    assert [m["multi_match"]["type"] for m in must] == ["best_fields", "phrase"]
    assert must[1]["multi_match"]["query"] == "nuclear fuel"


def test_or_not_minus_and_groups() -> None:
    query = parse_query("(oil OR gas) -iran NOT tag:IR")
    assert query["bool"]["must"][0]["bool"]["minimum_should_match"] == 1
    negated = query["bool"]["must_not"]
    assert negated[0]["multi_match"]["query"] == "iran"
    assert negated[1] == {"term": {"tags": "IR"}}


def test_fields_map_to_indexed_fields() -> None:
    assert parse_query("subject:oil") == {"match": {"subject": {"query": "oil", "operator": "and"}}}
    assert parse_query('body:"x y"') == {"match_phrase": {"body": "x y"}}
    group = parse_query("subject:(oil OR gas)")["bool"]["should"]
    assert [g["match"]["subject"]["query"] for g in group] == ["oil", "gas"]
    assert parse_query("id:09astana497") == {"term": {"reference_id": "09ASTANA497"}}


def test_colons_in_ordinary_words_are_text() -> None:
    assert parse_query("10:30")["multi_match"]["query"] == "10:30"


@pytest.mark.parametrize("q", ["(oil", "oil)", "colour:red", "NOT", "oil OR", "subject:", "((((((((((a))))))))))",
                               " ".join(["w"] * 65)])
def test_mistakes_are_syntax_errors(q: str) -> None:
    with pytest.raises(QuerySyntaxError):
        parse_query(q)
