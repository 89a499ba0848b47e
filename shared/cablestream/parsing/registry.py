"""The registry of formats: adding a format is one line here."""

from __future__ import annotations

from functools import cache

from cablestream.parsing.base import Format


@cache
def formats() -> tuple[Format, ...]:
    # Imported here so that container formats can recurse through the dispatcher without a cycle.
    from cablestream.parsing.formats.csv import CsvFormat
    from cablestream.parsing.formats.gzip import GzipFormat
    from cablestream.parsing.formats.html2010 import Html2010Format
    from cablestream.parsing.formats.html2011 import Html2011Format
    from cablestream.parsing.formats.tar import TarFormat
    from cablestream.parsing.formats.text import TextFormat
    from cablestream.parsing.formats.zip import ZipFormat

    return (TextFormat(), Html2010Format(), Html2011Format(), CsvFormat(), ZipFormat(), TarFormat(), GzipFormat())
