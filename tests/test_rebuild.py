"""Reparse rebuilds, a chunk of documents per transaction, exactly the history a document-by-document rebuild gives."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace

import pytest

from flows.parse_pool import ParsePool
from govuk.client import GovukClient
from replay.server import ReplayServer
from warehouse import ingest, load, parsing, rebuild
from warehouse.plan import PlannedFetch
from warehouse.store import connect

from conftest import SNAPSHOT
from test_ingest_batch import TABLES, fetch_all, snapshot_paths, table_contents

REBUILT = {t: c for t, c in TABLES.items() if t not in ("errors",)}
# Version and change ids are surrogates, allocated in another order by a chunk: compare what they name.
VERSION = "(SELECT content_id || '#' || version_number FROM document_versions v WHERE v.version_id = {col})"
BY_IDENTITY = {
    **{t: f"SELECT {VERSION.format(col=t + '.version_id')} AS version, * EXCLUDE (version_id) FROM {t}"
       for t in ("quotes", "sections", "commitments", "figures")},
    "document_versions": "SELECT * EXCLUDE (version_id, captured_at, valid_from, valid_to) FROM document_versions",
    "documents": f"SELECT {VERSION.format(col='current_version_id')} AS version,"
                 " * EXCLUDE (current_version_id, first_seen_at, last_checked_at, last_changed_at) FROM documents",
    "changes": f"SELECT {VERSION.format(col='old_version_id')} AS old, {VERSION.format(col='new_version_id')} AS new,"
               " * EXCLUDE (change_id, old_version_id, new_version_id, detected_at) FROM changes",
}


def rebuilt_contents(conn) -> dict[str, list[tuple]]:
    plain = {t: rows for t, rows in table_contents(conn).items() if t in REBUILT and t not in BY_IDENTITY}
    return plain | {t: conn.execute(f"{query} ORDER BY ALL").fetchall() for t, query in BY_IDENTITY.items()}


@pytest.fixture(scope="module")
def two_rounds(tmp_path_factory):
    """A warehouse holding the snapshot's two rounds (new pages, edits, a 410, a 303, a 404)."""
    db = tmp_path_factory.mktemp("rebuild") / "w.duckdb"
    with ReplayServer(SNAPSHOT, round=1).start() as server, connect(db) as conn:
        client = GovukClient(server.base_url, requests_per_second=0, max_retries=0)
        load.open_run(conn, flow="monitor", source="replay", base_url=server.base_url, flow_run_id=None)
        for round_no in (1, 2):
            server.set_round(round_no)
            fetched = fetch_all(client, conn, snapshot_paths())
            ingest.ingest_batch(conn, 1, fetched, [parsing.parse_result(i, r) for i, r in fetched])
    return db


def rebuilt_document_by_document(conn, run_id: int) -> None:
    for (cid, locale), fetches in rebuild.archived_documents(conn).items():
        bodies = {f.body_sha256: load.read_body(conn, f.body_sha256) for f in fetches}
        captures = []
        for f in fetches:
            record = parsing.parse_capture(bodies[f.body_sha256], url=f.url, base_path=f.base_path)
            if not isinstance(record, str) and not cid.startswith("unknown:"):
                record = replace(record, content_id=record.content_id or cid, base_path=record.base_path or f.base_path)
                captures.append(rebuild.Capture(record, f.body_sha256, f.fetched_at))
        if captures:
            rebuild.rebuild_document(conn, run_id, cid=cid, locale=locale, captures=captures,
                                     counts=rebuild.RebuildCounts())


def test_rebuild_in_chunks_gives_the_history_a_document_by_document_rebuild_gives(two_rounds, tmp_path):
    one, chunked = tmp_path / "one.duckdb", tmp_path / "chunked.duckdb"
    shutil.copy(two_rounds, one)
    shutil.copy(two_rounds, chunked)
    with connect(two_rounds, read_only=True) as conn:
        before = table_contents(conn)
    with connect(one) as conn:
        rebuilt_document_by_document(conn, 2)
        expected = rebuilt_contents(conn)
    seen = []
    with connect(chunked) as conn:
        counts = rebuild.rebuild_history(conn, 2, chunk=7, progress=lambda done, total: seen.append((done, total)))
        got = rebuilt_contents(conn)
    assert got == expected
    assert {t: len(rows) for t, rows in got.items()} == {t: len(before[t]) for t in REBUILT}  # nothing lost
    assert counts.documents == len(before["documents"]) and counts.errors == 0
    assert seen[-1] == (counts.documents, counts.documents) and len(seen) == -(-counts.documents // 7)


def test_rebuild_is_the_same_parsed_on_worker_processes(two_rounds, tmp_path):
    serial, pooled = tmp_path / "serial.duckdb", tmp_path / "pooled.duckdb"
    shutil.copy(two_rounds, serial)
    shutil.copy(two_rounds, pooled)
    with connect(serial) as conn:
        rebuild.rebuild_history(conn, 2)
        expected = table_contents(conn)
    with ParsePool(workers=2) as pool, connect(pooled) as conn:
        rebuild.rebuild_history(conn, 2, start_parse=lambda triples: pool.submit_map(parsing.parse_archived, triples))
        assert pool.workers == 2
        got = table_contents(conn)
    assert got == expected


def test_a_body_fetched_again_unchanged_is_parsed_once(tmp_path):
    db = tmp_path / "w.duckdb"
    with ReplayServer(SNAPSHOT, round=1).start() as server, connect(db) as conn:
        client = GovukClient(server.base_url, requests_per_second=0, max_retries=0)
        load.open_run(conn, flow="monitor", source="replay", base_url=server.base_url, flow_run_id=None)
        for _ in range(2):  # no ETag sent: the second fetch is a 200 with the same bytes, as a re-check can be
            fetched = [(item, client.fetch_content(item.base_path)) for item in
                       (PlannedFetch(path, None, "new", ("dfe-send-taxon",)) for path in snapshot_paths()[:6])]
            ingest.ingest_batch(conn, 1, fetched, [parsing.parse_result(i, r) for i, r in fetched])
    parsed: list[tuple] = []

    def start(triples):
        parsed.extend((sha_of(body), url, path) for body, url, path in triples)
        done = [parsing.parse_capture(body, url=url, base_path=path) for body, url, path in triples]
        return lambda: done

    with connect(db) as conn:
        fetches = [f for found in rebuild.archived_documents(conn).values() for f in found]
        rebuild.rebuild_history(conn, 2, start_parse=start)
    distinct = {(f.body_sha256, f.url, f.base_path) for f in fetches}
    assert len(fetches) == 2 * len(distinct)  # every page fetched twice, unchanged
    assert sorted(parsed) == sorted(distinct)


def sha_of(body: bytes) -> str:
    import hashlib

    return hashlib.sha256(body).hexdigest()


def test_the_reparse_flow_does_not_import_the_monitor_flow():
    # A reparse's start is serial: importing the monitor flow (alerts, reports, the differ and the
    # parser in the loading process) cost it ~0.45 s before any worker had a page.
    probe = "import sys, flows.reparse; print(sorted(m for m in ('flows.monitor', 'flows.alerts') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
