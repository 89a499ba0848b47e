"""Clients and wiring: object storage, the broker and its routes, the I/O pool, and what every worker
process builds at start."""
