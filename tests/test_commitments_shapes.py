"""Commitment shapes that real GOV.UK text uses: parentheses between subject and verb, passives,
instruments as subjects, headlines without a finite verb, subordinate clauses, and what is not a
commitment (effects, slogans, procedure, instructions, what others will do). Our own sentences."""

from __future__ import annotations

import pytest

from parsers.commitments import extract_commitments
from parsers.record import Commitment, Section, SectionItem

PUBLISHED = "2025-03-12T09:30:00+00:00"


def _body(*paragraphs: str, heading: str | None = None) -> tuple[Section, ...]:
    return (Section(heading, "body", tuple(SectionItem(p) for p in paragraphs)),)


def _all(*paragraphs: str) -> tuple[Commitment, ...]:
    return extract_commitments(_body(*paragraphs), (), published=PUBLISHED)


def _summary(c: Commitment) -> tuple:
    return (c.actor, c.modality, c.firmness, c.status)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a long dash-parenthesis, then a passive: the department extends the programme
        ("Funded with £6 million, the Autism in Schools (AiS) programme – which trains staff to adapt "
         "classrooms and works with parent groups – will be extended to a further 900 schools.",
         ("Department for Education", "will", "firm", "planned")),
        # a fronted participle phrase before an intransitive perfect
        ("Run by the Education Endowment Foundation and backed by £5 million, enrolment has opened for "
         "the third year of the reading catch-up scheme.", ("Department for Education", "has", "done", "ongoing")),
        ("The application round for new specialist units has now closed.",
         ("Department for Education", "has", "done", "done")),
        # a passive in the perfect and in the progressive
        ("Twelve councils in the North East have been announced as regional inclusion leads.",
         ("Department for Education", "have", "done", "done")),
        ("New standard templates for needs assessments are being introduced in every area.",
         ("Department for Education", "are", "firm", "ongoing")),
        ("Around 2,000 new specialist places are to be created by 2027.",
         ("Department for Education", "is", "firm", "planned")),
        # an instrument as subject: the department's commitment
        ("The new Act will extend the right to appeal to young people in further education.",
         ("Department for Education", "will", "firm", "planned")),
        ("From 1 April 2026, the revised Regulations will replace the 2015 transitional arrangements.",
         ("Department for Education", "will", "firm", "planned")),
        ("This capital funding is creating more than 8,000 places in mainstream schools.",
         ("Department for Education", "is", "firm", "ongoing")),
        ("Backed by £2 million, the Early Talk Boost programme trains nursery staff in every region.",
         ("Department for Education", "trains", "firm", "ongoing")),
        # a commitment in a subordinate clause
        ("Hundreds of schools will benefit from expert advice, as funding worth £12 million is announced "
         "to recruit more specialist teachers.", ("Department for Education", "announced", "done", "done")),
        # a contracted actor
        ("We’re consulting on changes to the high needs formula.", ("the Government", "are", "firm", "ongoing")),
        ("We've already doubled the number of funded training places.", ("the Government", "have", "done", "done")),
        ("Since March we have carried out 40 regional events with parents.", ("the Government", "have", "done", "done")),
        # an offer to councils is the giver's commitment
        ("To speed up assessments, the new framework will set a 12-week limit for every council.",
         ("Department for Education", "will", "firm", "planned")),
        ("Councils will be free to spend the grant on adaptations to existing buildings.",
         ("Department for Education", "will", "firm", "planned")),
        # a role with a name acts as the person, asides after the auxiliary allowed
        ("Schools Minister Jane Doyle has today, Tuesday 11 March, confirmed 14 new special schools.",
         ("Jane Doyle", "has", "done", "done")),
        ("I pledge to meet parent carer forums in every region this year.", ("the Government", "pledge", "firm", "planned")),
        ("The department will significantly increase funding for hospital schools.",
         ("Department for Education", "will", "firm", "planned")),  # any "-ly" adverb
        ("Councils will apply the new banding rules from April.", ("Councils", "will", "firm", "planned")),
        ("We are expecting the evaluation report to be published in the spring.",
         ("the Government", "expects", "hedged", "planned")),
    ],
)
def test_real_shapes_are_read_as_one_commitment(sentence, expected):
    (c,) = _all(sentence)
    assert _summary(c) == expected


def test_a_later_verb_group_of_a_described_subject_is_its_own_commitment():
    (c,) = _all("The two new colleges will be part of the wave 3 programme and will be built and run as such.")
    assert _summary(c) == ("Department for Education", "will", "firm", "planned")
    assert c.text == "The two new colleges will be built and run as such."


