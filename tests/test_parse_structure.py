"""Structure of parsed announcements: metadata, status, sections, quotes, blocks, input detection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from foundation.errors import ParseError
from parsers import parse_content_item, parse_document, parse_html, parse_text, render_text
from parsers.blocks import Block, html_blocks
from parsers.record import Announcement, Attachment, ChangeNote, Link, Quote, Section, SectionItem
from parsers.text import text_blocks

GOVUK_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "govuk"
DFE = Link("Department for Education", "ebd15ade-73b2-4eaf-b1c3-43034a42eb37",
           "/government/organisations/department-for-education")


def load(slug: str) -> dict:
    return json.loads((GOVUK_FIXTURES / slug / "content.json").read_text(encoding="utf-8"))


def parse_fixture(slug: str) -> Announcement:
    return parse_content_item(load(slug))


def news_item(body: str, **details) -> dict:
    """A minimal news_article item around a body, for one-off cases."""
    return {
        "base_path": "/government/news/a-test-release", "content_id": "00000000-0000-4000-8000-000000000001",
        "title": "A test release", "schema_name": "news_article", "document_type": "press_release",
        "locale": "en", "public_updated_at": "2025-01-01T00:00:00Z",
        "details": {"body": f'<div class="govspeak">{body}</div>', **details}, "links": {},
    }


# Sections

def test_sections_notes_to_editors_numbered_paragraphs_table_and_contact():
    record = parse_fixture("high-needs-capital-notes-to-editors")
    assert record.sections == (
        Section(None, "body", (
            SectionItem("Councils across England will share new capital funding to create places for pupils with "
                        "special educational needs, the government has confirmed today."),
            SectionItem("Minister for School Standards Catherine McKinnell said:"),
            SectionItem("Every council needs room to offer a good local place to children with SEND, and this money "
                        "lets them build it."),
            SectionItem("The allocations for the largest regions are:"),
            SectionItem("Region | Allocation", "table_row"),
            SectionItem("North West | £118 million", "table_row"),
            SectionItem("London | £96.5 million", "table_row"),
        )),
        Section("Notes to editors", "background", (
            SectionItem("Allocations are made through the high needs provision capital allocations (HNPCA) and sit "
                        "alongside the DSG.", "numbered"),
            SectionItem("Councils can spend the money on new special schools, resourced provision and SEN units in "
                        "mainstream schools.", "numbered"),
            SectionItem("Each council's allocation is published on GOV.UK.", "numbered"),
        )),
        Section("Contact", "contact", (
            SectionItem("DfE press office Sanctuary Buildings 20 Great Smith Street London SW1P 3BT "
                        "Telephone 020 7783 8300"),
        )),
    )


def test_sections_background_ordered_list_with_nested_bullets():
    record = parse_fixture("early-language-background-nested-list")
    assert record.sections[1] == Section("Background", "background", (
        SectionItem("The programme will run again in 2025 to 2026 for every school already registered.", "numbered"),
        SectionItem("Schools that joined in 2024 keep their trained staff.", "bullet", 1),
        SectionItem("New schools can register until 31 January 2025.", "bullet", 1),
        SectionItem("An evaluation will be published next spring.", "numbered"),
        SectionItem("Schools can register on the programme website."),  # call-to-action kept as a paragraph
    ))


@pytest.mark.parametrize("heading", ["Background", "Notes to editors:", "Notes for Editors", "On background",
                                     "Further information", "Editor's notes", "Editors’ notes"])
def test_sections_background_headings_matched_by_text(heading):
    record = parse_content_item(news_item(f"<p>Intro.</p><h2>{heading}</h2><p>A fact.</p>"))
    assert record.sections[1] == Section(heading.rstrip(":"), "background", (SectionItem("A fact."),))


def test_sections_bold_paragraph_heading_and_subheadings_stay_background():
    body = ("<p>Intro.</p><p><strong>Notes to editors</strong></p><p>1. First note.</p>"
            "<h3>About the fund</h3><p>2. Second note.</p><h2>Next steps</h2><p>More.</p>")
    record = parse_content_item(news_item(body))
    assert record.sections == (
        Section(None, "body", (SectionItem("Intro."),)),
        Section("Notes to editors", "background", (SectionItem("First note.", "numbered"),)),
        Section("About the fund", "background", (SectionItem("Second note.", "numbered"),)),
        Section("Next steps", "body", (SectionItem("More."),)),
    )


# Quotes

def test_quotes_two_speakers_name_role_lead_in_and_consecutive_blockquotes():
    record = parse_fixture("two-speakers-consecutive-blockquotes")
    assert record.quotes == (
        Quote("Bridget Phillipson", "Secretary of State for Education",
              "Parents know their children best, so we will design the new system with them.",
              ("Parents know their children best, so we will design the new system with them.",),
              2, "Bridget Phillipson, Secretary of State for Education, said:"),
        Quote("Janet Daly", "Children's Minister",
              "Too many families have had to fight for help that should have come early.\n\n"
              "We will put that right by backing mainstream schools to include every child.",
              ("Too many families have had to fight for help that should have come early.",
               "We will put that right by backing mainstream schools to include every child."),
              4, "Children's Minister Janet Daly said:"),
    )


def test_quotes_role_name_lead_in_with_generic_minister_for_title():
    record = parse_fixture("high-needs-capital-notes-to-editors")
    assert [(q.speaker, q.role, q.position) for q in record.quotes] == [
        ("Catherine McKinnell", "Minister for School Standards", 2)]


def test_quotes_role_only_lead_in_takes_the_one_linked_person():
    record = parse_fixture("early-language-background-nested-list")
    assert record.quotes == (
        Quote("Bridget Phillipson", "Education Secretary",
              "Talking and listening come before everything else a child learns at school.",
              ("Talking and listening come before everything else a child learns at school.",),
              2, "The Education Secretary said:"),
    )


def test_quotes_role_only_lead_in_with_two_people_leaves_the_speaker_open():
    item = news_item("<p>Education Secretary said:</p><blockquote><p>We will act.</p></blockquote>")
    item["links"]["people"] = [{"title": "Ann Smith MP"}, {"title": "Bob Jones MP"}]
    record = parse_content_item(item)
    assert [(q.speaker, q.role, q.text) for q in record.quotes] == [(None, "Education Secretary", "We will act.")]


def test_quotes_older_curly_paragraphs_and_inline_said_surname():
    record = parse_fixture("older-curly-quotes-history-mode")
    assert record.quotes == (
        Quote("Edward Timpson", "Children's Minister",
              "The reforms give families a single plan that follows a child from birth to 25.\n\n"
              "I want every council to be ready for them, and our adviser will make sure that happens.",
              ("The reforms give families a single plan that follows a child from birth to 25.",
               "I want every council to be ready for them, and our adviser will make sure that happens."),
              2, "Children's Minister Edward Timpson said:"),
        Quote("Edward Timpson", "Children's Minister", "Councils that are ready early will help the rest",
              ("Councils that are ready early will help the rest",), 5, None),
    )


def test_quotes_inline_lead_in_and_quote_in_one_paragraph():
    record = parse_fixture("inline-lead-in")
    text = "Short breaks give parents a rest and children a great time, and we will fund 4,000 more of them."
    assert record.quotes == (
        Quote("Janet Daly", "Minister for Children and Families", text, (text,), 1,
              "Minister for Children and Families Janet Daly said:"),
    )


@pytest.mark.parametrize("paragraph, speaker, role, text", [
    ("“We are ready,” said Children's Minister Janet Daly.", "Janet Daly", "Children's Minister", "We are ready"),
    ("“We are ready,” Janet Daly said.", "Janet Daly", None, "We are ready"),
    ("“We are ready,” said Daly, “and so are the councils.”", "Janet Daly", None, "We are ready, and so are the councils."),
    ("Skills Minister Jo Bloggs said: “Apprenticeships will grow.”", "Jo Bloggs", "Skills Minister",
     "Apprenticeships will grow."),
])
def test_quotes_inline_attribution_forms(paragraph, speaker, role, text):
    item = news_item(f"<p>Intro.</p><p>{paragraph}</p>")
    item["links"]["people"] = [{"title": "Janet Daly MP"}]
    record = parse_content_item(item)
    assert [(q.speaker, q.role, q.text, q.position) for q in record.quotes] == [(speaker, role, text, 1)]


@pytest.mark.parametrize("lead_in, speaker, role", [
    ("Chief Executive of the Council for Disabled Children Amy Grant said:", "Amy Grant",
     "Chief Executive of the Council for Disabled Children"),
    ("Amy Grant, Chief Executive, Council for Disabled Children, said:", "Amy Grant",
     "Chief Executive, Council for Disabled Children"),
    ("Commenting on the report, Children's Commissioner Dame Rachel de Souza said:", "Dame Rachel de Souza",
     "Children's Commissioner"),
    ("Prime Minister Keir Starmer said today:", "Keir Starmer", "Prime Minister"),
    ("Sam Lee, a parent from Leeds, said:", "Sam Lee", "a parent from Leeds"),
    ("Chair of the County Councils Network, Pat Reid OBE, said:", "Pat Reid", "Chair of the County Councils Network"),
    ("The Chief Inspector of Primary and Community Care said:", None, "Chief Inspector of Primary and Community Care"),
    ("A Department for Education spokesperson said:", None, "A Department for Education spokesperson"),
    ("She added:", None, None),
])
def test_quotes_lead_in_forms(lead_in, speaker, role):
    record = parse_content_item(news_item(f"<p>{lead_in}</p><blockquote><p>It matters.</p></blockquote>"))
    assert [(q.speaker, q.role, q.text, q.lead_in) for q in record.quotes] == [(speaker, role, "It matters.", lead_in)]


def test_quotes_speech_body_is_not_a_quote_and_speaker_is_kept():
    record = parse_fixture("speech-speaker-without-profile")
    assert record.quotes == ()
    assert record.people == (Link("Chief Inspector of Area Services"),)
    assert record.schema_name == "speech"
    assert [i.text for i in record.sections[0].items] == [
        "Thank you for inviting me to speak this morning.",
        "Our inspectors will visit every local area over the next three years.",
        "We will publish what we find in plain language for families.",
    ]


# Status and metadata

def test_content_item_metadata_fields():
    record = parse_fixture("send-nao-response")
    assert (record.content_id, record.base_path, record.url, record.locale) == (
        "5e1f0a52-7c1d-4a8e-9d6b-0a0000000001",
        "/government/news/education-secretary-responds-to-nao-report-on-send",
        "https://www.gov.uk/government/news/education-secretary-responds-to-nao-report-on-send", "en")
    assert (record.document_type, record.schema_name, record.status) == ("press_release", "news_article", "live")
    assert (record.first_published_at, record.public_updated_at, record.updated_at) == (
        "2024-10-24T00:01:00.000+01:00", "2024-10-24T00:01:00.000+01:00", "2024-10-24T09:15:42.000+01:00")
    assert record.organisations == (DFE,)
    assert record.people == (Link("The Rt Hon Bridget Phillipson MP", "a1b2c3d4-0000-4000-8000-00000000b001",
                                  "/government/people/bridget-phillipson"),)
    assert [t.title for t in record.taxons] == ["Special educational needs and disability (SEND) and high needs"]
    assert (record.government, record.political, record.history_mode) == ("2024 Labour government", True, False)
    assert record.change_history == (ChangeNote("2024-10-24T00:01:00.000+01:00", "First published."),)
    assert record.withdrawn_explanation is None and record.redirect_to is None


def test_content_item_url_argument_wins():
    record = parse_content_item(load("send-nao-response"), url="http://127.0.0.1:8000/api/content/x")
    assert record.url == "http://127.0.0.1:8000/api/content/x"


def test_content_item_withdrawn():
    record = parse_fixture("withdrawn-news-story")
    assert (record.status, record.withdrawn_at, record.withdrawn_explanation) == (
        "withdrawn", "2025-06-01T09:00:00Z", "This guidance has been replaced by the updated SEND code of practice.")
    assert record.sections[0].items == (
        SectionItem("Councils should keep to the 20-week limit for EHC plans during the pilot."),)


def test_content_item_gone():
    record = parse_fixture("gone-item")
    assert (record.status, record.redirect_to, record.withdrawn_explanation, record.sections, record.problems) == (
        "gone", "/government/news/send-announcement", "This announcement was published in error.", (), ())


def test_content_item_redirect():
    record = parse_fixture("redirect-item")
    assert (record.status, record.redirect_to, record.sections, record.problems) == (
        "redirect", "/government/news/new-send-slug", (), ())


def test_content_item_history_mode_for_political_page_of_past_government():
    record = parse_fixture("older-curly-quotes-history-mode")
    assert (record.government, record.political, record.history_mode) == (
        "2010 to 2015 Conservative and Liberal Democrat coalition government", True, True)


def test_content_item_change_history_newest_first_and_attachments():
    item = news_item("<p>Text.</p>", change_history=[
        {"public_timestamp": "2025-01-01T09:00:00Z", "note": "First published."},
        {"public_timestamp": "2025-02-01T09:00:00Z", "note": "Added the allocations table."},
    ], attachments=[
        {"title": "Allocations 2025 to 2026", "url": "https://assets.publishing.service.gov.uk/a.ods",
         "content_type": "application/vnd.oasis.opendocument.spreadsheet", "attachment_type": "file"},
        {"title": "Guide for councils", "url": "/government/publications/x/guide", "attachment_type": "html"},
    ])
    record = parse_content_item(item)
    assert record.change_history == (ChangeNote("2025-02-01T09:00:00Z", "Added the allocations table."),
                                     ChangeNote("2025-01-01T09:00:00Z", "First published."))
    assert record.latest_change_note == "Added the allocations table."
    assert record.attachments == (
        Attachment("Allocations 2025 to 2026", "https://assets.publishing.service.gov.uk/a.ods",
                   "application/vnd.oasis.opendocument.spreadsheet"),
        Attachment("Guide for councils", "https://www.gov.uk/government/publications/x/guide", "html"),
    )


def test_content_item_consultation_outcome_and_document_attachments():
    item = news_item("<p>We asked about funding.</p>", final_outcome_detail="<p>We will go ahead.</p>",
                     final_outcome_documents=[
                         '<section class="attachment embedded"><div class="attachment-details">'
                         '<h2 class="title"><a href="/government/uploads/response.pdf">Consultation response</a></h2>'
                         '</div></section>'])
    item["schema_name"] = "consultation"
    record = parse_content_item(item)
    assert record.sections == (Section(None, "body", (SectionItem("We asked about funding."),)),
                               Section("Detail of outcome", "body", (SectionItem("We will go ahead."),)))
    assert record.attachments == (
        Attachment("Consultation response", "https://www.gov.uk/government/uploads/response.pdf", "file"),)


def test_content_item_unknown_schema_generic_extraction_with_problem():
    record = parse_fixture("unknown-schema-guide")
    assert record.sections == (
        Section(None, "body", (SectionItem("Your council must assess your child if you ask."),)),
        Section("Help at school", "body", (SectionItem("Schools will make reasonable adjustments."),)),
    )
    assert record.problems == ("unknown schema guide: generic body extraction",)


def test_content_item_broken_details_gives_problems_not_a_crash():
    item = news_item("<p>x</p>")
    item["details"] = ["not", "a", "dict"]
    item["links"] = {"organisations": "Department for Education", "people": [{"no": "title"}]}
    item["public_updated_at"] = 20250101
    record = parse_content_item(item)
    assert (record.title, record.sections, record.organisations, record.public_updated_at) == (
        "A test release", (), (), None)
    assert record.problems == (
        "public_updated_at is a int, not a string",
        "details is a list, not an object: body and details skipped",
        "links.organisations is a str, not a list",
        "links.people[0] has no title",
    )


@pytest.mark.parametrize("item, problem", [
    (["a", "list"], "Content API item is a list, not a JSON object"),
    ({"unrelated": 1}, "no content_id, base_path, title or details: not a Content API item"),
])
def test_content_item_unusable_raises_parse_error(item, problem):
    with pytest.raises(ParseError) as err:
        parse_content_item(item, url="https://www.gov.uk/api/content/x")
    assert err.value.problem == problem
    assert err.value.url == "https://www.gov.uk/api/content/x"


# Parse_document, HTML and text inputs

def test_parse_document_truncated_json_raises_parse_error_naming_the_document():
    raw = (GOVUK_FIXTURES / "send-nao-response" / "content.json").read_bytes()[:500]
    with pytest.raises(ParseError) as err:
        parse_document(raw, name="send-nao-response/content.json")
    assert str(err.value).startswith("send-nao-response/content.json: broken or truncated JSON (")


def test_parse_document_json_array_raises_parse_error():
    with pytest.raises(ParseError, match="x.json: JSON is a list, not a Content API object"):
        parse_document(b"[1, 2]", name="x.json")


@pytest.mark.parametrize("raw, source", [
    ((GOVUK_FIXTURES / "send-nao-response" / "content.json").read_bytes(), "content_api"),
    ("\ufeff  {\"title\": \"T\", \"schema_name\": \"news_article\", \"details\": {\"body\": \"<p>Hi.</p>\"}}", "content_api"),
    ((GOVUK_FIXTURES / "rendered-page" / "page.html").read_bytes(), "html"),
    (b'<div class="govspeak"><p>Hi.</p></div>', "govspeak"),
    (b"Hi there.\n\nA second paragraph with <b> in it.", "text"),
    ((Path(__file__).resolve().parent / "fixtures" / "send-nao-response-2024.txt").read_bytes(), "text"),
])
def test_parse_document_detects_json_html_and_text(raw, source):
    assert parse_document(raw).source_format == source


def test_parse_document_bad_utf8_is_a_problem_not_a_crash():
    record = parse_document(b"Caf\xe9 closes.\n")
    assert record.sections[0].items == (SectionItem("Caf\ufffd closes."),)
    assert record.problems == ("not valid UTF-8 (byte 3): undecodable bytes replaced",)


def test_parse_html_rendered_page_metadata_and_body():
    record = parse_html((GOVUK_FIXTURES / "rendered-page" / "page.html").read_text(encoding="utf-8"))
    assert (record.title, record.content_id, record.base_path, record.url) == (
        "SEND places plan published", "5e1f0a52-7c1d-4a8e-9d6b-0a0000000011",
        "/government/news/send-places-plan-published", "https://www.gov.uk/government/news/send-places-plan-published")
    assert (record.document_type, record.schema_name, record.description) == (
        "press_release", "news_article", "A plan for more specialist places in mainstream schools.")
    assert (record.first_published_at, record.public_updated_at, record.updated_at) == (
        "2025-04-09T00:01:00+01:00", "2025-04-10T12:00:00+01:00", "2025-04-10T12:05:00+01:00")
    assert record.organisations == (Link("Department for Education", None, "/government/organisations/department-for-education"),)
    assert record.people == (Link("The Rt Hon Bridget Phillipson MP", None, "/government/people/bridget-phillipson"),)
    assert record.political is True
    assert record.sections == (
        Section(None, "body", (
            SectionItem("Mainstream schools will open new units for pupils with SEND under a plan published today."),
            SectionItem("The Education Secretary said:"),
            SectionItem("Every child should be able to learn close to home."),
        )),
        Section("Background", "background", (SectionItem("The units will open from September 2026.", "bullet"),)),
    )
    assert [(q.speaker, q.role, q.text) for q in record.quotes] == [
        ("Bridget Phillipson", "Education Secretary", "Every child should be able to learn close to home.")]
    assert (record.source_format, record.problems) == ("html", ())


def test_parse_html_withdrawn_page_with_history_banner():
    page = ("<html><head><title>Old plan - GOV.UK</title><meta name='govuk:withdrawn' content='withdrawn'></head>"
            "<body><main><h1>Old plan</h1>"
            "<div class='gem-c-notice'><h2>This news article was withdrawn on 3 March 2025</h2>"
            "<div class='govspeak'><p>The plan has been replaced.</p></div></div>"
            "<div class='govuk-notification-banner'><p>This was published under the 2019 to 2022 Johnson "
            "Conservative government</p></div>"
            "<div class='govspeak'><p>Body text.</p></div></main></body></html>")
    record = parse_html(page)
    assert (record.title, record.status, record.withdrawn_at, record.withdrawn_explanation) == (
        "Old plan", "withdrawn", "2025-03-03", "The plan has been replaced.")
    assert (record.government, record.history_mode) == ("2019 to 2022 Johnson Conservative government", True)
    assert record.sections == (Section(None, "body", (SectionItem("Body text."),)),)


def test_parse_html_bare_govspeak_with_meta():
    record = parse_html("<p>Minister for Early Education Ann Smith said:</p><blockquote><p>Yes.</p></blockquote>",
                        meta={"title": "T", "base_path": "/government/news/t", "people": ["Ann Smith"]})
    assert (record.title, record.url, record.source_format) == ("T", "https://www.gov.uk/government/news/t", "govspeak")
    assert record.people == (Link("Ann Smith"),)
    assert [(q.speaker, q.role) for q in record.quotes] == [("Ann Smith", "Minister for Early Education")]


def test_parse_text_unknown_meta_key_is_a_problem():
    record = parse_text("Hello.", meta={"colour": "blue", "title": "T"})
    assert (record.title, record.problems) == ("T", ("unknown meta key 'colour' ignored",))


def test_text_blocks_bullets_numbers_headings_and_wraps():
    text = ("Intro line one\nline two.\n\nNotes to editors:\n1. First\nnote.\n2. Second note.\n"
            "• A bullet\n* Another\n\ufeff\n-\nJoined to the dash.\nFurther information\nEnd.")
    assert text_blocks(text) == [
        Block("paragraph", "Intro line one line two."),
        Block("heading", "Notes to editors", level=2),
        Block("item", "First note.", ordered=True),
        Block("item", "Second note.", ordered=True),
        Block("item", "A bullet"),
        Block("item", "Another"),
        Block("item", "Joined to the dash."),
        Block("heading", "Further information", level=2),
        Block("paragraph", "End."),
    ]


# Blocks

def test_blocks_abbreviations_collected_and_text_kept_short():
    body = html_blocks('<p>The <abbr title="dedicated schools grant">DSG</abbr> and '
                       '<abbr title="education, health and care">EHC</abbr> plans.</p>')
    assert body.blocks == [Block("paragraph", "The DSG and EHC plans.")]
    assert body.abbreviations == {"DSG": "dedicated schools grant", "EHC": "education, health and care"}


def test_blocks_invisible_characters_and_stray_bom_lines_dropped():
    body = html_blocks("<p>\ufeff</p><p>\u200b \u00a0</p><p>One\u00a0hundred\nschools\u200b will\ufeff benefit.</p>"
                       "<p>\ufeff</p><!-- a comment --><p>Next<sup id='fnref:1'><a class='footnote'>1</a></sup>.</p>")
    assert body.blocks == [Block("paragraph", "One hundred schools will benefit."), Block("paragraph", "Next.")]


def test_blocks_every_unicode_space_is_one_space():
    # NBSP, thin, figure, ideographic and line-separator spaces all read as a plain space.
    spaces = "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000\u2028\u1680\x0b\x0c"
    body = html_blocks("<p>" + "".join(f"w{i}{c}{c}" for i, c in enumerate(spaces)) + "end\u00ad.</p>")
    assert body.blocks == [Block("paragraph", " ".join(f"w{i}" for i in range(len(spaces))) + " end.")]


def test_blocks_table_rows_joined_and_quote_groups():
    body = html_blocks("<table><caption>Funding</caption><tr><th>Year</th><th>Amount</th></tr>"
                       "<tr><td>2025 to 2026</td><td>£740 million</td></tr></table>"
                       "<blockquote><p>A</p></blockquote><blockquote><p>B</p><p>C</p></blockquote>")
    assert body.blocks == [
        Block("paragraph", "Funding"),
        Block("table_row", "Year | Amount"),
        Block("table_row", "2025 to 2026 | £740 million"),
        Block("quote", "A", group=0),
        Block("quote", "B", group=1),
        Block("quote", "C", group=1),
    ]


def test_blocks_application_notice_and_attachment_section():
    body = html_blocks('<div class="application-notice help-notice"><p>Apply by 1 May.</p></div>'
                       '<section class="gem-c-attachment"><h3 class="gem-c-attachment__title">'
                       '<a href="/government/uploads/plan.pdf">The plan</a></h3><p>PDF, 1MB</p></section>')
    assert body.blocks == [Block("paragraph", "Apply by 1 May."),
                           Block("attachment", "The plan", href="/government/uploads/plan.pdf")]
    assert body.attachments == [("The plan", "/government/uploads/plan.pdf")]


# Rendering

def test_render_text_shows_title_metadata_quotes_sections_and_problems():
    record = parse_fixture("unknown-schema-guide")
    rendered = render_text(record)
    assert rendered.splitlines()[:4] == [
        "Children with special educational needs",
        "=======================================",
        "URL:             https://www.gov.uk/children-with-special-educational-needs",
        "Content ID:      5e1f0a52-7c1d-4a8e-9d6b-0a0000000010",
    ]
    assert "  ## Help at school  [body]" in rendered
    assert rendered.endswith("Problems:\n  ! unknown schema guide: generic body extraction\n")
    seed = render_text(parse_fixture("send-nao-response"))
    assert '  [1] Bridget Phillipson, Education Secretary  (lead-in: "Education Secretary Bridget Phillipson said:")' in seed
