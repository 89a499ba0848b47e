"""Continuous feeds: a watched directory and a MinIO bucket, each turning every new file into one job.

Both go through :func:`cablestream.feeds.submit.submit`, which is at least once (a file is marked done
only after its job exists and its parse message was sent) and de-duplicated by content hash through a
per-feed :class:`~cablestream.feeds.ledger.Ledger`, so each file takes effect exactly once even when the
feed is killed and restarted at any point.  Both pause while the parse backlog is above a bound
(:mod:`cablestream.feeds.backpressure`).
"""