@pytest.mark.parametrize(
    "sentence",
    [
        "The new funding will help councils plan their local offer.",  # an effect of an instrument
        "These changes would ensure that every child is treated the same way.",
        "Adding the duty to the statute will give parents more certainty.",
        "Backed by £4 million, new online modules will deepen staff understanding of autism.",
        "Around 40,000 pupils, including those with dyslexia, will be better supported in class.",  # an outcome
        "The remaining 12 will be special schools for pupils with complex needs.",  # a description
        "This will be backed by a 20% rise in the grant.",
        "Teachers will learn how to use assistive technology in lessons.",  # not the government
        "The family will probably need more support at home.",
        "Accredited training providers will decide how the course is taught.",
        "Every SENCO should complete the qualification within three years.",  # an instruction
        "The information in this guide should be used straight away.",
        "A copy of the report will be placed in the Library of the House.",  # procedure
        "I will make a further statement to the House in the new year.",
        "We said that we would recruit more speech therapists.",  # a report of what was said
        "There are reports that the department has published that are shaping decisions.",
        "I have visited special schools in every region.",  # the speaker's own diary
        "I will always be honest with you.",  # a manner pledge
        "I’ll try not to repeat what the panel said.",  # a speaker's aside
        "Numbers are rising every year.",  # a trend
        "Will the government publish the review before the summer?",  # a question
        "Schools used the interim framework in 2024.",  # what others did, in the past
        "Getting this right will take time.",  # a prediction
        "These new colleges will take advantage of the freedoms academies have.",
        "That is why this government is making it a priority to support families.",  # an attitude
        "Pupils are being excluded at record rates.",  # what happens to people, not an action
        "This grant is part of the research we are commissioning from 2024 to 2026.",  # a relative clause
        "The technical note shows how we calculated each council's share.",  # an indirect question
        "Ensuring special schools serve those with complex needs, restoring trust that every child will get help.",
        "I agree that we must move towards earlier support.",  # an opinion
        "This put parents at the heart of plans to reform the system.",  # "plans" is a noun
        "This will provide specialist support for pupils with autism in their local school.",  # a benefit
        "The new Act will offer simpler and more consistent help for families.",
        "This could continue to rise to £2 billion by 2027.",  # a forecast
        "These are the biggest changes we’ve made to the tribunal system in a decade.",  # a relative clause
        "This review has been shaped by parents and teachers across the country.",  # others' doing
        "Successive reforms have improved standards in special schools.",
        "The handbook is to inform planning by councils and schools.",  # a purpose
        "Capital funding is funding for buildings rather than staff.",  # a definition
        "The grant could be used, for instance, to adapt toilets and entrances.",  # others' use
        "We are going to change that.",  # a slogan
        "We will go further.",
        "This record investment shows we are keeping our promise to families.",  # a claim
        "We are writing to set out the timetable for next year.",  # a letter's procedure
        "The remaining 20 will help raise standards in their areas.",
        "Government delivering on its promise to families",  # a headline slogan
    ],
)
def test_effects_descriptions_and_others_actions_are_not_commitments(sentence):
    assert _all(sentence) == ()


def test_a_headline_without_a_finite_verb_takes_is():
    (c,) = _all("Government building 20 new special schools to meet rising demand")
    assert _summary(c) == ("the Government", "is", "firm", "ongoing")


def test_a_modal_lead_in_is_completed_by_bare_paragraphs_that_read_as_fragments():
    found = _all(
        "The taskforce will examine:",
        "the evidence on which early interventions work best for children with speech needs;",
        "how councils share specialist staff across boundaries;",
        "whether funding reaches the settings that need it most:",
        "Its members were appointed last week.",
    )
    assert [c.text for c in found] == [
        "The taskforce will examine the evidence on which early interventions work best for children with speech needs",
        "The taskforce will examine how councils share specialist staff across boundaries",
        "The taskforce will examine whether funding reaches the settings that need it most",
    ]
    assert {_summary(c) for c in found} == {("taskforce", "will", "firm", "planned")}


def test_we_are_is_completed_by_ing_bullets_but_a_non_modal_lead_in_is_not():
    section = Section("Actions", "body", (
        SectionItem("To make the system simpler for families, we are:"),
        SectionItem("creating a single digital record for each child", "bullet"),
        SectionItem("training 3,000 more specialist teaching assistants", "bullet"),
        SectionItem("These measures provide for:"),
        SectionItem("a new right of appeal for young people", "bullet"),
    ))
    found = extract_commitments((section,), (), published=PUBLISHED)
    assert [(c.text, _summary(c)) for c in found] == [
        ("To make the system simpler for families, we are creating a single digital record for each child",
         ("the Government", "are", "firm", "ongoing")),
        ("To make the system simpler for families, we are training 3,000 more specialist teaching assistants",
         ("the Government", "are", "firm", "ongoing")),
    ]


