"""Ctrl-C on a command-line run: it stops at once, says so on one line, and loses nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import duckdb

from conftest import REPO, SNAPSHOT, seed_prefect_home
from replay.server import ReplayServer

ROUND1 = json.loads((SNAPSHOT / "expected.json").read_text())["round-1"]


def _gone(group: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    return False


def test_ctrl_c_with_a_temporary_server_stops_at_once_and_the_rerun_fetches_the_rest(tmp_path):
    # A terminal's Ctrl-C signals the whole foreground group, Prefect's temporary server included:
    # Prefect's own shutdown then spent over a minute reporting the crash to a server already gone,
    # flooding the terminal, and ended "unexpected ConnectError".
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "SEND_MONITOR_"))}
    env |= {"PREFECT_HOME": str(seed_prefect_home(tmp_path / "prefect")), "NO_COLOR": "1",
            "SEND_MONITOR_REQUESTS_PER_SECOND": "2"}
    db = tmp_path / "w.duckdb"
    with ReplayServer(SNAPSHOT, round=1) as server:
        argv = [sys.executable, "-m", "send_monitor.cli", "run", "--db", str(db), "--base-url", server.base_url]
        run = subprocess.Popen(argv, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
        deadline = time.monotonic() + 150
        while sum(path.startswith("/api/content/government") for _, path, _ in server.requests_seen) < 3:
            assert run.poll() is None and time.monotonic() < deadline, run.stderr.read().decode()
            time.sleep(0.1)
        os.killpg(run.pid, signal.SIGINT)
        out, err = run.communicate(timeout=30)
        assert run.returncode == 130, err.decode()
        lines = err.decode().strip().splitlines()
        assert lines[-1] == "send-monitor run: interrupted; what was loaded is kept: run it again to go on"
        assert "Traceback" not in err.decode() and out == b""
        assert _gone(run.pid, within=15)  # the parse workers and the temporary server with it

        env["SEND_MONITOR_REQUESTS_PER_SECOND"] = "10"
        rerun = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    with duckdb.connect(str(db), read_only=True) as conn:
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        statuses = [s for (s,) in conn.execute("SELECT status FROM runs ORDER BY run_id").fetchall()]
    assert (documents, statuses) == (ROUND1["announcements"], ["abandoned", "completed"])

    # A reparse starts its parse workers before Prefect: Ctrl-C while they wait ends them too,
    # without a worker's KeyboardInterrupt traceback (or a worker left waiting for work forever).
    reparse = subprocess.Popen([sys.executable, "-m", "send_monitor.cli", "reparse", "--db", str(db)], cwd=REPO,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    assert reparse.stderr.readline().startswith(b"Using a temporary Prefect server")
    time.sleep(1.0)  # the workers are up, importing the parser or waiting for pages
    os.killpg(reparse.pid, signal.SIGINT)
    out, err = reparse.communicate(timeout=30)
    assert (reparse.returncode, out) == (130, b""), err.decode()
    assert err.decode().strip() == "send-monitor reparse: interrupted; what was loaded is kept: run it again to go on"
    assert _gone(reparse.pid, within=15)
