"""Specifications of the pure differ, with hand-built records."""

from __future__ import annotations

import dataclasses

from parsers.record import (
    Announcement,
    ChangeNote,
    Commitment,
    DateRef,
    Money,
    Quantity,
    Quote,
)
from differ.changes import Change, diff_announcements, hungarian, is_flagged, normalise
from differ.render import render_changes, word_diff
from parsers.commitments import commitment_key as _key


def C(text: str, *, modality="will", firmness="firm", status="planned", actor="Department for Education",
      money=(), dates=(), quantities=(), programmes=(), section="Background", position=0) -> Commitment:
    return Commitment(
        key=_key(text), text=text, actor=actor, action=None, modality=modality, firmness=firmness, status=status,
        section=section, money=tuple(money), quantities=tuple(quantities), dates=tuple(dates),
        programmes=tuple(programmes), position=position,
    )


def M(text: str, amount: float) -> Money:
    return Money(text=text, amount_gbp=amount)


def D(text: str, start: str, end: str, kind: str = "month") -> DateRef:
    return DateRef(text=text, start=start, end=end, kind=kind)


def doc(*commitments: Commitment, **kw) -> Announcement:
    cs = tuple(dataclasses.replace(c, position=i) for i, c in enumerate(commitments))
    return Announcement(title=kw.pop("title", "SEND places"), commitments=cs, **kw)


CAPITAL = C("The department will allocate £740 million of high needs capital funding to local authorities.",
            money=[M("£740 million", 7.4e8)])
ALLOCATIONS = C("The department will publish allocations for each local authority by March 2025.",
                dates=[D("by March 2025", "2025-03-01", "2025-03-31", "deadline")])
OFSTED = C("Ofsted will review how inclusive mainstream settings are as part of its renewed inspection framework.",
           actor="Ofsted")
PLACES = C("Local authorities will be expected to use the funding to create around 10,000 new places in mainstream schools.",
           actor="Local authorities", quantities=[Quantity("around 10,000 new places", 10000, "places", "around")])
COLLEGES = C("The government will consider extending the programme to further education colleges.",
             modality="consider", firmness="hedged", actor="the government")
BASE = (CAPITAL, ALLOCATIONS, OFSTED, PLACES, COLLEGES)


def flagged(changes) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(c.kind, c.fields, c.tags) for c in changes if is_flagged(c)]


def test_diff_identical_versions_report_nothing():
    assert diff_announcements(doc(*BASE), doc(*BASE)) == ()


def test_diff_recosted_reports_delta_and_pct():
    new = dataclasses.replace(CAPITAL, text=CAPITAL.text.replace("740", "760"), money=(M("£760 million", 7.6e8),))
    changes = diff_announcements(doc(*BASE), doc(new, *BASE[1:]))
    assert flagged(changes) == [("modified", ("money",), ("re-costed", "re-costed-up"))]
    (c,) = changes
    assert c.significance == "major"
    assert c.details["money"] == {"old": 7.4e8, "new": 7.6e8, "delta": 2e7, "pct": 2.7, "old_all": [7.4e8], "new_all": [7.6e8]}
    assert c.summary.startswith("re-costed: £740m → £760m (+£20m, +2.7%)")
    assert c.old["text"] == CAPITAL.text and c.new["money"][0]["amount_gbp"] == 7.6e8


def test_diff_recosted_down_is_tagged_down():
    new = dataclasses.replace(CAPITAL, text=CAPITAL.text.replace("740", "700"), money=(M("£700 million", 7e8),))
    (c,) = diff_announcements(doc(*BASE), doc(new, *BASE[1:]))
    assert c.tags == ("re-costed", "re-costed-down") and c.details["money"]["pct"] == -5.4


