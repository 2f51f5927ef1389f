"""The campaign's invariant checker: it passes a good warehouse and flags each kind of breakage.

Real DuckDB files in a temp folder, filled the way ingest fills them (raw body archived, then the
parsed version loaded in one transaction), then broken by hand one way at a time.
"""

from __future__ import annotations

import json
import shutil
import sys
from datetime import datetime, timezone

import duckdb
import pytest

from conftest import REPO, SNAPSHOT

sys.path.insert(0, str(REPO))  # chaos/ is not an installed package: import it from the checkout

from chaos import invariants  # noqa: E402
from parsers import parse_content_item  # noqa: E402
from parsers.content_item import read_json  # noqa: E402
from warehouse import load  # noqa: E402
from warehouse.ingest import load_record  # noqa: E402
from warehouse.store import connect  # noqa: E402

CHANGED = "/government/news/thousands-more-places-for-pupils-with-send-in-mainstream-schools"
UNCHANGED = "/government/news/government-responds-to-national-audit-office-report-on-send"


def body(round_number: int, base_path: str) -> bytes:
    path = SNAPSHOT / f"round-{round_number}" / "content" / (base_path.lstrip("/") + ".json")
    return path.read_bytes() if path.exists() else body(1, base_path)


def store(conn, run_id: int, base_path: str, raw: bytes) -> None:
    at = datetime.now(timezone.utc)
    sha = load.record_fetch(conn, run_id, {
        "url": "http://127.0.0.1/api/content" + base_path, "base_path": base_path, "final_path": base_path,
        "status_code": 200, "outcome": "ok", "headers": {}, "body": raw, "fetched_at": at, "elapsed_ms": 1.0})
    record = parse_content_item(read_json(raw), url="http://127.0.0.1/api/content" + base_path)
    load_record(conn, record, run_id=run_id, body_sha256=sha, captured_at=at)


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """Two documents; one of them with a second version (round 2's re-costing)."""
    db = tmp_path_factory.mktemp("good") / "warehouse.duckdb"
    with connect(db) as conn:
        for run_id, round_number in ((1, 1), (2, 2)):
            for path in (CHANGED, UNCHANGED):
                store(conn, run_id, path, body(round_number, path))
    return db


def broken(good, tmp_path, *sql: str):
    db = tmp_path / "broken.duckdb"
    shutil.copy2(good, db)
    conn = duckdb.connect(str(db))
    try:
        for statement in sql:
            conn.execute(statement)
    finally:
        conn.close()
    return invariants.check(db)


def test_a_good_warehouse_passes(good):
    assert invariants.check(good) == []
    with duckdb.connect(str(good), read_only=True) as conn:
        versions = dict(conn.execute("SELECT base_path, count(*) FROM document_versions GROUP BY 1").fetchall())
        measured = invariants.measures(conn, {"x"})
    assert versions == {CHANGED: 2, UNCHANGED: 1}
    assert measured["duplicate_versions"] == 0 and measured["lost_raw_bodies"] == 0


@pytest.mark.parametrize("sql, expected", [
    (["UPDATE documents SET current_version_id = 9999"], "is not a version of that document"),
    ([f"UPDATE documents SET current_version_id = (SELECT min(version_id) FROM document_versions"
      f" WHERE base_path = '{CHANGED}') WHERE base_path = '{CHANGED}'"], "is not its newest version"),
    ([f"UPDATE document_versions SET version_number = 3 WHERE base_path = '{CHANGED}' AND version_number = 2"],
     "not contiguous"),
    ([f"UPDATE documents SET version_count = 5 WHERE base_path = '{CHANGED}'"], "version_count 5 but 2 versions"),
    ([f"UPDATE document_versions SET valid_to = NULL WHERE base_path = '{CHANGED}'"], "2 open versions"),
    ([f"UPDATE document_versions SET content_hash = (SELECT content_hash FROM document_versions"
      f" WHERE base_path = '{CHANGED}' AND version_number = 1) WHERE base_path = '{CHANGED}' AND version_number = 2"],
     "same content_hash as version 1"),
    (["DELETE FROM raw_bodies WHERE sha256 IN (SELECT body_sha256 FROM document_versions LIMIT 1)"], "has no raw body"),
    (["UPDATE raw_bodies SET compressed = 'not zlib'::BLOB WHERE sha256 = (SELECT min(sha256) FROM raw_bodies)"],
     "does not decompress"),
    (["DELETE FROM commitments WHERE position = 0"], "commitments rows, its record"),
    (["DELETE FROM sections WHERE version_id = (SELECT max(version_id) FROM document_versions)"],
     "sections rows, its record"),
    (["INSERT INTO figures SELECT 9999, position, kind, text, value, unit, sentence, section FROM figures LIMIT 1"],
     "versions that do not exist"),
    (["UPDATE changes SET new_version_id = 9999"], "points at a missing version"),
])
def test_each_breakage_is_flagged(good, tmp_path, sql, expected):
    problems = broken(good, tmp_path, *sql)
    assert any(expected in p for p in problems), problems


def test_a_half_written_version_is_flagged(good, tmp_path):
    """A version row whose records never landed: what a kill between two statements would leave."""
    with duckdb.connect(str(good), read_only=True) as conn:
        vid = conn.execute(f"SELECT current_version_id FROM documents WHERE base_path = '{UNCHANGED}'").fetchone()[0]
        record = json.loads(conn.execute("SELECT record FROM document_versions WHERE version_id = ?", [vid]).fetchone()[0])
    assert record["commitments"], "the seed release has commitments"
    problems = broken(good, tmp_path, *(f"DELETE FROM {t} WHERE version_id = {vid}"
                                        for t in ("quotes", "sections", "commitments", "figures")))
    assert any(f"version {vid} has 0 commitments rows" in p for p in problems), problems


def test_an_unopenable_file_is_one_violation(tmp_path):
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"this is not a database" * 100)
    problems = invariants.check(junk)
    assert len(problems) == 1 and problems[0].startswith("cannot open")


def test_signatures_compare_equal_for_a_copy_and_differ_for_another_history(good, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copy2(good, copy)
    assert invariants.compare(invariants.signature(copy), invariants.signature(good)) == []
    with duckdb.connect(str(copy)) as conn:
        conn.execute("DELETE FROM changes WHERE change_id = (SELECT min(change_id) FROM changes)")
        conn.execute(f"UPDATE documents SET status = 'withdrawn' WHERE base_path = '{UNCHANGED}'")
    diffs = invariants.compare(invariants.signature(copy), invariants.signature(good))
    assert [d.split(":")[0] for d in diffs] == ["documents", "changes"]
