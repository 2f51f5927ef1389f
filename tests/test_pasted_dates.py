"""Date phrases of pasted releases: academic-year lists, 'the new year', durations, a dated 'today'."""

import pytest

from parsers import parse_text
from parsers.dates import find_dates


def ranges(text: str, published: str | None = "2024-11-20") -> list[tuple[str | None, str | None]]:
    return [(d.start, d.end) for d in find_dates(text, published=published)]


@pytest.mark.parametrize(("text", "expected"), [
    ("to fund 300 more places across the 2025 and 2026 academic years",
     [("2025-09-01", "2026-08-31"), ("2026-09-01", "2027-08-31")]),
    ("for pupils in the 2026 academic year", [("2026-09-01", "2027-08-31")]),
    ("new places for academic years 2025/26 and 2026/27",
     [("2025-09-01", "2026-08-31"), ("2026-09-01", "2027-08-31")]),
    ("in 2025 and 2026 the department will fund", [("2025-01-01", "2025-12-31"), ("2026-01-01", "2026-12-31")]),
])
def test_years_named_as_academic_years(text, expected):
    assert ranges(text) == expected


@pytest.mark.parametrize("text", ["We will publish the strategy early in the new year.",
                                  "The strategy will follow in the new year."])
def test_the_new_year_is_the_first_quarter_after_publication(text):
    assert ranges(text) == [("2025-01-01", "2025-03-31")]


@pytest.mark.parametrize("text", ["councils will share £90 million over the next two years",
                                  "over the next three years we will build 20 schools"])
def test_over_the_next_years_is_a_duration(text):
    assert ranges(text) == []


def test_a_weekday_dated_day_anchors_a_page_without_a_date_line():
    text = ("Funding for respite care confirmed\n\n"
            "The minister met parent carers on Tuesday 14 January, where she confirmed £12 million "
            "for respite care in 2025 to 2026.\n\n"
            "The department will also publish new guidance this year.\n")
    record = parse_text(text)
    assert record.first_published_at == "2025-01-14"
    [guidance] = [c for c in record.commitments if "guidance" in c.text]
    assert [(d.start, d.end) for d in guidance.dates] == [("2025-01-01", "2025-12-31")]


def test_a_dated_today_anchors_today_and_this_year():
    text = ("Respite care funding\n\n"
            "The department has today (Wednesday 4 June) announced £8 million for respite care, "
            "on top of the £20 million provided in 2024 to 2025.\n\n"
            "Councils will receive their allocations this year.\n")
    record = parse_text(text)
    assert record.first_published_at == "2025-06-04"
    [receive] = [c for c in record.commitments if "allocations" in c.text]
    assert [(d.start, d.end) for d in receive.dates] == [("2025-01-01", "2025-12-31")]
