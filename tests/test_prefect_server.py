"""The scheduled service for real: `prefect server start`, the work pool, `prefect deploy`, a worker, the replay.

One server for the module (session fixture, built by the same `start_stack` that `send-monitor serve`
uses); monitor runs are triggered through the API and checked through the API, the UI and the warehouse.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from uuid import UUID

import duckdb
import pytest
import requests

from conftest import seed_prefect_home
from webhook_receiver import WebhookReceiver

from flows.reporting import CHANGES_KEY, COUNTS_KEY, WAREHOUSE_KEY, escape_markdown, govuk_url, warehouse_links
from send_monitor import service
from warehouse.export import EXPORTS, default_export_dir, sql_string
from warehouse.store import connect

pytestmark = pytest.mark.prefect_server

RUN_TIMEOUT = 150.0
# Fast polling for tests only: the worker asks for work every second, a queued run retries after 2 s.
TEST_ENV = {
    "PREFECT_WORKER_QUERY_SECONDS": "1",
    "PREFECT_SERVER_DEPLOYMENTS_CONCURRENCY_SLOT_WAIT_SECONDS": "2",
    "PREFECT_LOGGING_LEVEL": "INFO",
}


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """Server + pool + deployments + worker + replay (round 1) in a throw-away PREFECT_HOME."""
    home = seed_prefect_home(tmp_path_factory.mktemp("prefect-home"))  # its database already migrated
    started = time.monotonic()
    running = service.start_stack(service.free_port(), home=home, replay=True,
                                  replay_db=home / "replay.duckdb", extra_env=TEST_ENV, say=lambda _: None)
    running.startup_seconds = time.monotonic() - started  # type: ignore[attr-defined]
    try:
        yield running
    finally:
        service.stop_stack(running, say=lambda _: None)


@contextmanager
def client_for(stack):
    """A synchronous Prefect client pointed at the test server (and nowhere else)."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: stack.api_url}):
        with get_client(sync_client=True) as client:
            yield client


def trigger(stack, deployment: str, **parameters) -> UUID:
    with client_for(stack) as client:
        found = client.read_deployment_by_name(deployment)
        return client.create_flow_run_from_deployment(found.id, parameters=parameters).id


def wait_final(stack, flow_run_ids: list[UUID], timeout: float = RUN_TIMEOUT) -> list:
    """Poll until every flow run is in a final state; on timeout, fail with the worker's log."""
    deadline = time.monotonic() + timeout
    with client_for(stack) as client:
        while True:
            runs = [client.read_flow_run(i) for i in flow_run_ids]
            if all(r.state and r.state.is_final() for r in runs):
                return runs
            if time.monotonic() > deadline:
                log = Path(stack.logs["worker"]).read_text(errors="replace")[-4000:]
                pytest.fail(f"runs not finished after {timeout:.0f} s: "
                            f"{[(r.name, r.state_name) for r in runs]}\n--- worker log ---\n{log}")
            time.sleep(0.5)


def artifacts_of(stack, flow_run_id: UUID) -> dict[str, object]:
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with client_for(stack) as client:
        found = client.read_artifacts(artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))
    return {a.key: a for a in found if a.key}


def counts_from_table(artifact) -> dict[str, int]:
    return {row["measure"]: row["count"] for row in json.loads(artifact.data)}


def set_replay_round(stack, number: int) -> None:
    requests.post(f"{stack.replay_url}/_replay/round/{number}", timeout=5).raise_for_status()


def runs_rows(db: Path) -> list[dict]:
    with connect(db, read_only=True) as conn:
        cur = conn.execute("SELECT * FROM runs ORDER BY run_id")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]


def duplicate_versions(db: Path) -> list[tuple]:
    with connect(db, read_only=True) as conn:
        return conn.execute(
            "SELECT content_id, locale, content_hash, count(*) FROM document_versions"
            " GROUP BY ALL HAVING count(*) > 1"
        ).fetchall() + conn.execute(
            "SELECT content_id, locale, version_number, count(*) FROM document_versions"
            " GROUP BY ALL HAVING count(*) > 1"
        ).fetchall()


