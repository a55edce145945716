"""The portal HTML of a report: a standalone page, or a fragment for a CMS editor."""

from service.html.writer import fragment, page

__all__ = ["fragment", "page"]
