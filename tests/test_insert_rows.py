"""Batches of rows: through DuckDB's JSON reader, stored exactly as the column lists store them."""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from warehouse import load
from warehouse.store import connect

N = load.JSON_INSERT_MIN_ROWS + 7
TEXTS = ["plain", "“curly” ‘quotes’ and \"straight\"", "back\\slash\nnew line\ttab", "£1.2 billion – 50%",
         "emoji 📚 and 中文", "", "a\u00a0nbsp", "'; DROP TABLE figures; --"]
VALUES = [None, 0.1, 1e-300, 2.5e15, 60_000_000, -3.75, 1 / 3, 123456789.123456789]


def figure_rows(n: int) -> list[dict]:
    return [{"version_id": 1, "position": i, "kind": "money", "text": TEXTS[i % len(TEXTS)],
             "value": VALUES[i % len(VALUES)], "unit": None if i % 3 else "GBP",
             "sentence": TEXTS[(i + 1) % len(TEXTS)], "section": None} for i in range(n)]


def commitment_rows(n: int) -> list[dict]:
    return [{"version_id": 2, "position": i, "commitment_key": f"k{i}", "text": TEXTS[i % len(TEXTS)],
             "actor": "DfE", "action": None, "modality": "will", "firmness": "firm", "status": "planned",
             "section": "quote", "speaker": None, "amount_gbp": VALUES[i % len(VALUES)],
             "money": json.dumps([{"text": "£5m", "amount_gbp": 5e6}]), "quantities": "[]", "dates": None,
             "programmes": [(), ("Safety Valve",), ("A", "B, with a comma", "C \"quoted\"")][i % 3] or None}
            for i in range(n)]


def fetch_rows(n: int) -> list[dict]:
    start = datetime(2026, 3, 29, 0, 30, tzinfo=timezone.utc)
    bst = timezone(timedelta(hours=1))
    return [{"run_id": 1, "url": f"https://www.gov.uk/api/content/p{i}", "base_path": f"/p{i}", "final_path": None,
             "status_code": 200, "outcome": "ok", "headers": json.dumps({"ETag": f'"{i}"'}), "body_sha256": None,
             "fetched_at": [start + timedelta(seconds=i, microseconds=i), (start + timedelta(hours=i)).astimezone(bst),
                            "2026-03-29T01:30:00+01:00"][i % 3],
             "elapsed_ms": float(i) / 7} for i in range(n)]


def stored(db, table: str) -> list[tuple]:
    with connect(db) as conn:
        return conn.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()


@pytest.mark.parametrize("table,make", [("figures", figure_rows), ("commitments", commitment_rows),
                                        ("fetches", fetch_rows)])
def test_a_big_batch_through_json_stores_what_the_column_lists_store(tmp_path, table, make):
    rows = make(N)
    with connect(tmp_path / "json.duckdb") as conn:
        assert load.insert_as_json(conn, table, rows) is True
    with connect(tmp_path / "lists.duckdb") as conn:
        for start in range(0, N, load.JSON_INSERT_MIN_ROWS - 1):  # batches small enough for the column lists
            load.insert_rows(conn, table, rows[start:start + load.JSON_INSERT_MIN_ROWS - 1])
    assert stored(tmp_path / "json.duckdb", table) == stored(tmp_path / "lists.duckdb", table)
    assert len(stored(tmp_path / "json.duckdb", table)) == N


@pytest.mark.parametrize("bad", [math.nan, math.inf, "lone \udc80 surrogate"])
def test_values_json_cannot_carry_take_the_column_lists_and_are_kept(tmp_path, bad):
    rows = figure_rows(N)
    rows[5] = {**rows[5], **({"value": bad} if isinstance(bad, float) else {"text": bad})}
    with connect(tmp_path / "w.duckdb") as conn:
        assert load.insert_as_json(conn, "figures", rows) is False
        assert conn.execute("SELECT count(*) FROM figures").fetchone() == (0,)
        if isinstance(bad, float):
            load.insert_rows(conn, "figures", rows)
            value = conn.execute("SELECT value FROM figures WHERE position = 5").fetchone()[0]
            assert value == bad or (math.isnan(bad) and math.isnan(value))  # not the NULL JSON would make


def test_a_blob_column_takes_the_column_lists(tmp_path):
    rows = [{"sha256": f"{i:064x}", "size_bytes": 3, "compressed": b"\x00\xff\x10"} for i in range(N)]
    with connect(tmp_path / "w.duckdb") as conn:
        assert load.insert_as_json(conn, "raw_bodies", rows) is False
        load.insert_rows(conn, "raw_bodies", rows)
        assert conn.execute("SELECT count(*), min(compressed) FROM raw_bodies").fetchone() == (N, b"\x00\xff\x10")


def test_without_a_temporary_folder_a_big_batch_takes_the_column_lists(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    rows = figure_rows(N)
    with connect(tmp_path / "w.duckdb") as conn:
        assert load.insert_as_json(conn, "figures", rows) is False
        load.insert_rows(conn, "figures", rows)
    assert len(stored(tmp_path / "w.duckdb", "figures")) == N


KILLED_MID_INSERT = """
import sys, tempfile
sys.path.insert(0, {repo!r})
tempfile.tempdir = {tmp!r}
from warehouse import load
from warehouse.store import connect
rows = [{{"version_id": 1, "position": i, "kind": "money", "text": "x" * 2000, "value": 1.0, "unit": None,
          "sentence": "y" * 2000, "section": None}} for i in range(4000)]
with connect({db!r}) as conn:
    print("inserting", flush=True)
    while True:
        conn.execute("DELETE FROM figures")
        assert load.insert_as_json(conn, "figures", rows)
"""


@pytest.mark.skipif(not os.path.exists("/proc/self/fd"), reason="unnamed row files need /proc/self/fd (Linux)")
def test_a_run_killed_mid_insert_leaves_no_row_file_behind(tmp_path):
    # Each insert writes ~16 MB of rows for DuckDB to read: killed while it reads, the file used to stay.
    rows_dir = tmp_path / "tmp"
    rows_dir.mkdir()
    script = KILLED_MID_INSERT.format(repo=str(Path(__file__).resolve().parent.parent), tmp=str(rows_dir),
                                      db=str(tmp_path / "w.duckdb"))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "inserting"
        time.sleep(1.5)  # several inserts, each mostly spent reading its file
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    assert sorted(p.name for p in rows_dir.iterdir()) == []
