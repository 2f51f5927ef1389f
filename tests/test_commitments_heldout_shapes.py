"""Commitment shapes found in held-out real text (joint actors, document descriptions, lead-ins,
"committed to"), each written here in our own sentences with the same structure."""

from __future__ import annotations

import pytest

from parsers.commitments import extract_commitments
from parsers.record import Commitment, Section, SectionItem

PUBLISHED = "2025-03-12T09:30:00+00:00"


def _all(*paragraphs: str) -> tuple[Commitment, ...]:
    section = Section(None, "body", tuple(SectionItem(p) for p in paragraphs))
    return extract_commitments((section,), (), published=PUBLISHED)


def _actors(*paragraphs: str) -> list[str | None]:
    return [c.actor for c in _all(*paragraphs)]


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("Ofsted and the Care Quality Commission (CQC) have today opened a consultation on joint area visits.",
         "Ofsted and Care Quality Commission"),
        ("Ofsted and CQC will visit twenty local areas this spring.", "Ofsted and Care Quality Commission"),
        ("The Department for Education and Ofsted will publish the revised handbook in June.",
         "Department for Education and Ofsted"),
    ],
)
def test_joint_named_bodies_keep_both(sentence, actor):
    assert _actors(sentence) == [actor]


def test_a_body_after_a_preposition_is_not_joined():
    assert _actors("Working with Ofsted and the CQC will publish a new handbook.") != ["Ofsted and Care Quality Commission"]


def test_a_release_led_by_another_body_gives_it_we_and_the_actorless_sentences():
    actors = _actors(
        "Ofsted will inspect every youth custody setting from next spring.",
        "We will publish the findings of each visit.",
        "The new visits will be introduced in September.",
        "The Department for Education will fund the extra inspectors.",
    )
    assert actors == ["Ofsted", "Ofsted", "Ofsted", "Department for Education"]


def test_a_joint_release_gives_we_to_both_bodies_and_the_actorless_to_the_first():
    actors = _actors(
        "Ofsted and the CQC will carry out joint visits to 30 areas.",
        "We will publish a summary of what we find.",
        "Joint visits will be introduced in the autumn.",
    )
    assert actors == ["Ofsted and Care Quality Commission"] * 2 + ["Ofsted"]


@pytest.mark.parametrize("sentence", [
    "Today's announcement will fund 200 new specialist places.",
    "Inspections will also look at how councils plan school transport.",
])
def test_an_announcement_or_inspections_as_subject_is_the_publishers_act(sentence):
    assert _actors(sentence) == ["Department for Education"]


def test_a_department_release_keeps_we_as_the_government():
    assert _actors("The department will fund 40 new schools.", "We will publish the list in May.") == [
        "Department for Education", "the Government"]


@pytest.mark.parametrize("sentence", [
    "Sets out our plans to reform school transport for pupils with SEND.",
    "The guide explains what we’ll do to help families find a school place.",
    "The summary lists the steps we’ll take to shorten waiting times.",
    "This document sets out our response and the changes we’ll make to the tribunal process.",
])
def test_a_document_describing_what_we_will_do_is_not_a_commitment(sentence):
    assert _all(sentence) == ()


def test_a_bullet_under_a_non_modal_lead_in_with_an_embedded_we_will_is_not_a_commitment():
    section = Section(None, "body", (SectionItem("The report includes:"),
                                     SectionItem("the changes we’ll make as a result of the review", "bullet", 1)))
    assert extract_commitments((section,), (), published=PUBLISHED) == ()


@pytest.mark.parametrize("sentence", [
    "This guide sets out how the government will fund 30 new hubs.",
    "In the spring we will publish the list of new schools.",
])
def test_plans_set_out_and_plain_clauses_stay_commitments(sentence):
    assert _actors(sentence) == ["the Government"]


def _one(sentence: str) -> tuple:
    (c,) = _all(sentence)
    return c.actor, c.modality, c.firmness, c.status


