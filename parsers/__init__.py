"""Parsers: GOV.UK announcements (Content API JSON, HTML, pasted text) to Announcement records."""

from parsers.announcement import parse_content_item, parse_document, parse_html, parse_text
from parsers.render import render_text

__all__ = ["parse_content_item", "parse_document", "parse_html", "parse_text", "render_text"]
