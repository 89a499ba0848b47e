"""The registry of formats: adding a format is one line here."""

from __future__ import annotations

from functools import cache

from cablestream.parsing.base import Format


@cache
def formats() -> tuple[Format, ...]:
    # Imported here so that container formats can recurse through the dispatcher without a cycle.
    from cablestream.parsing.formats.html2010 import Html2010Format
    from cablestream.parsing.formats.html2011 import Html2011Format
    from cablestream.parsing.formats.text import TextFormat

    return (TextFormat(), Html2010Format(), Html2011Format())
