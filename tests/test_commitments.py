"""Specifications for commitment extraction and the stable commitment key."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers.commitments import commitment_key, extract_commitments, written_actor
from parsers.record import Commitment, DateRef, Money, Quantity, Quote, Section, SectionItem

PUBLISHED = "2024-10-24T00:01:00+01:00"


def _body(*paragraphs: str, heading: str | None = None, kind: str = "body") -> tuple[Section, ...]:
    return (Section(heading, kind, tuple(SectionItem(p) for p in paragraphs)),)


def _one(sentence: str) -> Commitment:
    found = extract_commitments(_body(sentence), (), published=PUBLISHED)
    assert len(found) == 1, found
    return found[0]


def _summary(c: Commitment) -> tuple:
    return (c.actor, c.modality, c.firmness, c.status)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("We will open 30 new special free schools.", ("the Government", "will", "firm", "planned")),
        ("The government shall publish the plan.", ("the Government", "shall", "firm", "planned")),
        ("The government is going to reform EHC plans.", ("the Government", "going to", "firm", "planned")),
        ("DfE is to publish a white paper.", ("Department for Education", "is", "firm", "planned")),  # "is to" labels "is"
        ("We would expect councils to act.", ("the Government", "would", "hedged", "planned")),
        ("The department plans to expand the programme.", ("Department for Education", "plans", "hedged", "planned")),
        ("The government aims to cut waiting times.", ("the Government", "aims", "hedged", "planned")),
        ("We expect to publish guidance.", ("the Government", "expects", "hedged", "planned")),
        ("The Department for Education intends to consult.", ("Department for Education", "intends", "hedged", "planned")),
        ("We will consider extending the scheme.", ("the Government", "consider", "hedged", "planned")),
        ("The government is considering new duties.", ("the Government", "consider", "hedged", "planned")),
        ("Ministers may introduce a new duty.", ("the Government", "may", "hedged", "planned")),
        ("Councils must transfer every statement by April 2018.", ("Councils", "must", "firm", "planned")),
        ("The department expects every council to meet the 20-week limit.",
         ("Department for Education", "expects", "hedged", "planned")),
        ("The department could review the formula.", ("Department for Education", "could", "hedged", "planned")),
        ("We hope to reach every school.", ("the Government", "hopes", "hedged", "planned")),
        ("We will continue to fund the programme.", ("the Government", "will", "firm", "ongoing")),
        ("The government continues to support councils.", ("the Government", "continue", "firm", "ongoing")),
        ("The department is investing in new places.", ("Department for Education", "is", "firm", "ongoing")),
        ("We are working with councils.", ("the Government", "are", "firm", "ongoing")),
        ("The government has published its response.", ("the Government", "has", "done", "done")),
        ("We have launched a consultation.", ("the Government", "have", "done", "done")),
        ("The department published guidance in May.", ("Department for Education", "published", "done", "done")),
        ("Work has already started on new guidance.", ("Department for Education", "has", "done", "ongoing")),
        ("The government would consider larger transfers.", ("the Government", "consider", "hedged", "planned")),
        ("We will keep working with councils.", ("the Government", "will", "firm", "ongoing")),
        ("The government has announced that the deadline will remain April 2018.",
         ("the Government", "announced", "done", "planned")),
        ("The government today announces new funding.", ("the Government", "announces", "firm", "ongoing")),
        # a standing commitment, going on now (as the real-text labels read "are committed to achieving")
        ("The government is committed to inclusion in mainstream schools.", ("the Government", "commits", "firm", "ongoing")),
        ("The Education Secretary will meet parents.", ("The Education Secretary", "will", "firm", "planned")),
        ("Education Secretary Bridget Phillipson will set out plans.", ("Bridget Phillipson", "will", "firm", "planned")),  # the person, not the role
        ("The Curriculum and Assessment Review will report next year.", ("Curriculum and Assessment Review", "will", "firm", "planned")),
        ("We won't cut high needs funding.", ("the Government", "will not", "firm", "planned")),
    ],
)
def test_extract_commitments_reads_actor_modality_firmness_and_status(sentence, expected):
    assert _summary(_one(sentence)) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "There are 434,000 children with EHC plans.",  # a statistic
        "Education Secretary Bridget Phillipson said:",  # a quote lead-in
        "Every child deserves the best start in life.",  # an opinion
        "The NAO's report exposes a system that has been neglected.",  # the problem
        "The reform families are crying out for will take time.",  # the future of a thing
        "I am determined to rebuild families' confidence.",  # an attitude
        "We know that parents are frustrated.",
        "We have inherited a system in crisis.",
        "For more information call the press office.",
        "There will be no more sticking plaster politics.",  # no subject
        "This funding will help more schools.",  # a claim about an effect
        "Waiting times have increased.",  # a statistic in the perfect
    ],
)
def test_extract_commitments_ignores_statistics_lead_ins_opinions_and_descriptions(sentence):
    assert extract_commitments(_body(sentence), (), published=PUBLISHED) == ()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Councils will publish their plans.", ("Councils", "will", "firm", "planned")),
        ("Local authorities will be expected to create 10,000 new places.", ("Local authorities", "will", "firm", "planned")),
        ("Councils are expected to submit their capital plans by June 2025.", ("Councils", "expects", "hedged", "planned")),
        ("Educational psychologists who stay for three years will receive a £5,000 retention payment.",
         ("Department for Education", "will", "firm", "planned")),  # the giver of what a beneficiary receives
        ("A new early identification toolkit may be published in spring 2025.",
         ("Department for Education", "may", "hedged", "planned")),  # a passive: the publishing department
        ("High needs funding will rise to £10.1 billion in 2023-24.", ("Department for Education", "will", "firm", "planned")),
        ("The advisory group expects to report to ministers next year.", ("advisory group", "expects", "hedged", "planned")),
        ("Trainees have started their three-year courses.", ("Trainees", "have", "done", "ongoing")),
        ("The Education Endowment Foundation will evaluate the extension.", ("Education Endowment Foundation", "will", "firm", "planned")),
        ("Schools receiving funding from the department will be able to bid.",
         ("Department for Education", "will", "firm", "planned")),  # an offer: the offering department acts
    ],
)
def test_extract_commitments_reads_plain_subjects_before_a_modal_in_the_body(sentence, expected):
    assert _summary(_one(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("Nine regional partnerships, covering 32 local areas, have begun testing the reforms.", "Nine regional partnerships"),
        ("The group, chaired by a trust chief executive, will report by the summer.", "group"),
        ("Under the programme, schools will offer a free breakfast.", "schools"),
        ("Teachers, psychologists and therapists will work alongside school staff.",
         "Teachers, psychologists and therapists"),
    ],
)
def test_extract_commitments_finds_the_head_of_a_plain_subject(sentence, actor):
    assert _one(sentence).actor == actor


@pytest.mark.parametrize(
    ("sentence", "actors"),
    [
        ("Standards will set out the support that should be available.", ["Department for Education"]),  # not "support that"
        ("We know that the earlier we act, the better their outcomes will be.", []),
        ("The guidance explains how councils should work with schools.", []),
        ("With permission, Madam Deputy Speaker, I will make a statement.", []),  # procedure
        ("Without the override, many councils would have to set aside reserves.", []),  # counterfactual
        ("Until now, the tribunal could only hear appeals about education.", []),
        ("I want to hear from parents.", []),
    ],
)
def test_extract_commitments_does_not_take_clauses_as_plain_subjects(sentence, actors):
    assert [c.actor for c in extract_commitments(_body(sentence), (), published=PUBLISHED)] == actors


def test_extract_commitments_reads_plain_subjects_in_quotes_only_for_tracked_actors():
    text = "Councils will publish their plans. We will fund them."
    quote = Quote("Bridget Phillipson", "Education Secretary", text, (text,))
    found = extract_commitments((), (quote,), published=PUBLISHED)
    assert [(c.text, c.actor) for c in found] == [("We will fund them.", "the Government")]


def test_written_actor_gives_the_actor_as_written_in_the_text():
    assert [
        written_actor("The department will publish guidance.", "Department for Education"),
        written_actor("We will act.", "the Government"),
        written_actor("The DBV programme will expand.", "Delivering Better Value"),
        written_actor("Councils will publish their plans.", "Councils"),
        written_actor("Councils will publish their plans.", None),
    ] == ["The department", "We", "DBV programme", "Councils", None]


def test_extract_commitments_splits_a_series_of_verb_phrases_sharing_one_modal():
    sentence = (
        "The department will fund 500 places, train 2,000 teachers, and publish guidance by spring 2025."
    )
    found = extract_commitments(_body(sentence, heading="Background", kind="background"), (), published=PUBLISHED)
    texts = [
        "The department will fund 500 places",
        "The department will train 2,000 teachers",
        "The department will publish guidance by spring 2025",
    ]
    assert found == (
        Commitment(commitment_key(texts[0]), texts[0], "Department for Education", "fund 500 places", "will",
                   "firm", "planned", "Background", quantities=(Quantity("500 places", 500.0, "places"),)),
        Commitment(commitment_key(texts[1]), texts[1], "Department for Education", "train 2,000 teachers", "will",
                   "firm", "planned", "Background", quantities=(Quantity("2,000 teachers", 2000.0, "teachers"),),
                   position=1),
        Commitment(commitment_key(texts[2]), texts[2], "Department for Education", "publish guidance by spring 2025",
                   "will", "firm", "planned", "Background",
                   dates=(DateRef("by spring 2025", None, "2025-05-31", "deadline"),), position=2),
    )


def test_extract_commitments_splits_a_series_without_an_oxford_comma():
    found = extract_commitments(
        _body("We will build schools, train staff and support parents."), (), published=PUBLISHED
    )
    assert [c.text for c in found] == [
        "We will build schools",
        "We will train staff",
        "We will support parents",
    ]


def test_extract_commitments_keeps_verb_pairs_and_noun_lists_together():
    sentences = [
        "We will train providers to identify and support children earlier.",
        "We will work with parents, schools, councils, and charities.",
        "We will provide tools, support and guidance to councils.",
    ]
    found = extract_commitments(_body(*sentences), (), published=PUBLISHED)
    assert [c.text for c in found] == sentences


def test_extract_commitments_reads_money_quantities_dates_and_programmes_in_the_clause():
    sentence = (
        "The government will invest nearly £60 million in 2025 to 2026 in the Partnerships for "
        "Inclusion of Neurodiversity in Schools (PINS) programme, reaching over 1,600 schools."
    )
    c = _one(sentence)
    assert (c.money, c.quantities, c.dates, c.programmes) == (
        (Money("nearly £60 million", 60_000_000.0, "nearly", "2025 to 2026"),),
        (Quantity("over 1,600 schools", 1600.0, "schools", "over"),),
        (DateRef("2025 to 2026", "2025-04-01", "2026-03-31", "financial_year"),),
        ("Partnerships for Inclusion of Neurodiversity in Schools",),
    )


def test_extract_commitments_resolves_acronyms_learned_elsewhere_in_the_document():
    sections = _body(
        "Councils in the Delivering Better Value (DBV) programme get support.",
        "The DBV programme will expand to 20 more councils.",
    )
    (c,) = extract_commitments(sections, (), published=PUBLISHED)
    assert (c.actor, c.programmes, c.quantities) == (
        "Department for Education",  # a programme acting is the department's commitment
        ("Delivering Better Value",),
        (Quantity("20 more councils", 20.0, "councils", "more"),),
    )


def test_extract_commitments_reports_an_announcement_as_done_with_its_content_status():
    continuing = _one("In July 2024, the government announced that funding would continue for 2024-25.")
    planned = _one("Last year we confirmed that 30 schools would open in 2026.")
    plain = _one("The government announced £1bn for councils.")
    assert [_summary(continuing), _summary(planned), _summary(plain)] == [
        ("the Government", "announced", "done", "ongoing"),
        ("the Government", "confirmed", "done", "planned"),
        ("the Government", "announced", "done", "done"),
    ]
    assert continuing.action == "announced that funding would continue"


def test_extract_commitments_marks_progressive_with_a_later_date_as_planned():
    today = _one("Today we are publishing the insights report.")
    later = _one("We are publishing the insights report in spring 2025.")
    assert (today.status, later.status) == ("ongoing", "planned")


def test_extract_commitments_splits_two_actors_in_one_sentence():
    found = extract_commitments(
        _body("We will publish the plan and the department will consult on it next year."), (), published=PUBLISHED
    )
    assert [(c.text, c.actor) for c in found] == [
        ("We will publish the plan", "the Government"),
        ("the department will consult on it next year.", "Department for Education"),
    ]


def test_extract_commitments_completes_a_lead_in_with_each_list_item():
    section = Section("Next steps", "body", (
        SectionItem("The department will also:"),
        SectionItem("publish indicative allocations in the new year", "bullet"),
        SectionItem("continue to fund the teachers' pay grant in 2025 to 2026", "bullet"),
        SectionItem("they will set out more later", "bullet"),  # its own clause: not a completion
        SectionItem("The proposals include:"),  # no actor: not a lead-in
        SectionItem("new national standards", "bullet"),
    ))
    found = extract_commitments((section,), (), published=PUBLISHED)
    assert [(c.text, c.modality, c.status) for c in found] == [
        ("The department will also publish indicative allocations in the new year", "will", "planned"),
        ("The department will also continue to fund the teachers' pay grant in 2025 to 2026", "will", "ongoing"),
    ]


def test_extract_commitments_splits_and_with_a_new_auxiliary():
    found = extract_commitments(_body(
        "We have approved 33 new special free schools and will fund 200 educational psychologists from 2024."
    ), (), published=PUBLISHED)
    assert [(c.text, c.modality, c.firmness, c.status, c.quantities) for c in found] == [
        ("We have approved 33 new special free schools", "have", "done", "done",
         (Quantity("33 new special free schools", 33.0, "new special free schools"),)),
        ("We will fund 200 educational psychologists from 2024.", "will", "firm", "planned",
         (Quantity("200 educational psychologists", 200.0, "educational psychologists"),)),
    ]


def test_extract_commitments_reads_a_trailing_attribution_with_the_content_modality():
    c = _one("Fifteen new special free schools will be built, the government has announced today.")
    d = _one("Schools will receive an extra £2.3 billion next year, the Department for Education has confirmed.")
    assert (_summary(c), c.action, _summary(d), d.action, d.money) == (
        ("the Government", "will", "firm", "planned"),
        "be built",
        ("Department for Education", "will", "firm", "planned"),
        "receive an extra £2.3 billion next year",
        (Money("an extra £2.3 billion", 2_300_000_000.0, "an extra", "next year"),),
    )


def test_extract_commitments_gives_passive_programmes_to_the_publishing_department():
    c = _one("The SEND and alternative provision improvement plan will be published early next year.")
    assert (_summary(c), c.programmes) == (
        ("Department for Education", "will", "firm", "planned"), ("SEND and Alternative Provision Improvement Plan",)
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "We are aware of reports suggesting that the government plans to remove the legal right.",
        "Last month the National Audit Office confirmed what families have known for years.",
        "The review makes 30 recommendations to the department.",
    ],
)
def test_extract_commitments_ignores_hearsay_and_independent_bodies(sentence):
    assert extract_commitments(_body(sentence), (), published=PUBLISHED) == ()


def test_extract_commitments_reads_looking_at_as_considering():
    assert _summary(_one("We are also looking at how to reduce the burden on SENCOs.")) == (
        "the Government", "consider", "hedged", "planned"
    )


def test_extract_commitments_reports_quote_sentences_once_with_the_speaker():
    quote_text = "We will deliver 50,000 new places. Families deserve better."
    quote = Quote("Bridget Phillipson", "Education Secretary", quote_text, (quote_text,), 1,
                  "Bridget Phillipson said:")
    sections = (
        Section(None, "body", (
            SectionItem("The department will publish guidance."),
            SectionItem("Bridget Phillipson said:"),
            SectionItem(f"“{quote_text}”"),
        )),
        Section("Contact", "contact", (SectionItem("We will answer calls on 020 7783 8300."),)),
    )
    found = extract_commitments(sections, (quote,), published=PUBLISHED)
    assert [(c.text, c.section, c.speaker, c.position) for c in found] == [
        ("The department will publish guidance.", None, None, 0),
        ("We will deliver 50,000 new places.", "quote", "Bridget Phillipson", 1),
    ]


def test_extract_commitments_reads_i_as_the_government_and_names_only_named_speakers():
    named = Quote("Catherine McKinnell", "Minister for School Standards", "I will meet every council.",
                  ("I will meet every council.",))
    role_only = Quote(None, "Education Secretary", "We will act.", ("We will act.",))
    found = extract_commitments((), (named, role_only), published=PUBLISHED)
    assert [(c.actor, c.speaker, c.section) for c in found] == [
        ("the Government", "Catherine McKinnell", "quote"),
        ("the Government", None, "quote"),
    ]


def test_extract_commitments_gives_a_speech_speaker_to_every_body_commitment():
    sections = _body("I will publish a plan.", "We will consult on it.")
    found = extract_commitments(sections, (), published=PUBLISHED, speaker="Bridget Phillipson")
    assert [(c.actor, c.speaker) for c in found] == [
        ("the Government", "Bridget Phillipson"),
        ("the Government", "Bridget Phillipson"),
    ]


def test_extract_commitments_gives_repeated_texts_distinct_keys():
    found = extract_commitments(_body("We will act.", "We will act."), (), published=PUBLISHED)
    key = commitment_key("We will act.")
    assert [c.key for c in found] == [key, f"{key}-2"]


# Commitment_key

_BASE = "The Department for Education will invest £740 million in 2025 to 2026 to create 50,000 places in special schools."


@pytest.mark.parametrize(
    "variant",
    [
        "The Department for Education will invest £1.2bn in 2025 to 2026 to create 60,000 places in special schools.",
        "The Department for Education will invest £740 million by spring 2026 to create 50,000 places in special schools.",
        "The Department for Education plans to invest £740 million in 2025 to 2026 to create 50,000 places in special schools.",
        "The Department for Education would invest £740 million in 2025 to 2026 to create 50,000 places in special schools.",
        "DfE will invest £740 million in 2025 to 2026 to create 50,000 places in special schools",
        "The Department for Education will invest £740 million in 2025 to 2026 to create 50,000 places in speical schools.",
        "The Department for Education will invest £740 million in 2025-26 to create 50,000 places in special  schools.",
    ],
    ids=["re-costed", "re-dated", "softened-plans", "softened-would", "actor-alias", "typo", "cosmetic"],
)
def test_commitment_key_survives_costs_dates_softening_aliases_and_typos(variant):
    assert commitment_key(variant) == commitment_key(_BASE)


@pytest.mark.parametrize(
    "different",
    [
        "The Department for Education will invest £740 million in 2025 to 2026 to close 50,000 places in special schools.",
        "The Department for Education will not invest £740 million in 2025 to 2026 to create 50,000 places in special schools.",
        "The Department for Education will invest £740 million in 2025 to 2026 to create 50,000 places in mainstream schools.",
    ],
)
def test_commitment_key_changes_when_the_commitment_changes(different):
    assert commitment_key(different) != commitment_key(_BASE)


_WORDS = st.lists(
    st.sampled_from(
        ["we", "will", "support", "families'", "children", "with", "SEND", "in", "mainstream", "schools",
         "“local”", "offer", "Ofsted", "council's", "early-years", "the", "plan"]
    ),
    min_size=3,
    max_size=15,
)
_STYLES = st.sampled_from([
    {},
    {"'": "’"},
    {"“": '"', "”": '"'},
    {"“": "‘", "”": "’"},
    {"“": "", "”": ""},
])


@given(
    words=_WORDS,
    gaps=st.lists(st.sampled_from([" ", "  ", "\n", "\t", " \n "]), min_size=15, max_size=15),
    case=st.sampled_from([str.lower, str.upper, str.title, str]),
    style=_STYLES,
)
def test_commitment_key_ignores_whitespace_case_and_quote_style(words, gaps, case, style):
    plain = " ".join(words) + "."
    varied = "".join(w + g for w, g in zip(words, gaps)).strip() + "."
    for old, new in style.items():
        varied = varied.replace(old, new)
    assert commitment_key(case(varied)) == commitment_key(plain)


def test_a_condition_makes_a_firm_promise_hedged():
    from parsers import parse_text

    (c,) = parse_text("Subject to consultation, the department will introduce national standards in 2025.").commitments
    assert (c.modality, c.firmness) == ("will", "hedged")
    (c,) = parse_text("The department will introduce national standards in 2025.").commitments
    assert c.firmness == "firm"


def test_a_future_promise_with_a_month_and_no_year_means_the_next_such_month():
    from parsers import parse_text

    record = parse_text("The department will open 30 new special free schools from September. "
                        "In July, the department announced funding for 11,100 schools.",
                        meta={"first_published_at": "2024-11-10T09:00:00+00:00"})
    future, past = record.commitments
    assert [(d.start, d.kind) for d in future.dates] == [("2025-09-01", "from")]
    assert [(d.start, d.end) for d in past.dates] == [("2024-07-01", "2024-07-31")]  # reported: the one gone


def test_a_counted_subject_is_the_actor_and_its_count_a_quantity():
    from parsers import parse_text

    (c,) = parse_text("Over 50 councils will join the Delivering Better Value programme.").commitments
    assert c.actor == "councils"
    assert [(q.value, q.unit, q.qualifier) for q in c.quantities] == [(50.0, "councils", "over")]
