"""Hostile HTML bodies: deep nesting must parse, with a problem noted, in linear time (issue 9, D4)."""

from __future__ import annotations

import time

import pytest

from parsers import parse_content_item
from parsers.announcement import parse_html


def item(body: str) -> dict:
    return {
        "content_id": "0b5e7c1a-0000-4000-8000-00000000d009", "base_path": "/government/news/deep",
        "title": "Funding for SEND places", "document_type": "press_release", "schema_name": "news_article",
        "locale": "en", "first_published_at": "2025-02-03T09:30:00Z", "public_updated_at": "2025-02-03T09:30:00Z",
        "details": {"body": body},
    }


def nested(open_tag: str, close_tag: str, depth: int, inner: str) -> str:
    return open_tag * depth + inner + close_tag * depth


_SHAPES = {
    "div": ("<div>", "</div>"),
    "blockquote": ("<blockquote>", "</blockquote>"),
    "list": ("<ul><li>", "</li></ul>"),
    "span": ("<span>", "</span>"),
    "strong-in-p": ("<strong>", "</strong>"),
}


@pytest.mark.parametrize("depth", [500, 5_000])
@pytest.mark.parametrize("shape", sorted(_SHAPES))
def test_a_deeply_nested_body_parses_with_a_problem_in_under_a_second(shape, depth):
    open_tag, close_tag = _SHAPES[shape]
    inner = "The department will publish a new plan in March 2026." if shape == "strong-in-p" else \
        "<p>The department will publish a new plan in March 2026.</p>"
    deep = nested(open_tag, close_tag, depth, inner)
    if shape == "strong-in-p":
        deep = f"<p>{deep}</p>"
    body = f"<p>The department will fund 300 new places.</p>{deep}<p>We will also train 400 teachers.</p>"
    start = time.process_time()
    record = parse_content_item(item(body))
    assert time.process_time() - start < 1.0
    assert any("nested" in p for p in record.problems)
    text = " ".join(c.text for c in record.commitments)
    assert "fund 300 new places" in text and "train 400 teachers" in text
    assert "publish a new plan" in text  # the deep text is kept, not dropped


def test_a_deeply_nested_rendered_page_parses():
    html = "<html><body>" + nested("<div>", "</div>", 5_000, "<p>The department will fund 300 places.</p>") + \
        "</body></html>"
    record = parse_html(html)
    assert any("nested" in p for p in record.problems)
    assert any("fund 300 places" in c.text for c in record.commitments)


def test_ordinary_nesting_notes_no_problem():
    body = "<div><blockquote><p>“We will fund 300 places,” said the minister.</p></blockquote>" \
        "<ul><li>one<ul><li>two</li></ul></li></ul></div>"
    assert not parse_content_item(item(body)).problems
