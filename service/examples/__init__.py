"""Complete example reports, one per official format, served by GET /api/v1/formats."""
