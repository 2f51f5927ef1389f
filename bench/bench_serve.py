"""Flow-run process CPU of scheduled runs, under serve.py's Runner and under `send-monitor serve`'s worker.

Run: .venv/bin/python bench/bench_serve.py [--mode all|both|forkserver|spawn|worker|worker-spawn] [--size N]
[--same 2] [--json FILE]. Starts a loopback replay (the bundled snapshot, or with --size a corpus of
bench/corpus.py), then for each mode a fresh warehouse and the server-side set-up of that mode: for
"forkserver" and "spawn" one `prefect server start` and `python -m deployments.serve` (with or without
--spawn); for "worker" and "worker-spawn" the stack of `send-monitor serve` (service.start_stack: server,
pool, deployments, process worker), with its zygote or with Prefect's `python -m prefect.engine` per run.
The server runs the monitor deployment: a first run, then --same runs with nothing new. A run created from
the deployment is picked up exactly as a cron-fired one.

The flow-run process's CPU is read from outside: the user+system time its reapers collected when it
exited (/proc/<pid>/stat cutime+cstime): serve's and its forkserver's, or the worker's (the launcher, or
the engine process) and the zygote's (the run it forked), so it includes the process's own children.
Wall is the run's start to end as the Prefect server records it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.bench_run import BENCH_DIR, BenchError, BenchReplay, PrefectServer, bench_config, child_env  # noqa: E402
from bench.corpus import cached_corpus  # noqa: E402
from send_monitor.service import free_port  # noqa: E402

SNAPSHOT = REPO / "replay" / "snapshot"
TICK = os.sysconf("SC_CLK_TCK")
RUN_TIMEOUT = 900.0


@dataclass(frozen=True)
class Row:
    mode: str
    run: str
    started: str  # "forked" from the forkserver, or "spawned" (serve --spawn, or source changed since serve began)
    state: str
    cpu: float  # flow-run process (and its children), user + system seconds
    wall: float  # the run's start to end on the Prefect server
    trigger_to_exit: float  # from creating the run to its process being reaped (includes the Runner's poll)


def proc_stat(pid: int) -> list[str]:
    """Fields of /proc/<pid>/stat after the command name: state, ppid, ... (utime is [11])."""
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rfind(")") + 2:].split()


def reaped_cpu(pid: int) -> float:
    """User + system seconds of the children `pid` has waited for (cutime + cstime)."""
    fields = proc_stat(pid)
    return (int(fields[13]) + int(fields[14])) / TICK


def own_cpu(pid: int) -> float:
    fields = proc_stat(pid)
    return (int(fields[11]) + int(fields[12])) / TICK


def children(pid: int) -> dict[int, str]:
    """Children of `pid` not yet reaped (zombies too) and their command lines."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = proc_stat(int(stat.parent.name))
            if int(fields[1]) == pid:
                found[int(stat.parent.name)] = (stat.parent / "cmdline").read_text().replace("\0", " ")
        except (OSError, ValueError, IndexError):
            continue
    return found


