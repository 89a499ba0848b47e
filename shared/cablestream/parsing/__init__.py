"""Pure parsing: bytes in, cable records out.  No I/O beyond the bytes given.

Entry point: :func:`cablestream.parsing.dispatch.parse_bytes`.
"""

from cablestream.parsing.base import PARSER_VERSION, Outcome, ParseError, ParseFailure
from cablestream.parsing.dispatch import parse_bytes

__all__ = ["PARSER_VERSION", "Outcome", "ParseError", "ParseFailure", "parse_bytes"]
