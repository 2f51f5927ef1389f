"""`send-monitor replay round N` moves a running replay to another round, over HTTP, from this machine only."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict

import pytest
import requests

from conftest import REPO, SNAPSHOT
from replay.server import ReplayControlError, ReplayServer, available_rounds, load_round, switch_round
from send_monitor import service
from send_monitor.cli import main

PAGE = "/government/news/thousands-more-places-for-pupils-with-send-in-mainstream-schools"


def body(server: ReplayServer) -> bytes:
    return requests.get(f"{server.base_url}/api/content{PAGE}", timeout=5).content


def expected_body(round_number: int) -> bytes:
    return (SNAPSHOT / f"round-{round_number}" / "content" / f"{PAGE[1:]}.json").read_bytes()


def documents(round_number: int) -> int:
    return len(load_round(SNAPSHOT, round_number).bodies)


def test_switch_round_over_http_changes_what_the_content_api_serves():
    with ReplayServer(SNAPSHOT, round=1).start() as server:
        assert body(server) == expected_body(1)
        assert switch_round(server.base_url, 2) == {"round": 2, "documents": documents(2)}
        assert body(server) == expected_body(2)
        with pytest.raises(ReplayControlError, match=r"refused round 9: .* has no round-9 \(rounds: \[1, 2\]\)"):
            switch_round(server.base_url, 9)
        assert server.round == 2


def test_the_command_switches_the_replay_on_a_port(capsys):
    with ReplayServer(SNAPSHOT, round=1).start() as server:
        port = server.server_address[1]
        assert main(["replay", "round", "2", "--port", str(port)]) == 0
        out, err = capsys.readouterr()
        assert (out, err) == (f"The replay at {server.base_url} now serves round 2 ({documents(2)} documents).\n", "")
        assert body(server) == expected_body(2)
        assert main(["replay", "round", "9", "--port", str(port)]) == 2
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1
        assert err.startswith(f"send-monitor: the replay at {server.base_url} refused round 9: ")
        assert "start one with" not in err  # it is running: only the round is wrong


def test_the_command_finds_the_replay_serve_started(capsys, monkeypatch, tmp_path):
    """`serve --replay` records the replay's URL in its state file; `replay round N` reads it."""
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    with ReplayServer(SNAPSHOT, round=1).start() as server:
        stack = service.Stack(home=str(tmp_path), api_url="", ui_url="", replay_url=server.base_url)
        service.state_file(tmp_path).write_text(json.dumps(asdict(stack)), encoding="utf-8")
        assert service.running_replay_url() == server.base_url
        assert main(["replay", "round", "2"]) == 0
        assert capsys.readouterr().out.startswith(f"The replay at {server.base_url} now serves round 2")
        assert server.round == 2


def test_a_foreground_replay_process_takes_the_order(capsys):
    port = service.free_port()
    proc = subprocess.Popen([sys.executable, "-m", "send_monitor.cli", "replay", "--port", str(port)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == f"http://127.0.0.1:{port}"
        assert proc.stderr.readline().strip() == (f"Serving round 1; switch with "
                                                  f"`send-monitor replay round N --port {port}`")
        assert main(["replay", "round", "2", "--port", str(port)]) == 0
        health = requests.get(f"http://127.0.0.1:{port}/_replay/health", timeout=5).json()
        assert health == {"round": 2, "documents": documents(2)}
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def _non_loopback_address() -> str | None:
    import socket

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
            address = sock.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


def test_the_control_endpoint_refuses_clients_from_other_machines():
    address = _non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address")
    with ReplayServer(SNAPSHOT, round=1, host="0.0.0.0").start() as server:
        port = server.server_address[1]
        refused = requests.post(f"http://{address}:{port}/_replay/round/2", timeout=5)
        assert (refused.status_code, refused.json()) == (
            403, {"error": "the replay's control endpoints answer loopback clients only"})
        assert server.round == 1
        # GOV.UK's own paths still answer anyone the server is bound for.
        assert requests.get(f"http://{address}:{port}/api/content{PAGE}", timeout=5).content == expected_body(1)
        assert requests.post(f"http://127.0.0.1:{port}/_replay/round/2", timeout=5).json()["round"] == 2


def test_the_control_endpoint_lives_outside_govuk_api_paths():
    from replay.server import CONTROL_PREFIX

    assert not CONTROL_PREFIX.startswith("/api/")
    assert available_rounds(SNAPSHOT) == [1, 2]
