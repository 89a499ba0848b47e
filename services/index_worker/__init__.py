"""The index worker: consumes queue ``index``.  Run: ``celery -A services.index_worker.tasks worker -Q index``."""
