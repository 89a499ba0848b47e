"""API keys with scopes: stored hashed in Redis, checked on every request but health and docs."""
