"""The parse worker: consumes queue ``parse``.  Run: ``celery -A services.parse_worker.tasks worker -Q parse``."""