def test_diff_redated_later_counts_days():
    new = dataclasses.replace(ALLOCATIONS, text=ALLOCATIONS.text.replace("March", "September"),
                              dates=(D("by September 2025", "2025-09-01", "2025-09-30", "deadline"),))
    (c,) = diff_announcements(doc(*BASE), doc(CAPITAL, new, *BASE[2:]))
    assert (c.kind, c.fields, c.tags, c.significance) == ("modified", ("date",), ("re-dated", "re-dated-later"), "major")
    assert c.details["date"]["days"] == 183 and c.details["date"]["direction"] == "later"
    assert "re-dated: by March 2025 → by September 2025 (+183 days, later)" in c.summary


def test_diff_softened_will_to_aims_to():
    new = dataclasses.replace(OFSTED, text=OFSTED.text.replace("will review", "aims to review"), modality="aims",
                              firmness="hedged")
    (c,) = diff_announcements(doc(*BASE), doc(CAPITAL, ALLOCATIONS, new, PLACES, COLLEGES))
    assert (c.kind, c.fields, c.tags, c.significance) == ("modified", ("modality", "firmness"), ("softened",), "major")
    assert c.summary.startswith("softened: 'will' → 'aims' (firm → hedged)")


def test_diff_hardened_will_consider_to_will():
    new = dataclasses.replace(COLLEGES, text="The government will extend the programme to further education colleges.",
                              modality="will", firmness="firm")
    (c,) = diff_announcements(doc(*BASE), doc(*BASE[:4], new))
    assert (c.fields, c.tags) == (("modality", "firmness"), ("hardened",))


def test_diff_planned_to_done_is_a_status_change():
    new = dataclasses.replace(ALLOCATIONS, text="The department has published allocations for each local authority by March 2025.",
                              modality="has", firmness="done", status="done")
    (c,) = diff_announcements(doc(*BASE), doc(CAPITAL, new, *BASE[2:]))
    assert (c.kind, c.fields, c.significance) == ("modified", ("status",), "major")


def test_diff_dropped_and_added_commitments():
    extra = C("The department will fund 20 new special free schools.", quantities=[Quantity("20", 20, "special free schools")])
    changes = diff_announcements(doc(*BASE), doc(CAPITAL, ALLOCATIONS, PLACES, COLLEGES, extra))
    assert flagged(changes) == [("removed", (), ("dropped",)), ("added", (), ("new",))]
    assert changes[0].old["text"] == OFSTED.text and changes[1].new["text"] == extra.text
    assert all(c.significance == "major" for c in changes)


def test_diff_actor_and_programme_changes():
    new_ofsted = dataclasses.replace(OFSTED, text=OFSTED.text.replace("Ofsted", "The Care Quality Commission"),
                                     actor="The Care Quality Commission")
    old_neli = C("Funded support for the Nuffield Early Language Intervention will continue.",
                 programmes=["Nuffield Early Language Intervention"], actor=None)
    new_neli = dataclasses.replace(old_neli, text="Funded support for the Early Language Support Programme will continue.",
                                   programmes=("Early Language Support Programme",), key=_key("x"))
    changes = diff_announcements(doc(*BASE, old_neli), doc(CAPITAL, ALLOCATIONS, new_ofsted, PLACES, COLLEGES, new_neli))
    assert flagged(changes) == [("modified", ("actor",), ()), ("modified", ("programme",), ())]


def test_diff_quantity_changed():
    new = dataclasses.replace(PLACES, text=PLACES.text.replace("10,000", "12,000"),
                              quantities=(Quantity("around 12,000 new places", 12000, "places", "around"),))
    (c,) = diff_announcements(doc(*BASE), doc(*BASE[:3], new, COLLEGES))
    assert (c.fields, c.significance) == (("quantity",), "major")
    # Each quantity as [value, unit], plus its qualifier when it has one.
    assert c.details["quantity"] == {"old": [[10000, "places", "around"]], "new": [[12000, "places", "around"]]}
    assert c.summary.startswith("quantity: around 10,000 new places → around 12,000 new places")


def test_diff_reorder_only_flags_nothing():
    changes = diff_announcements(doc(*BASE), doc(COLLEGES, PLACES, CAPITAL, OFSTED, ALLOCATIONS))
    assert flagged(changes) == []
    assert changes and all(c.significance == "cosmetic" and "reordered" in c.tags for c in changes)