class Served:
    """`python -m deployments.serve [--spawn]` in its own session, its output in a log file."""

    def __init__(self, mode: str, api: str, env: dict[str, str], log: Path, module: str = "deployments.serve") -> None:
        self.mode, self.api, self.log = mode, api, log
        argv = [sys.executable, "-m", module] + (["--spawn"] if mode == "spawn" else [])
        with log.open("wb") as out:
            self.proc = subprocess.Popen(argv, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        self.started = time.monotonic()
        self.wait_log("Serving " if module == "deployments.serve" else "being served", 240)
        self.ready_seconds = time.monotonic() - self.started
        forkservers = [pid for pid, cmd in children(self.proc.pid).items()
                       if "multiprocessing.forkserver import main" in cmd]
        if mode == "forkserver" and not forkservers:
            raise BenchError(f"serve started no forkserver; see {log}")
        self.forkserver = forkservers[0] if forkservers else None
        # A flow run forked by the forkserver is reaped there, one spawned by serve in serve.
        self.reapers = [self.proc.pid] + forkservers

    def wait_log(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.log.read_text(errors="replace"):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise BenchError(f"serve ({self.mode}) never printed {text!r}; see {self.log}")
            time.sleep(0.2)

    def flow_run_processes(self) -> dict[int, str]:
        """Flow-run processes not yet reaped: all the forkserver's children, serve's but multiprocessing's helpers."""
        found = children(self.forkserver) if self.forkserver else {}
        found |= {pid: cmd for pid, cmd in children(self.proc.pid).items()
                  if "resource_tracker" not in cmd and "multiprocessing.forkserver import main" not in cmd}
        return found

    def reaped_cpu(self) -> float:
        return sum(reaped_cpu(pid) for pid in self.reapers)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


class WorkerStack:
    """`send-monitor serve`'s stack (service.start_stack): server-side runs started by its process worker, forked by
    its zygote (mode "worker") or as Prefect's `python -m prefect.engine` (mode "worker-spawn")."""

    def __init__(self, mode: str, env: dict[str, str], home: Path) -> None:
        from send_monitor import service

        self.mode = mode
        self.started = time.monotonic()
        self.stack = service.start_stack(free_port(), home=home, fork_runs=mode == "worker",
                                         extra_env=env, say=lambda line: print(line, file=sys.stderr))
        self.ready_seconds = time.monotonic() - self.started
        self.api, self.log = self.stack.api_url, Path(self.stack.logs["worker"])
        # The worker reaps each launcher (or engine process); the zygote reaps the runs it forked.
        self.reapers = [self.stack.pids[name] for name in ("worker", "zygote") if name in self.stack.pids]
        self.forkserver = self.stack.pids.get("zygote")

    def flow_run_processes(self) -> dict[int, str]:
        found: dict[int, str] = {}
        for pid in self.reapers:
            found |= children(pid)
        return found

    def reaped_cpu(self) -> float:
        return sum(reaped_cpu(pid) for pid in self.reapers)

    def stop(self) -> None:
        from send_monitor import service

        service.stop_stack(self.stack, say=lambda _: None)


def api(method: str, url: str, **kwargs) -> dict:
    """One call to the Prefect API; a busy server answers 503 for a moment, so try again."""
    for attempt in range(6):
        response = requests.request(method, url, timeout=30, **kwargs)
        if response.status_code not in (502, 503, 504):
            break
        time.sleep(0.5 * (attempt + 1))
    response.raise_for_status()
    return response.json()


def measured_run(served: Served, label: str, parameters: dict) -> Row:
    deployment = api("GET", f"{served.api}/deployments/name/monitor/monitor")
    before = served.reaped_cpu()
    started = time.monotonic()
    run = api("POST", f"{served.api}/deployments/{deployment['id']}/create_flow_run", json={"parameters": parameters})
    deadline = started + RUN_TIMEOUT
    while True:
        run = api("GET", f"{served.api}/flow_runs/{run['id']}")
        if run["state"] and run["state"]["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
            break
        if time.monotonic() > deadline:
            raise BenchError(f"{served.mode} {label}: run not final after {RUN_TIMEOUT:.0f} s; see {served.log}")
        time.sleep(0.2)
    # The final state is set just before the process exits; its CPU is in cutime once its reaper waited for it.
    while served.flow_run_processes():
        if time.monotonic() > deadline:
            raise BenchError(f"{served.mode} {label}: the flow-run process did not exit; see {served.log}")
        time.sleep(0.05)
    exited = time.monotonic() - started
    cpu = served.reaped_cpu() - before
    wall = run["total_run_time"] if run.get("total_run_time") else float("nan")
    log = served.log.read_text(errors="replace")
    forked = f"Flow run {run['id']}: process" in log or f"flow run {run['id']}: process" in log
    row = Row(served.mode, label, "forked" if forked else "spawned", run["state"]["type"].title(), round(cpu, 2),
              round(wall, 2), round(exited, 2))
    print(f"{row.mode} {row.run}: {row.state}, {row.started}, flow-run process CPU {row.cpu:.2f} s, "
          f"wall {row.wall:.2f} s", file=sys.stderr)
    return row


def bench_mode(mode: str, api_url: str | None, replay: BenchReplay, config: Path | None, same: int, work: Path,
               module: str) -> tuple[list[Row], dict]:
    db = work / f"{mode}.duckdb"
    # Any run a cron schedule fires meanwhile goes to the replay and this warehouse too, never to GOV.UK.
    env = child_env(api_url) | {"SEND_MONITOR_BASE_URL": replay.base_url, "SEND_MONITOR_DB": str(db),
                                "PREFECT_LOGGING_LEVEL": "INFO", "PREFECT_RUNNER_POLL_FREQUENCY": "1"}
    parameters = {"db": str(db), "base_url": replay.base_url, "requests_per_second": 200}
    if config is not None:
        env["SEND_MONITOR_CONFIG"] = str(config)
        parameters["config"] = str(config)
    if mode.startswith("worker"):
        own = {k: v for k, v in env.items() if k.startswith("SEND_MONITOR_")}  # the stack sets Prefect's own
        served = WorkerStack(mode, own | {"PREFECT_WORKER_QUERY_SECONDS": "1"}, work / f"home-{mode}")
    else:
        served = Served(mode, api_url, env, work / f"serve-{mode}.log", module)
    try:
        extra = {"serve ready (s)": round(served.ready_seconds, 1)}
        if mode in ("forkserver", "worker"):
            extra["forkserver's own CPU, its imports (s)"] = round(own_cpu(served.forkserver), 2)
        rows = [measured_run(served, "first", parameters)]
        rows += [measured_run(served, "no change", parameters) for _ in range(same)]
    finally:
        served.stop()
    return rows, extra


def markdown(rows: list[Row]) -> str:
    lines = ["| serve | run | started | state | flow-run process CPU (s) | wall (s) | trigger to exit (s) |",
             "|---|---|---|---|---:|---:|---:|"]
    lines += [f"| {r.mode} | {r.run} | {r.started} | {r.state} | {r.cpu:.2f} | {r.wall:.2f} | {r.trigger_to_exit:.2f} |"
              for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("all", "both", "forkserver", "spawn", "worker", "worker-spawn"),
                        default="all", help="both: serve.py's two ways; worker, worker-spawn: send-monitor serve's "
                        "process worker with its zygote, and without (Prefect's own way); all: the four")
    parser.add_argument("--size", type=int, default=0,
                        help="pages of a bench/corpus.py corpus (default 0: the bundled snapshot)")
    parser.add_argument("--same", type=int, default=2, help="runs with nothing new after the first (default 2)")
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    parser.add_argument("--serve-module", default="deployments.serve",
                        help="serve with another module, e.g. a saved copy of an older serve.py (spawn mode only)")
    args = parser.parse_args(argv)
    modes = {"both": ["forkserver", "spawn"], "all": ["forkserver", "spawn", "worker", "worker-spawn"]}.get(
        args.mode, [args.mode])
    rows: list[Row] = []
    extras: dict[str, dict] = {}
    BENCH_DIR.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="serve-", dir=BENCH_DIR))
    try:
        snapshot = SNAPSHOT if not args.size else cached_corpus(BENCH_DIR / "corpora", args.size, seed=13)[0]
        with BenchReplay(snapshot, round=1) as replay:
            config = bench_config(work / "send-monitor.toml", size=args.size, base_url=replay.base_url) \
                if args.size else None
            for mode in modes:
                # serve.py modes share one server started here; the worker modes start send-monitor serve's own.
                with contextlib.ExitStack() as own:
                    api_url = None if mode.startswith("worker") else own.enter_context(PrefectServer(port=free_port())).api
                    found, extras[mode] = bench_mode(mode, api_url, replay, config, args.same, work, args.serve_module)
                rows += found
    except BenchError as exc:
        print(f"bench_serve: {exc}", file=sys.stderr)
        return 1
    print(markdown(rows))
    print()
    size = f"a {args.size}-page corpus" if args.size else "the bundled snapshot"
    print(f"Loopback replay of {size}, requests_per_second 200; CPU is the flow-run process's (and its children's) "
          "as its reapers collected it (cutime+cstime): serve's and its forkserver's, or the worker's and the zygote's.")
    for mode, extra in extras.items():
        print(f"{mode}: " + ", ".join(f"{k} {v}" for k, v in extra.items()))
    print(f"serve logs: {work}")
    if args.json:
        Path(args.json).write_text(json.dumps({"size": args.size, "rows": [asdict(r) for r in rows],
                                               "extra": extras}, indent=1) + "\n", encoding="utf-8")
    return 0 if all(r.state == "Completed" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
