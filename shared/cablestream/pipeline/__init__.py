"""The pipeline: typed messages, the one lifecycle every stage task runs through, the stages, and the
entrances (ingest, reextract, retries) that put work on it."""