def test_the_last_sentence_of_an_excerpt_cut_off_mid_word_is_not_a_commitment():
    found = _all("We will open 12 new special schools.", "We will also fund 400 new specialist places for young p")
    assert [c.text for c in found] == ["We will open 12 new special schools."]


def test_one_perfect_auxiliary_with_two_past_participles_is_two_commitments():
    found = _all("We have agreed terms with six trusts and approved plans for four more schools.")
    assert [(c.text, _summary(c)) for c in found] == [
        ("We have agreed terms with six trusts", ("the Government", "have", "done", "done")),
        ("We have approved plans for four more schools", ("the Government", "have", "done", "done")),
    ]


def test_a_list_of_things_after_including_is_not_split_into_commitments():
    (c,) = _all("The department will provide specialist support, including speech therapy, help finding "
                "a placement and support with travel.")
    assert c.actor == "Department for Education"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("A £40 million fund to expand specialist places in rural areas has recently (2 May 2018) been "
         "announced by Anne Milton, Minister for Skills.", ("Anne Milton", "has", "done", "done")),
        ("The annual school census figures, published by the department last week, show a rise in EHC plans.",
         ("Department for Education", "published", "done", "done")),
        ("This follows Secretary of State Damian Hinds's announcement last month of £250 million for high needs.",
         ("Damian Hinds", "announced", "done", "done")),
        ("I am delighted to announce the launch today of the new parent helpline.",
         ("the Government", "announced", "done", "done")),
    ],
)
def test_agents_of_passives_nominal_announcements_and_pleased_to_announce(sentence, expected):
    (c,) = _all(sentence)
    assert _summary(c) == expected


def test_he_is_the_person_named_as_an_actor_before():
    found = _all("It builds on the Schools Minister's announcement in May of new training bursaries.",
                 "He also announced £20 million for speech and language therapy.")
    assert [_summary(c) for c in found] == [
        ("the Schools Minister", "announced", "done", "done"),
        ("the Schools Minister", "announced", "done", "done"),
    ]


def test_this_includes_ing_continues_the_commitment_before_it():
    found = _all("The government is acting to raise standards in alternative provision.",
                 "This includes funding 14 new specialist taskforces in areas of greatest need.")
    assert [_summary(c) for c in found] == [("the Government", "is", "firm", "ongoing")] * 2
    assert found[1].quantities[0].value == 14


def test_in_a_sentence_cut_off_by_an_excerpt_only_the_clauses_before_the_cut_count():
    found = _all("We will open 12 new special schools.",
                 "We are funding more places and have already committed to raising the budget in every")
    assert [c.text for c in found] == ["We will open 12 new special schools.", "We are funding more places"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the second verb group of a subject whose first verb group is not a commitment
        ("This interim guidance applies until 31 August 2025 and will be updated before 1 September 2025.",
         ("Department for Education", "will", "firm", "planned")),
        # a clause after a colon has its own subject
        ("Both bodies are called 'the agency' here: the agency's casework teams are being moved into the department.",
         ("Department for Education", "are", "firm", "ongoing")),
        # a headline led by money, its verb left out
        ("£90 million invested over the next three years to train specialist teaching assistants",
         ("Department for Education", "is", "firm", "planned")),
        # money "going to" councils, not "going to" + verb
        ("A further £300m is going to councils to adapt school buildings.",
         ("Department for Education", "is", "firm", "ongoing")),
        # a passive followed by a purpose "to"
        ("An extra £500 million will be allocated to repair special school buildings.",
         ("Department for Education", "will", "firm", "planned")),
        # an announcement of a clause without "that"
        ("Education Secretary Sam Hart has today announced he has approved 20 new special free schools.",
         ("Sam Hart", "announced", "done", "done")),
        # an announced thing described by a relative clause is done, not the "will" inside it
        ("The government has announced the largest reform of tribunals in a decade which will cut waiting times.",
         ("the Government", "has", "done", "done")),
    ],
)
def test_more_real_shapes(sentence, expected):
    (c,) = _all(sentence, "There are 1.6 million pupils with SEN.")  # not the last line: a line without a stop is whole
    assert _summary(c) == expected


def test_they_is_the_public_body_named_as_the_last_actor():
    found = _all("In May 2024, the advisory panel set out its findings in a final report.",
                 "In March 2024, they published interim advice for special schools.")
    assert [_summary(c) for c in found] == [("advisory panel", "set", "done", "done"), ("advisory panel", "published", "done", "done")]


