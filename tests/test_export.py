"""Parquet exports of the warehouse: every view written, atomically, readable without the DuckDB lock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import duckdb
import pytest

from parsers.record import Announcement, ChangeNote, Commitment, Money
from warehouse import load
from warehouse.ingest import load_record
from warehouse.export import EXPORTS, default_export_dir, export_views, sql_string
from warehouse.store import connect

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
PATH = "/government/news/capital-funding-for-send-places"


def announcement(amount: float, updated: str, note: str) -> Announcement:
    money = Money(text=f"£{amount / 1e6:g} million", amount_gbp=amount)
    return Announcement(
        title="Capital funding for SEND places", content_id="c0ffee00-0000-4000-8000-00000000e001",
        base_path=PATH, document_type="press_release", schema_name="news_article",
        first_published_at="2024-12-03T10:00:00+00:00", public_updated_at=updated,
        change_history=(ChangeNote(updated, note),),
        commitments=(Commitment(key="k1", text=f"The government will invest {money.text} in special school places.",
                                actor="the Government", action="invest", modality="will", firmness="firm",
                                status="planned", section="Background", money=(money,),
                                programmes=("High Needs Provision Capital Allocations",)),),
    )


def build_warehouse(db) -> None:
    """Two runs: a first version, then a re-costed second version (one flagged major change)."""
    with connect(db) as conn:
        for run_id, (amount, updated, note, day) in enumerate(
            ((740e6, "2024-12-03T10:00:00+00:00", "First published.", 0),
             (700e6, "2024-12-10T10:00:00+00:00", "Figures updated.", 7)), start=1):
            conn.execute("INSERT INTO runs (flow, source, base_url, started_at, status, new_versions)"
                         " VALUES ('monitor', 'replay', 'http://127.0.0.1:1', ?, 'completed', 1)",
                         [T0 + timedelta(days=day)])
            load_record(conn, announcement(amount, updated, note), run_id=run_id, body_sha256=None,
                              captured_at=T0 + timedelta(days=day))


def read_parquet(path) -> list[tuple]:
    # An in-memory connection reads the file: no lock on the warehouse is involved.
    return duckdb.sql(f"SELECT * FROM read_parquet({sql_string(str(path))})").fetchall()


def test_export_views_writes_every_view_and_documents_next_to_the_db(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    build_warehouse(db)
    paths = export_views(db)
    out = tmp_path / "exports" / "warehouse"  # one folder per warehouse file
    assert paths == [out / f"{name}.parquet" for name in EXPORTS]
    assert default_export_dir(db) == out
    with connect(db, read_only=True) as conn:
        expected = {name: conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in EXPORTS}
    assert {p.stem: len(read_parquet(p)) for p in paths} == expected
    assert expected["documents"] == 1 and expected["run_summary"] == 2 and expected["flagged_changes"] >= 1
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.parquet" for n in EXPORTS)


def test_export_views_replaces_the_previous_export_with_the_latest_state(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    build_warehouse(db)
    out = tmp_path / "out"
    export_views(db, out)
    with connect(db) as conn:
        conn.execute("INSERT INTO runs (flow, source, base_url, started_at, status)"
                     " VALUES ('monitor', 'replay', 'x', ?, 'completed')", [T0 + timedelta(days=14)])
    export_views(db, out)
    assert [r[0] for r in duckdb.sql(
        f"SELECT run_id FROM read_parquet({sql_string(str(out / 'run_summary.parquet'))})").fetchall()] == [3, 2, 1]
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_export_views_survives_hostile_folder_names(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    build_warehouse(db)
    out = tmp_path / "o'brien's '); DROP TABLE documents; --"
    paths = export_views(db, out, names=("documents",))
    assert paths == [out.resolve() / "documents.parquet"]
    assert len(read_parquet(paths[0])) == 1
    with connect(db, read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_sql_string_doubles_single_quotes_and_rejects_nul():
    assert sql_string("/tmp/o'brien/x.parquet") == "'/tmp/o''brien/x.parquet'"
    with pytest.raises(ValueError):
        sql_string("a\x00b")
