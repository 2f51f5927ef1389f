"""Run artifacts: the changes markdown (escaped), the counts table, the warehouse links, published to Prefect."""

from __future__ import annotations

import re

import pytest
from prefect import flow

from flows.reporting import (CHANGES_KEY, COUNTS_KEY, WAREHOUSE_KEY, escape_markdown, govuk_url, mark_changes,
                             publish_run_artifacts, render_changes_markdown, run_counts_table, warehouse_links)
from foundation.settings import Settings

RECOSTED = {
    "base_path": "/government/news/capital-funding-for-send-places",
    "title": "Capital funding for SEND places",
    "kind": "modified", "significance": "major", "fields": ["money"], "tags": [], "silent": True,
    "summary": "re-costed: £740m → £700m (-£40m, -5.4%): The government will invest £700 million",
    "old": {"text": "The government will invest £740 million in special school places."},
    "new": {"text": "The government will invest £700 million in special school places."},
    "change_note": None, "new_public_updated_at": "2024-12-03 10:00:00+00:00",
}
NEW_COMMITMENT = {
    "base_path": "/government/news/capital-funding-for-send-places",
    "title": "Capital funding for SEND places",
    "kind": "added", "significance": "major", "fields": [], "tags": ["new"], "silent": True,
    "summary": "new commitment: Councils will open 20 new special schools.",
    "old": None, "new": {"text": "Councils will open 20 new special schools."},
    "change_note": None, "new_public_updated_at": "2024-12-03 10:00:00+00:00",
}
WITHDRAWN = {
    "base_path": "/government/news/old-transport-pilot", "title": "Transport pilot",
    "kind": "withdrawn", "significance": "major", "fields": ["status"], "tags": [], "silent": False,
    "summary": "withdrawn: The pilot ended.", "old": {"text": "live"}, "new": {"text": "The pilot ended."},
    "change_note": "Withdrawn: the pilot ended.", "new_public_updated_at": "2025-01-10 09:00:00+00:00",
}
SUMMARY = {"run_id": 7, "source": "replay", "discovered": 30, "fetched": 12, "not_modified": 18, "unchanged": 9,
           "new_documents": 1, "new_versions": 2, "changes": 5, "flagged_changes": 3, "errors": 1,
           "flagged": [RECOSTED, NEW_COMMITMENT, WITHDRAWN]}

HOSTILE_TEXT = "<script>alert(1)</script> [click](javascript:alert(2)) *bold* | a | b | ![i](http://e/x.png)"
HOSTILE = {
    "base_path": "/government/news/x) [y](javascript:alert(3)", "title": "<img src=x onerror=alert(4)> # Title",
    "kind": "modified", "significance": "major", "fields": ["wording"], "tags": ["<b>tag</b>"], "silent": True,
    "summary": HOSTILE_TEXT, "old": {"text": "Before " + HOSTILE_TEXT}, "new": {"text": "After\n# heading " + HOSTILE_TEXT},
    "change_note": "[note](javascript:alert(5))\n\n<iframe src=x>", "new_public_updated_at": "2024-01-01 <b>x</b>",
}


def test_escape_markdown_neutralises_html_links_emphasis_and_tables():
    assert escape_markdown("<script>alert(1)</script>") == "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"
    assert escape_markdown("[x](javascript:alert(1))") == "\\[x\\]\\(javascript\\:alert\\(1\\)\\)"
    assert escape_markdown("*a* _b_ `c` | d | ~~e~~") == "\\*a\\* \\_b\\_ \\`c\\` \\| d \\| \\~\\~e\\~\\~"
    assert escape_markdown("line one\n# line two\r\n- three") == "line one \\# line two \\- three"
    assert escape_markdown("Fish & chips &amp; \\n") == "Fish &amp; chips &amp;amp; \\\\n"
    assert escape_markdown("zero\u200bwidth\x00 \u202eevil") == "zerowidth evil"
    assert escape_markdown(None) == "" and escape_markdown(42) == "42"
    assert escape_markdown("£740 million for 20 schools") == "£740 million for 20 schools"


def test_govuk_url_percent_encodes_and_refuses_non_paths():
    assert govuk_url("/government/news/a-b") == "https://www.gov.uk/government/news/a-b"
    assert govuk_url("/x) [y](javascript:z") == "https://www.gov.uk/x%29%20%5By%5D%28javascript%3Az"
    assert govuk_url("//evil.example/x") is None
    assert govuk_url("javascript:alert(1)") is None
    assert govuk_url(None) is None


def test_mark_changes_strikes_removed_words_and_bolds_added_ones():
    assert mark_changes("The government will invest £740 million.", "The government aims to invest £700 million.") == (
        "The government ~~will~~ invest ~~£740~~ million\\.",
        "The government **aims to** invest **£700** million\\.",
    )
    assert mark_changes("Keep *this*", "Keep *this* and <that>") == ("Keep \\*this\\*", "Keep \\*this\\* **and &lt;that&gt;**")


