"""Hostile and broken input: pages that must end as a stored record with problems or one clear error."""

from __future__ import annotations

import json

import pytest

from foundation.errors import ParseError
from parsers import parse_content_item
from parsers.content_item import read_json as read_item
from warehouse.ingest import load_record
from warehouse.store import connect


def item(**overrides) -> dict:
    base = {
        "content_id": "0b5e7c1a-0000-4000-8000-00000000d005", "base_path": "/government/news/hostile",
        "title": "Funding for SEND places", "document_type": "press_release", "schema_name": "news_article",
        "locale": "en", "first_published_at": "2025-02-03T09:30:00Z", "public_updated_at": "2025-02-03T09:30:00Z",
        "details": {"body": "<p>The department will fund 300 new places.</p>"},
    }
    base.update(overrides)
    return base


def test_lone_surrogates_are_replaced_and_reported_so_the_page_can_be_stored(tmp_path):
    """D5: "\\ud800" is valid JSON; it used to make content_hash() raise UnicodeEncodeError."""
    raw = json.dumps(item(title="Funding \ud800 for SEND", details={"body": "<p>The department will fund \udfff 300 places.</p>"}))
    record = parse_content_item(json.loads(raw))
    assert record.title == "Funding \ufffd for SEND"
    assert any("surrogate" in p for p in record.problems)
    assert len(record.content_hash()) == 64
    with connect(tmp_path / "w.duckdb") as conn:
        assert load_record(conn, record, run_id=1, body_sha256=None).outcome == "new_document"


def test_a_valid_surrogate_pair_is_kept_as_its_character():
    record = parse_content_item(item(title="Funding \ud83d\ude00 for SEND"))
    assert record.title == "Funding \U0001F600 for SEND" and not record.problems


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_json_nested_past_any_real_page_is_a_parse_error_naming_the_page(depth):
    """D4: a body nested ~1,000 deep raised RecursionError and errored every run."""
    body = ('{"a":' * depth + "1" + "}" * depth).encode()
    with pytest.raises(ParseError, match=r"https://www.gov.uk/government/news/deep.*nested too deeply"):
        read_item(body, url="https://www.gov.uk/government/news/deep")


def test_a_body_that_is_not_json_is_a_parse_error_naming_the_page():
    with pytest.raises(ParseError, match=r"/government/news/broken: not JSON"):
        read_item(b"<html>oops</html>", url="https://www.gov.uk/government/news/broken")


def test_a_body_of_thousands_of_amounts_makes_a_record_linear_in_its_size():
    """D3: each figure copied its whole sentence: a 65 KB body of amounts made a 620 MB record."""
    import time

    amounts = ", ".join(f"£{n} million" for n in range(1, 4001))  # one 60 KB 'sentence' of 4,000 amounts
    started = time.monotonic()
    record = parse_content_item(item(details={"body": f"<p>The funding includes {amounts}.</p>"}))
    size = len(record.to_json())
    assert len(record.figures) >= 4000
    assert size < 40 * len(amounts), size  # bounded: a short context per figure, not the sentence
    assert all(len(f.sentence) <= 2 * 160 + len(f.text) + 2 for f in record.figures)
    assert len(record.content_hash()) == 64 and time.monotonic() - started < 30


def test_a_figure_in_a_long_sentence_keeps_the_words_around_it():
    long = "The department has confirmed " + "that councils will be supported " * 20 + "with £45 million this year."
    record = parse_content_item(item(details={"body": f"<p>{long}</p>"}))
    [money] = [f for f in record.figures if f.kind == "money"]
    assert money.sentence.startswith("…") and money.sentence.endswith("with £45 million this year.")
    short = parse_content_item(item())
    assert {f.sentence for f in short.figures} == {"The department will fund 300 new places."}


def test_a_quote_of_thousands_of_promises_keeps_its_figures_in_the_quote():
    """Past the substring-search budget, quote sentences are still found by their exact text."""
    quote = " ".join(f"We will fund {i} new school places in area {i}." for i in range(1, 1201))
    body = f"<p>Minister Jo Bloggs said:</p><blockquote><p>“{quote}”</p></blockquote>"
    record = parse_content_item(item(details={"body": body}))
    quantities = [f for f in record.figures if f.kind == "quantity"]
    assert len(record.commitments) == 1200 and len(quantities) >= 1200
    assert {f.section for f in quantities} == {"quote"}
