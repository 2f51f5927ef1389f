"""The Atom feed on a real warehouse: valid Atom, one entry per page per version, stable ids, filters, escaping."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta
from html.parser import HTMLParser

import pytest

from fixtures.outputs.warehouse import GONE, PLACES, T0, TUTORS, build_warehouse, load_third_version
from outputs.feed import build_feed, default_feed_path
from outputs.updates import govuk_url
from send_monitor.cli import main
from warehouse.history import HistoryFilter

NS = {"a": "http://www.w3.org/2005/Atom"}
TAG = "tag:send-monitor,2025:"


@pytest.fixture()
def db(tmp_path):
    return build_warehouse(tmp_path / "warehouse.duckdb")


def parse(body: bytes) -> ET.Element:
    root = ET.fromstring(body)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"a:{name}", NS).text
    ids = [e.find("a:id", NS).text for e in root.findall("a:entry", NS)]
    assert len(ids) == len(set(ids))
    return root


def entries(root: ET.Element) -> list[tuple]:
    out = []
    for e in root.findall("a:entry", NS):
        link = e.find("a:link", NS)
        out.append((e.find("a:id", NS).text, e.find("a:title", NS).text, e.find("a:updated", NS).text,
                    link.get("href") if link is not None else None,
                    sorted(c.get("term") for c in e.findall("a:category", NS))))
    return out


def test_feed_is_valid_atom_with_one_entry_per_changed_page_per_version(db):
    root = parse(build_feed(db))
    assert root.find("a:id", NS).text == f"{TAG}feed/warehouse"
    assert root.find("a:updated", NS).text == "2025-06-03T08:05:00+00:00"
    assert root.find("a:author/a:name", NS).text == "send-monitor"
    assert entries(root) == [
        (f"{TAG}{GONE}/en/v1/vanished/2025-06-03T08:05:00Z", "Transport pilot for SEND pupils: 1 major change (silent edit)",
         "2025-06-03T08:05:00+00:00", "https://www.gov.uk/government/news/transport-pilot-for-send-pupils",
         ["major", "silent-edit"]),
        (f"{TAG}{TUTORS}/en/v2", "Specialist tutors for autistic pupils: 3 major changes", "2025-06-03T08:00:00+00:00",
         "https://www.gov.uk/government/news/specialist-tutors-for-autistic-pupils", ["major"]),
        (f"{TAG}{PLACES}/en/v2",
         "New capital for special school places <script>alert('title')</script> ]]>: 3 major changes (silent edit)",
         "2025-06-03T08:00:00+00:00", "https://www.gov.uk/government/news/new-capital-for-special-school-places",
         ["major", "silent-edit"]),
    ]


def content(root: ET.Element, entry_id: str) -> ET.Element:
    return next(e for e in root.findall("a:entry", NS) if e.find("a:id", NS).text == entry_id).find("a:content", NS)


def tags_in(markup: str) -> set[str]:
    """The elements a feed reader would make of an entry's HTML."""
    found: set[str] = set()
    parser = HTMLParser()
    parser.handle_starttag = lambda tag, attrs: found.add(tag)
    parser.feed(markup)
    return found


def test_feed_entry_holds_summaries_and_old_and_new_sentences_as_escaped_html(db):
    body = build_feed(db)
    places = content(parse(body), f"{TAG}{PLACES}/en/v2")
    assert places.get("type") == "html"
    assert places.text.split("</li><li>") == [
        "<p><strong>Silent edit:</strong> no new change note or update date, so GOV.UK sent no email alert for this.</p>"
        '<p><a href="https://www.gov.uk/government/news/new-capital-for-special-school-places">'
        "https://www.gov.uk/government/news/new-capital-for-special-school-places</a></p>"
        "<ul><li><p><strong>MINOR</strong> title changed (title) · <strong>silent edit</strong>: title: "
        "&#x27;New capital for special school places&#x27; → &#x27;New capital for special school places "
        "&lt;script&gt;alert(&#x27;title&#x27;…&#x27;</p><p>Before: New capital for special school places</p>"
        "<p>After: New capital for special school places <ins>[+&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; "
        "]]&gt;]</ins></p>",
        "<p><strong>MAJOR</strong> modified (money) · <strong>silent edit</strong>: re-costed: £300m → £350m "
        "(+£50m, +16.7%): The government will invest £350 million through the High Needs Provis…</p>"
        "<p>Money: £300m → £350m (+£50m, +16.7%)</p>"
        "<p>Before: The government will invest <del>[−£300]</del> million through the High Needs Provision Capital "
        "Allocations to create new special school places across England.</p>"
        "<p>After: The government will invest <ins>[+£350]</ins> million through the High Needs Provision Capital "
        "Allocations to create new special school places across England.</p>",
        "<p><strong>MAJOR</strong> modified (wording) · <strong>silent edit</strong>: reversed: no negation → not; "
        "reworded: Local leaders welcomed the plans at a meeting in Leeds, saying &lt;scrip…</p>"
        "<p>Before: Local leaders welcomed the plans at a meeting in <del>[−Leeds.]</del></p>"
        "<p>After: Local leaders welcomed the plans at a meeting in <ins>[+Leeds, saying &lt;script&gt;"
        "alert(&#x27;body&#x27;)&lt;/script&gt; ]]&gt; was not a real concern.]</ins></p></li></ul>",
    ]
    # The page's markup is text at every level: no tag, CDATA end or control character comes through.
    assert b"<script" not in body and b"]]>" not in body and b"\x07" not in body and b"\x08" not in body
    assert tags_in(places.text) == {"p", "strong", "a", "ul", "li", "del", "ins"}
    tutors = content(parse(body), f"{TAG}{TUTORS}/en/v2").text
    assert tutors.startswith("<p>Change note: Updated the funding and the start date of training.</p>")
    assert "<p>Date: 2026-09-30 → 2027-01-31 (+123 days, later)</p>" in tutors
    assert "<p>Before: Training will start in <del>[−September 2026]</del> in 200 schools.</p>" in tutors


