"""The scoring dispatcher: ask every registered format how well it matches, use the best."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from typing import BinaryIO

from cablestream.parsing.base import (
    Format,
    Input,
    NoCableFound,
    Outcome,
    ParseError,
    ParseFailure,
    UnknownFormat,
)
from cablestream.parsing.registry import formats

MIN_SCORE = 0.2  # below this, a guess is worse than an honest "unknown format"


def choose(item: Input) -> Format:
    """The best-matching format for the bytes, or :class:`UnknownFormat`."""
    scored = [(fmt.match(item), fmt) for fmt in formats()]
    score, best = max(scored, key=lambda pair: pair[0])
    if score < MIN_SCORE:
        raise UnknownFormat(f"no known cable format recognises {item.name or 'the input'!r}")
    return best


def parse_bytes(data: bytes, name: str | None = None, sha256: str | None = None) -> Iterator[Outcome]:
    """Parse any input that holds cables; never raises: failures are yielded as ``ParseFailure``.

    ``source.index`` (and a failure's ``index``) number the outcomes of the input in order, so a cable
    inside an archive or a CSV is found again by (sha256, index).
    """
    try:
        digest = sha256 or hashlib.sha256(data).hexdigest()
    except TypeError:  # not bytes at all: report, never raise
        yield ParseFailure("UnknownFormat", "input is not bytes", name, 0)
        return
    for index, outcome in enumerate(parse_input(Input(data=data, name=name, sha256=digest))):
        yield _numbered(outcome, index)


def parse_file(file: BinaryIO, name: str | None = None, sha256: str | None = None) -> Iterator[Outcome]:
    """:func:`parse_bytes` for an input in a seekable binary file (a stored archive of a gigabyte): the
    containers read it one member at a time, so it is never held whole.  The file stays the caller's
    (open, at any position) and must stay open while the outcomes are consumed."""
    digest = sha256 or _sha256_of(file)
    for index, outcome in enumerate(parse_input(Input(name=name, sha256=digest, file=file))):
        yield _numbered(outcome, index)


def _sha256_of(file: BinaryIO) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    while chunk := file.read(1024 * 1024):
        digest.update(chunk)
    return digest.hexdigest()


def _numbered(outcome: Outcome, index: int) -> Outcome:
    if isinstance(outcome, ParseFailure):
        return dataclasses.replace(outcome, index=index)
    return outcome.model_copy(update={"source": outcome.source.model_copy(update={"index": index})})


def parse_input(item: Input) -> Iterator[Outcome]:
    """Parse through the best format; containers call this again for each member (``item.depth`` + 1)."""
    found = False
    try:
        for outcome in choose(item).parse(item):
            found = True
            yield outcome
        if not found:
            raise NoCableFound(f"{item.name or 'the input'} holds no cable")
    except ParseError as err:
        yield ParseFailure.from_error(err, item.name, 0)
    except Exception as err:  # a parser bug must not kill the worker: report it as data failure
        yield ParseFailure("ParserBug", f"{type(err).__name__}: {err}", item.name, 0)
