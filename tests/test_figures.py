"""Specifications for sentences, money, quantities, dates, programmes and body figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers.commitments import extract_commitments
from parsers.figures import extract_figures, find_dates, find_money, find_quantities
from parsers.programmes import find_programmes, learn_abbreviations
from parsers.record import DateRef, Figure, Money, Programme, Quantity, Section, SectionItem
from parsers.sentences import split_sentences

PUBLISHED = "2024-10-24T00:01:00+01:00"


# Sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Ali spoke. We will act.", ["Dr. Ali spoke.", "We will act."]),
        ("Support, e.g. Ofsted visits, will grow. Then more.", ["Support, e.g. Ofsted visits, will grow.", "Then more."]),
        ("The fund is £1.6bn for 2024-25. It starts now.", ["The fund is £1.6bn for 2024-25.", "It starts now."]),
        ("No. 10 agreed. Schools did too.", ["No. 10 agreed.", "Schools did too."]),
        ("“We will act.” She left.", ["“We will act.”", "She left."]),
        ("J. Smith leads the review.", ["J. Smith leads the review."]),
        ("A line\nbroken  across\tspace.", ["A line broken across space."]),
        ("First paragraph.\n\nsecond paragraph", ["First paragraph.", "second paragraph"]),
    ],
)
def test_split_sentences_handles_abbreviations_numbers_and_quotes(text, expected):
    assert split_sentences(text) == expected


def test_split_sentences_splits_full_clauses_at_semicolons():
    text = "We will fund 500 places in special schools; the department will publish guidance next year."
    assert split_sentences(text) == [
        "We will fund 500 places in special schools",
        "the department will publish guidance next year.",
    ]


def test_split_sentences_keeps_semicolon_lists_together():
    text = "We will work with parents; schools; councils; and charities."
    assert split_sentences(text) == [text]


# Money


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("£740 million", Money("£740 million", 740_000_000.0)),
        ("£1.6bn", Money("£1.6bn", 1_600_000_000.0)),
        ("£2.3m", Money("£2.3m", 2_300_000.0)),
        ("nearly £60 million", Money("nearly £60 million", 60_000_000.0, "nearly")),
        ("£1 billion", Money("£1 billion", 1_000_000_000.0)),
        ("£13m", Money("£13m", 13_000_000.0)),
        ("£500,000", Money("£500,000", 500_000.0)),
        ("£2,000 per pupil", Money("£2,000", 2_000.0, None, "per pupil")),
        ("up to £50 million", Money("up to £50 million", 50_000_000.0, "up to")),
        ("over £1 billion a year", Money("over £1 billion", 1_000_000_000.0, "over", "a year")),
        ("an extra £1bn each year", Money("an extra £1bn", 1_000_000_000.0, "an extra", "each year")),
        ("£740 million in 2025 to 2026", Money("£740 million", 740_000_000.0, None, "2025 to 2026")),
        ("£1bn for 2024-25", Money("£1bn", 1_000_000_000.0, None, "2024-25")),
        ("£3bn over three years", Money("£3bn", 3_000_000_000.0, None, "over three years")),
        ("£2,000 per pupil per year", Money("£2,000", 2_000.0, None, "per pupil per year")),
        ("£2.6 billion between 2022 and 2025", Money("£2.6 billion", 2_600_000_000.0, None, "between 2022 and 2025")),
        ("£5 more", Money("£5", 5.0)),
    ],
)
def test_find_money_reads_amount_qualifier_and_period(text, expected):
    assert find_money(f"The government will provide {text} to councils.") == [expected]


def test_find_money_finds_every_amount_in_order():
    text = "Nearly £60 million this year and £1.6bn over the next three years."
    assert find_money(text) == [
        Money("Nearly £60 million", 60_000_000.0, "nearly", "this year"),
        Money("£1.6bn", 1_600_000_000.0, None, "over the next three years"),
    ]


_MONEY_FORMS = {"m": 10**6, " million": 10**6, "bn": 10**9, " billion": 10**9}


@given(
    units=st.integers(min_value=1, max_value=999_999),
    places=st.integers(min_value=0, max_value=2),
    form=st.sampled_from(sorted(_MONEY_FORMS)),
    thousands=st.booleans(),
    qualifier=st.sampled_from(["", "nearly ", "up to ", "over ", "an extra "]),
)
def test_find_money_round_trips_formatted_amounts(units, places, form, thousands, qualifier):
    number = Decimal(units).scaleb(-places)
    written = f"{number:,.{places}f}" if thousands else f"{number:.{places}f}"
    text = f"{qualifier}£{written}{form}"
    found = find_money(f"Ministers will invest {text} in special schools.")
    expected_amount = float(number * _MONEY_FORMS[form])
    assert found == [Money(text, expected_amount, qualifier.strip() or None)]


# Quantities


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11,100 schools registered", [Quantity("11,100 schools", 11_100.0, "schools")]),
        ("over 50 local authorities – chosen", [Quantity("over 50 local authorities", 50.0, "local authorities", "over")]),
        ("50,000 new places", [Quantity("50,000 new places", 50_000.0, "new places")]),
        ("20 per cent of pupils", [Quantity("20 per cent", 20.0, "per cent")]),
        ("a 20% rise", [Quantity("20%", 20.0, "per cent")]),
        ("33 new special free schools", [Quantity("33 new special free schools", 33.0, "new special free schools")]),
        ("one in five children", [Quantity("one in five children", 0.2, "proportion of children")]),
        ("55 councils", [Quantity("55 councils", 55.0, "councils")]),
        ("10,000 children with EHC plans", [Quantity("10,000 children", 10_000.0, "children")]),
        ("two new schools", [Quantity("two new schools", 2.0, "new schools")]),
        ("2.3 million pupils", [Quantity("2.3 million pupils", 2_300_000.0, "pupils")]),
        ("nearly 434,000 children", [Quantity("nearly 434,000 children", 434_000.0, "children", "nearly")]),
        ("20 more councils", [Quantity("20 more councils", 20.0, "councils", "more")]),
        (
            "up to 5,000 more early years special educational needs co-ordinators",
            [Quantity("up to 5,000 more early years special educational needs co-ordinators", 5_000.0,
                      "early years special educational needs co-ordinators", "up to")],
        ),
    ],
)
def test_find_quantities_reads_value_unit_and_qualifier(text, expected):
    assert find_quantities(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "over three years",  # a period
        "for 12 months",
        "£60 million",  # money
        "in 2024",  # a year
        "by 2028",
        "On Thursday 24th October",  # a date
        "for 2024-25",
        "Key Stage 2 pupils and Year 6",  # labels
        "one of the reasons",  # a pronoun, not a count
        "COVID-19 recovery",
    ],
)
def test_find_quantities_ignores_money_dates_years_periods_and_labels(text):
    assert find_quantities(text) == []


# Dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In July 2024, we", DateRef("July 2024", "2024-07-01", "2024-07-31", "month")),
        ("On Thursday 24th October, we", DateRef("Thursday 24th October", "2024-10-24", "2024-10-24", "date")),
        ("on 24 October 2024", DateRef("24 October 2024", "2024-10-24", "2024-10-24", "date")),
        ("on October 24, 2024", DateRef("October 24, 2024", "2024-10-24", "2024-10-24", "date")),
        ("funding for 2024-25", DateRef("2024-25", "2024-04-01", "2025-03-31", "financial_year")),
        ("in 2024 to 2025", DateRef("2024 to 2025", "2024-04-01", "2025-03-31", "financial_year")),
        ("the 2025 to 2026 financial year", DateRef("2025 to 2026 financial year", "2025-04-01", "2026-03-31", "financial_year")),
        ("the 2024-25 academic year", DateRef("2024-25 academic year", "2024-09-01", "2025-08-31", "academic_year")),
        ("from April 2017", DateRef("from April 2017", "2017-04-01", None, "from")),
        ("since 2019", DateRef("since 2019", "2019-01-01", None, "from")),
        ("by 2028", DateRef("by 2028", None, "2028-12-31", "deadline")),
        ("by spring 2025", DateRef("by spring 2025", None, "2025-05-31", "deadline")),
        ("by the end of 2025", DateRef("by the end of 2025", None, "2025-12-31", "deadline")),
        ("by the end of the year", DateRef("by the end of the year", None, "2024-12-31", "deadline")),
        ("until March 2026", DateRef("until March 2026", None, "2026-03-31", "until")),
        ("in spring 2025", DateRef("spring 2025", "2025-03-01", "2025-05-31", "season")),
        ("later this year", DateRef("later this year", None, "2024-12-31", "relative")),
        ("published in the spring", DateRef("the spring", "2025-03-01", "2025-05-31", "relative")),
        ("in the autumn", DateRef("the autumn", "2024-09-01", "2024-11-30", "relative")),
        ("from September 2023 until March 2025",
         DateRef("from September 2023 until March 2025", "2023-09-01", "2025-03-31", "range")),
        ("starting in May 2016", DateRef("starting in May 2016", "2016-05-01", None, "from")),
        ("will run from 2022 to 2025", DateRef("from 2022 to 2025", "2022-01-01", "2025-12-31", "range")),
        ("until the end of March 2028", DateRef("until the end of March 2028", None, "2028-03-31", "until")),
        ("next year", DateRef("next year", "2025-01-01", "2025-12-31", "relative")),
        ("this autumn", DateRef("this autumn", "2024-09-01", "2024-11-30", "relative")),
        ("next spring", DateRef("next spring", "2025-03-01", "2025-05-31", "relative")),
        ("in the coming months", DateRef("in the coming months", "2024-10-24", "2025-04-24", "relative")),
        ("this financial year", DateRef("this financial year", "2024-04-01", "2025-03-31", "relative")),
        ("in 2026", DateRef("2026", "2026-01-01", "2026-12-31", "year")),
        ("in May", DateRef("May", "2024-05-01", "2024-05-31", "month")),
        ("between 2022 and 2025", DateRef("between 2022 and 2025", "2022-01-01", "2025-12-31", "range")),
        ("in the coming days", DateRef("in the coming days", "2024-10-24", "2024-11-07", "relative")),
        ("early 2025", DateRef("early 2025", "2025-01-01", "2025-03-31", "year")),
    ],
)
def test_find_dates_normalises_against_the_publication_date(text, expected):
    assert find_dates(text, published=PUBLISHED) == [expected]


def test_find_dates_reads_academic_year_from_context():
    text = "Places will open in the academic year 2025-26."
    assert find_dates(text, published=PUBLISHED) == [
        DateRef("academic year 2025-26", "2025-09-01", "2026-08-31", "academic_year")
    ]


def test_find_dates_without_publication_date_keeps_unresolved_phrases():
    assert find_dates("On Thursday 24th October and later this year", published=None) == [
        DateRef("Thursday 24th October", None, None, "date"),
        DateRef("later this year", None, None, "relative"),
    ]


def test_find_dates_does_not_read_the_modal_may_as_a_month():
    assert find_dates("Councils may apply. You May Ask.", published=PUBLISHED) == []


# Programmes


def test_find_programmes_links_acronyms_and_canonicalises_known_names():
    text = (
        "Schools registered for the Nuffield Early Language Intervention (NELI) programme and "
        "councils on the DBV programme; NELI reaches pupils. The Curriculum and Assessment Review "
        "reports to Ofsted and the Dedicated Schools Grant (DSG) funds them."
    )
    assert find_programmes(text) == [
        Programme("Nuffield Early Language Intervention", "NELI", "programme"),
        Programme("Delivering Better Value", "DBV", "programme"),
        Programme("Curriculum and Assessment Review", None, "review"),
        Programme("Ofsted", None, "body"),
        Programme("Dedicated Schools Grant", "DSG", "fund"),
    ]


def test_find_programmes_finds_capitalised_names_with_programme_words():
    text = (
        "Through the Family Hubs programme, the Holiday Activities and Food (HAF) programme and "
        "the Spending Review and Plan for Change, HAF grows. The SEND Capital Fund opens."
    )
    assert find_programmes(text) == [
        Programme("Family Hubs", None, "programme"),
        Programme("Holiday Activities and Food", "HAF", "programme"),
        Programme("Spending Review", None, "review"),
        Programme("Plan for Change", None, "plan"),
        Programme("SEND Capital Fund", None, "fund"),
    ]


def test_find_programmes_resolves_bare_acronyms_from_the_document_abbreviations():
    abbreviations = {"SVP": "Sensory Support Pathfinder", "SEND": "special educational needs and disabilities"}
    assert find_programmes("The SVP will expand and SEND pupils benefit.", abbreviations=abbreviations) == [
        Programme("Sensory Support Pathfinder", "SVP", "programme")
    ]


def test_find_programmes_knows_lowercase_send_names():
    text = "The SEND review green paper, the schools white paper and the high needs national funding formula."
    assert find_programmes(text) == [
        Programme("SEND review", None, "review"),
        Programme("Schools White Paper", None, "plan"),
        Programme("high needs national funding formula", None, "fund"),
    ]


def test_find_dates_leaves_named_events_alone():
    assert find_dates("at the Autumn Budget and in the Autumn Statement", published=PUBLISHED) == []


def test_find_programmes_ignores_possessives_departments_and_plain_capitals():
    text = "The NAO's report says the Department for Education and Resourced Provision need SEN units."
    assert find_programmes(text) == [Programme("National Audit Office", "NAO", "body")]


def test_learn_abbreviations_checks_initials():
    text = (
        "Partnerships for Inclusion of Neurodiversity in Schools (PINS) and the Department for "
        "Education (DfE) but not this (XYZ)."
    )
    assert learn_abbreviations(text) == {
        "PINS": "Partnerships for Inclusion of Neurodiversity in Schools",
        "DfE": "Department for Education",
    }


# Body figures


def test_extract_figures_reports_statistics_and_commitment_figures_with_their_sentences():
    stat = "There are 434,000 children with EHC plans, up 11 per cent in 2024."
    pledge = "The government will provide £740 million in 2025 to 2026 for 10,000 new places."
    sections = (
        Section(None, "body", (SectionItem(f"{stat} {pledge}"),)),
        Section("Contact", "contact", (SectionItem("Call 020 7783 8300 before 5 June 2025."),)),
    )
    commitments = extract_commitments(sections, (), published=PUBLISHED)
    assert extract_figures(sections, commitments, published=PUBLISHED) == (
        Figure("quantity", "434,000 children", 434_000.0, "children", stat, None),
        Figure("quantity", "11 per cent", 11.0, "per cent", stat, None),
        Figure("date", "2024", None, "year", stat, None),
        Figure("money", "£740 million", 740_000_000.0, "GBP", pledge, None),
        Figure("date", "2025 to 2026", None, "financial_year", pledge, None),
        Figure("quantity", "10,000 new places", 10_000.0, "new places", pledge, None),
    )


def test_extract_figures_labels_quote_sentences_and_adds_quote_only_commitments():
    from parsers.record import Quote

    paragraph = "We will open 33 new special free schools by 2026."
    quote = Quote("Bridget Phillipson", "Education Secretary", paragraph, (paragraph,))
    sections = (Section(None, "body", (SectionItem("The minister spoke."),)),)
    commitments = extract_commitments(sections, (quote,), published=PUBLISHED)
    assert extract_figures(sections, commitments, published=PUBLISHED) == (
        Figure("quantity", "33 new special free schools", 33.0, "new special free schools", paragraph, "quote"),
        Figure("date", "by 2026", None, "deadline", paragraph, "quote"),
    )


def test_money_range_keeps_both_ends_so_moving_either_is_a_change():
    from parsers.money import find_money

    got = [(m.amount_gbp, m.qualifier) for m in find_money("A further £20-30 million will go to councils.")]
    assert got == [(20e6, "from"), (30e6, "up to")]
    assert [(m.amount_gbp, m.qualifier) for m in find_money("£1.5–2bn")] == [(1.5e9, "from"), (2e9, "up to")]
    assert [m.amount_gbp for m in find_money("£740 million to councils by 2026")] == [740e6]


def test_a_date_without_digits_is_found_in_commitments_and_figures_alike():
    from parsers import parse_text
    from parsers.figures import find_dates

    text = "The department will publish the new guidance by the end of the year."
    meta = {"first_published_at": "2025-03-01T09:00:00+00:00"}
    expected = [(d.start, d.end, d.kind) for d in find_dates(text, published=meta["first_published_at"])]
    assert expected and expected[0][1] == "2025-12-31"
    (c,) = parse_text(text, meta=meta).commitments
    assert [(d.start, d.end, d.kind) for d in c.dates] == expected
