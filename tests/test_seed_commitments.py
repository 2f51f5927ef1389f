"""The user's seed release as a golden test of commitments and figures.

The seed (tests/fixtures/send-nao-response-2024.txt) was published on 24 October 2024 at
00:01; pasted text carries no date, so the test passes it as metadata.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from parsers import parse_content_item, parse_text
from parsers.commitments import commitment_key, extract_commitments
from parsers.record import Commitment, DateRef, Figure, Quantity, Quote, Section, SectionItem

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = FIXTURES / "send-nao-response-2024.txt"
SEED_ITEM = FIXTURES / "govuk" / "send-nao-response" / "content.json"
PUBLISHED = "2024-10-24T00:01:00+01:00"
BG = "On background"

NELI = (
    "In July 2024, this Government announced that funded support for the 11,100 schools registered for the "
    "Nuffield Early Language Intervention (NELI) programme would continue for 2024-25 to help pupils who need "
    "extra support with their speech and language development find their voice."
)
DBV_REPORT = (
    "On Thursday 24th October, we are also publishing an independently commissioned insights report from the "
    "Delivering Better Value programme which provides dedicated support and funding to over 50 local authorities "
    "– chosen based on those facing particular financial challenges."
)
RESTRUCTURE = (
    "To ensure that improving inclusion in mainstream schools is the heart of our plans to improve opportunity "
    "for those children with SEND, the Secretary of State has restructured the Department for Education so that "
    "SEND and Alternative Provision policy comes under the responsibility of the Schools Group."
)
SECTOR = (
    "The Department for Education will work with the sector as essential and valued partners to ensure our "
    "approach is fully planned and delivered in concert with parents, schools, councils, and other people who "
    "work with children."
)
QUOTE_CLAUSE = (
    "with a greater focus on mainstream provision and more early intervention, we will deliver the change that "
    "is so desperately needed."
)


def _c(position: int, text: str, actor: str, action: str, modality: str, firmness: str, status: str,
       section: str = BG, **figures) -> Commitment:
    return Commitment(key=commitment_key(text), text=text, actor=actor, action=action, modality=modality,
                      firmness=firmness, status=status, section=section, position=position, **figures)


EXPECTED = (
    _c(0, QUOTE_CLAUSE, "the Government", "deliver the change that is so desperately needed", "will", "firm",
       "planned", "quote"),  # the seed names only a role: no speaker
    _c(1, "The Department for Education will strengthen accountability on mainstream settings to be inclusive "
          "including through Ofsted", "Department for Education",
       "strengthen accountability on mainstream settings to be inclusive", "will", "firm", "planned",
       programmes=("Ofsted",)),
    _c(2, "The Department for Education will support the mainstream workforce to increase their SEND expertise",
       "Department for Education", "support the mainstream workforce to increase their SEND expertise", "will",
       "firm", "planned"),
    _c(3, "The Department for Education will encourage schools to set up Resourced Provision or SEN units to "
          "increase capacity in mainstream schools", "Department for Education",
       "encourage schools to set up Resourced Provision or SEN units to increase capacity in mainstream schools",
       "will", "firm", "planned"),
    _c(4, "Work has already started with increased training for early years providers to identify and support "
          "children with SEND earlier.", "Department for Education",
       "started with increased training for early years providers to identify and support children with SEND "
       "earlier", "has", "done", "ongoing"),
    _c(5, NELI, "the Government",
       "announced that funded support for the 11,100 schools registered for the Nuffield Early Language "
       "Intervention (NELI) programme would continue", "announced", "done", "ongoing",
       quantities=(Quantity("11,100 schools", 11_100.0, "schools"),),
       dates=(DateRef("July 2024", "2024-07-01", "2024-07-31", "month"),
              DateRef("2024-25", "2024-04-01", "2025-03-31", "financial_year")),
       programmes=("Nuffield Early Language Intervention",)),
    _c(6, "The Curriculum and Assessment Review will look at the barriers which hold children and young people "
          "back from the best life chances – including those with SEND.", "Curriculum and Assessment Review",
       "look at the barriers", "will", "firm", "planned", programmes=("Curriculum and Assessment Review",)),
    _c(7, RESTRUCTURE, "the Secretary of State", "restructured the Department for Education", "has", "done", "done",
       programmes=("Schools Group",)),
    _c(8, SECTOR, "Department for Education",
       "work with the sector as essential and valued partners to ensure our approach is fully planned and "
       "delivered in concert", "will", "firm", "planned"),
    _c(9, DBV_REPORT, "the Government",
       "publishing an independently commissioned insights report from the Delivering Better Value programme",
       "are", "firm", "ongoing",
       quantities=(Quantity("over 50 local authorities", 50.0, "local authorities", "over"),),
       dates=(DateRef("Thursday 24th October", "2024-10-24", "2024-10-24", "date"),),
       programmes=("Delivering Better Value",)),
    _c(10, "We are also publishing a toolkit to help other local areas to learn from the experience of those on "
           "the DBV programme.", "the Government",
       "publishing a toolkit to help other local areas to learn from the experience of those on the DBV programme",
       "are", "firm", "ongoing", programmes=("Delivering Better Value",)),
)

EXPECTED_FIGURES = (
    Figure("date", "July 2024", None, "month", NELI, BG),
    Figure("quantity", "11,100 schools", 11_100.0, "schools", NELI, BG),
    Figure("date", "2024-25", None, "financial_year", NELI, BG),
    Figure("date", "Thursday 24th October", None, "date", DBV_REPORT, BG),
    Figure("quantity", "over 50 local authorities", 50.0, "local authorities", DBV_REPORT, BG),
)


def _seed_record():
    return parse_text(SEED.read_text(encoding="utf-8"), meta={"first_published_at": PUBLISHED})


def test_seed_commitments_are_exactly_the_expected_records():
    assert _seed_record().commitments == EXPECTED


def test_seed_figures_are_every_number_and_date_in_the_body():
    assert _seed_record().figures == EXPECTED_FIGURES


def test_seed_has_no_commitment_from_lead_ins_opinions_or_descriptions():
    texts = " ".join(c.text for c in _seed_record().commitments)
    for phrase in ("said:", "NAO's report exposes", "deserves", "far too few", "I am determined",
                   "no more sticking plaster", "will take time"):
        assert phrase not in texts


def test_seed_content_item_gives_the_same_commitments_with_the_named_speaker():
    record = parse_content_item(json.loads(SEED_ITEM.read_text(encoding="utf-8")))
    expected = tuple(
        dataclasses.replace(c, speaker="Bridget Phillipson") if c.section == "quote" else c for c in EXPECTED
    )
    assert record.commitments == expected


def test_seed_quote_given_only_as_a_quote_is_reported_last_and_once():
    """Hand-built: the body without the quote paragraphs; the quote reaches us only as a Quote."""
    background = [i.text for s in _seed_record().sections if s.kind == "background" for i in s.items]
    paragraphs = _seed_record().quotes[0].paragraphs
    sections = (Section(BG, "background", tuple(SectionItem(t, "bullet") for t in background)),)
    quote = Quote(None, "Education Secretary", "\n\n".join(paragraphs), paragraphs, 1, "Education Secretary said:")
    found = extract_commitments(sections, (quote,), published=PUBLISHED)
    body = tuple(dataclasses.replace(c, position=c.position - 1) for c in EXPECTED[1:])
    assert found == body + (dataclasses.replace(EXPECTED[0], position=10),)
