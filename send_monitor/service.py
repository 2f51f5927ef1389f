"""`send-monitor serve` / `stop`: a local Prefect server + UI, work pool, deployments and worker on loopback.

Every process starts in its own session (process group): a worker started from a script ignores
SIGTERM otherwise (STACK-NOTES), and stopping the group also stops the flow runs it spawned.
Their ids and URLs go to `$PREFECT_HOME/send-monitor-service.json`, which `stop()` reads.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping
from urllib.parse import quote

import requests

from foundation.errors import SendMonitorError
from foundation.settings import GOVUK_LIMIT, GOVUK_LIMIT_SLOTS, PREFECT_DEFAULTS, REPO_ROOT, ZYGOTE_SOCKET_MAX

POOL = "send-monitor-pool"
PREFECT_FILE = REPO_ROOT / "deployments" / "prefect.yaml"
STATE_NAME = "send-monitor-service.json"
REPLAY_DB = REPO_ROOT / "data" / "replay.duckdb"
HOST = "127.0.0.1"
STARTUP_SECONDS = 120.0
DEPLOYMENTS = ("monitor/monitor", "backfill/backfill", "reparse/reparse")
BIN = Path(sys.executable).parent


class ServiceError(SendMonitorError):
    """The local Prefect service could not be started or reached."""


@dataclass
class Stack:
    """What `start_stack` started: process ids (each its own process group) and where to find things."""

    home: str
    api_url: str
    ui_url: str
    pids: dict[str, int] = field(default_factory=dict)
    logs: dict[str, str] = field(default_factory=dict)
    replay_url: str | None = None
    # Boot id and start time of each process: after a reboot or a crash a pid may belong to
    # someone else's process, which `stop` must never signal.
    identities: dict[str, str] = field(default_factory=dict)

    def remember(self, name: str, pid: int, log: str) -> None:
        self.pids[name], self.logs[name] = pid, log
        self.identities[name] = process_identity(pid) or ""

    def is_ours(self, name: str) -> bool:
        recorded = self.identities.get(name)
        return not recorded or process_identity(self.pids[name]) == recorded


def process_identity(pid: int) -> str | None:
    """"<boot id>:<start time>" of a running process (Linux /proc), or None when unknown or gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2:].split()
    return f"{boot}:{fields[19]}" if len(fields) > 19 else None


def prefect_home() -> Path:
    """PREFECT_HOME from the environment (the CLI defaults it to the repo's .prefect/)."""
    return Path(os.environ.get("PREFECT_HOME") or REPO_ROOT / ".prefect").expanduser().resolve()


def state_file(home: Path | None = None) -> Path:
    return (home or prefect_home()) / STATE_NAME