def test_render_changes_markdown_groups_by_page_and_marks_the_changed_values():
    assert render_changes_markdown(SUMMARY) == (
        "# SEND monitor run 7: 3 flagged change(s) on 2 page(s)\n"
        "\n"
        "Source: replay · 3 major · 0 minor · 2 silent edit(s) · 1 new document(s) · 1 error(s)\n"
        "\n"
        "## [Capital funding for SEND places](https://www.gov.uk/government/news/capital-funding-for-send-places)\n"
        "\n"
        "Change note: *none* · public update date 2024-12-03 10:00 UTC\n"
        "\n"
        "> **Silent edit:** this page changed without a new change note or update date.\n"
        "\n"
        "- **MAJOR** modified \\(money\\) · **silent edit** \\(no new change note or date\\): re\\-costed\\: "
        "£740m → £700m \\(\\-£40m, \\-5\\.4%\\)\\: The government will invest £700 million\n"
        "    - Before: The government will invest ~~£740~~ million in special school places\\.\n"
        "    - After: The government will invest **£700** million in special school places\\.\n"
        "- **MAJOR** added · **silent edit** \\(no new change note or date\\): new commitment\\: "
        "Councils will open 20 new special schools\\.\n"
        "    - New text: **Councils will open 20 new special schools\\.**\n"
        "    - Tags: new\n"
        "\n"
        "## [Transport pilot](https://www.gov.uk/government/news/old-transport-pilot)\n"
        "\n"
        "Change note: Withdrawn\\: the pilot ended\\. · public update date 2025-01-10 09:00 UTC\n"
        "\n"
        "- **MAJOR** withdrawn \\(status\\): withdrawn\\: The pilot ended\\.\n"
        "    - Before: ~~live~~\n"
        "    - After: **The pilot ended\\.**\n"
    )


def test_render_changes_markdown_says_when_nothing_was_flagged():
    assert render_changes_markdown({"run_id": 3, "source": "live", "flagged": []}) == (
        "# SEND monitor run 3: 0 flagged change(s) on 0 page(s)\n\n"
        "Source: live · 0 major · 0 minor · 0 silent edit(s) · 0 new document(s) · 0 error(s)\n\n"
        "No flagged changes in this run.\n"
    )


def assert_no_live_markup(markdown: str) -> None:
    """No raw HTML, no link or image but GOV.UK's, no heading or table smuggled in by page text."""
    assert "<" not in markdown and ">" not in markdown.replace("> **Silent edit:**", "").replace("→", "")
    links = re.findall(r"(?<!\\)\]\(([^)]*)\)", markdown)
    assert links and all(link.startswith("https://www.gov.uk/") for link in links)
    assert "javascript:" not in markdown
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert all(line.startswith(("# SEND monitor run", "## [")) for line in headings)
    assert not [line for line in markdown.splitlines() if line.lstrip().startswith("|")]


def test_render_changes_markdown_escapes_hostile_page_text():
    markdown = render_changes_markdown({"run_id": 1, "source": "replay", "flagged": [HOSTILE]})
    assert_no_live_markup(markdown)
    assert "## [&lt;img src=x onerror=alert\\(4\\)&gt; \\# Title](https://www.gov.uk/government/news/x%29%20%5By%5D%28javascript%3Aalert%283%29)" in markdown
    assert ("Change note: \\[note\\]\\(javascript\\:alert\\(5\\)\\) &lt;iframe src=x&gt; · "
            "public update date 2024\\-01\\-01 &lt;b&gt;x&lt;/b&gt;\n") in markdown


def test_run_counts_table_lists_every_count_and_changes_by_significance():
    assert run_counts_table(SUMMARY) == [
        {"measure": "discovered in search", "count": 30},
        {"measure": "fetched", "count": 12},
        {"measure": "not modified (304)", "count": 18},
        {"measure": "unchanged", "count": 9},
        {"measure": "new documents", "count": 1},
        {"measure": "new versions", "count": 2},
        {"measure": "changes (all, cosmetic included)", "count": 5},
        {"measure": "flagged changes", "count": 3},
        {"measure": "errors", "count": 1},
        {"measure": "left for backfill", "count": 0},
        {"measure": "429 pauses", "count": 0},
        {"measure": "major changes", "count": 3},
        {"measure": "minor changes", "count": 0},
        {"measure": "silent edits", "count": 2},
    ]


def test_warehouse_links_are_file_urls_of_the_db_and_its_exports(tmp_path):
    db = tmp_path / "my data" / "send-monitor.duckdb"
    assert warehouse_links(db) == (db.resolve().as_uri(), (tmp_path / "my data" / "exports" / "send-monitor").resolve().as_uri() + "/")
    assert "%20" in warehouse_links(db)[0]


@pytest.mark.usefixtures("prefect_harness")
def test_publish_run_artifacts_stores_escaped_artifacts_under_stable_keys(tmp_path):
    from prefect.artifacts import Artifact

    settings = Settings(db=tmp_path / "send-monitor.duckdb")
    hostile = {**SUMMARY, "flagged": [HOSTILE, RECOSTED]}

    @flow(name="publish-artifacts-test")
    def publish() -> str:
        from prefect import runtime

        publish_run_artifacts(settings, hostile)
        return str(runtime.flow_run.id)

    flow_run_id = publish()
    changes, counts, link = (Artifact.get(key) for key in (CHANGES_KEY, COUNTS_KEY, WAREHOUSE_KEY))
    assert {str(a.flow_run_id) for a in (changes, counts, link)} == {flow_run_id}
    assert (changes.type, counts.type, link.type) == ("markdown", "table", "markdown")
    assert changes.data == render_changes_markdown(hostile)
    assert_no_live_markup(changes.data)
    assert '"count": 3' in counts.data and '"measure": "major changes"' in counts.data
    db_url, exports_url = warehouse_links(settings.db)
    assert link.data == f"[DuckDB warehouse send-monitor.duckdb]({db_url})"
    assert exports_url in link.description
