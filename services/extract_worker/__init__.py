"""The extract worker: consumes queue ``extract``.

Run: ``celery -A services.extract_worker.tasks worker -Q extract``.
"""
