"""deployments/launch.py and deployments/zygote.py over a real Unix socket, without a Prefect server.

With no flow-run id to load, Prefect's engine stops at its first step ("Invalid flow run id", exit 1): enough to
see where a run was started, that the launcher's streams and environment reached it, and its exit code came back.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO

from deployments import zygote

LAUNCH = REPO / "deployments" / "launch.py"
STARTUP = 120.0


def launch(sock: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PREFECT__FLOW_RUN_ID": "not-a-flow-run", **env}
    return subprocess.run([sys.executable, str(LAUNCH), "--socket", str(sock)], cwd="/", env=environment,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    """`python -m deployments.zygote` on a socket in a temporary folder, once it listens."""
    folder = tmp_path_factory.mktemp("zygote")
    sock, log = folder / "z.sock", folder / "zygote.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "deployments.zygote", "--socket", str(sock)], cwd=REPO,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + STARTUP
    while "listening on" not in log.read_text():
        assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)
    yield proc, sock, log
    proc.terminate()
    proc.wait(timeout=30)


def test_without_a_zygote_the_launcher_becomes_prefects_engine(tmp_path):
    done = launch(tmp_path / "nobody.sock")
    assert done.returncode == 1
    assert f"no zygote at {tmp_path / 'nobody.sock'}" in done.stderr
    assert "starting the flow run with python -m prefect.engine" in done.stderr
    assert "Invalid flow run id" in done.stderr  # Prefect's engine ran, in the launcher's own process


def test_the_zygote_forks_the_run_with_the_launchers_streams_and_exit_code(running):
    proc, sock, log = running
    done = launch(sock)
    assert done.returncode == 1
    assert f"flow run not-a-flow-run: process " in done.stderr and f"forked by zygote {proc.pid}" in done.stderr
    assert "Invalid flow run id" in done.stderr  # the engine's output reached the launcher's stderr
    assert "starting the flow run with python -m prefect.engine" not in done.stderr
    assert "ended {'exit': 1}" in log.read_text()


def test_a_run_with_other_prefect_settings_is_started_afresh(running):
    _, sock, _ = running
    done = launch(sock, PREFECT_API_URL="http://127.0.0.1:9/api")
    assert done.returncode == 1
    assert "the run's Prefect settings differ from the zygote's" in done.stderr
    assert "starting the flow run with python -m prefect.engine" in done.stderr
    assert "Invalid flow run id" in done.stderr


def test_a_malformed_request_is_refused_and_the_zygote_keeps_serving(running):
    proc, sock, log = running
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as bad:
        bad.connect(str(sock))
        bad.sendall(b"\x00" * 8 + b"no file descriptors")
    deadline = time.monotonic() + 10
    while "refused a request" not in log.read_text():
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.05)
    assert proc.poll() is None
    assert launch(sock).returncode == 1 and "forked by zygote" in launch(sock).stderr


def test_serve_puts_no_zygote_where_its_socket_path_would_not_fit(tmp_path):
    from send_monitor import service

    assert service.zygote_socket(tmp_path) == tmp_path / "zygote.sock"
    assert service.zygote_socket(tmp_path / ("x" * 120)) is None
    assert service.start_zygote(tmp_path / ("x" * 120), os.environ) is None


def test_a_fork_is_stale_once_the_source_or_the_settings_moved_on(tmp_path, monkeypatch):
    from deployments.forkserver import newest_source

    made = zygote.Zygote(tmp_path / "z.sock", [])
    # As a zygote started with this environment has them: the test process's own settings context may hold
    # another test's temporary settings (a real zygote's are what its environment gives).
    made.settings = zygote.settings_fingerprint()
    try:
        assert made.stale_reason() is None
        made.stamp = newest_source()[0] - 1
        assert made.stale_reason().endswith(".py changed since the zygote started")
        made.stamp = newest_source()[0]
        # Only a secret differs: Prefect masks secrets when settings are dumped as JSON, so values are compared.
        monkeypatch.setenv("PREFECT_API_KEY", "the-zygote's-key")
        made.settings = zygote.settings_fingerprint()
        assert made.stale_reason() is None
        monkeypatch.setenv("PREFECT_API_KEY", "another-key")
        assert made.stale_reason() == "the run's Prefect settings differ from the zygote's"
        monkeypatch.setenv("PREFECT_API_KEY", "the-zygote's-key")
        monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
        assert made.stale_reason() == "the run's Prefect settings differ from the zygote's"
    finally:
        made.listener.close()


def test_a_request_that_is_not_json_is_refused_and_its_descriptors_closed(running):
    import struct

    from deployments.launch import HEADER

    proc, sock, log = running
    open_fds = len(os.listdir(f"/proc/{proc.pid}/fd"))
    refused = log.read_text().count("refused a request")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as bad:
        bad.connect(str(sock))
        bad.sendmsg([HEADER.pack(7)], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, struct.pack("3i", 0, 1, 2))])
        bad.sendall(b"not {js")
    deadline = time.monotonic() + 10
    while log.read_text().count("refused a request") == refused:
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.05)
    assert len(os.listdir(f"/proc/{proc.pid}/fd")) == open_fds  # the three it was sent are closed again
    assert proc.poll() is None


def _one_answer_peer(sock: Path, answer: bytes):
    """A socket that takes one launcher's request and answers `answer` (b"": hangs up without a word)."""
    import threading

    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(sock))
    listener.listen(1)

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            _, fds, _, _ = socket.recv_fds(conn, 8, 3)
            for fd in fds:
                os.close(fd)
            conn.recv(1 << 20)
            conn.sendall(answer)
        listener.close()

    threading.Thread(target=serve, daemon=True).start()


def test_a_refused_request_starts_the_run_in_the_launcher(tmp_path):
    _one_answer_peer(tmp_path / "z.sock", b'{"refused": "request of 5000000 bytes"}\n')
    done = launch(tmp_path / "z.sock")
    assert "refused the run (request of 5000000 bytes)" in done.stderr
    assert "Invalid flow run id" in done.stderr  # Prefect's engine ran in the launcher


def test_a_zygote_gone_after_the_request_never_means_a_second_start(tmp_path):
    _one_answer_peer(tmp_path / "z.sock", b"")  # it may have forked the run before it went
    done = launch(tmp_path / "z.sock")
    assert done.returncode == 1
    assert "not starting it again here" in done.stderr
    assert "Invalid flow run id" not in done.stderr
