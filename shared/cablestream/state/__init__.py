"""What the system knows about its work, kept in Redis: jobs, failure records, the change feed and
throughput counters."""
