"""`send-monitor stop` signals only the processes `serve` started, never a reused pid."""

from __future__ import annotations

import subprocess
import sys

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
