"""OpenSearch: the versioned index behind an alias, bulk upserts, and query building."""