def test_diff_cosmetic_only_flags_nothing():
    def retype(c: Commitment, text: str) -> Commitment:
        return dataclasses.replace(c, text=text, key=_key(text + "!"))  # a different key: alignment must cope

    new = (
        retype(CAPITAL, "The Department will allocate  £740 million of high-needs capital funding to local authorities"),
        retype(ALLOCATIONS, "The department will publish allocations for each local authority – by March 2025."),
        retype(OFSTED, "Ofsted will reveiw how “inclusive” mainstream settings are as part of its renewed inspection framework."),
        retype(PLACES, "LOCAL AUTHORITIES will be expected to use the funding to create around 10,000 new places in mainstream schools."),
        retype(COLLEGES, "The government will consider extending the programme to further—education colleges."),
    )
    changes = diff_announcements(doc(*BASE), doc(*new))
    assert flagged(changes) == []
    assert [c.significance for c in changes] == ["cosmetic"] * 5
    assert changes[2].tags == ("typo",)


def test_diff_per_cent_and_percent_sign_are_the_same():
    a = C("The department will raise the share of pupils in mainstream schools by 5 per cent.",
          quantities=[Quantity("5 per cent", 5, "per cent")])
    b = dataclasses.replace(a, text="The department will raise the share of pupils in mainstream schools by 5%.",
                            quantities=(Quantity("5%", 5, "%"),), key=_key("y"))
    assert flagged(diff_announcements(doc(a), doc(b))) == []


def test_diff_split_is_one_minor_change():
    whole = C("The department will publish allocations for each local authority by March 2025 and set out guidance on how the funding can be used.",
              dates=[D("by March 2025", "2025-03-01", "2025-03-31", "deadline")])
    part1 = C("The department will publish allocations for each local authority by March 2025.",
              dates=[D("by March 2025", "2025-03-01", "2025-03-31", "deadline")])
    part2 = C("The department will also set out guidance on how the funding can be used.")
    changes = diff_announcements(doc(CAPITAL, whole, OFSTED), doc(CAPITAL, part1, part2, OFSTED))
    assert flagged(changes) == [("modified", ("wording",), ("split", "reworded"))]
    assert changes[0].significance == "minor" and changes[0].new["parts"] == [part1.text, part2.text]


def test_diff_merge_is_one_minor_change():
    a = C("The department will publish allocations for each local authority by March 2025.",
          dates=[D("by March 2025", "2025-03-01", "2025-03-31", "deadline")])
    b = C("The department will set out guidance on how councils can use the funding.")
    merged = C("The department will publish allocations for each local authority by March 2025 and will set out guidance on how councils can use the funding.",
               dates=[D("by March 2025", "2025-03-01", "2025-03-31", "deadline")])
    changes = diff_announcements(doc(CAPITAL, a, b, OFSTED), doc(CAPITAL, merged, OFSTED))
    assert flagged(changes) == [("modified", ("wording",), ("merged", "reworded"))]
    assert changes[0].old["parts"] == [a.text, b.text]


def test_diff_moved_section_alone_is_cosmetic():
    moved = dataclasses.replace(OFSTED, section="Next steps")
    changes = diff_announcements(doc(*BASE), doc(CAPITAL, ALLOCATIONS, moved, PLACES, COLLEGES))
    assert [(c.kind, c.significance, c.tags) for c in changes] == [("modified", "cosmetic", ("moved-section",))]
    assert changes[0].details["section"] == {"old": "Background", "new": "Next steps"}


def test_diff_rewording_around_core_is_minor():
    new = dataclasses.replace(OFSTED, text="Ofsted will review how inclusive mainstream settings are, for every school, as part of its renewed inspection framework.")
    (c,) = diff_announcements(doc(*BASE), doc(CAPITAL, ALLOCATIONS, new, PLACES, COLLEGES))
    assert (c.kind, c.fields, c.significance) == ("modified", ("wording",), "minor")