@pytest.mark.parametrize(("sentence", "expected"), [
    ("We are committed to improving transport for pupils with SEND.", ("the Government", "commits", "firm", "ongoing")),
    ("The government remains committed to the inclusion review.", ("the Government", "commits", "firm", "ongoing")),
    ("The department has committed to publishing the review.", ("Department for Education", "commits", "firm", "planned")),
    ("The Schools Minister has announced (4 May) that three new special schools will open in Kent.",
     ("The Schools Minister", "announced", "done", "planned")),
    ("In the Inclusion Strategy, published in June 2024, the department set out its plan to train 500 staff.",
     ("Department for Education", "set", "done", "done")),
    ("Schools will receive £2.3 billion, the department has confirmed today.",
     ("Department for Education", "will", "firm", "planned")),
    ("Funding for special schools will rise by £500 million next year, the Chancellor has confirmed as part of "
     "today's Budget.", ("the Chancellor", "will", "firm", "planned")),
    ("We will not close any of the regional hubs.", ("the Government", "will not", "firm", "planned")),
])
def test_modality_and_status_shapes(sentence, expected):
    assert _one(sentence) == expected


def test_a_relative_on_an_amount_commits_the_amount_and_leaves_the_later_verb_to_the_subject():
    (c,) = _all("This grant forms part of the £1.2 billion we are investing between 2024 and 2026 and will "
                "support councils to open new places.")
    assert (c.actor, c.modality, c.status) == ("the Government", "are", "ongoing")


@pytest.mark.parametrize("sentence", [
    "Alongside the new standards, this capital funding will support efforts to make the system sustainable.",
    "This grant, up £3 million on last year, will support them to plan the final year of the reforms.",
])
def test_support_for_others_to_act_is_an_effect_of_funding(sentence):
    assert _all(sentence) == ()


_SAME_READING = [
    "This grant forms part of the £1.2 billion we are investing between 2024 and 2026 and will support new places.",
    "The department will provide £45 million to standardise the templates and prioritise the most urgent cases.",
    "Councils will receive £300 million, the department has confirmed.",
    "We will organise regional events, and will modernise the £12 million digital service.",
]


def _notation(sentence: str) -> str:
    return (sentence.replace(" billion", "bn").replace(" million", "m")
            .replace("ise ", "ize ").replace("ise.", "ize."))


@pytest.mark.parametrize("sentence", _SAME_READING)
def test_notation_and_spelling_never_change_what_is_read(sentence):
    def reading(text: str) -> list[tuple]:
        return [(c.actor, c.modality, c.firmness, c.status, len(c.money)) for c in _all(text)]

    assert _notation(sentence) != sentence
    assert reading(_notation(sentence)) == reading(sentence)


def test_ing_bullets_under_a_modal_lead_in_ending_in_by_are_commitments():
    section = Section(None, "body", (
        SectionItem("The new handbook will build on and sharpen accountability for councils by:"),
        SectionItem("publishing a yearly score for every area", "bullet", 1),
        SectionItem("carrying out visits in all regions", "bullet", 1),
        SectionItem("Councils told us the old handbook was unclear."),
    ))
    got = extract_commitments((section,), (), published=PUBLISHED)
    assert [(c.text, c.actor, c.modality, c.status) for c in got] == [
        ("publishing a yearly score for every area", "Department for Education", "will", "planned"),
        ("carrying out visits in all regions", "Department for Education", "will", "planned"),
    ]


def test_ing_bullets_under_a_lead_in_without_a_modal_are_not_commitments():
    section = Section(None, "body", (
        SectionItem("Councils improved their plans by:"),
        SectionItem("publishing a yearly score for every area", "bullet", 1),
    ))
    assert extract_commitments((section,), (), published=PUBLISHED) == ()


def test_a_passive_with_two_agents_keeps_both():
    assert _actors("Ofsted has been commissioned by the Department for Education (DfE) and the Department for "
                   "Work and Pensions (DWP) to review 20 areas.") == [
        "Department for Education and Department for Work and Pensions"]


