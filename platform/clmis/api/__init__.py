"""API conventions shared by every endpoint: pagination, errors, the /me/ endpoint (docs/api.md)."""
