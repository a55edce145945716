"""Writing the portal HTML of a report: a standalone page or a fragment."""
