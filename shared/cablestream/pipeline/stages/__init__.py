"""The pipeline's stages as plain functions over a :class:`~cablestream.infra.wiring.Wiring`.

Celery tasks in ``services/`` are thin shells around these; each stage is idempotent.
"""
