"""Entity extraction: structure (TAGS, routing, signer, REF) plus spaCy NER over the clean body text.

Pure code: no I/O beyond the packaged reference tables and the model, each loaded once per process.
Entry points: :func:`extract_entities` (one cable) and :func:`extract_many` (a stream, batched ``nlp.pipe``).
They are imported on first use, so that reading :data:`EXTRACTOR_VERSION` (the API, the failure store)
does not load spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cablestream.extraction.version import EXTRACTOR_VERSION

if TYPE_CHECKING:
    from cablestream.extraction.model import ModelUnavailable
    from cablestream.extraction.pipeline import extract_entities, extract_many

_LAZY = {"extract_entities": "pipeline", "extract_many": "pipeline", "ModelUnavailable": "model"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)


__all__ = ["EXTRACTOR_VERSION", "ModelUnavailable", "extract_entities", "extract_many"]