def test_stack_starts_quickly_with_pool_limit_deployments_and_a_ui(stack):
    # A sanity bound, not a benchmark: a 2-core machine busy with other work took just over 60 s.
    assert stack.startup_seconds < 150
    assert set(stack.pids) == {"server", "zygote", "worker", "replay"}
    monitor = service.read_deployment(stack.api_url, "monitor/monitor")
    schedules = sorted((s["slug"], s["schedule"]["cron"], s["schedule"]["timezone"], s["parameters"], s["active"])
                       for s in monitor["schedules"])
    assert schedules == [
        ("nightly-recheck", "0 3 * * *", "Europe/London", {"recheck_after_days": 1, "recheck_limit": 1000}, True),
        ("working-hours", "0 7-19 * * 1-5", "Europe/London", {}, True),
    ]
    assert monitor["global_concurrency_limit"]["limit"] == 1
    assert monitor["concurrency_options"]["collision_strategy"] == "ENQUEUE"
    assert monitor["work_pool_name"] == service.POOL
    assert monitor["pull_steps"] == [
        {"prefect.deployments.steps.set_working_directory": {"directory": str(service.REPO_ROOT)}}]
    assert monitor["parameters"] == {"base_url": stack.replay_url, "db": str(Path(stack.home) / "replay.duckdb")}
    for name in ("backfill/backfill", "reparse/reparse"):
        other = service.read_deployment(stack.api_url, name)
        assert (other["schedules"], other["global_concurrency_limit"]["limit"]) == ([], 1)
    pool = requests.get(f"{stack.api_url}/work_pools/{service.POOL}", timeout=5).json()
    assert (pool["type"], pool["concurrency_limit"]) == ("process", 1)
    limit = requests.get(f"{stack.api_url}/v2/concurrency_limits/{service.GOVUK_LIMIT}", timeout=5).json()
    assert limit["limit"] == service.GOVUK_LIMIT_SLOTS
    # The UI's JavaScript asks /ui-settings where the API is: it must be this server, not the default port.
    assert requests.get(stack.ui_url + "/ui-settings", timeout=10).json()["api_url"] == stack.api_url
    ui = requests.get(stack.ui_url + "/", headers={"Accept": "text/html"}, timeout=10)
    assert ui.status_code == 200 and "text/html" in ui.headers["content-type"]
    assert "<html" in ui.text.lower()


def test_monitor_deployment_runs_round_one_then_round_two_with_artifacts_and_warehouse(stack, tmp_path):
    db = tmp_path / "monitor.duckdb"
    with WebhookReceiver() as hook:
        params = dict(db=str(db), base_url=stack.replay_url, requests_per_second=50, webhook_url=hook.url)
        set_replay_round(stack, 1)
        first_id = trigger(stack, "monitor/monitor", **params)
        [first] = wait_final(stack, [first_id])
        assert first.state_name == "Completed", first.state.message
        assert hook.posts == []  # round 1 finds only new pages: nothing to alert about
        set_replay_round(stack, 2)
        second_id = trigger(stack, "monitor/monitor", **params, recheck_after_days=0)
        [second] = wait_final(stack, [second_id])
        assert second.state_name == "Completed", second.state.message
        posts = hook.posts
    # Named after scope, source and time; tagged so the UI can filter by source and profile.
    assert second.name.startswith("monitor-all-profiles-replay-")
    assert {"send-monitor", "source:replay", "profile:dfe-send-taxon", "profile:phrase-special-educational-needs"} <= set(second.tags)

    # The warehouse: everything from round 1, new versions and flagged changes from round 2.
    runs = runs_rows(db)
    assert [(r["status"], r["prefect_flow_run_id"]) for r in runs] == [
        ("completed", str(first_id)), ("completed", str(second_id))]
    with connect(db, read_only=True) as conn:
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        versions = conn.execute("SELECT count(*) FROM document_versions").fetchone()[0]
        flagged = conn.execute(
            "SELECT base_path, title, significance FROM flagged_changes WHERE run_id = ?", [runs[1]["run_id"]]).fetchall()
    assert documents > 25
    assert runs[0]["new_documents"] == documents - runs[1]["new_documents"]
    assert versions == documents + runs[1]["new_versions"]
    assert runs[1]["new_versions"] > 0 and len(flagged) == runs[1]["flagged_changes"] > 0
    assert any(sig == "major" for _, _, sig in flagged)
    assert duplicate_versions(db) == []

    # One alert for round 2's major changes, linking to the flow run in the UI.
    majors = sum(1 for *_, sig in flagged if sig == "major")
    assert len(posts) == 1
    alert = posts[0]["json"]
    assert alert["text"].startswith(f"SEND monitor: {majors} major change(s) on ")
    run_page = f"{stack.ui_url}/flow-runs/flow-run/{second_id}"
    assert alert["text"].endswith(run_page) and f"<{run_page}|Open the run in Prefect>" in json.dumps(alert)
    assert requests.get(run_page, headers={"Accept": "text/html"}, timeout=10).status_code == 200

    # The artifacts of each run, under stable keys, agreeing with the warehouse.
    for run, row in ((first_id, runs[0]), (second_id, runs[1])):
        found = artifacts_of(stack, run)
        # A first run shows its progress too (it may fetch a thousand pages); a routine run does not.
        progress = {"monitor-progress"} if run == first_id else set()
        assert set(found) == {CHANGES_KEY, COUNTS_KEY, WAREHOUSE_KEY} | progress
        if progress:
            assert found["monitor-progress"].data == 100.0
        counts = counts_from_table(found[COUNTS_KEY])
        assert (counts["discovered in search"], counts["fetched"], counts["new documents"], counts["new versions"],
                counts["flagged changes"], counts["errors"]) == (
            row["discovered"], row["fetched"], row["new_documents"], row["new_versions"], row["flagged_changes"],
            row["errors"])
        assert found[WAREHOUSE_KEY].data == f"[DuckDB warehouse {db.name}]({warehouse_links(db)[0]})"
    first_md = artifacts_of(stack, first_id)[CHANGES_KEY].data
    second_md = artifacts_of(stack, second_id)[CHANGES_KEY].data
    assert "No flagged changes in this run." in first_md
    assert f"{len(flagged)} flagged change(s)" in second_md
    for base_path, title, _ in flagged:
        assert f"## [{escape_markdown(title)}]({govuk_url(base_path)})" in second_md
    assert counts_from_table(artifacts_of(stack, second_id)[COUNTS_KEY])["major changes"] == sum(
        1 for *_, sig in flagged if sig == "major")

    # Parquet exports next to the warehouse, readable without its lock, as of the last run.
    exports = default_export_dir(db)
    assert sorted(p.name for p in exports.glob("*.parquet")) == sorted(f"{n}.parquet" for n in EXPORTS)
    exported = duckdb.sql(f"SELECT run_id, status FROM read_parquet({sql_string(str(exports / 'run_summary.parquet'))})")
    assert sorted(exported.fetchall()) == [(r["run_id"], "completed") for r in runs]


