"""Pure parsing: bytes in, cable records out.  No I/O beyond reading the bytes or the file given (and a
temporary file for what a large gzip inflates to).

Entry points: :func:`cablestream.parsing.dispatch.parse_bytes`, and ``parse_file`` for a large input in a
file (read from it, not held).
"""

from cablestream.parsing.base import PARSER_VERSION, Outcome, ParseError, ParseFailure
from cablestream.parsing.dispatch import parse_bytes, parse_file

__all__ = ["PARSER_VERSION", "Outcome", "ParseError", "ParseFailure", "parse_bytes", "parse_file"]
