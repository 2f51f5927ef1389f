"""Pasted GOV.UK pages: title, type, dates and names from the page's own header lines."""

from parsers import parse_document, parse_text
from parsers.record import Link

PAGE = """Skip to main content
News story
Councils to share £20 million for short breaks
Families of disabled children will get more respite care.
From: Department for Education and The Rt Hon Amira Patel MP
Published 3 February 2025
Last updated 5 February 2025 — see all updates
Applies to England
The department will give councils £20 million today for short breaks.
The Minister for Children said:
We will keep listening to families.
"""


def test_pasted_page_header_gives_type_title_dates_and_names():
    record = parse_text(PAGE)
    assert (record.document_type, record.title) == ("news_story", "Councils to share £20 million for short breaks")
    assert (record.first_published_at, record.public_updated_at) == ("2025-02-03", "2025-02-05")
    assert record.organisations == (Link("Department for Education"),)
    assert record.people == (Link("The Rt Hon Amira Patel MP"),)
    body = " ".join(item.text for s in record.sections for item in s.items)
    assert "Published" not in body and "From:" not in body and "Skip to" not in body
    assert "Families of disabled children" in body  # the summary is the page's own text
    assert "Councils to share" not in body  # the title is not
    # "today" resolves against the header's date; the role-only lead-in takes the page's person
    [commitment] = [c for c in record.commitments if "short breaks" in c.text]
    assert [(d.start, d.end) for d in commitment.dates] == [("2025-02-03", "2025-02-03")]
    assert [(q.speaker, q.role) for q in record.quotes] == [("Amira Patel", "Minister for Children")]


def test_meta_wins_over_the_header():
    record = parse_text(PAGE, meta={"title": "Given", "first_published_at": "2025-02-04"})
    assert (record.title, record.first_published_at, record.document_type) == ("Given", "2025-02-04", "news_story")


def test_copy_tool_marker_date_line_and_organisation_line():
    marked = parse_document(b" date 2024-07-01 Schools to get help with SEND\n\nThe department will help.\n")
    assert (marked.first_published_at, marked.title) == ("2024-07-01", "Schools to get help with SEND")
    wired = parse_text("Department for Education\nPrintable version |\nA new fund for places\n"
                       "2 Jun 2023 10:15 AM\nThe department will fund places.\n")
    assert (wired.title, wired.first_published_at) == ("A new fund for places", "2023-06-02")
    assert wired.organisations == (Link("Department for Education"),)


def test_without_header_lines_the_first_line_is_the_title():
    assert parse_text("Plans for new places\n\nThe department will build schools.\n").title == "Plans for new places"
    assert parse_text("Plans for more places\n\nThe department will build schools.\n").title == "Plans for more places"
    # a lead-in or a sentence is not a title, and a by-line names a person without being the title
    assert parse_text("The Education Secretary said:\n“We will act.”\n").title is None
    assert parse_text("The department will build 20 schools.\nMore follows.\n").title is None
    byline = parse_text("Early Years Minister Tom Reed\nNurseries to get £5 million\nThey will.\n")
    assert (byline.title, byline.people) == ("Nurseries to get £5 million", (Link("Tom Reed"),))


def test_hard_wrapped_headline_is_joined_not_cut():
    text = ("Support and funding for fifty councils with\nthe greatest pressure\n\nThe department will\n"
            "provide support and funding to the\ncouncils, it said.\n")
    assert parse_text(text).title == "Support and funding for fifty councils with the greatest pressure"
    # a wrapped first sentence is not a title, however its first line ends
    assert parse_text(text.split("\n\n", 1)[1]).title is None


