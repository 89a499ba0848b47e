"""The upload service: streams files into object storage by content hash and enqueues their parsing."""