def test_a_firm_statement_of_what_funding_will_be_used_for_is_a_commitment():
    (c,) = _all("The grant will be used to recruit 300 more educational psychologists.")
    assert _summary(c) == ("Department for Education", "will", "firm", "planned")


def test_a_paragraph_break_inside_a_sentence_does_not_split_the_commitment():
    found = _all("The government will set out its reforms in a white paper in spring 2026, after the",
                 "Budget confirmed an extra £900 million for high needs.")
    assert [c.text for c in found] == [
        "The government will set out its reforms in a white paper in spring 2026, after the "
        "Budget confirmed an extra £900 million for high needs."
    ]
    assert _summary(found[0]) == ("the Government", "will", "firm", "planned")


def test_a_programme_in_a_time_clause_is_not_a_commitment_of_its_own():
    found = _all("Councils will receive their allocations in March, after the Spending Review confirmed the total.")
    assert [_summary(c) for c in found] == [("Department for Education", "will", "firm", "planned")]


def test_the_government_in_a_time_clause_still_commits():
    found = _all("Pupils will continue to benefit from the scheme, after the government confirmed funding for 2026.")
    assert [_summary(c) for c in found] == [("the Government", "confirmed", "done", "planned")]  # 2026 is to come


def test_abbreviations_do_not_end_a_sentence():
    found = _all("The department will fund 40 new units, e.g. in the North East, from Sept. 2026 and approx. 900 "
                 "places (incl. 200 for Post-16 learners).")
    assert len(found) == 1 and found[0].text.endswith("Post-16 learners).")


def test_imperative_items_under_a_next_steps_heading_are_the_departments_plans():
    section = Section("Next steps", "body", (
        SectionItem("Publish the first national standards for speech and language support", "bullet"),
        SectionItem("Spring 2026: consult on changes to the tribunal process", "bullet"),
        SectionItem("Support for parents in the pilot areas", "bullet"),  # a noun phrase
    ))
    found = extract_commitments((section,), (), published=PUBLISHED)
    assert [(c.text, _summary(c)) for c in found] == [
        ("Publish the first national standards for speech and language support",
         ("Department for Education", "will", "firm", "planned")),
        ("Spring 2026: consult on changes to the tribunal process",
         ("Department for Education", "will", "firm", "planned")),
    ]


def test_funding_items_under_an_announcing_lead_in_are_commitments_but_not_under_a_plain_one():
    section = Section(None, "body", (
        SectionItem("The funding confirmed today includes:"),
        SectionItem("£12 million for the autism in schools programme", "bullet"),
        SectionItem("up to £3 million for parent carer forums", "bullet"),
        SectionItem("Councils' budgets include:"),
        SectionItem("£2 million for transport", "bullet"),
    ))
    found = extract_commitments((section,), (), published=PUBLISHED)
    assert [(c.text, _summary(c), [m.amount_gbp for m in c.money]) for c in found] == [
        ("£12 million for the autism in schools programme",
         ("Department for Education", "announced", "done", "done"), [12e6]),
        ("up to £3 million for parent carer forums", ("Department for Education", "announced", "done", "done"), [3e6]),
    ]


@pytest.mark.parametrize(
    ("sentence", "programme"),
    [
        ("We are investing £6m in the supported employment programme.", "supported employment programme"),
        ("The department will consult on the national funding formula for 2027 to 2028.", "national funding formula"),
        ("The Special Needs Transport Agency's functions are being moved into the department.",
         "Special Needs Transport Agency"),
        ("Today we are publishing the Schools Inclusion Green Paper for consultation.", "Schools Inclusion Green Paper"),
        ("The department has closed the safety valve bidding round.", "Safety Valve"),
    ],
)
def test_programmes_named_in_lowercase_or_by_a_body_word_are_found(sentence, programme):
    (c,) = _all(sentence, "There are 1.6 million pupils with SEN.")
    assert programme in c.programmes


def test_a_review_may_take_any_perfect_and_a_document_a_passive_one():
    found = _all("The review has examined how councils commission places.",
                 "This guidance applies until March and has been revised to reflect the new regulations.")
    assert [_summary(c) for c in found] == [("review", "has", "done", "done"),
                                            ("Department for Education", "has", "done", "done")]


def test_a_bare_and_splits_two_verb_phrases_only_when_the_first_has_its_object():
    found = _all("We will publish guidance for schools in the spring and review the grant next year.")
    assert [c.text for c in found] == ["We will publish guidance for schools in the spring",
                                       "We will review the grant next year"]
    for sentence in ("We will train staff to identify and support pupils earlier.",
                     "We will create local partnerships that plan and commission support across services.",
                     "Up to 900 staff will be trained by May, helping settings spot needs early and put support in place."):
        (one,) = _all(sentence)
        assert one.text == sentence


