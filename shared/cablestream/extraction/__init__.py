"""Entity extraction: structure (TAGS, routing, signer, REF) plus spaCy NER over the clean body text.

Pure code: no I/O beyond the packaged reference tables and the model, each loaded once per process.
Entry points: :func:`extract_entities` (one cable) and :func:`extract_many` (a stream, batched ``nlp.pipe``).
"""

from cablestream.extraction.model import ModelUnavailable
from cablestream.extraction.pipeline import EXTRACTOR_VERSION, extract_entities, extract_many

__all__ = ["EXTRACTOR_VERSION", "ModelUnavailable", "extract_entities", "extract_many"]
