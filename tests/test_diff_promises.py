"""Promise changes a policy analyst must see flagged, and edits they must not be bothered with.

Each case is a one-sentence announcement before and after an edit, parsed by the real parser and
diffed by the real differ (regressions found in review).
"""

from __future__ import annotations

import pytest

from parsers import parse_text
from differ.changes import diff_announcements, is_flagged

META = {"first_published_at": "2024-11-10T09:00:00+00:00"}


def flagged(before: str, after: str):
    changes = diff_announcements(parse_text(before, meta=META), parse_text(after, meta=META))
    return [c for c in changes if is_flagged(c)]


@pytest.mark.parametrize("before, after, field", [
    # A date with no fixed day still moves the promise.
    ("The department will publish the guidance next spring.", "The department will publish the guidance next autumn.", "date"),
    ("Schools will be able to join the programme from September.", "Schools will be able to join the programme from January.", "date"),
    # A floor that becomes a ceiling is a different promise.
    ("The government will fund over 50 councils to test the new approach.", "The government will fund up to 50 councils to test the new approach.", "quantity"),
    # £300m a year for three years is not £300m over three years.
    ("The government will provide £300 million per year for three years.", "The government will provide £300 million over three years.", "money"),
])
def test_real_changes_to_figures_are_major(before, after, field):
    changes = flagged(before, after)
    assert [(c.kind, c.significance) for c in changes] == [("modified", "major")], changes
    assert field in changes[0].fields


@pytest.mark.parametrize("before, after", [
    ("The department will fund the Nuffield Early Language Intervention in every primary school.",
     "The department will stop funding the Nuffield Early Language Intervention in every primary school."),
    ("Parents will have to apply separately for transport support.",
     "Parents will no longer have to apply separately for transport support."),
    ("The department will introduce a cap on the number of EHC plans issued each year.",
     "The department will not introduce a cap on the number of EHC plans issued each year."),
])
def test_reversed_promises_are_major_and_tagged_reversed(before, after):
    changes = flagged(before, after)
    assert len(changes) == 1 and changes[0].significance == "major", changes
    assert "reversed" in changes[0].tags


@pytest.mark.parametrize("before, after", [
    ("The department will introduce national standards for SEND support in 2025.",
     "Subject to consultation, the department will introduce national standards for SEND support in 2025."),
    ("The department will introduce national standards for SEND support in 2025.",
     "The department will introduce national standards for SEND support in 2025, subject to funding."),
])
def test_adding_a_condition_softens_a_promise(before, after):
    changes = flagged(before, after)
    assert len(changes) == 1 and changes[0].significance == "major", changes
    assert "softened" in changes[0].tags and "firmness" in changes[0].fields


@pytest.mark.parametrize("before, after", [
    # Adjectives around an unchanged number are wording, not a new quantity.
    ("The government will create 10,000 new places for pupils with SEND.",
     "The government will create 10,000 additional places for pupils with SEND."),
    # The same actor, named two ways.
    ("DfE and NHS England will publish joint guidance on autism assessments.",
     "The Department for Education and NHS England will publish joint guidance on autism assessments."),
    # Spelling conventions.
    ("The department will standardise EHC plans and prioritise early help.",
     "The department will standardize EHC plans and prioritize early help."),
])
def test_edits_that_keep_the_promise_are_not_major(before, after):
    assert all(c.significance != "major" for c in flagged(before, after))


def test_a_short_reworded_commitment_is_one_modified_change_not_a_drop_and_an_add():
    changes = flagged("The department will review the SEND code of practice by 2026.",
                      "The department will revise the SEND code of practice by 2026.")
    assert [c.kind for c in changes] == ["modified"], changes


def test_a_different_verb_is_not_a_typo_fix():
    changes = flagged("The department will extend the early language programme to 2,000 more schools.",
                      "The department will expand the early language programme to 2,000 more schools.")
    assert [(c.kind, c.significance) for c in changes] == [("modified", "minor")], changes


def test_a_real_typo_fix_is_cosmetic():
    assert flagged("The department will publish the guidence for councils in April.",
                   "The department will publish the guidance for councils in April.") == []


def test_moving_one_end_of_a_money_range_is_re_costed():
    changes = flagged("The government will provide £1.5-2 billion for new special schools.",
                      "The government will provide £1.5-3 billion for new special schools.")
    assert [(c.kind, c.significance, c.fields) for c in changes] == [("modified", "major", ("money",))]
    assert changes[0].details["money"]["old"] == 2e9 and changes[0].details["money"]["new"] == 3e9
