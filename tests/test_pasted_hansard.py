"""Hansard pages copied from a Parliament-tracking site: the answering minister speaks every commitment."""

from parsers import parse_text

WRITTEN_ANSWER = """Special Educational Needs: Transport

(asked on 3rd March 2025) - View Source

Question to the Department for Education:

To ask the Secretary of State for Education, what plans she has to improve home to school transport for pupils with SEND.


Answered by
Priya Okafor Portrait
Priya Okafor
Parliamentary Under-Secretary (Department for Education)
This question was answered on 11th March 2025

The department will publish revised travel guidance for local authorities later this year. We are also providing £5 million to trial independent travel training in 20 areas.
"""

ORAL_ANSWERS = """Debates between Tom Hale and Priya Okafor during the 2024 Parliament

Oral Answers to Questions

Debate between Tom Hale and Priya Okafor
Monday 9th June 2025

Commons Chamber
Read Full debate Read Hansard Text Read Debate Ministerial Extracts
Priya Okafor Portrait Priya Okafor
- View Speech - Hansard - - - Excerpts

We will set out our plans for specialist places in the schools white paper. We are investing £40 million in new resource bases this year.

Tom Hale Portrait Tom Hale (Northfield) (Lab)
- Hansard - - - Excerpts

4. What steps her Department is taking to reduce waiting times for EHC plans.

--- Later in debate ---
Priya Okafor Portrait The Parliamentary Under-Secretary of State for Education (Priya Okafor)
- View Speech - Hansard - -

The department will recruit 200 more educational psychologists through the new training scheme.
"""


def test_written_answer_gives_the_answering_minister_not_the_department():
    record = parse_text(WRITTEN_ANSWER)
    assert record.first_published_at == "2025-03-11"  # the day it was answered
    assert record.commitments
    assert {c.speaker for c in record.commitments} == {"Priya Okafor"}
    body = " ".join(item.text for s in record.sections for item in s.items)
    assert "Portrait" not in body and "Answered by" not in body


def test_oral_answers_give_the_minister_named_in_a_portrait_role_line():
    record = parse_text(ORAL_ANSWERS)
    texts = {c.speaker for c in record.commitments}
    assert len(record.commitments) >= 3 and texts == {"Priya Okafor"}
    body = " ".join(item.text for s in record.sections for item in s.items)
    assert "Portrait" not in body and "View Speech" not in body and "Later in debate" not in body


def test_a_portrait_line_without_a_minister_leaves_the_speaker_open():
    text = ORAL_ANSWERS.split("--- Later in debate ---")[0]
    record = parse_text(text)
    assert {c.speaker for c in record.commitments} == {None}


def test_the_word_portrait_in_a_sentence_is_body_text():
    record = parse_text("The National Portrait Gallery will host 30 sessions for autistic pupils this year.\n")
    assert "Portrait Gallery" in record.sections[0].items[0].text


LORDS_ANSWER = """Special Educational Needs: Tribunals

Question for the Department for Education

Lord Castle Portrait Lord Castle (Lab)
- Hansard - - - Excerpts

To ask His Majesty's Government what steps they are taking to reduce delays at the SEND tribunal.

Baroness Whitby Portrait The Parliamentary Under-Secretary of State, Department for Education (Baroness Whitby) (Con)
- View Speech - Hansard - - - Excerpts

My Lords, the department will publish new guidance on mediation this spring. We will also fund 60 more tribunal judges.
"""


def test_a_lords_minister_line_with_a_party_tag_gives_the_speaker():
    record = parse_text(LORDS_ANSWER)
    assert record.commitments and {c.speaker for c in record.commitments} == {"Baroness Whitby"}


def test_a_hansard_speech_opening_with_the_ministers_role_and_name():
    text = ("Written statement\n\nHigh needs capital\n\n"
            "The Minister for School Standards (Jo Bright): I am today announcing £500 million for new special "
            "school places.\n\nThe department will publish each council's allocation next week.\n")
    record = parse_text(text)
    assert {c.speaker for c in record.commitments} == {"Jo Bright"}
    assert any("£500 million" in c.text for c in record.commitments)


def test_a_sentence_ending_in_an_acronym_is_not_a_speaker_line():
    text = ("Funding confirmed\n\nMinister for Children Jane Doe will fund new places for pupils with special "
            "educational needs and disabilities (SEND)\n\nThe department will publish guidance.\n")
    assert {c.speaker for c in parse_text(text).commitments} == {None}


def test_the_question_heading_is_chrome_and_the_question_stays():
    body = " ".join(item.text for s in parse_text(WRITTEN_ANSWER).sections for item in s.items)
    assert "Question to the Department" not in body and "To ask the Secretary of State" in body
