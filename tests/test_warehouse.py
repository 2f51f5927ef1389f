"""The warehouse on a real DuckDB file: migrations, archive, git-style versions, idempotence, locks."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
import time
import zlib
from datetime import datetime, timedelta, timezone

import pytest

from foundation.errors import LoadError, WarehouseBusyError
from parsers.record import Announcement, ChangeNote, Commitment, Money, Quote, Section, SectionItem
from warehouse import load
from warehouse.ingest import load_record
from warehouse.migrations import migrate, migration_files
from warehouse.store import connect

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


def announcement(amount: float = 740e6, modality: str = "will", note: str = "First published.",
                 updated: str = "2024-12-03T10:00:00+00:00") -> Announcement:
    money = Money(text=f"£{amount / 1e6:g} million", amount_gbp=amount)
    return Announcement(
        title="Capital funding for SEND places", content_id="c0ffee00-0000-4000-8000-000000000001",
        base_path="/government/news/capital-funding-for-send-places", document_type="press_release",
        schema_name="news_article", first_published_at="2024-12-03T10:00:00+00:00", public_updated_at=updated,
        change_history=(ChangeNote(updated, note),),
        sections=(Section("Background", "background", (SectionItem("Councils get the money in April.", "bullet"),)),),
        quotes=(Quote("Bridget Phillipson", "Education Secretary", "Every child matters.", ("Every child matters.",)),),
        commitments=(Commitment(key="k1", text=f"The government {modality} invest {money.text} in special school places.",
                                actor="the Government", action="invest", modality=modality, firmness="firm",
                                status="planned", section="Background", money=(money,),
                                programmes=("High Needs Provision Capital Allocations",)),),
    )


def counts(conn) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("documents", "document_versions", "commitments", "quotes", "sections", "changes")}


@pytest.fixture()
def db(tmp_path):
    return tmp_path / "warehouse.duckdb"


def test_migrations_apply_each_file_once_and_record_it(db):
    with connect(db) as conn:
        assert migrate(conn) == []  # connect() already migrated
        applied = conn.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert applied == [(n, p.name) for n, p in migration_files()]
    assert [n for n, _ in applied] == sorted({n for n, _ in applied})


def test_archive_body_is_content_addressed_and_compressed(db):
    body = b'{"title": "x"}' * 100
    with connect(db) as conn:
        sha = load.archive_body(conn, body)
        assert load.archive_body(conn, body) == sha
        size, blob = conn.execute("SELECT size_bytes, compressed FROM raw_bodies").fetchone()
        assert conn.execute("SELECT count(*) FROM raw_bodies").fetchone()[0] == 1
        assert load.read_body(conn, sha) == body
    assert size == len(body) and len(blob) < len(body) and zlib.decompress(blob) == body


def test_load_version_first_time_creates_document_version_and_records(db):
    with connect(db) as conn:
        out = load_record(conn, announcement(), run_id=1, body_sha256=None, captured_at=T0)
        assert out.outcome == "new_document" and out.changes == 0
        assert counts(conn) == {"documents": 1, "document_versions": 1, "commitments": 1, "quotes": 1,
                                "sections": 1, "changes": 0}
        row = conn.execute("SELECT status, version_count, current_version_id FROM documents").fetchone()
        assert row == ("live", 1, out.version_id)
        c = conn.execute("SELECT amount_gbp, programmes, firmness FROM commitments").fetchone()
        assert c == (740e6, ["High Needs Provision Capital Allocations"], "firm")


def test_load_version_same_content_twice_creates_nothing_new(db):
    with connect(db) as conn:
        load_record(conn, announcement(), run_id=1, body_sha256=None, captured_at=T0)
        before = counts(conn)
        out = load_record(conn, announcement(), run_id=2, body_sha256=None, captured_at=T0 + timedelta(days=1))
        assert out.outcome == "unchanged"
        assert counts(conn) == before
        assert conn.execute("SELECT last_checked_at FROM documents").fetchone()[0] == T0 + timedelta(days=1)


def test_load_version_edit_creates_exactly_one_version_with_the_right_changes(db):
    with connect(db) as conn:
        first = load_record(conn, announcement(), run_id=1, body_sha256=None, captured_at=T0)
        edited = announcement(amount=760e6, note="Updated funding figure", updated="2025-01-10T09:00:00+00:00")
        out = load_record(conn, edited, run_id=2, body_sha256=None, captured_at=T0 + timedelta(days=7))
        assert out.outcome == "new_version"
        versions = conn.execute(
            "SELECT version_number, valid_from, valid_to, change_note FROM document_versions ORDER BY version_number"
        ).fetchall()
        assert versions == [(1, T0, T0 + timedelta(days=7), "First published."),
                            (2, T0 + timedelta(days=7), None, "Updated funding figure")]
        kinds = conn.execute(
            "SELECT scope, kind, significance, fields, silent, old_version_id, new_version_id FROM changes"
            " WHERE significance <> 'cosmetic' AND scope = 'commitment'").fetchall()
        assert kinds == [("commitment", "modified", "major", ["money"], False, first.version_id, out.version_id)]
        assert conn.execute("SELECT count(*) FROM flagged_changes").fetchone()[0] == out.flagged >= 1


def test_load_version_failure_mid_load_leaves_no_half_written_version(db):
    def exploding_diff(old, new):
        raise RuntimeError("disk full")

    with connect(db) as conn:
        load_record(conn, announcement(), run_id=1, body_sha256=None, captured_at=T0)
        before = counts(conn)
        with pytest.raises(LoadError, match="capital-funding-for-send-places.*disk full"):
            load_record(conn, announcement(amount=1e9), run_id=2, body_sha256=None,
                              captured_at=T0 + timedelta(days=1), diff=exploding_diff)
        assert counts(conn) == before
        assert conn.execute("SELECT valid_to FROM document_versions").fetchone()[0] is None


def test_load_version_without_identity_is_a_named_error(db):
    with connect(db) as conn, pytest.raises(LoadError, match="no content_id"):
        load_record(conn, dataclasses.replace(announcement(), content_id=None), run_id=1, body_sha256=None)


def test_mark_vanished_records_one_major_change_once(db):
    with connect(db) as conn:
        load_record(conn, announcement(), run_id=1, body_sha256=None, captured_at=T0)
        cid = announcement().content_id
        assert load.mark_vanished(conn, cid, "en", run_id=2, at=T0 + timedelta(days=1)) is True
        assert load.mark_vanished(conn, cid, "en", run_id=3, at=T0 + timedelta(days=2)) is False
        assert conn.execute("SELECT status FROM documents").fetchone()[0] == "vanished"
        assert conn.execute("SELECT kind, significance FROM changes").fetchall() == [("vanished", "major")]


@pytest.mark.parametrize("mark", ["moved", "reappeared"])
def test_status_and_its_change_land_together_or_not_at_all(db, monkeypatch, mark):
    """A crash between the status update and the change row must not lose the change (D7)."""
    cid = announcement().content_id
    with connect(db) as conn:
        load_record(conn, announcement(), run_id=1, body_sha256=None, captured_at=T0)
        if mark == "reappeared":
            load.mark_vanished(conn, cid, "en", run_id=2, at=T0 + timedelta(days=1))
        before = (counts(conn), conn.execute("SELECT status FROM documents").fetchone()[0])
        real = load.insert_rows

        def crash_on_changes(conn_, table, rows):
            if table == "changes":
                raise RuntimeError("killed")
            real(conn_, table, rows)

        monkeypatch.setattr(load, "insert_rows", crash_on_changes)
        with pytest.raises(RuntimeError, match="killed"):
            if mark == "moved":
                load.mark_moved(conn, cid, "en", new_path="/government/news/elsewhere", run_id=3, at=T0 + timedelta(days=2))
            else:
                load.mark_checked(conn, cid, "en", at=T0 + timedelta(days=2), run_id=3)
        assert (counts(conn), conn.execute("SELECT status FROM documents").fetchone()[0]) == before
        monkeypatch.setattr(load, "insert_rows", real)
        if mark == "moved":
            assert load.mark_moved(conn, cid, "en", new_path="/government/news/elsewhere", run_id=4, at=T0 + timedelta(days=3))
        else:
            load.mark_checked(conn, cid, "en", at=T0 + timedelta(days=3), run_id=4)
        kinds = [k for (k,) in conn.execute("SELECT kind FROM changes ORDER BY change_id").fetchall()]
        assert kinds[-1] == ("redirected" if mark == "moved" else "reappeared")


def test_connect_reports_busy_when_another_process_holds_the_file(db):
    with connect(db):
        pass
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, sys, time
        c = duckdb.connect({str(db)!r})
        print("locked", flush=True)
        time.sleep(30)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(WarehouseBusyError, match="in use by another process"):
            with connect(db, read_only=True, wait_seconds=1.0):
                pass
        assert 0.9 <= time.monotonic() - started < 10
    finally:
        holder.kill()
        holder.wait()


def test_commitment_amount_is_its_first_money_figure_not_a_sum(db):
    rise = Commitment(key="k2", text="High needs funding will rise to £11.9 billion, an increase of £1 billion.",
                      actor="the Government", action="rise", modality="will", firmness="firm", status="planned",
                      section=None, money=(Money("£11.9 billion", 11.9e9), Money("£1 billion", 1e9)))
    record = dataclasses.replace(announcement(), commitments=(rise,))
    with connect(db) as conn:
        load_record(conn, record, run_id=1, body_sha256=None, captured_at=T0)
        amount, money = conn.execute("SELECT amount_gbp, money FROM commitments").fetchone()
    assert amount == 11.9e9
    assert [m["amount_gbp"] for m in __import__("json").loads(money)] == [11.9e9, 1e9]


def test_a_warehouse_deleted_and_created_again_in_the_same_process_is_migrated(tmp_path):
    db = tmp_path / "again.duckdb"
    with connect(db) as conn:
        conn.execute("SELECT count(*) FROM runs").fetchone()
    db.unlink()
    with connect(db) as conn:  # a fresh file: it needs its tables again
        assert conn.execute("SELECT count(*) FROM runs").fetchone() == (0,)


def test_held_writer_reuses_one_connection_then_lets_other_processes_in_after_its_hold(tmp_path):
    import subprocess
    import sys
    import time

    from warehouse.store import HeldWriter

    db = tmp_path / "w.duckdb"
    probe = [sys.executable, "-c", f"import duckdb; duckdb.connect({str(db)!r}, read_only=True).close()"]

    def another_process_can_read() -> bool:
        return subprocess.run(probe, capture_output=True).returncode == 0

    writer = HeldWriter(db, hold_seconds=2.0)
    with writer.batch() as first:
        first.execute("SELECT 1")
    with writer.batch() as second:
        assert second is first  # consecutive batches share the connection (no close, no checkpoint)
    assert not another_process_can_read()  # held: DuckDB admits one process
    time.sleep(2.1)
    with writer.batch():
        pass  # held long enough: let go after this batch
    assert another_process_can_read()
    writer.close()


def test_a_shared_instance_serves_a_runs_connections_then_lets_other_processes_in_when_idle(tmp_path):
    import subprocess
    import sys
    import time

    import duckdb

    from warehouse.store import shared_instance

    db = tmp_path / "s.duckdb"
    probe = [sys.executable, "-c", f"import duckdb; duckdb.connect({str(db)!r}, read_only=True).close()"]

    def another_process_can_read() -> bool:
        return subprocess.run(probe, capture_output=True).returncode == 0

    with shared_instance(db, hold_seconds=1.5):
        with connect(db) as writer:
            writer.execute("INSERT INTO state VALUES ('k', 'v', now())")
            with connect(db, read_only=True) as reader:  # a second cursor of the same instance, its own transaction
                assert reader.execute("SELECT value FROM state WHERE key = 'k'").fetchall() == [("v",)]
        opened = time.process_time()
        for _ in range(20):
            with connect(db, read_only=True) as conn:
                conn.execute("SELECT count(*) FROM runs").fetchone()
        assert time.process_time() - opened < 0.25  # twenty cursors, not twenty ~50 ms instance opens
        assert not another_process_can_read()  # held, like a HeldWriter, for at most its hold
        time.sleep(2.0)  # idle past the hold: the instance is let go without another connect
        assert another_process_can_read()
        with connect(db, read_only=True) as conn:  # and opened again when a task comes back
            assert conn.execute("SELECT value FROM state WHERE key = 'k'").fetchall() == [("v",)]
    assert another_process_can_read()  # the block's end lets go
    with pytest.raises(duckdb.Error):
        conn.execute("SELECT 1")  # cursors do not outlive their `with`
    with connect(db) as conn:  # and outside the block, connections are the usual ones
        assert conn.execute("SELECT count(*) FROM state").fetchone() == (1,)


def test_a_path_that_cannot_be_a_warehouse_is_refused_before_anything_starts(tmp_path):
    # `run --db` is checked before Prefect starts (a temporary server takes seconds): a folder or a
    # file that is not DuckDB is named at once; a new path or a real warehouse passes.
    from foundation.errors import NotAWarehouseError
    from warehouse.store import check_warehouse_path, connect

    (tmp_path / "notes.txt").write_text("not a database, but long enough to hold a header")
    (tmp_path / "empty.duckdb").write_bytes(b"")
    with connect(tmp_path / "real.duckdb"):
        pass
    for bad, problem in ((tmp_path, "is a folder, not a DuckDB warehouse file"),
                         (tmp_path / "notes.txt", "is not a DuckDB warehouse file"),
                         (tmp_path / "empty.duckdb", "is empty, not a DuckDB warehouse file")):
        with pytest.raises(NotAWarehouseError, match=f"^{bad} {problem}$"):
            check_warehouse_path(bad)
    with pytest.raises(NotAWarehouseError, match="is not a DuckDB warehouse file"):
        with connect(tmp_path / "empty.duckdb"):  # what the early check saves a Prefect start for
            pass
    for good in (tmp_path / "new.duckdb", tmp_path / "real.duckdb"):
        check_warehouse_path(good)
