"""The extractor's version, apart from the model stack so that reading it costs no spaCy import.

Bump it when rules or the model change what is found: records of another version are stale
(``cablestream reextract``), and data failures of another version may be retried.
"""

EXTRACTOR_VERSION = "2.13.0"