def test_diff_silent_when_public_updated_at_unchanged():
    new = dataclasses.replace(CAPITAL, text=CAPITAL.text.replace("740", "760"), money=(M("£760 million", 7.6e8),))
    meta = dict(public_updated_at="2025-01-10T09:00:00Z", change_history=(ChangeNote("2025-01-10T09:00:00Z", "First published."),))
    (c,) = diff_announcements(doc(*BASE, **meta), doc(new, *BASE[1:], **meta))
    assert c.silent is True


def test_diff_not_silent_with_new_note_and_timestamp():
    new = dataclasses.replace(CAPITAL, text=CAPITAL.text.replace("740", "760"), money=(M("£760 million", 7.6e8),))
    first = ChangeNote("2025-01-10T09:00:00Z", "First published.")
    note = ChangeNote("2025-02-01T09:00:00Z", "Updated the funding figure.")
    old = doc(*BASE, public_updated_at=first.public_timestamp, change_history=(first,))
    newer = doc(new, *BASE[1:], public_updated_at=note.public_timestamp, change_history=(note, first))
    changes = diff_announcements(old, newer)
    assert [(c.kind, c.significance, c.silent) for c in changes] == [
        ("change_note_added", "minor", False),
        ("modified", "major", False),
    ]
    assert changes[0].new == {"text": note.note, "note": note.note, "public_timestamp": note.public_timestamp}


def test_diff_no_metadata_is_never_called_silent():
    new = dataclasses.replace(CAPITAL, text=CAPITAL.text.replace("740", "760"), money=(M("£760 million", 7.6e8),))
    (c,) = diff_announcements(doc(*BASE), doc(new, *BASE[1:]))
    assert c.silent is False


def test_diff_withdrawn_keeps_commitments():
    old = doc(*BASE)
    new = dataclasses.replace(old, status="withdrawn", withdrawn_explanation="Replaced by the 2026 allocations.",
                              withdrawn_at="2026-03-01T10:00:00Z")
    (c,) = diff_announcements(old, new)
    assert (c.kind, c.scope, c.significance) == ("withdrawn", "document", "major")
    assert c.new["withdrawn_explanation"] == "Replaced by the 2026 allocations."


def test_diff_gone_and_redirect_report_one_change_only():
    old = doc(*BASE)
    gone = Announcement(title=None, status="gone", redirect_to="/government/news/new-place")
    moved = Announcement(status="redirect", redirect_to="/government/news/send-places-2026")
    assert [(c.kind, c.significance) for c in diff_announcements(old, gone)] == [("gone", "major")]
    (r,) = diff_announcements(old, moved)
    assert (r.kind, r.new["redirect_to"]) == ("redirected", "/government/news/send-places-2026")


def test_diff_unwithdrawn():
    old = dataclasses.replace(doc(*BASE), status="withdrawn", withdrawn_explanation="Out of date.")
    (c,) = diff_announcements(old, doc(*BASE))
    assert (c.kind, c.significance) == ("unwithdrawn", "major")


def test_diff_title_and_summary():
    old = doc(*BASE, description="Funding for new places.")
    new = dataclasses.replace(old, title="SEND places: £760 million", description="Funding for new places")
    assert [(c.kind, c.significance) for c in diff_announcements(old, new)] == [
        ("title_changed", "minor"),
        ("summary_changed", "cosmetic"),
    ]


def test_diff_quote_speaker_and_text():
    q1 = Quote(speaker="Catherine McKinnell", role="Minister for School Standards",
               text="Every child deserves a school place that meets their needs, close to home.", position=2)
    q2 = dataclasses.replace(q1, speaker="Bridget Phillipson", role="Education Secretary")
    q3 = dataclasses.replace(q1, text="Every child deserves to learn alongside their friends in a school that understands them.")
    old = doc(*BASE, quotes=(q1,))
    assert [(c.kind, c.significance) for c in diff_announcements(old, dataclasses.replace(old, quotes=(q2,)))] == [
        ("speaker_changed", "major")
    ]
    assert [(c.kind, c.significance) for c in diff_announcements(old, dataclasses.replace(old, quotes=(q3,)))] == [
        ("quote_changed", "minor")
    ]
    curly = dataclasses.replace(q1, text=q1.text.replace("needs,", "needs —"))
    assert [c.significance for c in diff_announcements(old, dataclasses.replace(old, quotes=(curly,)))] == ["cosmetic"]


