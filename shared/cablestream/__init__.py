"""cablestream: shared code for the ingestion services (parsing, extraction, schema, clients)."""