def test_overlapping_monitor_runs_queue_and_leave_no_duplicate_versions(stack, tmp_path):
    db = tmp_path / "overlap.duckdb"
    set_replay_round(stack, 1)
    params = dict(db=str(db), base_url=stack.replay_url, requests_per_second=50)
    ids = [trigger(stack, "monitor/monitor", **params), trigger(stack, "monitor/monitor", **params)]
    runs = wait_final(stack, ids)
    assert [r.state_name for r in runs] == ["Completed", "Completed"]
    earlier, later = sorted(runs, key=lambda r: r.start_time)
    assert earlier.end_time <= later.start_time  # one writer at a time: the second waited for the first
    rows = runs_rows(db)
    assert [r["status"] for r in rows] == ["completed", "completed"]
    assert rows[0]["new_documents"] > 25
    assert (rows[1]["new_documents"], rows[1]["new_versions"], rows[1]["errors"]) == (0, 0, 0)
    assert duplicate_versions(db) == []


def test_serve_and_stop_commands_start_and_stop_everything(tmp_path):
    """`send-monitor serve` leaves the service running and records it; `send-monitor stop` ends it all."""
    home = seed_prefect_home(tmp_path / "home")  # its database already migrated
    env = service.service_env(home, extra=TEST_ENV)
    port = service.free_port()
    cli = [str(Path(sys.executable).parent / "send-monitor")]
    served = subprocess.run(cli + ["serve", "--port", str(port)], env=env, capture_output=True, text=True, timeout=180)
    state_path = home / service.STATE_NAME
    try:
        assert served.returncode == 0, served.stdout + served.stderr
        assert f"Prefect UI: http://127.0.0.1:{port}" in served.stdout
        state = json.loads(state_path.read_text())
        assert set(state["pids"]) == {"server", "zygote", "worker"}
        assert requests.get(f"http://127.0.0.1:{port}/api/health", timeout=5).status_code == 200
        again = subprocess.run(cli + ["serve", "--port", str(port)], env=env, capture_output=True, text=True, timeout=60)
        assert again.returncode == 1 and "already running" in again.stdout
    finally:
        stopped = subprocess.run(cli + ["stop"], env=env, capture_output=True, text=True, timeout=60)
    assert stopped.returncode == 0, stopped.stderr
    assert all(f"{name} (pid" in stopped.stdout for name in ("worker", "zygote", "server"))
    assert not state_path.exists()
    assert all(not service._group_alive(pid) for pid in state["pids"].values())
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/api/health", timeout=5)


