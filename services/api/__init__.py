"""The read API for downstream consumers."""
