"""Feed service: a watched directory or a MinIO bucket, ingested continuously (cablestream.feeds)."""
