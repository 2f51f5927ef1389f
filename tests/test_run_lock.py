"""One run at a time per warehouse; a run that was killed is closed by the next one (D8, D12)."""

from __future__ import annotations

import duckdb
import pytest

from foundation.errors import WarehouseBusyError
from replay.server import ReplayServer
from warehouse.store import connect, run_lock

from conftest import REPO, SNAPSHOT


def config_with(tmp_path, **values) -> str:
    text = (REPO / "send-monitor.toml").read_text()
    for key, value in values.items():
        text = "\n".join(f"{key} = {value}" if line.startswith(f"{key} ") else line for line in text.splitlines())
    path = tmp_path / "send-monitor.toml"
    path.write_text(text + "\n")
    return str(path)


def rows(db, sql):
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def test_a_second_run_waits_then_stops_with_a_failed_run_row_and_fetches_nothing(tmp_path, prefect_harness):
    from flows.monitor import monitor

    db = tmp_path / "w.duckdb"
    with connect(db):
        pass
    config = config_with(tmp_path, run_lock_wait_seconds=1)
    with ReplayServer(SNAPSHOT, round=1).start() as server, run_lock(db, wait_seconds=0):
        with pytest.raises(WarehouseBusyError, match="another send-monitor run of the warehouse .* was still going after 1 s"):
            monitor(config=config, db=str(db), base_url=server.base_url, requests_per_second=50.0)
        assert server.requests_seen == []  # nothing was searched or fetched
    assert rows(db, "SELECT status, fetched FROM runs") == [("failed", 0)]
    [(stage, message)] = rows(db, "SELECT stage, message FROM errors")
    assert stage == "run" and "was still going" in message
    assert rows(db, "SELECT count(*) FROM documents") == [(0,)]


def test_a_run_killed_mid_way_is_closed_as_abandoned_by_the_next_run(tmp_path, prefect_harness):
    from flows.monitor import monitor

    db = tmp_path / "w.duckdb"
    with connect(db) as conn:
        conn.execute("INSERT INTO runs (flow, source, base_url, started_at, status)"
                     " VALUES ('monitor', 'replay', 'http://127.0.0.1:9', now(), 'running')")
    with ReplayServer(SNAPSHOT, round=1).start() as server:
        monitor(db=str(db), base_url=server.base_url, requests_per_second=50.0)
    statuses = rows(db, "SELECT run_id, status, finished_at IS NOT NULL FROM runs ORDER BY run_id")
    assert statuses == [(1, "abandoned", True), (2, "completed", True)]
    [(run_id, stage, message)] = rows(db, "SELECT run_id, stage, message FROM errors WHERE stage = 'run'")
    assert (run_id, stage) == (2, "run") and message.startswith("run 1 stopped before it finished")