def test_serve_py_builds_the_same_deployments_as_prefect_yaml():
    """`python -m deployments.serve` (one process, no worker) serves exactly what prefect.yaml deploys."""
    from deployments.serve import runner_deployments

    built = {d.name: d for d in runner_deployments()}
    assert {name: d.entrypoint for name, d in built.items()} == {
        "monitor": "flows/monitor.py:monitor", "backfill": "flows/monitor.py:backfill",
        "reparse": "flows/reparse.py:reparse"}
    assert sorted((s.slug, s.schedule.cron, s.schedule.timezone, s.parameters) for s in built["monitor"].schedules) == [
        ("nightly-recheck", "0 3 * * *", "Europe/London", {"recheck_after_days": 1, "recheck_limit": 1000}),
        ("working-hours", "0 7-19 * * 1-5", "Europe/London", {}),
    ]
    assert all(d.concurrency_limit == 1 and d.concurrency_options.collision_strategy.value == "ENQUEUE"
               for d in built.values())
    assert built["backfill"].schedules == [] and built["reparse"].schedules == []


def test_govuk_rate_limit_is_shared_through_the_server_and_spaces_requests(stack):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.tasks import GOVUK_LIMIT, take_govuk_slot

    limit = requests.get(f"{stack.api_url}/v2/concurrency_limits/{GOVUK_LIMIT}", timeout=5).json()
    assert limit["slot_decay_per_second"] == float(service.GOVUK_LIMIT_SLOTS)
    from flows import tasks

    with temporary_settings(updates={PREFECT_API_URL: stack.api_url}):
        assert tasks.govuk_limit_exists() is True  # so live clients take a slot before each request
        started = time.monotonic()
        for _ in range(3 * service.GOVUK_LIMIT_SLOTS):
            take_govuk_slot()
        elapsed = time.monotonic() - started
    # 15 slots at 5 a second: the first 5 are free, the next 10 wait for slots to decay (~2 s).
    assert elapsed >= 1.5, elapsed


def test_pages_fetched_at_once_each_take_a_slot_of_the_shared_govuk_limit(stack):
    # Under `serve`, live runs take a slot of the server's GOV.UK limit before each request, from
    # whichever fetch thread sends it.
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.tasks import take_govuk_slot
    from govuk.client import ContentRequest, FetchResult, GovukClient
    from replay.server import ReplayServer
    from replay_helpers import INSPECTION, MINI_SNAPSHOT, PLACES, STATEMENT

    with ReplayServer(MINI_SNAPSHOT) as server, temporary_settings(updates={PREFECT_API_URL: stack.api_url}):
        client = GovukClient(server.base_url, requests_per_second=1000.0, before_request=take_govuk_slot)
        pages = [ContentRequest(p) for p in (PLACES, STATEMENT, INSPECTION) * 5]
        started = time.monotonic()
        results = client.fetch_each(pages, workers=4)
        elapsed = time.monotonic() - started
    assert [r.outcome for r in results if isinstance(r, FetchResult)] == ["ok"] * 15
    # 15 slots at 5 a second, 4 requests at a time: at most the first 5 are free, the rest wait (slots
    # an earlier test took only make it longer).
    assert elapsed >= 1.5, elapsed


def zygote_forked(stack, flow_run_id, timeout: float = 60.0) -> int:
    """The pid of the process the zygote forked for this run, from the line it writes to the worker's log."""
    pattern = re.compile(rf"flow run {flow_run_id}: process (\d+) forked by zygote (\d+)")
    deadline = time.monotonic() + timeout
    while not (found := pattern.search(Path(stack.logs["worker"]).read_text(errors="replace"))):
        assert time.monotonic() < deadline, Path(stack.logs["worker"]).read_text(errors="replace")[-3000:]
        time.sleep(0.1)
    assert int(found.group(2)) == stack.pids["zygote"]
    return int(found.group(1))