def test_feed_entry_ids_stay_the_same_when_the_page_changes_again(db):
    before = [e[0] for e in entries(parse(build_feed(db)))]
    load_third_version(db, at=T0 + timedelta(days=5))
    after = [e[0] for e in entries(parse(build_feed(db)))]
    assert after == [f"{TAG}{TUTORS}/en/v3", *before]
    assert build_feed(db) == build_feed(db)


@pytest.mark.parametrize(("filters", "expected"), [
    (HistoryFilter(profile="capital"), [f"{GONE}/en/v1/vanished/2025-06-03T08:05:00Z", f"{PLACES}/en/v2"]),
    (HistoryFilter(programme="partnerships for inclusion of neurodiversity in schools"),
     [f"{GONE}/en/v1/vanished/2025-06-03T08:05:00Z", f"{TUTORS}/en/v2"]),
    (HistoryFilter(significance="minor"), [f"{TUTORS}/en/v2", f"{PLACES}/en/v2"]),
    (HistoryFilter(since="2025-06-03T08:01:00+00:00"), [f"{GONE}/en/v1/vanished/2025-06-03T08:05:00Z"]),
])
def test_feed_filters_like_changes(db, filters, expected):
    root = parse(build_feed(db, filters))
    assert [e[0].removeprefix(TAG) for e in entries(root)] == expected
    assert root.find("a:id", NS).text != f"{TAG}feed/warehouse"  # a filtered feed is a feed of its own


def test_feed_with_nothing_matching_is_still_valid_atom(db):
    root = parse(build_feed(db, HistoryFilter(since="2030-01-01")))
    assert root.findall("a:entry", NS) == []
    assert root.find("a:id", NS).text == f"{TAG}feed/warehouse?since=2030-01-01"


def test_feed_command_writes_beside_the_exports_and_to_out(db, tmp_path, capsys):
    assert main(["feed", "--db", str(db)]) == 0
    default = default_feed_path(db)
    assert default == tmp_path / "exports" / "warehouse" / "changes.atom"
    assert capsys.readouterr().out == f"Atom feed written to {default}\n"
    out = tmp_path / "feeds" / "capital.xml"
    assert main(["feed", "--db", str(db), "--out", str(out), "--profile", "capital"]) == 0
    assert len(parse(out.read_bytes()).findall("a:entry", NS)) == 2
    assert len(parse(default.read_bytes()).findall("a:entry", NS)) == 3


@pytest.mark.parametrize(("argv", "problem"), [
    (["--profile", "captial"], "send-monitor: --profile 'captial' is not a profile of the config, and no page in {db} "
                               "was found by it; profiles: "),
    (["--programme", "Partnerships for Inclusion"],
     "send-monitor: --programme 'Partnerships for Inclusion': no commitment or amount in {db} names that programme"),
])
def test_a_filter_neither_the_warehouse_nor_the_config_knows_is_refused_not_an_empty_feed(db, capsys, argv, problem):
    # A typo wrote an empty, valid feed or report, which reads as "nothing changed".
    assert main(["feed", "--db", str(db), *argv]) == 2
    assert capsys.readouterr().err.startswith(problem.format(db=db))


def test_a_profile_of_the_config_with_no_page_yet_gives_an_empty_feed(db, tmp_path, capsys):
    # A new profile's own feed job must not fail until the profile finds its first page.
    out = tmp_path / "new.atom"
    assert main(["feed", "--db", str(db), "--profile", "phrase-ehcp", "--out", str(out)]) == 0
    assert parse(out.read_bytes()).findall("a:entry", NS) == []


def test_feed_command_says_in_one_line_what_is_wrong(db, tmp_path, capsys):
    assert main(["feed", "--db", str(tmp_path / "missing.duckdb")]) == 2
    assert capsys.readouterr().err == (f"send-monitor: no warehouse at {tmp_path / 'missing.duckdb'}: "
                                       "run `send-monitor demo` or `send-monitor run` first\n")
    assert main(["feed", "--db", str(db), "--since", "last week"]) == 2
    assert capsys.readouterr().err == "send-monitor: --since 'last week' is not a date: use YYYY-MM-DD (or an ISO timestamp)\n"


def test_govuk_links_are_percent_encoded_and_only_for_real_paths():
    assert govuk_url("/government/news/a-b") == "https://www.gov.uk/government/news/a-b"
    assert govuk_url('/x" onclick="y') == "https://www.gov.uk/x%22%20onclick%3D%22y"
    assert [govuk_url(p) for p in ("//evil.example/x", "javascript:alert(1)", "", None)] == [None] * 4
