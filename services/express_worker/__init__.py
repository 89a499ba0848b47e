"""The express worker: consumes queues ``parse-express`` and ``index-express``.

Run: ``celery -A services.express_worker.tasks worker -Q parse-express,index-express``.
"""
