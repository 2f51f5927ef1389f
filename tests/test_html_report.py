"""The static HTML report on a real warehouse, read back as HTML and in real headless Chromium.

The browser test needs /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it). Without
it the test fails, unless SEND_MONITOR_NO_BROWSER=1 says to skip it. SEND_MONITOR_UPDATE_SCREENSHOT=1
writes its screenshot to docs/report-screenshot.png instead of the test's tmp folder.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO
from fixtures.outputs.warehouse import GONE, PLACES, TUTORS, build_warehouse
from flows.reporting import write_outputs
from outputs.html_report import default_report_dir, document_filename, write_report
from send_monitor.cli import main
from warehouse.history import HistoryFilter
from warehouse.store import connect

NOW = datetime(2025, 6, 4, 12, 0, tzinfo=timezone.utc)
SCREENSHOT = REPO / "docs" / "report-screenshot.png"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_warehouse(tmp_path_factory.mktemp("report") / "warehouse.duckdb")


@pytest.fixture(scope="module")
def report(db, tmp_path_factory) -> Path:
    return write_report(db, tmp_path_factory.mktemp("out") / "report", now=NOW).parent


class Elements(HTMLParser):
    """Every element a browser would build from a page (tag and attributes), and its text."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_report_writes_an_index_a_page_per_document_and_its_stylesheet(report):
    files = sorted(str(p.relative_to(report)) for p in report.rglob("*") if p.is_file())
    assert files == [".send-monitor-report", *(f"documents/{cid}.html" for cid in sorted((PLACES, TUTORS, GONE))),
                     "index.html", "style.css"]


def test_report_index_lists_each_version_with_its_redline_and_the_money_charts(report):
    index = (report / "index.html").read_text(encoding="utf-8")
    links = [a["href"] for tag, a in Elements(index).tags if tag == "a" and a.get("href", "").startswith("documents/")]
    assert links == [f"documents/{GONE}.html#s-" + links[0].rsplit("#s-", 1)[1], f"documents/{TUTORS}.html#v2",
                     f"documents/{PLACES}.html#v2"]
    assert "7 flagged changes on 3 pages; 2 silent edits." in index
    assert ('<del><span class="sym">[−</span>£300<span class="sym">]</span></del>\n'
            '<ins><span class="sym">[+</span>£350<span class="sym">]</span></ins>') in index
    assert "<li>Money: £300m → £350m (+£50m, +16.7%)</li>" in index
    assert "<li>Date: 2026-09-30 → 2027-01-31 (+123 days, later)</li>" in index
    charts = re.findall(r"<figcaption>(.*?)</figcaption>", index)
    assert charts == ["Partnerships for Inclusion of Neurodiversity in Schools", "High Needs Provision Capital Allocations"]
    assert index.count('<svg xmlns="http://www.w3.org/2000/svg" class="money-chart"') == 2


def test_report_document_page_has_the_timeline_silent_edit_and_escaped_text(report):
    page = (report / "documents" / f"{PLACES}.html").read_text(encoding="utf-8")
    found = Elements(page)
    assert [a["id"] for tag, a in found.tags if tag == "li" and "id" in a] == ["v2", "v1"]
    assert "<strong>Silent edit:</strong> this changed without a new change note or update date" in page
    assert "<h1>New capital for special school places &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; ]]&gt;</h1>" in page
    assert '<a href="https://www.gov.uk/government/news/new-capital-for-special-school-places" rel="noopener noreferrer">' in page
    assert "First version seen." in page


def test_report_lets_no_page_text_become_markup(report):
    for path in report.rglob("*.html"):
        markup = path.read_text(encoding="utf-8")
        tags = {tag for tag, _ in Elements(markup).tags}
        assert "script" not in tags and "iframe" not in tags and "img" not in tags, path
        assert not any(name.startswith("on") for _, attrs in Elements(markup).tags for name in attrs), path
        assert "\x07" not in markup and "\x08" not in markup, path
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt; ]]&gt; was not a real concern." in (
        report / "documents" / f"{PLACES}.html").read_text(encoding="utf-8")


def test_document_pages_are_named_from_the_content_id_never_the_path():
    assert document_filename(PLACES) == f"{PLACES}.html"
    assert document_filename(PLACES, "cy") == f"{PLACES}-cy.html"
    for hostile in ("../../etc/passwd", "/government/news/x", "a" * 200, "", "x\x00y"):
        name = document_filename(hostile)
        assert re.fullmatch(r"h-[0-9a-f]{24}\.html", name), name