def service_env(home: Path, api_url: str | None = None, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for every service process: private home, no telemetry, generous start-up timeout."""
    env = dict(os.environ)
    env.update({
        **PREFECT_DEFAULTS,
        "PREFECT_HOME": str(home),
        "PREFECT_LOGGING_LEVEL": "INFO",  # flow-run logs reach the UI at INFO
        "PREFECT_CLI_PROMPT": "false",
        "PYTHONUNBUFFERED": "1",
    })
    env.pop("PREFECT_API_KEY", None)
    if api_url:
        env["PREFECT_API_URL"] = api_url
    else:
        env.pop("PREFECT_API_URL", None)
    env.update(extra or {})
    return env


def free_port(host: str = HOST) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def port_in_use(port: int, host: str = HOST) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def start_process(argv: list[str], env: Mapping[str, str], log: Path, *, cwd: Path = REPO_ROOT) -> subprocess.Popen:
    """Start a long-running process in its own session, output appended to `log`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        return subprocess.Popen(argv, cwd=cwd, env=dict(env), stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)


def wait_for(check: Callable[[], bool], what: str, timeout: float, *, proc: subprocess.Popen | None = None,
             log: Path | None = None) -> None:
    """Poll `check` until it is true; fail early if `proc` exits, with the end of its log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise ServiceError(f"{what}: the process exited with code {proc.returncode}{_log_tail(log)}")
        try:
            if check():
                return
        except requests.RequestException:
            pass
        time.sleep(0.25)
    raise ServiceError(f"{what}: not ready after {timeout:.0f} s{_log_tail(log)}")


def _log_tail(log: Path | None, lines: int = 15) -> str:
    if not log or not log.exists():
        return ""
    tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    return f"\n--- last lines of {log} ---\n" + "\n".join(tail)


def api_healthy(api_url: str) -> bool:
    response = requests.get(f"{api_url}/health", timeout=2)
    return response.status_code == 200


def start_server(port: int, home: Path, env: Mapping[str, str]) -> tuple[subprocess.Popen, str, Path]:
    """`prefect server start` on loopback; returns the process, the API URL and the log, once healthy."""
    if port_in_use(port):
        raise ServiceError(f"port {port} on {HOST} is already in use: pick another with --port")
    api_url = f"http://{HOST}:{port}/api"
    log = home / "logs" / "server.log"
    # The UI is told where its API is; without this it assumes port 4200 whatever --port says.
    env = {**env, "PREFECT_UI_API_URL": api_url}
    proc = start_process([str(BIN / "prefect"), "--no-prompt", "server", "start", "--host", HOST,
                          "--port", str(port), "--analytics-off"], env, log)
    try:
        wait_for(lambda: api_healthy(api_url), "Prefect server", STARTUP_SECONDS, proc=proc, log=log)
    except ServiceError:
        stop_group(proc.pid)
        raise
    return proc, api_url, log


def _api(method: str, api_url: str, path: str, *, attempts: int = 5, **kwargs: Any) -> requests.Response:
    """One Prefect API call; a freshly started server answers 503 while busy, so wait and retry."""
    for attempt in range(attempts):
        try:
            response = requests.request(method, f"{api_url}{path}", timeout=30, **kwargs)
        except requests.ConnectionError:
            if attempt == attempts - 1:
                raise
        else:
            if response.status_code not in (502, 503, 504) or attempt == attempts - 1:
                return response
        time.sleep(1.0 + attempt)
    raise AssertionError("unreachable")


def pool_job_template(command: str | None = None) -> dict[str, Any]:
    """The process worker's base job template, with `command` (when given) as every flow run's default command."""
    from prefect.workers.process import ProcessWorker

    template = ProcessWorker.get_default_base_job_template()
    if command is not None:
        template["variables"]["properties"]["command"]["default"] = command
    return template


def ensure_work_pool(api_url: str, name: str = POOL, concurrency_limit: int | None = 1,
                     command: str | None = None) -> bool:
    """Create the process work pool if it is missing (else set its job template); True when created.

    A pool-wide limit of 1 keeps monitor, backfill and reparse from writing the warehouse at once.
    """
    template = pool_job_template(command)
    response = _api("POST", api_url, "/work_pools/", json={
        "name": name, "type": "process", "concurrency_limit": concurrency_limit,
        "base_job_template": template,
        "description": "send-monitor flows, run as local processes from the repository",
    })
    if response.status_code == 409:
        # A pool from an earlier serve: its runs' command must name this serve's zygote (or none).
        _api("PATCH", api_url, f"/work_pools/{quote(name, safe='')}",
             json={"base_job_template": template}).raise_for_status()
        return False
    response.raise_for_status()
    return True


def launch_command(socket: Path) -> str:
    """The flow-run command that asks the zygote listening on `socket` to fork the run (deployments/launch.py)."""
    return shlex.join([sys.executable, str(REPO_ROOT / "deployments" / "launch.py"), "--socket", str(socket)])


def zygote_socket(home: Path) -> Path | None:
    """Where serve's zygote listens for `home`, or None when that path is too long for a Unix socket."""
    path = home / "zygote.sock"
    return path if len(os.fsencode(str(path))) <= ZYGOTE_SOCKET_MAX else None


def start_zygote(home: Path, env: Mapping[str, str]) -> tuple[subprocess.Popen, Path, Path] | None:
    """`python -m deployments.zygote` listening in `home`; None when `home` is too long a path for its socket."""
    path = zygote_socket(home)
    if path is None:
        return None
    log = home / "logs" / "zygote.log"
    proc = start_process([sys.executable, "-m", "deployments.zygote", "--socket", str(path)], env, log)
    return proc, path, log


def zygote_listening(path: Path) -> bool:
    """True once the zygote accepts connections (it listens only after its imports)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


def ensure_global_limit(api_url: str, name: str = GOVUK_LIMIT, limit: int = GOVUK_LIMIT_SLOTS) -> bool:
    """Create the GOV.UK rate limit if it is missing (slots free up at `limit` a second); True when created."""
    # With slot decay a global concurrency limit is a rate limit shared by every run and worker.
    response = _api("POST", api_url, "/v2/concurrency_limits/",
                    json={"name": name, "limit": limit, "slot_decay_per_second": float(limit)})
    if response.status_code == 409:
        return False
    response.raise_for_status()
    return True


def deploy_all(env: Mapping[str, str], prefect_file: Path = PREFECT_FILE) -> str:
    """`prefect --no-prompt deploy --all` from the repository root; returns its output."""
    done = subprocess.run(
        [str(BIN / "prefect"), "--no-prompt", "deploy", "--all", "--prefect-file", str(prefect_file)],
        cwd=REPO_ROOT, env=dict(env), capture_output=True, text=True, timeout=300,
    )
    if done.returncode != 0:
        raise ServiceError(f"prefect deploy failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def read_deployment(api_url: str, name: str) -> dict[str, Any]:
    """A deployment by `flow/deployment` name, as the API returns it."""
    flow_name, deployment_name = name.split("/", 1)
    response = _api("GET", api_url, f"/deployments/name/{quote(flow_name, safe='')}/{quote(deployment_name, safe='')}")
    response.raise_for_status()
    return response.json()


def set_deployment_parameters(api_url: str, name: str, overrides: Mapping[str, Any]) -> None:
    """Merge `overrides` into a deployment's default parameters (e.g. base_url of a replay server)."""
    deployment = read_deployment(api_url, name)
    parameters = {**(deployment.get("parameters") or {}), **overrides}
    response = _api("PATCH", api_url, f"/deployments/{deployment['id']}", json={"parameters": parameters})
    response.raise_for_status()


def start_worker(home: Path, env: Mapping[str, str], pool: str = POOL) -> tuple[subprocess.Popen, Path]:
    log = home / "logs" / "worker.log"
    proc = start_process([str(BIN / "prefect"), "--no-prompt", "worker", "start", "--pool", pool,
                          "--type", "process", "--name", "send-monitor-worker"], env, log)
    return proc, log


def worker_online(api_url: str, pool: str = POOL) -> bool:
    response = _api("POST", api_url, f"/work_pools/{quote(pool, safe='')}/workers/filter", json={})
    response.raise_for_status()
    return any(w.get("status") == "ONLINE" for w in response.json())


def start_replay(home: Path, env: Mapping[str, str], round_number: int = 1) -> tuple[subprocess.Popen, str]:
    """`python -m replay` on a free loopback port; returns the process and its base URL once it answers."""
    port = free_port()
    url = f"http://{HOST}:{port}"
    log = home / "logs" / "replay.log"
    proc = start_process([sys.executable, "-m", "replay", "--port", str(port), "--round", str(round_number)], env, log)
    wait_for(lambda: requests.get(f"{url}/_replay/health", timeout=2).ok, "replay server", 30, proc=proc, log=log)
    return proc, url


def recorded_stack(home: Path | None = None) -> Stack | None:
    """What the state file says `serve` started, or None when there is no (readable) state file."""
    try:
        return Stack(**json.loads(state_file(home).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def _answers(url: str, timeout: float) -> bool:
    """True when `url` answers 200 within `timeout` seconds in all."""
    started = time.monotonic()
    try:
        ok = requests.get(url, timeout=timeout).status_code == 200
    except requests.RequestException:
        return False
    return ok and time.monotonic() - started <= timeout


def running_api_url(home: Path | None = None, *, timeout: float = 0.5) -> str | None:
    """The API URL of the Prefect server `serve` started, if it answers its health check within `timeout`."""
    stack = recorded_stack(home)
    if stack is None or not stack.api_url:
        return None
    return stack.api_url if _answers(f"{stack.api_url}/health", timeout) else None


def running_replay_url(home: Path | None = None, *, timeout: float = 2.0) -> str | None:
    """The base URL of the replay `serve --replay` started, if it answers."""
    stack = recorded_stack(home)
    if stack is None or not stack.replay_url:
        return None
    return stack.replay_url if _answers(f"{stack.replay_url}/_replay/health", timeout) else None


def stop_group(pid: int, timeout: float = 10.0) -> str:
    """SIGTERM the process group led by `pid`, SIGKILL it after `timeout`; say what happened."""
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return "already stopped"
    except PermissionError:
        return "not ours (permission denied), left alone"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _reap(pid)
        if not _group_alive(pid):
            return "stopped"
        time.sleep(0.1)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        return "stopped"
    _reap(pid)
    return f"killed (did not stop within {timeout:.0f} s)"


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)  # our own child: collect it so it does not linger as a zombie
    except ChildProcessError:
        pass


def _group_alive(pgid: int) -> bool:
    """True while any process of the group is running (zombies waiting for a reaper do not count)."""
    proc = Path("/proc")
    if proc.is_dir():
        for stat in proc.glob("[0-9]*/stat"):
            try:
                text = stat.read_text()
            except OSError:
                continue
            fields = text[text.rfind(")") + 2:].split()  # state, ppid, pgrp, ...
            if len(fields) > 2 and int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
                return True
        return False
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start_stack(port: int, *, home: Path, replay: bool = False, replay_round: int = 1,
                replay_db: Path = REPLAY_DB, extra_env: Mapping[str, str] | None = None,
                pool_limit: int | None = 1, fork_runs: bool = True, say: Callable[[str], None] = print) -> Stack:
    """Server, zygote, pool, global limit, deployments, worker (and a replay server); stops what it started on failure.

    With `fork_runs` off the worker starts each run as Prefect does, `python -m prefect.engine`.
    """
    home.mkdir(parents=True, exist_ok=True)
    base_env = service_env(home, extra=extra_env)
    stack = Stack(home=str(home), api_url="", ui_url=f"http://{HOST}:{port}")
    try:
        say(f"Starting the Prefect server on {stack.ui_url} (PREFECT_HOME={home}) ...")
        server, stack.api_url, log = start_server(port, home, base_env)
        stack.remember("server", server.pid, str(log))
        env = service_env(home, stack.api_url, extra_env)
        # The zygote imports Prefect and the flows while the rest starts; the pool's runs ask it to fork them.
        zygote = start_zygote(home, env) if fork_runs else None
        if zygote is not None:
            stack.remember("zygote", zygote[0].pid, str(zygote[2]))
        ensure_work_pool(stack.api_url, concurrency_limit=pool_limit,
                         command=launch_command(zygote[1]) if zygote else None)
        ensure_global_limit(stack.api_url)
        say("Deploying monitor, backfill and reparse from deployments/prefect.yaml ...")
        deploy_all(env)
        if replay:
            proc, stack.replay_url = start_replay(home, base_env, replay_round)
            stack.remember("replay", proc.pid, str(home / "logs" / "replay.log"))
            for name in ("monitor/monitor", "backfill/backfill"):
                set_deployment_parameters(stack.api_url, name, {"base_url": stack.replay_url, "db": str(replay_db)})
            say(f"Replay server (round {replay_round}) on {stack.replay_url}; deployments write {replay_db}")
        worker, log = start_worker(home, env)
        stack.remember("worker", worker.pid, str(log))
        wait_for(lambda: worker_online(stack.api_url), "Prefect worker", STARTUP_SECONDS, proc=worker, log=log)
        if zygote is not None:
            try:
                wait_for(lambda: zygote_listening(zygote[1]), "zygote", STARTUP_SECONDS, proc=zygote[0], log=zygote[2])
            except ServiceError as exc:  # runs still start, each as a fresh `python -m prefect.engine`
                say(f"Flow runs will start the slow way: {exc}")
    except BaseException:
        stop_stack(stack, say=lambda _: None)
        raise
    return stack


def stop_stack(stack: Stack, say: Callable[[str], None] = print) -> dict[str, str]:
    """Stop the worker first (it stops its flow runs), then the zygote, the replay server and the server."""
    outcome = {}
    for name in ("worker", "zygote", "replay", "server"):
        pid = stack.pids.get(name)
        if pid and not stack.is_ours(name):
            outcome[name] = "already gone (its pid now belongs to another process, left alone)"
        elif pid:
            outcome[name] = stop_group(pid)
            say(f"{name} (pid {pid}): {outcome[name]}")
    return outcome


def serve(port: int = 4200, replay: bool = False) -> int:
    """Start everything on loopback, record it in the state file, print the UI URL and return (0)."""
    home = prefect_home()
    path = state_file(home)
    if path.exists():
        running = Stack(**json.loads(path.read_text(encoding="utf-8")))
        if any(_group_alive(pid) and running.is_ours(name) for name, pid in running.pids.items()):
            print(f"send-monitor service is already running: {running.ui_url} (stop it with `send-monitor stop`)")
            return 1
        path.unlink()
    try:
        stack = start_stack(port, home=home, replay=replay)
    except (ServiceError, requests.RequestException, subprocess.SubprocessError) as exc:
        print(f"send-monitor serve: {exc}", file=sys.stderr)
        return 1
    path.write_text(json.dumps(asdict(stack), indent=2), encoding="utf-8")
    print(f"\nPrefect UI: {stack.ui_url}   (API {stack.api_url})")
    print(f"Deployments: {', '.join(DEPLOYMENTS)} on work pool {POOL}; a worker is running.")
    print(f"Run now: PREFECT_API_URL={stack.api_url} {BIN / 'prefect'} deployment run monitor/monitor")
    if stack.replay_url:
        print(f"Replay on {stack.replay_url}, round 1: move it on with `send-monitor replay round 2`.")
    print(f"Logs in {home / 'logs'}; stop everything with `send-monitor stop`.")
    return 0


def stop() -> int:
    """Stop what `serve` started (by process group id) and remove the state file."""
    path = state_file()
    if not path.exists():
        print(f"Nothing to stop: no {path}.")
        return 0
    stack = Stack(**json.loads(path.read_text(encoding="utf-8")))
    stop_stack(stack)
    path.unlink()
    print("send-monitor service stopped.")
    return 0
