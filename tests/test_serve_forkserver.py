"""`python -m deployments.serve` forks each flow run from its forkserver; failures and kills are still reported.

One serve.py process for the module, on the shared test Prefect server (`prefect_harness`) and an in-process
replay; runs are created from its deployments through the API, as a schedule would create them.
"""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import REPO, SNAPSHOT
from test_prefect_server import trigger, wait_final

from deployments import forkserver
from deployments.serve import deployment_specs

SERVE_STARTUP = 240.0
RUN_TIMEOUT = 120.0


def test_prefects_private_hook_is_still_there():
    """If this fails, Prefect changed how the Runner starts flow runs: serve.py falls back to spawn (slow)."""
    assert forkserver.hook_problem() is None


def test_the_forkserver_preloads_the_engine_and_every_deployments_module():
    modules = forkserver.preload_modules(spec["entrypoint"] for spec in deployment_specs())
    assert {"prefect.flow_engine", "flows.monitor", "flows.reparse"} <= set(modules)
    assert [m for m in modules if importlib.util.find_spec(m) is None] == []


def test_a_forkserver_that_cannot_preload_leaves_prefects_spawn_in_place(monkeypatch):
    import prefect.runner._starter_direct as starter

    monkeypatch.setattr(forkserver, "_started", {"stamp": None, "warned": False})
    before = starter.run_flow_in_subprocess
    assert forkserver.install(["no_such_module_for_the_forkserver"]) is False  # the probe finds it missing
    assert starter.run_flow_in_subprocess is before


def test_runs_spawn_once_the_source_changed_since_the_forkserver_started(monkeypatch):
    newest, _ = forkserver.newest_source()
    monkeypatch.setattr(forkserver, "_started", {"stamp": newest, "warned": False})
    assert forkserver._changed_source() is None
    monkeypatch.setattr(forkserver, "_started", {"stamp": newest - 1, "warned": False})
    assert forkserver._changed_source().endswith(".py")


def ppid(pid: int) -> int:
    text = Path(f"/proc/{pid}/stat").read_text()
    return int(text[text.rfind(")") + 2:].split()[1])


def reaped_cpu(pid: int) -> float:
    """cutime + cstime: CPU of the children `pid` has waited for."""
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rfind(")") + 2:].split()
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


@pytest.fixture(scope="module")
def served(prefect_harness, tmp_path_factory):
    """serve.py against the test server, any run it serves aimed at the replay (never GOV.UK)."""
    from prefect.settings import PREFECT_API_URL
    from replay.server import ReplayServer

    work = tmp_path_factory.mktemp("serve")
    log = work / "serve.log"
    with ReplayServer(SNAPSHOT, round=1).start() as replay:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SEND_MONITOR_")} | {
            "PREFECT_API_URL": PREFECT_API_URL.value(), "PREFECT_HOME": str(work / "home"),
            "PREFECT_LOGGING_LEVEL": "INFO", "PREFECT_RUNNER_POLL_FREQUENCY": "1",
            "SEND_MONITOR_BASE_URL": replay.base_url, "SEND_MONITOR_DB": str(work / "scheduled.duckdb"),
        }
        with log.open("wb") as out:
            proc = subprocess.Popen([sys.executable, "-m", "deployments.serve"], cwd=REPO, env=env,
                                    stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                    start_new_session=True)
        try:
            deadline = time.monotonic() + SERVE_STARTUP
            while "Serving " not in log.read_text(errors="replace"):
                assert proc.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
                time.sleep(0.2)
            found = re.search(r"from a forkserver \(pid (\d+), parent (\d+)\)", log.read_text())
            assert found, log.read_text(errors="replace")[-3000:]
            assert int(found.group(2)) == proc.pid
            yield SimpleNamespace(proc=proc, log=log, replay=replay, forkserver=int(found.group(1)),
                                  api_url=PREFECT_API_URL.value(), logs={"worker": str(log)})
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def forked_pid(served, flow_run_id, timeout: float = 60.0) -> int:
    """The flow-run process serve.py logged for this run, once it has."""
    deadline = time.monotonic() + timeout
    pattern = re.compile(rf"Flow run {flow_run_id}: process (\d+) forked by forkserver (\d+)")
    while not (found := pattern.search(served.log.read_text(errors="replace"))):
        assert time.monotonic() < deadline, served.log.read_text(errors="replace")[-3000:]
        time.sleep(0.1)
    assert int(found.group(2)) == served.forkserver
    return int(found.group(1))


@pytest.mark.prefect_server
def test_a_served_run_is_forked_by_the_forkserver_and_completes(served, tmp_path):
    assert ppid(served.forkserver) == served.proc.pid  # serve's own forkserver
    before = reaped_cpu(served.forkserver)
    run_id = trigger(served, "monitor/monitor", db=str(tmp_path / "w.duckdb"), base_url=served.replay.base_url,
                     requests_per_second=200)
    pid = forked_pid(served, run_id)
    [run] = wait_final(served, [run_id], timeout=RUN_TIMEOUT)
    assert run.state_name == "Completed", run.state.message
    assert pid not in (served.proc.pid, served.forkserver)
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    # The forkserver reaped it: the run's CPU is in the forkserver's children's time, not serve's.
    assert reaped_cpu(served.forkserver) > before
    assert (tmp_path / "w.duckdb").is_file()


@pytest.mark.prefect_server
def test_a_failing_run_ends_failed(served, tmp_path):
    # A warehouse path that is a directory: the run's first write raises.
    run_id = trigger(served, "monitor/monitor", db=str(tmp_path), base_url=served.replay.base_url,
                     requests_per_second=200)
    forked_pid(served, run_id)
    [run] = wait_final(served, [run_id], timeout=RUN_TIMEOUT)
    assert run.state_name == "Failed", (run.state_name, run.state.message)


@pytest.mark.prefect_server
def test_a_killed_run_process_ends_crashed_with_its_exit_code(served, tmp_path):
    # Slow fetching (2 a second) keeps the run going while it is killed.
    run_id = trigger(served, "monitor/monitor", db=str(tmp_path / "w.duckdb"), base_url=served.replay.base_url,
                     requests_per_second=2)
    pid = forked_pid(served, run_id)
    time.sleep(1.0)
    os.kill(pid, signal.SIGKILL)
    [run] = wait_final(served, [run_id], timeout=RUN_TIMEOUT)
    assert run.state_name == "Crashed", (run.state_name, run.state.message)
    assert "-9" in run.state.message  # the exit status came back through the forkserver


@pytest.mark.prefect_server
def test_a_cancelled_run_is_stopped_by_pid_and_ends_cancelled(served, tmp_path):
    from test_prefect_server import cancel_once_running

    run_id = trigger(served, "monitor/monitor", db=str(tmp_path / "w.duckdb"), base_url=served.replay.base_url,
                     requests_per_second=2)
    pid = forked_pid(served, run_id)
    cancel_once_running(served, run_id)
    [run] = wait_final(served, [run_id], timeout=RUN_TIMEOUT)
    assert run.state_name == "Cancelled", (run.state_name, run.state.message)
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{pid}").exists()