def test_hansard_statement_header_names_the_speaker_of_every_commitment():
    text = (
        "Support for Rural Schools\n"
        "Thursday 6th March 2025\n"
        "(2 days ago)\n"
        "Written Statements\n"
        "Read Full debate Read Hansard Text\n"
        "Ruth Adeyemi Portrait The Minister of State for School Standards (Ruth Adeyemi)\n"
        "- Hansard - -\n"
        "Today I am announcing £12 million for rural schools.\n"
        "We will publish allocations in the spring.\n"
    )
    record = parse_text(text)
    assert (record.document_type, record.first_published_at, record.title) == (
        "written_statement", "2025-03-06", "Support for Rural Schools")
    assert record.people == (Link("Ruth Adeyemi"),)
    assert record.commitments and {c.speaker for c in record.commitments} == {"Ruth Adeyemi"}
    body = " ".join(item.text for s in record.sections for item in s.items)
    assert "Portrait" not in body and "Hansard" not in body
    oral = parse_text("Rural Schools Review\nVolume 760: debated on Tuesday 4 March 2025\nWith permission, I will make a statement.\n")
    assert oral.first_published_at == "2025-03-04"


def test_honorific_by_line_names_the_page_person():
    record = parse_text("New money for places\n\nThe Rt Hon Amira Patel MP\n\nThe Education Secretary said:\n\nWe will act.\n")
    assert record.people == (Link("Amira Patel"),)
    assert [(q.speaker, q.role) for q in record.quotes] == [("Amira Patel", "Education Secretary")]


def test_blog_post_lines_give_the_date_and_type():
    record = parse_text("What the new guidance means for parents\nPosted by: Press office, Posted on: 3 March 2025 - "
                        "Categories: SEND\nThe department will publish a guide today.\n")
    assert (record.title, record.document_type, record.first_published_at) == (
        "What the new guidance means for parents", "blog_post", "2025-03-03")
    assert "Posted" not in " ".join(item.text for s in record.sections for item in s.items)


def test_page_footer_dates_and_change_notes():
    text = ("Guidance\nShort breaks: what councils must offer\nCouncils must publish a short breaks statement.\n"
            "Published 2 April 2024\nLast updated 9 May 2024 + show all updates\n"
            "  1. Added a section on transport.\n\n  2. First published.\n")
    record = parse_text(text)
    assert (record.first_published_at, record.public_updated_at) == ("2024-04-02", "2024-05-09")
    assert [(n.public_timestamp, n.note) for n in record.change_history] == [
        (None, "Added a section on transport."), ("2024-04-02", "First published.")]
    body = " ".join(item.text for s in record.sections for item in s.items)
    assert "show all updates" not in body and "First published" not in body
    # the dated form GOV.UK prints today: a date line, then its note
    dated = parse_text("A title\nText here.\nLast updated 9 May 2024 — see all updates\n9 May 2024\nAdded transport.\n")
    assert [(n.public_timestamp, n.note) for n in dated.change_history] == [("2024-05-09", "Added transport.")]
    # a sentence that opens with "Published" stays in the body
    kept = parse_text("A title\nPublished 2 April 2024, the plan sets out next steps.\n")
    assert kept.first_published_at is None


def test_a_dated_today_gives_the_publication_day_when_no_date_line_does():
    assert parse_text("Places for pupils\nThe minister has today, Thursday 11 June, approved schools opening "
                      "in 2022 and 2023.\n").first_published_at == "2020-06-11"
    assert parse_text("Money for councils\nIt was announced today (3 March 2021) that councils get more.\n"
                      ).first_published_at == "2021-03-03"
    # without a year in the text a weekday cannot fix the year
    assert parse_text("Money\nIt was announced today (Thursday 11 June).\n").first_published_at is None


def test_pasted_speech_is_its_speakers_throughout():
    text = ("Speech\nSupporting every child to thrive\nThe minister sets out the next steps.\n"
            "From: Department for Education and The Rt Hon Amira Patel MP\n"
            "Delivered on: 12 March 2025 (Transcript of the speech, exactly as it was delivered)\n"
            "Good morning. Today I can announce that we will fund 40 new hubs.\n")
    record = parse_text(text)
    assert (record.document_type, record.first_published_at) == ("speech", "2025-03-12")
    assert record.commitments and {c.speaker for c in record.commitments} == {"Amira Patel"}


def test_an_organisations_media_enquiries_line_starts_the_contact_section():
    record = parse_text("A title\nWe will act.\nDfE media enquiries\nCentral newsdesk - for journalists 020 7946 0000\n")
    assert [(s.heading, s.kind) for s in record.sections] == [(None, "body"), ("DfE media enquiries", "contact")]