def gone(pid: int, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not Path(f"/proc/{pid}").exists()


def test_pool_runs_are_forked_by_the_zygote_and_report_their_cpu(stack, tmp_path):
    pool = requests.get(f"{stack.api_url}/work_pools/{service.POOL}", timeout=5).json()
    command = pool["base_job_template"]["variables"]["properties"]["command"]["default"]
    assert command == service.launch_command(Path(stack.home) / "zygote.sock")
    run_id = trigger(stack, "monitor/monitor", db=str(tmp_path / "w.duckdb"), base_url=stack.replay_url,
                     requests_per_second=200)
    pid = zygote_forked(stack, run_id)
    [run] = wait_final(stack, [run_id])
    assert run.state_name == "Completed", run.state.message
    assert gone(pid)
    ended = re.findall(rf"flow run process {pid} ended {{'exit': 0}}, ([\d.]+) s CPU",
                       Path(stack.logs["zygote"]).read_text())
    assert len(ended) == 1 and float(ended[0]) > 0
    assert (tmp_path / "w.duckdb").is_file()


def test_a_killed_zygote_run_ends_crashed_with_its_signal(stack, tmp_path):
    set_replay_round(stack, 1)
    run_id = trigger(stack, "monitor/monitor", db=str(tmp_path / "w.duckdb"), base_url=stack.replay_url,
                     requests_per_second=2)  # slow fetching keeps the run going while it is killed
    pid = zygote_forked(stack, run_id)
    time.sleep(1.0)
    os.kill(pid, signal.SIGKILL)
    [run] = wait_final(stack, [run_id])
    assert run.state_name == "Crashed", (run.state_name, run.state.message)
    assert "-9" in run.state.message  # the launcher exited as its run did


def cancel_once_running(stack, flow_run_id, timeout: float = 60.0) -> None:
    """Ask for the run's cancellation through the API, as the UI does, once it is Running."""
    from prefect.client.schemas.objects import StateType
    from prefect.states import State

    with client_for(stack) as client:
        deadline = time.monotonic() + timeout
        while client.read_flow_run(flow_run_id).state_name != "Running":
            assert time.monotonic() < deadline
            time.sleep(0.2)
        client.set_flow_run_state(flow_run_id, State(type=StateType.CANCELLING), force=True)


def test_a_cancelled_zygote_run_gets_the_workers_sigterm_and_ends_cancelled(stack, tmp_path):
    run_id = trigger(stack, "monitor/monitor", db=str(tmp_path / "w.duckdb"), base_url=stack.replay_url,
                     requests_per_second=2)
    pid = zygote_forked(stack, run_id)
    cancel_once_running(stack, run_id)
    [run] = wait_final(stack, [run_id])
    assert run.state_name == "Cancelled", (run.state_name, run.state.message)
    assert gone(pid)


def test_a_run_whose_launcher_is_killed_is_killed_too(stack, tmp_path):
    """The worker's hard kill reaches only the launcher: the zygote sees it go and ends the forked run."""
    run_id = trigger(stack, "monitor/monitor", db=str(tmp_path / "w.duckdb"), base_url=stack.replay_url,
                     requests_per_second=2)
    pid = zygote_forked(stack, run_id)
    launcher = next(p for p in Path("/proc").iterdir() if p.name.isdigit() and _is_launcher_of(p, run_id))
    os.kill(int(launcher.name), signal.SIGKILL)
    assert gone(pid)
    [run] = wait_final(stack, [run_id])
    assert run.state_name == "Crashed", (run.state_name, run.state.message)


def _is_launcher_of(proc: Path, flow_run_id) -> bool:
    try:
        cmdline = (proc / "cmdline").read_bytes()
        environ = (proc / "environ").read_bytes()
    except OSError:
        return False
    return b"deployments/launch.py" in cmdline and f"PREFECT__FLOW_RUN_ID={flow_run_id}".encode() in environ


def test_serve_started_again_points_an_existing_pool_at_its_own_zygote(stack):
    """A pool left by an earlier serve keeps its name and limit; its runs' command becomes this serve's."""
    assert service.ensure_work_pool(stack.api_url, name="earlier-serve-pool", command="old launch") is True
    assert service.ensure_work_pool(stack.api_url, name="earlier-serve-pool", command="new launch") is False
    pool = requests.get(f"{stack.api_url}/work_pools/earlier-serve-pool", timeout=5).json()
    assert pool["base_job_template"]["variables"]["properties"]["command"]["default"] == "new launch"
    assert pool["concurrency_limit"] == 1
