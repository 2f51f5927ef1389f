"""Parsers: GOV.UK announcements (Content API JSON, HTML, pasted text) to Announcement records."""

from __future__ import annotations

from typing import TYPE_CHECKING

from foundation.lazy import lazy_exports

if TYPE_CHECKING:
    from parsers.announcement import parse_content_item, parse_document, parse_html, parse_text
    from parsers.render import render_text

# Loaded on first use: the parser compiles its patterns on import (about a second), which a run
# that fetches nothing, or a module that only needs `parsers.record`, should not pay for.
_EXPORTS = {"parse_content_item": "parsers.announcement", "parse_document": "parsers.announcement",
            "parse_html": "parsers.announcement", "parse_text": "parsers.announcement",
            "render_text": "parsers.render"}
__all__ = sorted(_EXPORTS)


__getattr__ = lazy_exports("parsers", _EXPORTS, globals())
