"""API v1 views: one view per operation, one module per resource."""
