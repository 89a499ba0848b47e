"""The search syntax of ``q``: words, "phrases", AND / OR / NOT (or ``-word``), parentheses, and
fields (``subject:``, ``body:``, ``summary:``, ``comment:``, ``origin:``, ``tag:``, ``id:``).

Parsed here into an OpenSearch bool query rather than handed to ``query_string``: the grammar is
ours and small, a mistake is a 400 naming ``q`` instead of an OpenSearch error, and nobody can
reach fields or features (regexes, leading wildcards) we did not mean to expose.
Words are ANDed unless joined by OR; OR binds tighter than nothing else: ``a b OR c`` is ``a AND (b OR c)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cablestream.errors import CablestreamError

TEXT_FIELDS = ["subject^3", "summary^2", "body", "comment", "reference_id^10"]
# field name in q -> (indexed field, kind): text fields are analysed, keyword fields matched exactly.
FIELDS: dict[str, tuple[str, str]] = {
    "subject": ("subject", "text"), "body": ("body", "text"), "summary": ("summary", "text"),
    "comment": ("comment", "text"), "origin": ("origin.text", "text"),
    "tag": ("tags", "keyword"), "id": ("reference_id", "keyword"),
}
MAX_TERMS, MAX_DEPTH = 64, 8
_TOKEN = re.compile(r'\s*(?:(?P<open>\()|(?P<close>\))|"(?P<phrase>[^"]*)"?|(?P<word>[^\s()"]+))')


class QuerySyntaxError(CablestreamError):
    """``q`` cannot be parsed; the message says where and why."""


@dataclass(frozen=True)
class _Tok:
    kind: str  # open | close | phrase | word
    text: str


def _tokens(q: str) -> list[_Tok]:
    out: list[_Tok] = []
    pos = 0
    while pos < len(q):
        m = _TOKEN.match(q, pos)
        if m is None or m.end() == pos:
            break
        pos = m.end()
        kind = m.lastgroup or ""
        out.append(_Tok(kind, m.group(kind) or ""))
    return out


class _Parser:
    def __init__(self, q: str) -> None:
        self.toks = _tokens(q)
        self.i = 0
        self.terms = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> dict[str, Any]:
        node = self.and_(None, 0)
        if self.peek() is not None:
            raise QuerySyntaxError("unbalanced ')'")
        return node

    def and_(self, field: str | None, depth: int) -> dict[str, Any]:
        must: list[dict[str, Any]] = []
        must_not: list[dict[str, Any]] = []
        while (tok := self.peek()) is not None and tok.kind != "close":
            if tok.kind == "word" and tok.text == "AND":
                self.take()
                continue
            negate, node = self.or_(field, depth)
            (must_not if negate else must).append(node)
        if not must and not must_not:
            raise QuerySyntaxError("empty query or group")
        if len(must) == 1 and not must_not:
            return must[0]
        return {"bool": {"must": must or [{"match_all": {}}], "must_not": must_not}}

    def or_(self, field: str | None, depth: int) -> tuple[bool, dict[str, Any]]:
        negate, node = self.unary(field, depth)
        alternatives = [(negate, node)]
        while (tok := self.peek()) is not None and tok.kind == "word" and tok.text == "OR":
            self.take()
            if self.peek() is None:
                raise QuerySyntaxError("OR at the end of the query")
            alternatives.append(self.unary(field, depth))
        if len(alternatives) == 1:
            return negate, node
        should = [{"bool": {"must_not": [n]}} if neg else n for neg, n in alternatives]
        return False, {"bool": {"should": should, "minimum_should_match": 1}}

    def unary(self, field: str | None, depth: int) -> tuple[bool, dict[str, Any]]:
        tok = self.take()
        if tok.kind == "word" and tok.text == "NOT":
            if self.peek() is None:
                raise QuerySyntaxError("NOT at the end of the query")
            negate, node = self.unary(field, depth)
            return not negate, node
        if tok.kind == "word" and tok.text[:1] in "-+" and len(tok.text) > 1:
            self.toks[self.i - 1] = _Tok("word", tok.text[1:])
            self.i -= 1
            negate, node = self.unary(field, depth)
            return (not negate) if tok.text[0] == "-" else negate, node
        return False, self.atom(tok, field, depth)

    def atom(self, tok: _Tok, field: str | None, depth: int) -> dict[str, Any]:
        if tok.kind == "open":
            if depth >= MAX_DEPTH:
                raise QuerySyntaxError(f"groups nested deeper than {MAX_DEPTH}")
            node = self.and_(field, depth + 1)
            if self.peek() is None:
                raise QuerySyntaxError("missing ')'")
            self.take()
            return node
        if tok.kind == "close":
            raise QuerySyntaxError("unexpected ')'")
        name, colon, rest = tok.text.partition(":")
        if tok.kind == "word" and colon and name.isalpha():  # "10:30", "http://..." stay words
            if name.lower() not in FIELDS:
                raise QuerySyntaxError(f"unknown field {name!r}; known: {', '.join(FIELDS)}")
            if field is not None:
                raise QuerySyntaxError(f"field {name!r} inside a field group")
            if rest:
                return self.term(_Tok("word", rest), name.lower())
            nxt = self.peek()
            if nxt is None or nxt.kind == "close":
                raise QuerySyntaxError(f"nothing after {name}:")
            return self.atom(self.take(), name.lower(), depth)
        return self.term(tok, field)

    def term(self, tok: _Tok, field: str | None) -> dict[str, Any]:
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QuerySyntaxError(f"more than {MAX_TERMS} terms")
        text = tok.text.strip()
        if not text:
            return {"match_none": {}} if tok.kind == "phrase" else {"match_all": {}}
        phrase = tok.kind == "phrase"
        if field is None:
            return {"multi_match": {"query": text, "fields": TEXT_FIELDS, "type": "phrase" if phrase else
                                    "best_fields", "operator": "and"}}
        target, kind = FIELDS[field]
        if kind == "keyword":
            return {"term": {target: text.upper()}}
        if phrase:
            return {"match_phrase": {target: text}}
        return {"match": {target: {"query": text, "operator": "and"}}}


def parse_query(q: str) -> dict[str, Any]:
    """The OpenSearch query for ``q``; raises :class:`QuerySyntaxError`."""
    return _Parser(q).parse()
