"""Figures as a reader counts them: bare amounts in money sentences, statistics without a unit,
durations, proportions, years inside names and ranges that stay apart."""

import pytest

from parsers import parse_text
from parsers.figures import figures_in
from parsers.quantities import find_durations


def _figures(text: str):
    money, quantities, dates = figures_in(text, published="2024-06-01")
    return [m.amount_gbp for m in money], [q.value for q in quantities], [(d.start, d.end) for d in dates]


@pytest.mark.parametrize(("text", "money"), [
    ("The grant will rise from a ceiling of 400,000 in 2015-16 to 650,000 in 2016-17.", [400_000.0, 650_000.0]),
    ("Each council's allocation is 1.2 million this year.", [1_200_000.0]),
    ("Backed by GBP2.5 million of new investment, the scheme opens today.", [2_500_000.0]),
    ("The investment is worth 750,000 pounds.", [750_000.0]),
])
def test_amounts_without_a_pound_sign_are_money_in_a_money_sentence(text, money):
    assert _figures(text)[0] == money


@pytest.mark.parametrize("text", [
    "The funding will reach 12,000 pupils.",  # a count, its noun follows
    "Around 2,500 children joined the programme in 2023.",  # no money word
    "The budget is £3 million and 40,000 families benefit.",  # the sentence prints its own £
])
def test_bare_numbers_stay_counts_outside_money_sentences(text):
    assert _figures(text)[0] in ([], [3_000_000.0])


def test_statistics_without_a_unit_noun_are_quantities():
    _, quantities, dates = _figures("Referrals climbed from 2.1 million in 2019 to 2.45 million in 2023.")
    assert quantities == [2_100_000.0, 2_450_000.0]
    assert dates == [("2019-01-01", "2019-12-31"), ("2023-01-01", "2023-12-31")]
    assert _figures("The cohort of trainee therapists grows from 140 to 185 each year.")[1] == [140.0, 185.0]
    assert _figures("Plans rose from under 90,000 in 2012 to over 130,000 in 2022.")[1] == [90_000.0, 130_000.0]
    assert _figures("Today 3.2 million are waiting.")[1] == []  # not a statistic phrase: no preposition after
    assert _figures("There are now 3.2 million in England.")[1] == [3_200_000.0]
    assert _figures("Requests for assessment rose to 138,000 in March, a new high.")[1] == [138_000.0]
    assert _figures("In 2022, 14,000 were placed out of area.")[1] == []  # no word of change before it
    assert _figures("Plans have increased by 210,400 (120%) since 2015.")[1] == [210_400.0, 120.0]


def test_ages_times_section_numbers_and_year_ranges_are_not_counts():
    assert _figures("It serves pupils aged from 5 to 16.")[1] == []
    assert _figures("A 3 to 18 special needs school in Leeds.")[1] == []
    assert _figures("Posted 4 Mar 2024 10:30 AM")[1] == []
    assert _figures("2.4 How allocations are made")[1] == []
    money, quantities, dates = _figures("Funding for 2023 to 2024 | £4 million")
    assert (money, quantities, dates) == ([4_000_000.0], [], [("2023-04-01", "2024-03-31")])


def test_years_inside_names_are_not_dates():
    assert _figures("The Equality Act 2010 and the SEND Regulations 2014 apply.")[2] == []
    assert _figures("Schools follow the Code of Practice 2015 from September 2024.")[2] == [("2024-09-01", None)]


def test_durations_are_figures_of_their_own():
    assert [(q.value, q.unit) for q in find_durations("She has taught for 25 years and trains staff over six months.")] == [
        (25.0, "years"), (6.0, "months")]
    assert find_durations("Young people aged 16 to 25 years and five-year-olds.") == []
    record = parse_text("The department will run the pilot for two years.\n\nOne in four pupils has SEN.\n")
    kinds = {(f.kind, f.value) for f in record.figures}
    assert ("duration", 2.0) in kinds and ("proportion", 0.25) in kinds
    assert not any(f.kind == "quantity" for f in record.figures)  # neither a duration nor a share is a count


def test_counts_whose_noun_came_before():
    assert _figures("Nine trusts were approved. Three of these will run special schools.")[1] == [9.0, 3.0]
    assert _figures("The scheme has grown, with over 300 already taking part.")[1] == [300.0]
    assert _figures("Forty are open and a further 12 approved to open.")[1] == [12.0]
    assert _figures("One of these is new, and one of the best.")[1] == []
    assert _figures("The 20 have signed up.")[1] == []  # no qualifier: a definite group, not a count


def test_date_ranges_edges_and_durations_as_a_reader_reads_them():
    assert _figures("Funding runs from May 2025 to February 2026.")[2] == [("2025-05-01", "2026-02-28")]
    assert _figures("The pilot runs between June 2024 and May 2025.")[2] == [("2024-06-01", "2025-05-31")]
    assert _figures("We will report in early 2026 and again in late 2026.")[2] == [
        ("2026-01-01", "2026-03-31"), ("2026-10-01", "2026-12-31")]
    assert _figures("The fund will run over the next three years.")[2] == []  # a duration, not a date


def test_units_read_across_and_and_from_before_a_change():
    _, quantities, _ = figures_in("Up to 40 new special and alternative provision free schools will open.", published=None)
    assert [(q.value, q.unit) for q in quantities] == [(40.0, "new special and alternative provision free schools")]
    _, quantities, _ = figures_in("It will grow the number of trainee therapists from 140 to 185.", published=None)
    assert [(q.value, q.unit) for q in quantities] == [(140.0, "therapists"), (185.0, "therapists")]
    _, quantities, _ = figures_in("Placements last one year and include work experience.", published=None)
    assert quantities == []  # a period, whatever follows it
