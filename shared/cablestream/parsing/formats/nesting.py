"""How deep a page nests its elements, measured by one linear scan before the HTML parser builds its tree.

The tree builder walks the stack of open elements at every block start tag (to close an open ``<p>``), so
the cost of a page is its tags times its depth: a page of a million unclosed ``<div>`` or ``<pre>`` took
hours in a worker that nothing stops.  Browsers cap the depth for the same reason (Chromium at 512); a
cable page of the viewer nests about 20 deep.  The scan follows the tree builder closely enough to be an
upper bound for what it builds: elements that close themselves (``<p>``, ``<li>``, ``<td>``...) and void
elements never count, an end tag closes what was opened since its start tag, and the text of comments and
raw-text elements (``<script>``) holds no tags.
"""

from __future__ import annotations

import re
from collections import Counter

from cablestream.parsing.base import ParseError

MAX_DEPTH = 512  # as Chromium's parser; the deepest page of the corpus nests 7

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)|<!--")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr", "basefont", "bgsound", "frame", "keygen", "image"})
# closed by the next of their kind (or their parent's end): a page of them is wide, not deep
_SIBLINGS = frozenset({"p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
                       "rb", "rt", "rp", "rtc", "colgroup", "caption"})
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"})


class TooDeeplyNested(ParseError):
    """A page whose elements nest deeper than :data:`MAX_DEPTH`: no cable page does."""


def check_nesting(page: str, name: str | None, limit: int = MAX_DEPTH) -> None:
    """Raise :class:`TooDeeplyNested` once the open elements of ``page`` run deeper than ``limit``."""
    # Every open element took a ``<``: a page with no more of them than the limit cannot nest deeper, and
    # counting them is a C loop, where the scan is ~15% of parsing a cable page.
    if page.count("<") <= limit:
        return
    if nesting_depth(page, limit) > limit:
        raise TooDeeplyNested(f"{name or 'page'}: elements nested more than {limit} deep")


def nesting_depth(page: str, limit: int = MAX_DEPTH) -> int:
    """The deepest stack of open elements seen, counted up to ``limit`` + 1 (the scan stops there)."""
    stack: list[str] = []
    opened: Counter[str] = Counter()
    deepest, pos = 0, 0
    while (m := _TAG.search(page, pos)) is not None:
        pos = m.end()
        if m.group(2) is None:  # a comment: skip to its end (an unclosed one runs to the end of the page)
            pos = _after(page, "-->", pos)
            continue
        tag = m.group(2).lower()
        if m.group(1):
            _close(stack, opened, tag)
        elif tag in _RAW_TEXT:
            pos = _after_raw_text(page, tag, pos)
        elif tag == "plaintext":  # everything after it is text
            break
        elif tag not in _VOID and tag not in _SIBLINGS:
            stack.append(tag)
            opened[tag] += 1
            deepest = max(deepest, len(stack))
            if deepest > limit:
                break
    return deepest


def _close(stack: list[str], opened: Counter[str], tag: str) -> None:
    """An end tag closes its element and everything opened inside it; one with no start tag, nothing."""
    if not opened[tag]:
        return
    while stack:
        top = stack.pop()
        opened[top] -= 1
        if top == tag:
            return


def _after(page: str, end: str, pos: int) -> int:
    found = page.find(end, pos)
    return len(page) if found == -1 else found + len(end)


def _after_raw_text(page: str, tag: str, pos: int) -> int:
    m = re.compile(rf"</{tag}\b", re.IGNORECASE).search(page, pos)  # re caches the few patterns
    return len(page) if m is None else m.end()
