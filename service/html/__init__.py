"""The portal HTML of a report: a standalone page, or a fragment for a CMS editor."""

from service.html.write.page import fragment, page

__all__ = ["fragment", "page"]
