"""A pasted open letter: the writer named in its heading speaks its first-person commitments."""

from parsers import parse_text

LETTER = """Skip to main content

An open letter to families of disabled children from Minister for Children Amira Patel

Posted by: , Posted on: - Categories: SEND

Minister for Children Amira Patel has written to families of disabled children about her priorities.

Dear families,

I am determined that every family gets help sooner. I will publish a short breaks strategy in the spring, and we will fund 40 new respite centres.
"""


def test_open_letter_from_a_named_minister_gives_the_speaker():
    record = parse_text(LETTER)
    assert record.commitments
    assert {c.speaker for c in record.commitments if "respite" in c.text or "strategy" in c.text} == {"Amira Patel"}


def test_a_sentence_about_a_letter_names_no_speaker():
    text = ("Funding for respite care\n\nThe department will publish a letter from councils next week.\n\n"
            "We will fund 40 new respite centres.\n")
    assert {c.speaker for c in parse_text(text).commitments} == {None}