def test_report_on_an_empty_warehouse_says_no_changes_yet(tmp_path):
    with connect(tmp_path / "empty.duckdb"):
        pass  # a migrated warehouse with no rows
    index = write_report(tmp_path / "empty.duckdb", tmp_path / "report", now=NOW)
    text = " ".join(" ".join(Elements(index.read_text(encoding="utf-8")).text).split())
    assert "No changes yet. Once a run finds a page changed, it is listed here." in text
    assert "No money named for any programme yet." in text
    assert list((tmp_path / "report" / "documents").iterdir()) == []


def test_report_filtered_again_removes_the_pages_it_no_longer_shows(db, tmp_path):
    out = tmp_path / "report"
    write_report(db, out, now=NOW)
    write_report(db, out, HistoryFilter(profile="autism"), now=NOW)
    assert sorted(p.name for p in (out / "documents").iterdir()) == [f"{TUTORS}.html"]
    assert "only profile autism" in (out / "index.html").read_text(encoding="utf-8")


def test_report_command_errors_are_one_line(db, tmp_path, capsys):
    missing = tmp_path / "missing.duckdb"
    assert main(["report", "--db", str(missing), "--out", str(tmp_path / "r")]) == 2
    assert capsys.readouterr().err == (f"send-monitor: no warehouse at {missing}: "
                                       "run `send-monitor demo` or `send-monitor run` first\n")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    assert main(["report", "--db", str(db), "--out", str(tmp_path / "mine")]) == 2
    assert capsys.readouterr().err == (f"send-monitor: {tmp_path / 'mine'} is not empty and holds no send-monitor "
                                       "report: choose a new or empty folder\n")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_after_a_run_the_feed_and_report_land_beside_the_exports_and_a_failure_is_only_a_warning(tmp_path, caplog):
    db = build_warehouse(tmp_path / "live.duckdb")
    written = write_outputs(db, logging.getLogger("test"))
    assert written == [tmp_path / "exports" / "live" / "changes.atom", default_report_dir(db) / "index.html"]
    assert all(p.is_file() for p in written)
    shutil.rmtree(default_report_dir(db))
    default_report_dir(db).write_text("a file where the report folder goes")
    with caplog.at_level(logging.WARNING):
        assert write_outputs(db, logging.getLogger("test")) == [tmp_path / "exports" / "live" / "changes.atom"]
    assert caplog.messages == [f"HTML report not written: {default_report_dir(db)} is a file: the report needs a folder (--out DIR)"]


def chromium() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if found:
        return found
    if os.environ.get("SEND_MONITOR_NO_BROWSER") == "1":
        pytest.skip("SEND_MONITOR_NO_BROWSER=1: the headless Chromium check of the report is skipped")
    pytest.fail("headless Chromium is needed to check the report: `apt-get install -y chromium` "
                "(or set SEND_MONITOR_NO_BROWSER=1 to skip this test)", pytrace=False)


def browse(page: Path, tmp_path: Path, *flags: str) -> subprocess.CompletedProcess:
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
               "--hide-scrollbars", f"--user-data-dir={tmp_path / 'chromium-profile'}", *flags, page.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def test_report_in_headless_chromium(report, tmp_path):
    index = browse(report / "index.html", tmp_path, "--dump-dom").stdout
    assert "<li>Money: £300m → £350m (+£50m, +16.7%)</li>" in index
    assert ('<del><span class="sym">[−</span>£300<span class="sym">]</span></del>\n'
            '<ins><span class="sym">[+</span>£350<span class="sym">]</span></ins>') in index
    assert '<strong class="silent-badge">silent edit</strong>' in index
    assert index.count('<svg xmlns="http://www.w3.org/2000/svg" class="money-chart"') == 2
    assert "<script" not in index  # the page's own "<script>" stayed text: the browser made no element of it
    assert "New capital for special school places &lt;script&gt;alert('title')&lt;/script&gt; ]]&gt;" in index
    page = browse(report / "documents" / f"{PLACES}.html", tmp_path, "--dump-dom").stdout
    assert '<li id="v2" class="event silent">' in page and '<li id="v1" class="event">' in page
    assert "<strong>Silent edit:</strong>" in page
    shot = SCREENSHOT if os.environ.get("SEND_MONITOR_UPDATE_SCREENSHOT") == "1" else tmp_path / "report.png"
    browse(report / "index.html", tmp_path, f"--screenshot={shot}", "--window-size=1200,2600")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
