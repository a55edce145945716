"""gov-report-docx: report JSON in, the official 政府信息公开工作年度报告 .docx out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from service.http.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    """Import the Flask app factory on first use only: the docx layer and CLI need no Flask."""
    if name == "create_app":
        from service.http.app import create_app

        return create_app
    raise AttributeError(name)