def test_an_effect_in_the_progressive_is_not_a_commitment():
    assert _all("How the respite grant is helping families", "There are 1.6 million pupils with SEN.") == ()


def test_he_is_the_person_named_earlier_in_the_same_sentence():
    (c,) = _all("The Schools Minister, Amy Clark, visited a special school in Leeds, where she confirmed "
                "£30 million for new sensory rooms.")
    assert _summary(c) == ("Amy Clark", "confirmed", "done", "done")


def test_this_and_an_appositive_is_the_subject_not_an_opener():
    (c,) = _all("This investment, an increase of £5 million on last year, will fund 40 new family hubs.")
    assert _summary(c) == ("Department for Education", "will", "firm", "planned")


def test_have_already_is_completed_by_capitalised_past_participle_items():
    section = Section(None, "body", (
        SectionItem("We have already:"),
        SectionItem("Opened 12 new special schools in the North West.", "bullet"),
        SectionItem("Trained 3,000 more specialist teaching assistants.", "bullet"),
    ))
    found = extract_commitments((section,), (), published=PUBLISHED)
    assert [(c.text, _summary(c)) for c in found] == [
        ("We have already opened 12 new special schools in the North West.", ("the Government", "have", "done", "done")),
        ("We have already trained 3,000 more specialist teaching assistants.", ("the Government", "have", "done", "done")),
    ]


def test_why_and_how_before_a_future_or_progressive_still_commit():
    found = _all("That is why the government is expanding the programme.",
                 "The plan sets out how we will train 5,000 more assistants.")
    assert [_summary(c) for c in found] == [("the Government", "is", "firm", "ongoing"),
                                            ("the Government", "will", "firm", "planned")]


def test_a_slogan_clause_before_and_is_dropped_but_the_next_clause_kept():
    (c,) = _all("We will go further, and we will open 20 more special schools next year.")
    assert c.text == "we will open 20 more special schools next year."


def test_a_pasted_next_steps_line_works_as_a_heading_for_imperative_and_dated_items():
    section = Section(None, "body", (
        SectionItem("The department has published its inclusion plan."),
        SectionItem("Timeline"),
        SectionItem("Autumn 2026: publish the first national standards"),
        SectionItem("Train 2,000 more specialist teachers by 2028", "bullet"),
        SectionItem("Background"),
        SectionItem("Review of the evidence so far", "bullet"),  # not under a plan heading any more
    ))
    found = extract_commitments((section,), (), published=PUBLISHED)
    assert [(c.text, c.modality) for c in found] == [
        ("The department has published its inclusion plan.", "has"),
        ("Autumn 2026: publish the first national standards", "will"),
        ("Train 2,000 more specialist teachers by 2028", "will"),
    ]


def test_money_paragraphs_without_bullet_marks_complete_an_announcing_funding_lead_in():
    found = _all("The package confirmed today includes:", "£4 million for parent carer forums",
                 "£1 million for a national helpline", "Councils welcomed the news.")
    assert [(c.text, c.modality) for c in found] == [
        ("£4 million for parent carer forums", "announced"), ("£1 million for a national helpline", "announced")]


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Last month the government announced a review of alternative provision.", "ongoing"),
        ("At the Budget the government announced £900 million more for the 2026 to 2027 financial year.", "planned"),
        ("In January the Schools Minister announced 12 new special schools.", "done"),
    ],
)
def test_the_status_of_an_announcement_follows_what_was_announced(sentence, status):
    (c,) = _all(sentence)
    assert c.status == status


def test_the_first_verb_group_of_the_subject_gives_no_dates_to_the_commitment_after_and():
    (c,) = _all("This guidance is valid until 31 August 2025 and will be reviewed before 1 September 2025.")
    assert c.text == "This guidance will be reviewed before 1 September 2025."
    assert [(d.start, d.end) for d in c.dates] == [(None, "2025-08-31")]


def test_a_plan_sentence_ending_in_a_colon_is_a_lead_in_not_a_heading():
    section = Section(None, "body", (
        SectionItem("The plan explains how we will:"),
        SectionItem("set national standards for support in mainstream schools", "bullet"),
    ))
    (c,) = extract_commitments((section,), (), published=PUBLISHED)
    assert c.text == "The plan explains how we will set national standards for support in mainstream schools"


def test_a_relative_clause_closed_by_commas_is_an_appositive():
    (c,) = _all("Academy trusts, which set their own pay, are expected to follow the award.")
    assert _summary(c) == ("Academy trusts", "expects", "hedged", "planned")