def test_in_another_bodys_release_a_passive_by_the_department_stays_the_departments():
    assert _actors("Ofsted will inspect every youth custody setting.",
                   "The new plan will be published by the department in May.") == ["Ofsted", "Department for Education"]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Capital grants are provided to local authorities to support new places for pupils with SEND.",
     ("Department for Education", "is", "firm", "ongoing")),
    ("Up to £15 million of the original £200 million announced in November 2021 was set aside to support bids.",
     ("Department for Education", "set", "done", "done")),
    # a month inside the subject is a name, not the modal "may"
    ("Up to £15 million of the original £200 million announced in May 2021 was set aside to support bids.",
     ("Department for Education", "set", "done", "done")),
    ("A further £4 million was allocated to councils in the north east.",
     ("Department for Education", "allocated", "done", "done")),
])
def test_money_handed_out_in_a_plain_passive_is_the_departments(sentence, expected):
    assert _one(sentence) == expected


def test_people_given_things_in_the_passive_are_not_commitments():
    assert _all("Pupils are provided with laptops by their schools.") == ()


def test_an_approval_in_a_subordinate_clause_is_a_commitment():
    (c,) = _all("Families are set to gain 90 new places, as three special free schools have been given the go-ahead.")
    assert (c.actor, c.firmness, c.status) == ("Department for Education", "done", "done")


@pytest.mark.parametrize(("sentence", "count"), [
    ("He would know that I just said we will be consulting on the changes in spring.", 1),
    ("As I have said, we will publish the guidance this term.", 1),
    ("We said that we would publish the report.", 0),
])
def test_a_speaker_restating_a_standing_commitment_still_commits(sentence, count):
    assert len(_all(sentence)) == count


def test_the_cut_last_sentence_of_an_excerpt_is_not_a_commitment():
    got = _all("Ofsted will visit 30 areas this term.",
               "The visits will end in March. Ofsted has published a guide that expl")
    assert [c.text for c in got] == ["Ofsted will visit 30 areas this term.", "The visits will end in March."]


def test_a_last_headline_without_a_stop_is_kept():
    assert len(_all("Ofsted will visit 30 areas this term.", "Ofsted will publish its findings in May")) == 2


def test_a_trailing_as_the_minister_confirms_gives_the_clause_to_the_announcer():
    got = _all("More special schools will open across the country, as the Schools Minister confirms he will "
               "approve every strong bid.")
    assert [c.actor for c in got] == ["the Schools Minister", "the Schools Minister"]


def test_a_trailing_as_clause_without_an_announcer_changes_nothing():
    assert _actors("More special schools will open across the country, as demand rises.") == ["More special schools"]


def test_a_second_verb_sharing_an_announcement_subject_is_the_publishers_too():
    assert _actors("Today's announcement will increase funding for councils and support charities that work "
                   "with families.") == ["Department for Education", "Department for Education"]


def test_a_confirmation_in_a_where_clause_is_a_commitment():
    got = _all("The Schools Minister met council leaders on Monday, where he confirmed funding of £40m for new places.")
    assert ("The Schools Minister", "confirmed") in [(c.actor, c.modality) for c in got]


def test_items_under_a_hedged_by_lead_in_take_its_hedged_modal():
    from parsers import parse_content_item

    def read(modal: str):
        body = (f"<p>The new inspection regime {modal} build on and strengthen accountability for local areas by:</p>"
                "<ul><li>publishing a clear rating for every area</li><li>following up weak areas within a year</li></ul>")
        record = parse_content_item({"content_id": "x", "base_path": "/government/news/x", "title": "T",
                                     "details": {"body": body}})
        return [(c.modality, c.firmness) for c in record.commitments]

    assert read("will") == [("will", "firm"), ("will", "firm")]
    assert read("could") == [("could", "hedged"), ("could", "hedged")]
