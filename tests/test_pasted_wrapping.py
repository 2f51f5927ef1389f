"""Hard-wrapped pasted text: re-joining lines stops at a bullet's end, a blank line and a short heading."""

from parsers import parse_text
from parsers.blocks import HEADING, ITEM, PARAGRAPH
from parsers.text import text_blocks

# An email-style release wrapped at ~60 characters with no blank lines between paragraphs: a
# short heading line sits between sentences and the last bullet has no full stop.
WRAPPED = """The department will fund new respite places for disabled
children in every region, alongside extra training for short
breaks staff in the coming months.
Respite places next spring
Councils will receive a share of £30 million to commission
around 2,000 new respite places for families who need them.
The department will support councils by:
- publishing model contracts for short breaks providers that
councils can adapt.
- funding a national helpline for parent carers.
- setting up a peer review scheme run by experienced
directors of children's services
The scheme will start with 12 councils, chosen with the
Local Government Association, and expand to every area by 2027.
Training for staff
We will also train 500 short breaks workers through a new
online course.
"""


def kinds(text: str) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in text_blocks(text)]


def test_a_short_heading_line_between_sentences_is_a_heading():
    blocks = kinds(WRAPPED)
    assert (HEADING, "Respite places next spring") in blocks
    assert (HEADING, "Training for staff") in blocks
    assert not any("Respite places next spring Councils" in t for _, t in blocks)


def test_the_last_bullet_ends_where_a_new_sentence_starts():
    blocks = kinds(WRAPPED)
    items = [t for k, t in blocks if k == ITEM]
    assert items[-1] == "setting up a peer review scheme run by experienced directors of children's services"
    assert (PARAGRAPH, "The scheme will start with 12 councils, chosen with the Local Government Association, "
                       "and expand to every area by 2027.") in blocks


def test_wrapped_lines_inside_a_sentence_still_join():
    blocks = kinds(WRAPPED)
    assert blocks[0] == (PARAGRAPH, "The department will fund new respite places for disabled children in every "
                                    "region, alongside extra training for short breaks staff in the coming months.")
    assert blocks[2][1].startswith("Councils will receive a share of £30 million to commission around 2,000 new "
                                   "respite places for families who need them.")
    assert (ITEM, "publishing model contracts for short breaks providers that councils can adapt.") in blocks


def test_the_heading_does_not_lend_its_date_to_the_next_commitment():
    record = parse_text(WRAPPED, meta={"first_published_at": "2025-11-03"})
    [receive] = [c for c in record.commitments if "respite places for families" in c.text]
    assert receive.dates == ()
    [scheme] = [c for c in record.commitments if "start with 12 councils" in c.text]
    assert "Training for staff" not in scheme.text


def test_a_short_last_bullet_line_ends_the_item_before_a_named_subject():
    text = ("The department will help councils plan special school places\n"
            "in every area, with new guidance and data for each local\n"
            "authority and its schools. It will do this by:\n"
            "- publishing a capacity survey of every special school in\n"
            "England, with a summary for parents and carers each year.\n"
            "- funding local place planning reviews in 30 areas\n"
            "Councils will receive guidance on the reviews from their\n"
            "regional teams, who will also check progress each term.\n")
    items = [t for k, t in kinds(text) if k == ITEM]
    assert items == ["publishing a capacity survey of every special school in England, with a summary for parents "
                     "and carers each year.", "funding local place planning reviews in 30 areas"]
