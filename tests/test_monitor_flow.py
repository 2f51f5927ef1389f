"""End to end: the `monitor` flow over real HTTP against the recorded GOV.UK snapshot, two rounds.

Checks the warehouse exactly against the snapshot's own expected.json: documents, versions,
statuses, which pages changed and how, that reruns add nothing, and that a malformed body is
recorded as an error with its raw bytes kept while the rest of the run completes.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlsplit

import pytest

from conftest import SNAPSHOT
from replay.server import ReplayServer
from warehouse import load
from warehouse.store import connect

EXPECTED = json.loads((SNAPSHOT / "expected.json").read_text())
ROUND1 = EXPECTED["round-1"]
ROUND2 = EXPECTED["round-2"]
TABLES = ("documents", "document_versions", "commitments", "quotes", "sections", "figures", "changes")

# How each labelled round-2 edit must show up among the flagged changes of its page.
FLAG_FOR_KIND = {
    "re-costed": lambda ch: ch["kind"] == "modified" and "money" in ch["fields"],
    "re-dated": lambda ch: ch["kind"] == "modified" and "date" in ch["fields"],
    "dropped": lambda ch: ch["kind"] == "removed",
    "added": lambda ch: ch["kind"] == "added",
    "softened": lambda ch: ch["kind"] == "modified" and "softened" in ch["tags"],
    "silent": lambda ch: ch["silent"] and ch["scope"] == "commitment",
    "figure": lambda ch: ch["scope"] == "statement" and ch["kind"] == "modified" and "quantity" in ch["fields"],
    "withdrawn": lambda ch: ch["kind"] == "withdrawn",
    "gone": lambda ch: ch["kind"] == "gone",
    "redirected": lambda ch: ch["kind"] == "redirected",
}


def table_counts(db) -> dict[str, int]:
    with connect(db, read_only=True) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def query(db, sql: str, params=()) -> list[dict]:
    with connect(db, read_only=True) as conn:
        cur = conn.execute(sql, list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]


@pytest.fixture(scope="module")
def runs(tmp_path_factory, prefect_harness):
    """Round 1, a rerun, round 2 a week later, a rerun, then a run that meets a malformed body."""
    from flows.monitor import backfill, monitor
    from flows.reparse import reparse

    db = tmp_path_factory.mktemp("flow") / "warehouse.duckdb"
    out = {"db": db}
    with ReplayServer(SNAPSHOT, round=1).start() as server:
        common = dict(db=str(db), base_url=server.base_url, requests_per_second=50.0)
        out["round1"] = monitor(**common)
        out["after_round1"] = table_counts(db)
        out["docs_round1"] = query(db, "SELECT base_path, status, version_count, profiles FROM documents ORDER BY base_path")
        seen = len(server.requests_seen)
        out["rerun1"] = monitor(**common)
        out["search_pages"] = (search_counts(server.requests_seen[:seen]), search_counts(server.requests_seen[seen:]))
        out["recheck1"] = monitor(**common, recheck_after_days=0)
        out["after_rerun1"] = table_counts(db)
        server.set_round(2)
        out["round2"] = monitor(**common, recheck_after_days=0)
        out["after_round2"] = table_counts(db)
        out["rerun2"] = monitor(**common, recheck_after_days=0)
        out["after_rerun2"] = table_counts(db)
        seed = ROUND1["seed_path"]
        out["broken_body"] = b'{"content_id": "x", "base_path": "' + seed.encode() + b'", "details": {"bo'
        server.inject("/api/content" + seed, 200, body=out["broken_body"],
                      headers={"Content-Type": "application/json"}, times=1)
        out["broken_run"] = monitor(**common, recheck_after_days=0)
        out["after_broken"] = table_counts(db)
        out["flagged_before_reparse"] = flagged_signature(db)
        out["reparse1"] = reparse(db=str(db))
        out["after_reparse1"] = table_counts(db)
        out["flagged_after_reparse1"] = flagged_signature(db)
        out["reparse2"] = reparse(db=str(db))
        out["after_reparse2"] = table_counts(db)
        out["flagged_after_reparse2"] = flagged_signature(db)
        backfill_db = db.with_name("backfill.duckdb")
        out["backfill_db"] = backfill_db
        out["backfill"] = backfill(profile="dfe-send-taxon", since="2024-01-01", until="2024-12-31",
                                   db=str(backfill_db), base_url=server.base_url, requests_per_second=50.0)
    return out


def search_counts(requests) -> set[str]:
    """The page sizes ("count") that ordinary profile searches asked for (not the withdrawn sweeps)."""
    out = set()
    for _, path, _ in requests:
        parts = urlsplit(path)
        params = dict(parse_qsl(parts.query))
        if parts.path == "/api/search.json" and "filter_is_withdrawn" not in params and "count" in params:
            out.add(params["count"])
    return out


def flagged_signature(db) -> list[tuple]:
    return [tuple(r.values()) for r in query(
        db, "SELECT base_path, kind, significance, fields, silent, summary FROM flagged_changes"
            " ORDER BY base_path, kind, summary")]


def test_round1_stores_every_announcement_once_as_a_live_first_version(runs):
    s = runs["round1"]
    n = ROUND1["announcements"]
    assert (s["discovered"], s["fetched"], s["new_documents"], s["new_versions"], s["changes"], s["errors"]) == (n, n, n, 0, 0, 0)
    docs = runs["docs_round1"]
    assert [d["base_path"] for d in docs] == sorted(ROUND1["announcement_paths"])
    assert {(d["status"], d["version_count"]) for d in docs} == {("live", 1)}
    assert not set(ROUND1["distractors"]) & {d["base_path"] for d in docs}
    assert runs["after_round1"]["commitments"] > n  # every announcement carries commitments


def test_round1_finds_no_near_miss_page_that_an_unquoted_keyword_query_would_flood_in(runs):
    stored = {d["base_path"] for d in runs["docs_round1"]}
    near_miss = set(ROUND1["near_miss"])
    assert len(near_miss) >= 5 and near_miss <= set(ROUND1["unquoted_keyword_paths"])
    assert not near_miss & stored
    # Everything the unquoted words find beyond the profiles is left out too (e.g. "high needs" in adult care).
    assert not (set(ROUND1["unquoted_keyword_paths"]) - set(ROUND1["announcement_paths"])) & stored


def test_a_first_run_reads_search_in_pages_of_1000_and_a_scheduled_one_in_pages_of_page_size(runs):
    # A first run reads each profile to its end (every page a rate-limited request); a scheduled one
    # reads the newest page down to its mark, where a small page is the cheaper poll.
    first, scheduled = runs["search_pages"]
    assert first == {"1000"} and scheduled == {"100"}


def test_round1_each_page_is_recorded_with_the_profiles_that_found_it(runs):
    by_path = {r["base_path"]: set(r["profiles"]) for r in runs["docs_round1"]}
    assert by_path == {path: set(doc["profiles"]) for path, doc in ROUND1["documents"].items() if doc["profiles"]}
    for name, paths in ROUND1["profiles"].items():
        assert paths and {p for p, found in by_path.items() if name in found} == set(paths), name


def test_round1_profiles_find_untagged_pages_only_through_a_phrase_profile(runs):
    by_path = {r["base_path"]: set(r["profiles"]) for r in runs["docs_round1"]}
    untagged = tagged_without_phrase = 0
    for path, doc in ROUND1["documents"].items():
        if path not in by_path:
            continue
        if not doc["tagged_send"]:
            untagged += 1
            assert by_path[path] and all(p.startswith("phrase-") for p in by_path[path]), path
        elif not doc["phrases"]:
            tagged_without_phrase += 1
            assert by_path[path] == {"dfe-send-taxon"}, path
    assert untagged >= 5 and tagged_without_phrase >= 1


def test_rerunning_round1_creates_nothing_new(runs):
    assert runs["after_rerun1"] == runs["after_round1"]
    # Search looks a day behind its high-water mark, so the newest pages are seen again, not fetched.
    assert (runs["rerun1"]["fetched"], runs["rerun1"]["not_modified"], runs["rerun1"]["errors"]) == (0, 0, 0)
    assert runs["rerun1"]["discovered"] < ROUND1["announcements"]
    # The forced re-check sends the stored ETag, and the replay answers 304 for every page.
    recheck = runs["recheck1"]
    assert (recheck["not_modified"], recheck["new_versions"], recheck["changes"]) == (ROUND1["announcements"], 0, 0)


def test_round2_adds_new_pages_and_one_version_per_changed_page(runs):
    s = runs["round2"]
    changed = set(ROUND2["changes"])
    assert s["new_documents"] == len(ROUND2["new"])
    assert s["new_versions"] == len(changed)
    assert s["errors"] == 0
    rows = query(runs["db"], "SELECT base_path, version_count FROM documents WHERE version_count > 1")
    assert {r["base_path"] for r in rows} == changed
    assert {r["version_count"] for r in rows} == {2}
    new_docs = query(runs["db"], "SELECT base_path FROM documents WHERE first_seen_at > (SELECT min(started_at) FROM runs WHERE run_id = ?)",
                     [s["run_id"]])
    assert {r["base_path"] for r in new_docs} == set(ROUND2["new"])


def test_round2_statuses_follow_withdrawn_gone_and_redirected_pages(runs):
    status = {r["base_path"]: r["status"] for r in query(runs["db"], "SELECT base_path, status FROM documents")}
    expected = {"withdrawn": "withdrawn", "gone": "gone", "redirected": "redirect"}
    for path, change in ROUND2["changes"].items():
        for kind in change["kind"]:
            if kind in expected:
                assert status[path] == expected[kind], path
    assert sum(1 for v in status.values() if v == "live") == len(status) - 3
    # GOV.UK serves gone and redirect items with content_id null: each stays on its known document.
    ids = {r["base_path"]: r["content_id"] for r in query(runs["db"], "SELECT base_path, content_id FROM documents")}
    for path, change in ROUND2["changes"].items():
        if {"gone", "redirected"} & set(change["kind"]):
            assert ids[path] == ROUND1["documents"][path]["content_id"], path


def test_round2_flags_each_labelled_change_and_nothing_on_cosmetic_edits(runs):
    flagged = query(runs["db"], "SELECT base_path, scope, kind, fields, tags, silent FROM flagged_changes")
    by_path: dict[str, list[dict]] = {}
    for ch in flagged:
        by_path.setdefault(ch["base_path"], []).append(ch)
    for path, change in ROUND2["changes"].items():
        kinds = [e["kind"] for e in change.get("edits", [])] or change["kind"]
        if kinds == ["cosmetic"] * len(kinds):
            assert path not in by_path, f"cosmetic edit flagged on {path}: {by_path.get(path)}"
            continue
        for kind in set(kinds):
            assert any(FLAG_FOR_KIND[kind](ch) for ch in by_path.get(path, [])), (path, kind, by_path.get(path))
    assert set(by_path) <= set(ROUND2["changes"])


def test_round2_silent_edit_is_flagged_silent_and_major_updates_are_not(runs):
    rows = query(runs["db"], "SELECT base_path, silent FROM flagged_changes WHERE scope = 'commitment'")
    for path, change in ROUND2["changes"].items():
        mine = [r["silent"] for r in rows if r["base_path"] == path]
        if "silent" in change["kind"]:
            assert mine and all(mine), path
        elif change["major_update"] and mine:
            assert not any(mine), path


def test_rerunning_round2_creates_nothing_new(runs):
    assert runs["after_rerun2"] == runs["after_round2"]
    assert (runs["rerun2"]["new_versions"], runs["rerun2"]["changes"], runs["rerun2"]["errors"]) == (0, 0, 0)


def test_malformed_body_is_an_error_with_its_raw_body_kept_and_the_run_completes(runs):
    s = runs["broken_run"]
    assert s["errors"] == 1 and s["new_versions"] == 0
    assert runs["after_broken"] == runs["after_round2"]
    errors = query(runs["db"], "SELECT stage, base_path, message, body_sha256 FROM errors WHERE run_id = ?", [s["run_id"]])
    assert len(errors) == 1
    err = errors[0]
    assert (err["stage"], err["base_path"]) == ("parse", ROUND1["seed_path"])
    assert ROUND1["seed_path"] in err["message"]
    with connect(runs["db"], read_only=True) as conn:
        assert load.read_body(conn, err["body_sha256"]) == runs["broken_body"]
    run = query(runs["db"], "SELECT status, errors FROM runs WHERE run_id = ?", [s["run_id"]])[0]
    assert run == {"status": "completed", "errors": 1}


def test_reparse_rebuilds_the_same_history_from_the_archive_and_is_idempotent(runs):
    assert runs["after_reparse1"] == runs["after_broken"]
    assert runs["after_reparse2"] == runs["after_broken"]
    assert runs["flagged_after_reparse1"] == runs["flagged_before_reparse"]
    assert runs["flagged_after_reparse2"] == runs["flagged_before_reparse"]
    total_docs = runs["after_broken"]["documents"]
    assert runs["reparse1"]["documents"] == runs["reparse2"]["documents"] == total_docs
    assert runs["reparse1"]["errors"] == 1  # the malformed body is still archived, and still malformed


def test_backfill_fetches_one_profile_between_two_dates(runs):
    s = runs["backfill"]
    rows = query(runs["backfill_db"], "SELECT base_path, public_updated_at, profiles FROM documents")
    tagged = {p for p, d in ROUND1["documents"].items() if d["tagged_send"]}
    assert s["new_documents"] == len(rows) > 0 and s["errors"] == 0
    for row in rows:
        assert row["profiles"] == ["dfe-send-taxon"] and row["base_path"] in tagged
        assert row["public_updated_at"].year == 2024, row


def test_run_and_backfill_commands_drive_the_flows_and_print_a_summary(tmp_path, capsys, prefect_harness):
    from send_monitor.cli import main

    db = tmp_path / "cli.duckdb"
    with ReplayServer(SNAPSHOT, round=1).start() as server:
        assert main(["backfill", "--db", str(db), "--base-url", server.base_url, "--profile",
                     "phrase-special-educational-needs",
                     "--since", "2025-01-01"]) == 0
        backfilled = capsys.readouterr().out
        assert main(["run", "--db", str(db), "--base-url", server.base_url]) == 0
        ran = capsys.readouterr().out
    assert "Backfill of phrase-special-educational-needs, 2025-01-01 to today" in backfilled and "errors                 0" in backfilled
    assert f"Run against {server.base_url}" in ran
    docs = query(db, "SELECT count(*) AS n FROM documents")[0]["n"]
    assert docs == ROUND1["announcements"]
