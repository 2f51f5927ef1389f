"""Specifications of statement diffing: no substantive edit anywhere in the body is invisible.

Pages are Content API items run through the real parser, then the real differ. The sentences are
our own, in the shape of DfE releases: statistics, background and list items no rule calls a promise.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from differ import diff_announcements, is_flagged
from parsers import parse_content_item


def page(body: str, *, title: str = "More support for pupils with SEND") -> dict:
    return {
        "content_id": "5f1c0c3e-0000-4000-8000-000000000001", "base_path": "/government/news/more-support",
        "title": title, "document_type": "press_release", "schema_name": "news_article", "locale": "en",
        "first_published_at": "2025-03-04T09:30:00Z", "public_updated_at": "2025-03-04T09:30:00Z",
        "details": {"body": body},
    }


def flagged(before: str, after: str) -> list:
    old, new = parse_content_item(page(before)), parse_content_item(page(after))
    return [c for c in diff_announcements(old, new) if is_flagged(c)]


STATS = ("<p>Figures published last week show 1,200 pupils waited more than 12 weeks for an assessment.</p>"
         "<p>Visiting a school in Leeds, the minister met staff and parents.</p>")


def test_a_count_moved_in_a_statistic_is_a_major_statement_change_with_both_values():
    [change] = flagged(STATS, STATS.replace("1,200 pupils", "1,450 pupils"))
    assert (change.kind, change.scope, change.significance, change.fields) == ("modified", "statement", "major", ("quantity",))
    assert change.details["quantity"] == {"old": [[1200.0, "pupils"]], "new": [[1450.0, "pupils"]]}
    assert change.old["text"].startswith("Figures published last week show 1,200 pupils")
    assert change.new["text"].startswith("Figures published last week show 1,450 pupils")


def test_money_moved_in_a_list_item_that_is_no_promise_is_re_costed():
    before = "<p>Last year councils spent:</p><ul><li>£12 million on transport for pupils with SEND</li></ul>"
    [change] = flagged(before, before.replace("£12 million", "£15 million"))
    assert (change.scope, change.significance, change.fields) == ("statement", "major", ("money",))
    assert change.details["money"]["delta"] == 3_000_000
    assert "re-costed-up" in change.tags


def test_a_date_moved_in_background_is_re_dated_with_days():
    before = "<p>The number of plans rose sharply between January 2019 and March 2024.</p>"
    [change] = flagged(before, before.replace("March 2024", "June 2024"))
    assert (change.scope, change.fields, change.details["date"]["direction"]) == ("statement", ("date",), "later")


def test_wording_changed_outside_commitments_is_minor():
    [change] = flagged(STATS, STATS.replace("met staff and parents", "met teachers and governors"))
    assert (change.kind, change.scope, change.significance, change.fields) == ("modified", "statement", "minor", ("wording",))


def test_a_removed_and_an_added_sentence_are_reported():
    extra = "<p>A survey of parent carer forums found long delays in most areas.</p>"
    [added] = flagged(STATS, STATS + extra)
    [removed] = flagged(STATS + extra, STATS)
    assert (added.kind, added.scope, added.significance, added.new["text"]) == (
        "added", "statement", "minor", "A survey of parent carer forums found long delays in most areas.")
    assert (removed.kind, removed.old["text"]) == ("removed", added.new["text"])


def test_a_sentence_replaced_in_place_is_one_modification_with_both_texts():
    [change] = flagged(STATS, STATS.replace("Visiting a school in Leeds, the minister met staff and parents.",
                                            "A survey of parent carer forums found long delays in most areas."))
    assert (change.kind, change.scope, change.fields) == ("modified", "statement", ("wording",))
    assert change.old["text"].startswith("Visiting a school") and change.new["text"].startswith("A survey")


def test_cosmetic_edits_to_statements_flag_nothing():
    cosmetic = (STATS.replace("1,200", "1200").replace("  ", " ").replace("parents.", "parents .")
                .replace("Figures published", "Figures  published"))
    assert flagged(STATS, cosmetic) == []
    money = "<p>Councils have received £1.3 billion since 2022 – more than before.</p>"
    assert flagged(money, money.replace("£1.3 billion", "£1.3bn").replace("–", "-")) == []


def test_list_items_joined_into_one_item_flag_nothing():
    before = "<p>This guidance is for:</p><ul><li>local authorities</li><li>early years providers</li><li>schools and colleges</li></ul>"
    after = "<p>This guidance is for:</p><ul><li>local authorities, early years providers, schools and colleges</li></ul>"
    assert flagged(before, after) == []


def test_a_reordered_list_flags_nothing():
    before = "<ul><li>speech and language therapists</li><li>educational psychologists</li><li>occupational therapists</li></ul>"
    after = "<ul><li>occupational therapists</li><li>speech and language therapists</li><li>educational psychologists</li></ul>"
    assert flagged(before, after) == []


def test_a_sentence_holding_a_changed_commitment_is_reported_once():
    before = "<p>The department will provide £20 million to train 400 more educational psychologists.</p>"
    [change] = flagged(before, before.replace("£20 million", "£25 million"))
    assert (change.scope, change.fields) == ("commitment", ("money",))


def test_a_figure_moved_inside_a_quote_is_major():
    before = ('<p>Children and Families Minister Jo Bloggs said:</p>'
              '<blockquote><p>“Waiting lists have grown to 40,000 children, and families tell us every day '
              'how hard that is.”</p></blockquote>')
    [change] = flagged(before, before.replace("40,000 children", "52,000 children"))
    assert (change.kind, change.significance, change.fields) == ("quote_changed", "major", ("quantity",))


def test_a_heading_rewritten_is_a_minor_statement_change():
    before = "<h2>Support in mainstream schools</h2><p>Officials visited a school in Leeds.</p>"
    [change] = flagged(before, before.replace("Support in mainstream schools", "Inclusion in every classroom"))
    assert (change.scope, change.significance, change.old["kind"]) == ("statement", "minor", "heading")


# Property: any edit beyond the cosmetic rules is reported; cosmetic-only edits never are.

NOUNS = ["pupils", "schools", "councils", "families", "therapists", "places", "assessments", "settings"]
WORDS = ["reported", "visited", "described", "regional", "national", "shortages", "delays", "improvements",
         "inspection", "evidence", "specialist", "mainstream", "training", "classroom", "teachers", "governors"]
PLACES = ["Leeds", "Norfolk", "Bristol", "Cumbria", "Merton", "Kent"]


@st.composite
def sentences(draw) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=4, max_size=9, unique=True))
    count = draw(st.integers(min_value=2, max_value=90)) * 10
    noun = draw(st.sampled_from(NOUNS))
    place = draw(st.sampled_from(PLACES))
    at = draw(st.integers(min_value=0, max_value=len(words)))
    words = words[:at] + [f"{count:,} {noun}"] + words[at:]
    return f"In {place} " + " ".join(words) + "."


@st.composite
def bodies(draw) -> list[str]:
    return draw(st.lists(sentences(), min_size=2, max_size=6, unique=True))


def html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def substantive(draw, paragraphs: list[str]) -> list[str]:
    out = list(paragraphs)
    i = draw(st.integers(min_value=0, max_value=len(out) - 1))
    kind = draw(st.sampled_from(["number", "word", "drop", "insert"]))
    if kind == "number":
        out[i] = re.sub(r"\d[\d,]*", lambda m: f"{int(m.group().replace(',', '')) + 7:,}", out[i], count=1)
    elif kind == "word":
        present = [w for w in WORDS if f" {w}" in out[i]]
        absent = [w for w in WORDS if w not in out[i]]
        old, new = draw(st.sampled_from(present)), draw(st.sampled_from(absent))
        out[i] = out[i].replace(f" {old}", f" {new}", 1)
    elif kind == "drop" and len(out) > 1:
        del out[i]
    else:
        extra = draw(sentences())
        if extra in out:
            extra = "Separately " + extra
        out.insert(i, extra)
    return out


def cosmetic(draw, paragraphs: list[str]) -> list[str]:
    out = []
    for p in paragraphs:
        edit = draw(st.sampled_from(["spaces", "upper", "thousands", "dash", "none"]))
        if edit == "spaces":
            p = p.replace(" ", "  ", 2)
        elif edit == "upper":
            p = p[:-1].upper() + "."
        elif edit == "thousands":
            p = re.sub(r"(\d),(\d{3})", r"\1\2", p)
        elif edit == "dash":
            p = p.replace(" In ", " – In ")
        out.append(p)
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_property_edits_beyond_the_cosmetic_rules_are_always_reported(data):
    before = data.draw(bodies())
    after = substantive(data.draw, before)
    assert flagged(html(before), html(after)), (before, after)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_property_cosmetic_only_edits_are_never_reported(data):
    before = data.draw(bodies())
    after = cosmetic(data.draw, before)
    if data.draw(st.booleans()):
        after = after[1:] + after[:1]  # reordering paragraphs is cosmetic too
    assert flagged(html(before), html(after)) == [], (before, after)


def consultation(closing: str, opening: str = "2025-01-10T09:00:00+00:00") -> dict:
    item = page("<p>We are seeking views on changes to the SEND funding formula.</p>", title="SEND funding formula")
    item.update(schema_name="consultation", document_type="open_consultation")
    item["details"].update(opening_date=opening, closing_date=closing)
    return item


def test_an_extended_consultation_closing_date_is_a_re_dated_document_change():
    old = parse_content_item(consultation("2025-03-07T23:59:00+00:00"))
    new = parse_content_item(consultation("2025-04-04T23:59:00+01:00"))
    assert (old.opening_date, old.closing_date) == ("2025-01-10T09:00:00+00:00", "2025-03-07T23:59:00+00:00")
    [change] = [c for c in diff_announcements(old, new) if is_flagged(c)]
    assert (change.kind, change.scope, change.significance, change.fields) == ("modified", "document", "major", ("date",))
    assert change.tags == ("re-dated", "re-dated-later")
    assert change.details["date"]["days"] == 28
    assert change.summary == "re-dated: closing date 2025-03-07 → 2025-04-04 (+28 days, later)"


def test_a_closing_date_rewritten_in_another_zone_on_the_same_day_flags_nothing():
    old = parse_content_item(consultation("2025-06-30T23:45:00+01:00"))
    new = parse_content_item(consultation("2025-06-30T22:45:00+00:00"))
    assert [c for c in diff_announcements(old, new) if is_flagged(c)] == []


def test_key_dates_change_the_hash_only_when_a_page_has_them():
    """Records stored before these fields existed keep their hash, so reruns create no new version."""
    from parsers.record import stable_hash

    plain = parse_content_item(page(STATS))
    legacy = {k: v for k, v in plain.to_dict().items()
              if k not in ("url", "updated_at", "problems", "source_format", "opening_date", "closing_date", "delivered_on")}
    assert plain.content_hash() == stable_hash(legacy, 64)
    assert parse_content_item(consultation("2025-03-07T23:59:00+00:00")).content_hash() != \
        parse_content_item(consultation("2025-03-08T23:59:00+00:00")).content_hash()


def test_a_negation_added_outside_commitments_is_major_and_tagged_reversed():
    before = "<p>Under the new rules families have to reapply for transport support every year.</p>"
    [change] = flagged(before, before.replace("families have to", "families no longer have to"))
    assert (change.scope, change.significance, change.fields, change.tags) == ("statement", "major", ("wording",), ("reversed", "reworded"))


def test_a_run_together_word_split_apart_flags_nothing():
    before = "<p>Councils were sent the updatedSEND code of practice in June.</p>"
    assert flagged(before, before.replace("updatedSEND", "updated SEND")) == []


def test_a_commitment_split_in_two_under_one_long_lead_in_is_one_split_change():
    lead = "To make support simpler for families of children with complex needs, the department will"
    before = f"<p>{lead} replace paper forms and local phone lines with a single online service for parents.</p>"
    after = (f"<p>{lead} replace paper forms with a single online service for parents.</p>"
             f"<p>{lead} replace local phone lines with a single online service for parents.</p>")
    [change] = flagged(before, after)
    assert (change.kind, change.scope, change.fields, "split" in change.tags) == ("modified", "commitment", ("wording",), True)


def test_a_number_the_parser_reads_on_one_side_only_is_not_a_change():
    before = "<p>The number of plans rose to 638,700 in January 2025.</p>"
    assert flagged(before, before.replace("638,700", "638700")) == []


def test_a_date_phrase_the_parser_cannot_read_is_replaced_by_one_it_can_as_a_date_change_only():
    before = "<p>We will publish the workforce plan early in the new year, with councils.</p>"
    [change] = flagged(before, before.replace("early in the new year", "in the summer"))
    assert (change.scope, change.fields) == ("commitment", ("date",))


def test_an_acronym_spelled_out_flags_nothing():
    before = "<ul><li>others who give advice to EHC needs assessments, such as:</li></ul>"
    assert flagged(before, before.replace("EHC needs", "education, health and care (EHC) needs")) == []
    assert flagged(before, before.replace("EHC needs", "education, health and care needs")) == []


def test_an_old_change_note_cut_short_is_not_a_new_note():
    old, new = page(STATS), page(STATS)
    old["details"]["change_history"] = [{"public_timestamp": "2025-03-04T09:30:00Z",
                                         "note": "Updated guidance on annual reviews and tribunal rulings. Also fixed a table."}]
    new["details"]["change_history"] = [{"public_timestamp": "2025-03-04T09:30:00Z",
                                         "note": "Updated guidance on annual reviews and tribunal rulings."}]
    changes = diff_announcements(parse_content_item(old), parse_content_item(new))
    assert [c for c in changes if c.kind == "change_note_added"] == []


def test_a_commitment_read_only_in_one_version_of_an_unchanged_sentence_is_not_flagged():
    """The parser may read a promise in one notation and not the other; the page said the same thing."""
    from parsers.record import Announcement, Commitment, Section, SectionItem

    def version(sentence: str, read: bool) -> Announcement:
        commitments = (Commitment(key="k", text="we will support councils to open new places", actor="the Government",
                                  action="support", modality="will", firmness="firm", status="planned", section=None),)
        return Announcement(title="Capital for places", sections=(Section(None, "body", (SectionItem(sentence),)),),
                            commitments=commitments if read else ())

    before = "This is part of the £2.6 billion we are investing, and we will support councils to open new places."
    after = before.replace("£2.6 billion", "£2.6bn")
    for old, new in ((version(before, False), version(after, True)), (version(before, True), version(after, False))):
        changes = diff_announcements(old, new)
        assert [c for c in changes if is_flagged(c)] == []
        assert [(c.kind, c.significance, "reread" in c.tags) for c in changes if c.scope == "commitment"] in (
            [("added", "cosmetic", True)], [("removed", "cosmetic", True)])


def test_a_commitment_change_names_the_whole_sentence_old_and_new():
    before = "<p>The department will fund 30 new schools and train 400 more staff by 2026.</p>"
    [change] = flagged(before, before.replace("400 more staff", "500 more staff"))
    assert (change.scope, change.fields) == ("commitment", ("quantity",))
    assert change.old["sentence"] == "The department will fund 30 new schools and train 400 more staff by 2026."
    assert change.new["sentence"] == "The department will fund 30 new schools and train 500 more staff by 2026."
    assert "500 more staff" in change.new["text"] and change.new["text"] != change.new["sentence"]


def test_an_acronym_dropped_with_one_typo_fixed_nearby_flags_nothing():
    before = "<p>Read it alongside the special educational needs and disabillity (SEND) code of practice.</p>"
    after = "<p>Read it alongside the special educational needs and disability code of practice.</p>"
    assert flagged(before, after) == []


def test_a_modal_softened_in_a_sentence_no_rule_reads_as_a_commitment_is_major():
    """'will' -> 'could' is masked as a modal in the wording comparison; it must not vanish as cosmetic."""
    before = "<p>The new framework will build on and strengthen the current approach by:</p>"
    [change] = flagged(before, before.replace("will build", "could build"))
    assert (change.scope, change.significance, change.fields, change.tags) == (
        "statement", "major", ("modality", "firmness"), ("softened",))
    assert change.summary.startswith("softened: 'will' → 'could' (firm → hedged)")
    [back] = flagged(before.replace("will build", "could build"), before)
    assert back.tags == ("hardened",)
