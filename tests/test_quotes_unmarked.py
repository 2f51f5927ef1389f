"""Quotes without quotation marks, as pasted pages and blog posts print them."""

from parsers import parse_text
from parsers.text import is_hard_wrapped, text_blocks


def test_copied_page_lines_are_paragraphs_but_email_wraps_are_joined():
    page = "A title line\nFirst paragraph ends here.\nSecond paragraph, which is\nbroken once.\n"
    assert [b.text for b in text_blocks(page)] == [
        "A title line", "First paragraph ends here.", "Second paragraph, which is broken once."]
    email = ("The council will publish its plan\nnext month and will consult\nfamilies on it.\n"
             "It will also train\nstaff in every school.\n")
    assert is_hard_wrapped(email.splitlines())
    assert [b.text for b in text_blocks(email)] == [
        "The council will publish its plan next month and will consult families on it. "
        "It will also train staff in every school."]


def test_unmarked_quote_runs_until_a_statistic_resumes_the_narrative():
    text = (
        "New hubs for rural schools\n"
        "The department will fund 12 hubs in rural areas.\n"
        "Children's Minister Ruth Adeyemi said:\n"
        "This is a good day for families who have waited too long.\n"
        "Rural schools face challenges that cities do not, and they deserve answers.\n"
        "We will keep listening to parents as the hubs open.\n"
        "Around 9 in 10 rural schools have fewer than 200 pupils.\n"
    )
    [quote] = parse_text(text).quotes
    assert (quote.speaker, quote.role, len(quote.paragraphs)) == ("Ruth Adeyemi", "Children's Minister", 3)
    assert quote.paragraphs[0].startswith("This is a good day")


def test_unmarked_quote_stops_where_the_speaker_is_named_in_the_third_person():
    text = (
        "Ruth Adeyemi, Minister for Rural Schools, said:\n"
        "Every family should find the right support close to home.\n"
        "Adeyemi visited a hub in Cumbria on Monday, where staff showed her the new training rooms.\n"
    )
    [quote] = parse_text(text).quotes
    assert (quote.speaker, quote.role, quote.paragraphs) == (
        "Ruth Adeyemi", "Minister for Rural Schools", ("Every family should find the right support close to home.",))


def test_blog_quote_after_said_runs_past_the_end_of_the_text():
    text = (
        "What the new guidance means for parents\n"
        "The guidance sets out what schools should offer.\n"
        "Our Director of SEND Policy, Sam Okafor, said:\n"
        "We want every parent to know what to expect from their child's school.\n"
        "That is why we wrote the guidance with parents, and why we will review it every year so"
    )
    [quote] = parse_text(text).quotes
    assert (quote.speaker, quote.role, len(quote.paragraphs)) == ("Sam Okafor", "Our Director of SEND Policy", 2)


def test_inline_lead_in_without_marks_and_personal_titles():
    text = ("Children's Minister Ruth Adeyemi said: These hubs will change lives.\n"
            "We will open the first in May.\n"
            "The department published the list of areas in 2024.\n")
    [quote] = parse_text(text).quotes
    assert (quote.speaker, quote.role, quote.paragraphs) == (
        "Ruth Adeyemi", "Children's Minister", ("These hubs will change lives.", "We will open the first in May."))
    [quote] = parse_text("Dr Sam Okafor MBE, chief executive of Speech First, said:\nWe welcome this.\n").quotes
    assert (quote.speaker, quote.role) == ("Sam Okafor", "chief executive of Speech First")
    assert parse_text("The report said: Schools must improve.\n").quotes == ()


def test_unmarked_quote_stops_at_a_heading_line():
    text = ("Children's Minister Ruth Adeyemi said:\n"
            "This is a good day for families.\n"
            "How the hubs will work\n"
            "Each hub is run by a lead school.\n"
            "What happens next?\n")
    [quote] = parse_text(text).quotes
    assert quote.paragraphs == ("This is a good day for families.",)


def test_role_with_commas_before_the_name():
    [quote] = parse_text("Minister for Schools, Skills and Families Ruth Adeyemi said:\nWe will act.\n").quotes
    assert (quote.speaker, quote.role) == ("Ruth Adeyemi", "Minister for Schools, Skills and Families")


def test_speaker_line_with_a_role_gives_the_name():
    from parsers.quotes import speaker_name

    assert speaker_name("Dr Sam Okafor, Chair of the Inclusion Advisory Group") == "Sam Okafor"
    assert speaker_name("The Rt Hon Ruth Adeyemi MP") == "Ruth Adeyemi"


def test_a_quote_opened_once_runs_to_its_closing_mark():
    text = ("Children's Minister Ruth Adeyemi said:\n"
            "“This is a good day for families.\n"
            "Rural schools deserve the same support as any other.”\n"
            "The hubs open in May.\n")
    [quote] = parse_text(text).quotes
    assert quote.paragraphs == ("This is a good day for families.", "Rural schools deserve the same support as any other.")


def test_a_long_line_broken_before_a_capital_is_joined_again():
    text = ("New hubs\nThe department will work with councils, schools and health services across the north of "
            "England to set up the new hubs, together with\nOfsted and the Care Quality Commission.\nNext line.\n")
    assert [b.text for b in text_blocks(text)][1].endswith("together with Ofsted and the Care Quality Commission.")


def test_pronoun_lead_ins_take_the_previous_speaker():
    text = ("Children's Minister Ruth Adeyemi said:\n“We will act.”\n"
            "Speaking at a school in Leeds, she said:\n“We will go further.”\n"
            "She also said:\n“And we will listen.”\n")
    assert [(q.speaker, q.role) for q in parse_text(text).quotes] == [("Ruth Adeyemi", "Children's Minister")] * 3


def test_a_later_surname_only_attribution_takes_the_earlier_full_name_and_role():
    text = ("Children's Minister Ruth Adeyemi said:\n“We will act.”\n"
            "Sam Okafor, chief executive of Speech First, said:\n“We welcome this.”\n"
            "“We will also listen,” said Adeyemi.\n"
            "Mrs Adeyemi said: “And we will report back.”\n")
    assert [(q.speaker, q.role) for q in parse_text(text).quotes] == [
        ("Ruth Adeyemi", "Children's Minister"), ("Sam Okafor", "chief executive of Speech First"),
        ("Ruth Adeyemi", "Children's Minister"), ("Ruth Adeyemi", "Children's Minister")]


def test_honorifics_and_peerages_in_lead_ins():
    cases = {
        "The Rt Hon Ruth Adeyemi MP, Secretary of State for Education, said:": ("Ruth Adeyemi", "Secretary of State for Education"),
        "Secretary of State for Education, the Rt Hon Ruth Adeyemi MP, said:": ("Ruth Adeyemi", "Secretary of State for Education"),
        "Schools Minister Baroness Okafor of Leeds said:": ("Baroness Okafor of Leeds", "Schools Minister"),
    }
    for lead_in, expected in cases.items():
        [quote] = parse_text(f"{lead_in}\nWe will act.\n").quotes
        assert (quote.speaker, quote.role) == expected


def test_a_long_lead_in_that_says_where_and_when():
    lead_in = ("Speaking at the opening of a new specialist hub at a primary school in Bradford this morning, where "
               "she met pupils, parents and teachers from across the city and the wider region, "
               "Children's Minister Ruth Adeyemi said:")
    [quote] = parse_text(f"{lead_in}\nWe will open more hubs.\n").quotes
    assert (quote.speaker, quote.role) == ("Ruth Adeyemi", "Children's Minister")
