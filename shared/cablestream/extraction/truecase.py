"""Re-case all-caps telegrams so the NER model (trained on mixed case) can read them.

Lower-case the text, tag it, and capitalise what the tagger calls a proper noun; short proper nouns and dotted
abbreviations go back to capitals (``OAS``, ``U.S.``); a word capitalised once is capitalised everywhere, so
``noriega`` tagged as a common noun in one sentence still reads ``Noriega``.  The output has exactly the input's
length, so offsets carry over unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from cablestream.extraction import model

_PROPER = {"NNP", "NNPS"}


def _recase(doc: Doc) -> str:
    proper = {tok.lower_ for tok in doc if tok.tag_ in _PROPER and tok.is_alpha}
    out: list[str] = []
    sentence_start = True
    for tok in doc:
        word = tok.text
        if tok.lower_ in proper or "." in word.strip("."):
            word = word.upper() if len(word) <= 3 or "." in word.strip(".") else word.capitalize()
        elif sentence_start and tok.is_alpha:
            word = word.capitalize()
        out.append(word + tok.whitespace_)
        if not tok.is_space:
            sentence_start = tok.text in (".", "?", "!") or tok.text.endswith(("\n",))
    return "".join(out)


def truecase_many(texts: Iterable[str]) -> Iterator[str]:
    lowered = [t.lower() for t in texts]
    if not lowered:
        return
    tagger = model.tagger()
    recased = [""] * len(lowered)
    with tagger.memory_zone():  # the tagger's own string store; see pipeline.ZONE_CABLES
        for batch in model.budgeted(lowered, model.BATCH_CHARS):
            for i, doc in zip(batch, tagger.pipe([lowered[i] for i in batch], batch_size=len(batch)), strict=True):
                recased[i] = _recase(doc)
    yield from recased
