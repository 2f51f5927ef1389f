"""The user's seed release (send-nao-response-2024.txt), as pasted text and as a Content API item."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parsers import parse_content_item, parse_document, parse_text
from parsers.record import Section, SectionItem

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = FIXTURES / "send-nao-response-2024.txt"
SEED_ITEM = FIXTURES / "govuk" / "send-nao-response" / "content.json"

BACKGROUND_ITEMS = (
    "The Department for Education will strengthen accountability on mainstream settings to be inclusive "
    "including through Ofsted, support the mainstream workforce to increase their SEND expertise, and encourage "
    "schools to set up Resourced Provision or SEN units to increase capacity in mainstream schools.",
    "Work has already started with increased training for early years providers to identify and support "
    "children with SEND earlier. In July 2024, this Government announced that funded support for the 11,100 "
    "schools registered for the Nuffield Early Language Intervention (NELI) programme would continue for 2024-25 "
    "to help pupils who need extra support with their speech and language development find their voice.",
    "The Curriculum and Assessment Review will look at the barriers which hold children and young people back "
    "from the best life chances – including those with SEND.",
    "To ensure that improving inclusion in mainstream schools is the heart of our plans to improve opportunity "
    "for those children with SEND, the Secretary of State has restructured the Department for Education so that "
    "SEND and Alternative Provision policy comes under the responsibility of the Schools Group.",
    "The Department for Education will work with the sector as essential and valued partners to ensure our "
    "approach is fully planned and delivered in concert with parents, schools, councils, and other people who "
    "work with children.",
    "On Thursday 24th October, we are also publishing an independently commissioned insights report from the "
    "Delivering Better Value programme which provides dedicated support and funding to over 50 local authorities "
    "– chosen based on those facing particular financial challenges. We are also publishing a toolkit to help "
    "other local areas to learn from the experience of those on the DBV programme.",
)
EXPECTED_BACKGROUND = Section("On background", "background", tuple(SectionItem(t, "bullet") for t in BACKGROUND_ITEMS))
QUOTE_MARKS = set("“”‘’\"")


def _seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def _assert_seed_quote(quote, speaker: str | None) -> None:
    assert (quote.speaker, quote.role) == (speaker, "Education Secretary")
    assert len(quote.paragraphs) == 3
    assert quote.text == "\n\n".join(quote.paragraphs)
    assert quote.text.startswith("The NAO's report exposes a system")
    assert quote.paragraphs[1].startswith("Every child and young person deserves")
    assert quote.text.endswith("we will deliver the change that is so desperately needed.")
    assert not QUOTE_MARKS & set(quote.text)


def test_parse_seed_text_gives_one_quote_by_role():
    record = parse_text(_seed_text())
    assert len(record.quotes) == 1
    _assert_seed_quote(record.quotes[0], None)
    assert record.quotes[0].lead_in == "Education Secretary said:"
    assert record.quotes[0].position == 1  # the block after the lead-in
    assert record.source_format == "text"
    assert record.problems == ()


def test_parse_seed_text_names_the_speaker_from_meta_people():
    record = parse_text(_seed_text(), meta={"people": ["Bridget Phillipson"]})
    assert len(record.quotes) == 1
    _assert_seed_quote(record.quotes[0], "Bridget Phillipson")


def test_parse_seed_text_background_has_six_normalised_items():
    record = parse_text(_seed_text())
    background = [s for s in record.sections if s.kind == "background"]
    assert background == [EXPECTED_BACKGROUND]
    # the bare "-" line joined to the lines after it
    assert background[0].items[2].text.startswith("The Curriculum and Assessment Review will look at the barriers")
    assert background[0].items[2].text.endswith("including those with SEND.")


def test_parse_seed_text_keeps_the_quote_in_the_body_section():
    record = parse_text(_seed_text())
    body = record.sections[0]
    assert (body.heading, body.kind) == (None, "body")
    assert [i.text[:30] for i in body.items] == [
        "Education Secretary said:",
        "“The NAO's report exposes a sy",
        "“Every child and young person ",
        "“I am determined to rebuild fa",
    ]
    assert [s.heading for s in record.sections] == [None, "On background"]


@pytest.mark.parametrize("via", ["parse_content_item", "parse_document"])
def test_parse_seed_content_item_gives_the_same_quote_and_background(via):
    raw = SEED_ITEM.read_bytes()
    record = parse_content_item(json.loads(raw)) if via == "parse_content_item" else parse_document(raw, name="seed")
    assert len(record.quotes) == 1
    _assert_seed_quote(record.quotes[0], "Bridget Phillipson")
    assert record.quotes[0].lead_in == "Education Secretary Bridget Phillipson said:"
    assert [s for s in record.sections if s.kind == "background"] == [EXPECTED_BACKGROUND]
    assert record.source_format == "content_api"
    assert record.problems == ()


def test_parse_seed_text_and_content_item_agree_on_quote_text_and_sections():
    text_record = parse_text(_seed_text(), meta={"people": ["Bridget Phillipson"]})
    item_record = parse_content_item(json.loads(SEED_ITEM.read_text(encoding="utf-8")))
    assert text_record.quotes[0].paragraphs == item_record.quotes[0].paragraphs
    assert text_record.sections[1:] == item_record.sections[1:]
