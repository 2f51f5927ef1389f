"""`send-monitor stop` signals only what `serve` started; `run` finds serve's server when it answers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from conftest import REPO, SNAPSHOT
from send_monitor import service


def sleeper() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)


def test_stop_leaves_alone_a_process_whose_pid_was_reused():
    other = sleeper()
    try:
        stack = service.Stack(home="/tmp", api_url="", ui_url="", pids={"worker": other.pid},
                              identities={"worker": "some-other-boot:12345"})
        outcome = service.stop_stack(stack, say=lambda _: None)
        assert "left alone" in outcome["worker"]
        assert other.poll() is None  # still running
    finally:
        other.kill()
        other.wait()


def test_stop_stops_the_process_it_started():
    mine = sleeper()
    stack = service.Stack(home="/tmp", api_url="", ui_url="")
    stack.remember("worker", mine.pid, "/dev/null")
    assert stack.identities["worker"] and stack.is_ours("worker")
    service.stop_stack(stack, say=lambda _: None)
    assert mine.wait(timeout=15) is not None


# `send-monitor run` uses the server `serve` started when it answers (issue 12)


@contextmanager
def health_server(delay: float = 0.0):
    """A loopback server answering GET /api/health with 200 `true` after `delay` seconds; yields its API URL."""
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            time.sleep(delay)
            status = 200 if self.path == "/api/health" else 404
            self.send_response(status)
            self.send_header("Content-Length", "4")
            self.end_headers()
            self.wfile.write(b"true")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api"
    finally:
        server.shutdown()
        server.server_close()


def record(home, api_url: str, replay_url: str | None = None) -> None:
    stack = service.Stack(home=str(home), api_url=api_url, ui_url=api_url.removesuffix("/api"), replay_url=replay_url)
    service.state_file(home).write_text(json.dumps(asdict(stack)), encoding="utf-8")


def test_running_api_url_is_the_recorded_server_when_it_answers(tmp_path):
    assert service.running_api_url(tmp_path) is None  # no state file
    with health_server() as api_url:
        record(tmp_path, api_url)
        assert service.running_api_url(tmp_path) == api_url
    assert service.running_api_url(tmp_path) is None  # recorded, but gone


def test_a_slow_server_is_not_used(tmp_path):
    with health_server(delay=1.0) as api_url:
        record(tmp_path, api_url)
        started = time.monotonic()
        assert service.running_api_url(tmp_path, timeout=0.5) is None
        assert time.monotonic() - started < 1.5


def test_a_broken_state_file_means_no_server(tmp_path):
    service.state_file(tmp_path).write_text("{not json", encoding="utf-8")
    assert service.running_api_url(tmp_path) is None and service.running_replay_url(tmp_path) is None


def test_the_cli_points_prefect_at_the_serve_server_and_says_so(tmp_path, monkeypatch, capsys):
    from send_monitor.cli import _use_prefect_server

    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    monkeypatch.setenv("PREFECT_API_URL", "placeholder")
    monkeypatch.delenv("PREFECT_API_URL")  # restored (unset) after the test
    assert _use_prefect_server() is True  # temporary: Ctrl-C then stops the command at once
    assert capsys.readouterr().err == ("Using a temporary Prefect server (start `send-monitor serve` to keep run "
                                       "history)\n")
    assert "PREFECT_API_URL" not in os.environ
    with health_server() as api_url:
        record(tmp_path, api_url)
        assert _use_prefect_server() is False
        assert capsys.readouterr().err == (f"Using the Prefect server started by `send-monitor serve` at {api_url} "
                                           "(runs show in its UI)\n")
        assert os.environ["PREFECT_API_URL"] == api_url
        assert _use_prefect_server() is False  # an explicit PREFECT_API_URL wins from now on
        assert capsys.readouterr().err == f"Using the Prefect server at {api_url} (from PREFECT_API_URL)\n"


def test_run_records_its_flow_run_on_the_serve_server(tmp_path, prefect_harness):
    """A real Prefect server stands in for serve's: `run --dry-run` in a fresh process reports to it."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL
    from replay.server import ReplayServer

    api_url = PREFECT_API_URL.value()
    home = tmp_path / "home"
    home.mkdir()
    record(home, api_url)
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | {"PREFECT_HOME": str(home)}
    with get_client(sync_client=True) as client:
        before = {r.id for r in client.read_flow_runs()}
    with ReplayServer(SNAPSHOT, round=1).start() as replay:
        done = subprocess.run([sys.executable, "-m", "send_monitor.cli", "run", "--dry-run", "--json", "--base-url",
                               replay.base_url, "--db", str(tmp_path / "w.duckdb")],
                              capture_output=True, text=True, timeout=240, cwd=REPO, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[0] == (f"Using the Prefect server started by `send-monitor serve` at {api_url} "
                                           "(runs show in its UI)")
    assert json.loads(done.stdout)["base_url"] == replay.base_url
    with get_client(sync_client=True) as client:
        new = [r for r in client.read_flow_runs() if r.id not in before]
    assert [(r.state.type.value if r.state else None) for r in new] == ["COMPLETED"]