def test_diff_several_at_once_in_document_order():
    c2 = dataclasses.replace(CAPITAL, text=CAPITAL.text.replace("740", "760"), money=(M("£760 million", 7.6e8),))
    a2 = dataclasses.replace(ALLOCATIONS, text=ALLOCATIONS.text.replace("March", "June"),
                             dates=(D("by June 2025", "2025-06-01", "2025-06-30", "deadline"),))
    extra = C("The department will fund 20 new special free schools.")
    changes = diff_announcements(doc(*BASE), doc(c2, a2, extra, OFSTED, PLACES, COLLEGES))
    assert flagged(changes) == [
        ("modified", ("money",), ("re-costed", "re-costed-up")),
        ("modified", ("date",), ("re-dated", "re-dated-later")),
        ("added", (), ("new",)),
    ]


def test_diff_change_to_dict_is_plain_json():
    new = dataclasses.replace(CAPITAL, text=CAPITAL.text.replace("740", "760"), money=(M("£760 million", 7.6e8),))
    (c,) = diff_announcements(doc(*BASE), doc(new, *BASE[1:]))
    d = c.to_dict()
    assert d["fields"] == ["money"] and d["tags"] == ["re-costed", "re-costed-up"] and isinstance(d["old"], dict)
    assert isinstance(c, Change)


def test_hungarian_finds_the_optimal_assignment():
    cost = [[4, 1, 3], [2, 0, 5], [3, 2, 2]]
    assert hungarian(cost) == [(0, 1), (1, 0), (2, 2)]
    assert hungarian([[1, 9], [9, 1], [5, 5]]) == [(0, 0), (1, 1)]


def test_normalise_typography():
    assert normalise("The  Department’s “plan” – 5 per cent") == normalise("the department's \"plan\" - 5%")


def test_render_marks_changed_words():
    new = dataclasses.replace(CAPITAL, text=CAPITAL.text.replace("740", "760"), money=(M("£760 million", 7.6e8),))
    old_doc, new_doc = doc(*BASE), doc(new, *BASE[1:])
    out = render_changes(diff_announcements(old_doc, new_doc), old=old_doc, new=new_doc)
    assert "[major | commitment | modified | fields=money]" in out
    assert "allocate [-£740-] {+£760+} million" in out
    coloured = render_changes(diff_announcements(old_doc, new_doc), old=old_doc, new=new_doc, color=True)
    assert "\x1b[31m[-£740-]\x1b[0m \x1b[32m{+£760+}\x1b[0m" in coloured  # marked for readers without colour too
    assert word_diff("a b c", "a c d") == "a [-b-] c {+d+}"


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TYPOGRAPHY = [("'", "’"), ('"', "“"), (" - ", " – "), (" - ", " — "), (" ", "  "), ("per cent", "%"), (".", "")]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(range(len(_TYPOGRAPHY))), max_size=4), st.booleans())
def test_diff_typography_never_flags(choices, upper):
    text = "The department's \"new\" plan - due soon - will raise attendance by 5 per cent."
    other = text
    for k in choices:
        other = other.replace(*_TYPOGRAPHY[k])
    other = other.upper() if upper else other
    a = C(text, quantities=[Quantity("5 per cent", 5, "per cent")])
    b = dataclasses.replace(a, text=other, key=_key(other + "x"),
                            quantities=(Quantity("5%" if "%" in other else "5 per cent", 5, "%" if "%" in other else "per cent"),))
    assert flagged(diff_announcements(doc(a), doc(b))) == []
