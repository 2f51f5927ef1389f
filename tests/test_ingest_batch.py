"""The batched, set-based ingest writes exactly what page-by-page ingest writes, in a fixed number of statements."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from govuk.client import GovukClient
from replay.server import ReplayServer
from warehouse import bulk, ingest, load, parsing
from warehouse.plan import PlannedFetch
from warehouse.store import connect

from conftest import SNAPSHOT

TABLES = {  # every table a run writes, with columns that differ only by the clock left out
    "fetches": "* EXCLUDE (fetched_at, elapsed_ms, headers)",
    "raw_bodies": "*",
    "documents": "* EXCLUDE (first_seen_at, last_checked_at, last_changed_at)",
    "document_paths": "* EXCLUDE (first_seen_at, last_seen_at)",
    "document_versions": "* EXCLUDE (captured_at, valid_from, valid_to)",
    "quotes": "*", "sections": "*", "commitments": "*", "figures": "*",
    "changes": "* EXCLUDE (detected_at)",
    "errors": "* EXCLUDE (occurred_at)",
}


def snapshot_paths() -> list[str]:
    paths = set()
    for round_dir in sorted(SNAPSHOT.glob("round-*")):
        for file in (round_dir / "content").rglob("*.json"):
            paths.add("/" + str(file.relative_to(round_dir / "content").with_suffix("")))
    return sorted(paths) + ["/government/news/a-page-that-was-never-there"]


def fetch_all(client: GovukClient, conn, paths: list[str]) -> list[tuple[PlannedFetch, object]]:
    """Fetch every path as a run would, asking with the ETag the warehouse holds for it."""
    rows = conn.execute("SELECT content_id, base_path, etag FROM documents").fetchall() if conn else []
    known = {p: (cid, etag) for cid, p, etag in rows}
    out = []
    for path in paths:
        cid, etag = known.get(path, (None, None))
        item = PlannedFetch(path, cid, "recheck" if cid else "new", ("dfe-send-taxon",), etag=etag)
        try:
            out.append((item, client.fetch_content(path, etag=etag)))
        except Exception as exc:  # noqa: BLE001 - a refused page is a failure to record, as in a run
            out.append((item, parsing.FetchFailure(str(exc), None)))
    return out


def table_contents(conn) -> dict[str, list[tuple]]:
    return {t: conn.execute(f"SELECT {cols} FROM {t} ORDER BY ALL").fetchall() for t, cols in TABLES.items()}


@pytest.fixture()
def replay():
    server = ReplayServer(SNAPSHOT, round=1).start()
    yield server
    server.stop()


def test_batch_ingest_stores_exactly_what_page_by_page_ingest_stores_over_two_rounds(replay, tmp_path):
    client = GovukClient(replay.base_url, requests_per_second=0, max_retries=0)
    paths = snapshot_paths()
    with connect(tmp_path / "pages.duckdb") as one, connect(tmp_path / "batch.duckdb") as many:
        for conn in (one, many):
            load.open_run(conn, flow="monitor", source="replay", base_url=replay.base_url, flow_run_id=None)
        for round_no in (1, 2, 2):  # the second round 2 is all 304s and unchanged pages
            replay.set_round(round_no)
            fetched = fetch_all(client, one, paths)
            parsed = [parsing.parse_result(item, result) for item, result in fetched]
            by_page = [ingest.ingest(one, 1, item, result=result, parsed=page)
                       for (item, result), page in zip(fetched, parsed)]
            batched = ingest.ingest_batch(many, 1, fetched, parsed)
            assert [r.counts for r in batched] == [r.counts for r in by_page]
            assert [(r.failed, r.message) for r in batched] == [(r.failed, r.message) for r in by_page]
            assert table_contents(many) == table_contents(one)
        counts = one.execute("SELECT count(*) FROM document_versions").fetchone()[0], \
            one.execute("SELECT count(*) FILTER (WHERE kind IN ('vanished', 'redirected', 'gone')) FROM changes").fetchone()[0]
        assert counts[0] > 40 and counts[1] >= 2  # the rounds really exercised new versions and page-level changes


def test_batch_ingest_diffs_two_versions_of_one_page_in_the_same_batch_in_order(replay, tmp_path):
    client = GovukClient(replay.base_url, requests_per_second=0, max_retries=0)
    path = "/government/news/thousands-more-places-for-pupils-with-send-in-mainstream-schools"
    first = client.fetch_content(path)
    replay.set_round(2)
    second = client.fetch_content(path)
    item = PlannedFetch(path, None, "new", ("dfe-send-taxon",))
    fetched = [(item, first), (item, second)]
    parsed = [parsing.parse_result(item, r) for _, r in fetched]
    with connect(tmp_path / "w.duckdb") as conn:
        load.open_run(conn, flow="monitor", source="replay", base_url=replay.base_url, flow_run_id=None)
        results = ingest.ingest_batch(conn, 1, fetched, parsed)
        versions = conn.execute("SELECT version_number, valid_to IS NULL FROM document_versions ORDER BY 1").fetchall()
        changed = conn.execute("SELECT DISTINCT old_version_id, new_version_id FROM changes").fetchall()
    assert [(r.counts.new_documents, r.counts.new_versions) for r in results] == [(1, 0), (0, 1)]
    assert results[1].counts.flagged_changes > 0
    assert versions == [(1, False), (2, True)]
    assert changed == [(1, 2)]


def test_batch_ingest_falls_back_to_page_by_page_when_the_set_cannot_load(replay, tmp_path, monkeypatch):
    client = GovukClient(replay.base_url, requests_per_second=0, max_retries=0)
    paths = snapshot_paths()[:6]
    fetched = fetch_all(client, None, paths)
    parsed = [parsing.parse_result(item, r) for item, r in fetched]

    def broken(*args, **kwargs):
        raise load.LoadError("the set-based insert failed")

    monkeypatch.setattr(bulk, "store_versions", broken)
    with connect(tmp_path / "w.duckdb") as conn:
        load.open_run(conn, flow="monitor", source="replay", base_url=replay.base_url, flow_run_id=None)
        results = ingest.ingest_batch(conn, 1, fetched, parsed)
        stored = conn.execute("SELECT count(*) FROM document_versions").fetchone()[0]
        fetch_rows = conn.execute("SELECT count(*) FROM fetches").fetchone()[0]
    assert sum(r.counts.new_documents for r in results) == stored > 0
    assert fetch_rows == len(paths)  # the rolled-back batch left no fetch rows behind: each is written once


def test_mark_checked_many_moves_each_page_once_to_its_latest_check(tmp_path):
    t0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
    body = (SNAPSHOT / "round-1" / "content" / "government" / "news"
            / "high-needs-budget-to-rise-to-10-billion-next-year.json").read_bytes()
    cid = json.loads(body)["content_id"]
    with connect(tmp_path / "w.duckdb") as conn:
        from parsers import parse_content_item

        record = parse_content_item(json.loads(body))
        bulk.store_versions(conn, [bulk.NewVersion(record, 1, None, t0)], diff=lambda a, b: [])
        bulk.mark_checked_many(conn, [(cid, t0 + timedelta(days=2)), (cid, t0 + timedelta(days=1))], run_id=1)
        checked = conn.execute("SELECT last_checked_at FROM documents").fetchone()[0]
    assert checked == t0 + timedelta(days=2)


def test_a_runs_flagged_changes_carry_the_profiles_that_found_their_page(replay, tmp_path):
    from warehouse.queries import flagged_for_run

    client = GovukClient(replay.base_url, requests_per_second=0, max_retries=0)
    with connect(tmp_path / "w.duckdb") as conn:
        for round_no in (1, 2):
            replay.set_round(round_no)
            run_id = load.open_run(conn, flow="monitor", source="replay", base_url=replay.base_url, flow_run_id=None)
            fetched = fetch_all(client, conn, snapshot_paths())
            ingest.ingest_batch(conn, run_id, fetched, [parsing.parse_result(i, r) for i, r in fetched])
        flagged = flagged_for_run(conn, run_id)
    assert flagged and {tuple(row["profiles"]) for row in flagged} == {("dfe-send-taxon",)}
