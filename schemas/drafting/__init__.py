"""Drafting a report from another: next year's report from last year's."""
