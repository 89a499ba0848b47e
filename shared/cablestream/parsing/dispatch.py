"""The scoring dispatcher: ask every registered format how well it matches, use the best."""

from __future__ import annotations

from collections.abc import Iterator

from cablestream.parsing.base import Format, Input, NoCableFound, Outcome, ParseError, ParseFailure, UnknownFormat
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
    """Parse any input that holds cables; never raises: failures are yielded as ``ParseFailure``."""
    yield from parse_input(Input(data=data, name=name, sha256=sha256))


def parse_input(item: Input) -> Iterator[Outcome]:
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
