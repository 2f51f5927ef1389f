"""`make chaos`: the fault campaign of issue 9, bounded in time and on loopback only.

1. Clean reference: `send-monitor run` on round 1 of the replay, then on round 2 (re-check 0),
   through the proxy with no faults.
2. Faults: the same two runs into a fresh warehouse with the proxy injecting faults at
   `--fault-rate` (429 with and without Retry-After, 5xx, hangs, trickles, truncations with and
   without Content-Length, resets). Measured: pages stored (of the clean run's), duplicate
   versions, lost raw bodies.
3. Kills: `--kills` times, a run (alternately round 1 into an empty warehouse and round 2 into a
   copy of the clean round-1 warehouse) is started and `kill -9`ed after a random delay while it
   fetches; the warehouse is checked against `chaos.invariants`, the run is repeated to completion
   and the warehouse compared with the clean reference of the same round.

The code under test is frozen at the start (`--code head`, the default: `git archive HEAD`; or
`--code worktree`: the working tree as it is), so edits made while the campaign runs cannot make a
rerun parse differently from the clean run it is compared with.

Every run is a real `send-monitor run` subprocess against a private Prefect server (started
once, so a run costs seconds rather than an ephemeral server's start-up), with real HTTP over
loopback, real DuckDB files in a temporary folder and real signals.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from chaos import invariants
from chaos.proxy import FAULT_KINDS, FaultProxy
from replay.server import ReplayServer

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RUN_TIMEOUT = 240.0
PACKAGES = ("flows", "parsers", "differ", "scoring", "warehouse", "deployments", "send_monitor", "replay",
            "send-monitor.toml")


@dataclass
class RunResult:
    returncode: int | None
    seconds: float
    active_seconds: float | None  # from the run's first request to its end
    output: str
    killed: bool = False


@dataclass
class Campaign:
    """The moving parts: a work folder, a Prefect server, two replay rounds and the proxy."""

    workdir: Path
    config: Path
    env: dict[str, str]
    replays: dict[int, ReplayServer]
    proxy: FaultProxy
    prefect: subprocess.Popen | None = None
    deadline: float = 0.0
    log: list[str] = field(default_factory=list)

    def say(self, text: str) -> None:
        print(text, flush=True)
        self.log.append(text)


# Set-up

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_config(path: Path, *, requests_per_second: float, read_timeout: float, code: Path = REPO) -> Path:
    """The repository's config with a fast request rate and a short read timeout (hangs cost seconds)."""
    text = (code / "send-monitor.toml").read_text(encoding="utf-8")
    for key, value in (("requests_per_second", requests_per_second), ("read_timeout", read_timeout),
                       ("connect_timeout", 2.0), ("webhook_url", '""'), ("run_lock_wait_seconds", 60.0)):
        text, n = re.subn(rf"(?m)^{key}\s*=\s*[^#\n]*", f"{key} = {value}", text)
        if n != 1:
            raise RuntimeError(f"send-monitor.toml has no single `{key}` line to override")
    path.write_text(text, encoding="utf-8")
    return path


def freeze_code(dest: Path, mode: str) -> str:
    """A private copy of the code under test in `dest`; returns what it is (a commit, or the tree)."""
    dest.mkdir(parents=True, exist_ok=True)
    git = ["git", "-C", str(REPO)]
    if mode == "head":
        commit = subprocess.run(git + ["rev-parse", "--short", "HEAD"], check=True, capture_output=True,
                                text=True).stdout.strip()
        archive = subprocess.run(git + ["archive", "--format=tar", "HEAD"], check=True, capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(dest, filter="data")
        return f"commit {commit}"
    listed = subprocess.run(git + ["ls-files", "-co", "--exclude-standard", "-z"], capture_output=True)
    names = [n for n in listed.stdout.decode().split("\0") if n] if listed.returncode == 0 else []
    if not names:  # not a git checkout: the packages and the snapshot
        names = [str(p.relative_to(REPO)) for top in PACKAGES for p in (REPO / top).rglob("*") if p.is_file()]
    for name in names:
        src = REPO / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return "the working tree"


def run_env(home: Path, api_url: str | None, code: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEND_MONITOR_", "PREFECT_"))}
    if code is not None:
        env["PYTHONPATH"] = str(code)  # before the editable install's finder: the frozen copy is imported
    env.update({"PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
                "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90", "PREFECT_LOGGING_LEVEL": "WARNING",
                "PREFECT_CLI_PROMPT": "false", "PYTHONUNBUFFERED": "1"})
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


def start_prefect(home: Path, timeout: float = 150.0) -> tuple[subprocess.Popen, str]:
    """A private `prefect server start` on loopback (no UI, no services); returns it once healthy."""
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    log = home / "server.log"
    home.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        proc = subprocess.Popen([str(BIN / "prefect"), "--no-prompt", "server", "start", "--host", "127.0.0.1",
                                 "--port", str(port), "--analytics-off", "--no-services", "--no-ui"],
                                env=run_env(home, None), stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True, cwd=home)
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"prefect server exited ({proc.returncode}); see {log}")
        try:
            if requests.get(f"{api_url}/health", timeout=2).ok:
                return proc, api_url
        except requests.RequestException:
            pass
        time.sleep(0.3)
    stop_group(proc)
    raise RuntimeError(f"prefect server not healthy after {timeout:.0f} s; see {log}")


def stop_group(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """SIGTERM the process group we started (SIGKILL if it lingers)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=timeout)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=timeout)


# Runs

def start_run(c: Campaign, db: Path, *, recheck: float | None) -> subprocess.Popen:
    argv = [str(BIN / "send-monitor"), "run", "--config", str(c.config), "--db", str(db),
            "--base-url", c.proxy.base_url]
    if recheck is not None:
        argv += ["--recheck-after-days", str(recheck)]
    out = (db.parent / "run.log").open("ab")
    try:
        return subprocess.Popen(argv, env=c.env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, cwd=db.parent)
    finally:
        out.close()


def log_tail(db: Path, lines: int = 12) -> str:
    log = db.parent / "run.log"
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]) if log.exists() else ""


def run(c: Campaign, db: Path, *, round_number: int, recheck: float | None = None) -> RunResult:
    """One `send-monitor run` to completion through the proxy, upstream the given replay round."""
    c.proxy.set_upstream(c.replays[round_number].base_url)
    c.proxy.reset_counts()
    started = time.monotonic()
    proc = start_run(c, db, recheck=recheck)
    try:
        code = proc.wait(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        code = None
    ended = time.monotonic()
    first = c.proxy.first_request_at
    return RunResult(code, ended - started, None if first is None else ended - first, log_tail(db))


def kill_mid_run(c: Campaign, db: Path, *, round_number: int, recheck: float | None, delay: float) -> RunResult:
    """Start a run, and `kill -9` it `delay` seconds after its first request reaches the proxy."""
    c.proxy.set_upstream(c.replays[round_number].base_url)
    c.proxy.reset_counts()
    started = time.monotonic()
    proc = start_run(c, db, recheck=recheck)
    while c.proxy.first_request_at is None and proc.poll() is None and time.monotonic() - started < RUN_TIMEOUT:
        time.sleep(0.01)
    first = c.proxy.first_request_at or time.monotonic()
    while proc.poll() is None and time.monotonic() < first + delay:
        time.sleep(0.005)
    killed = proc.poll() is None
    if killed:
        os.killpg(proc.pid, signal.SIGKILL)  # the group we started: the run and anything it spawned
    code = proc.wait()
    return RunResult(code, time.monotonic() - started, time.monotonic() - first, log_tail(db), killed=killed)


def copy_warehouse(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)
    wal = src.with_name(src.name + ".wal")
    if wal.exists():
        shutil.copy2(wal, dst.with_name(dst.name + ".wal"))


# Phases

def clean_reference(c: Campaign) -> dict[str, Any]:
    c.proxy.rate = 0.0
    db = c.workdir / "clean" / "warehouse.duckdb"
    db.parent.mkdir(parents=True)
    r1 = run(c, db, round_number=1)
    if r1.returncode != 0:
        raise RuntimeError(f"the clean round-1 run failed ({r1.returncode}):\n{r1.output}")
    snap1 = c.workdir / "clean-round-1" / "warehouse.duckdb"
    copy_warehouse(db, snap1)
    r2 = run(c, db, round_number=2, recheck=0)
    if r2.returncode != 0:
        raise RuntimeError(f"the clean round-2 run failed ({r2.returncode}):\n{r2.output}")
    c.say(f"clean reference: round 1 {r1.seconds:.1f} s ({r1.active_seconds:.1f} s fetching), "
          f"round 2 {r2.seconds:.1f} s ({r2.active_seconds:.1f} s fetching)")
    problems = invariants.check(db) + invariants.check(snap1)
    if problems:
        c.say("the CLEAN warehouse breaks invariants: " + "; ".join(problems[:5]))
    return {"db": db, "round1_db": snap1, "sig": {1: invariants.signature(snap1), 2: invariants.signature(db)},
            "window": {1: r1.active_seconds or r1.seconds, 2: r2.active_seconds or r2.seconds}}


def fault_rounds(c: Campaign, clean: dict[str, Any], rate: float) -> dict[str, Any]:
    c.proxy.rate = rate
    db = c.workdir / "faults" / "warehouse.duckdb"
    db.parent.mkdir(parents=True)
    counts: dict[str, int] = dict.fromkeys(FAULT_KINDS, 0)
    requests_total = 0
    results = []
    for number, recheck in ((1, None), (2, 0)):
        result = run(c, db, round_number=number, recheck=recheck)
        results.append(result)
        requests_total += c.proxy.requests
        for kind, n in c.proxy.counts.items():
            counts[kind] += n
        c.say(f"faults round {number}: exit {result.returncode}, {result.seconds:.1f} s, "
              f"{c.proxy.requests} requests, {sum(c.proxy.counts.values())} faults")
        if result.returncode != 0:
            c.say("  " + result.output.replace("\n", "\n  "))
    c.proxy.rate = 0.0
    clean_sig = clean["sig"][2]
    expected = {row[0] for row in clean_sig["documents"] if row[7] is not None}
    conn = invariants.open_read_only(db)
    try:
        measured = invariants.measures(conn, expected)
        sig = invariants.signature_connection(conn)
        problems = invariants.check_connection(conn)
    finally:
        conn.close()
    want = {row[0]: row for row in clean_sig["documents"]}
    same_now = sum(1 for row in sig["documents"] if row[0] in want and row[7] == want[row[0]][7]
                   and row[3] == want[row[0]][3])
    return {"measures": measured, "counts": counts, "requests": requests_total, "problems": problems,
            "same_content": same_now, "exit_codes": [r.returncode for r in results]}


def kill_trials(c: Campaign, clean: dict[str, Any], n: int, *, rng: random.Random) -> list[dict[str, Any]]:
    c.proxy.rate = 0.0
    trials = []
    for i in range(n):
        if time.monotonic() > c.deadline:
            c.say(f"kill {i + 1}: skipped, the campaign's time budget is spent")
            continue
        number = 1 if i % 2 == 0 else 2
        recheck = None if number == 1 else 0
        db = c.workdir / "kills" / f"{i + 1:02d}" / "warehouse.duckdb"
        db.parent.mkdir(parents=True)
        if number == 2:
            copy_warehouse(clean["round1_db"], db)
        delay = rng.uniform(0.05, 0.75) * clean["window"][number]  # the window ends with export: aim at loading
        killed = kill_mid_run(c, db, round_number=number, recheck=recheck, delay=delay)
        problems = invariants.check(db) if db.exists() else []
        progress = kill_progress(db, clean, number)
        rerun = run(c, db, round_number=number, recheck=recheck)
        diffs = invariants.compare(invariants.signature(db), clean["sig"][number]) if rerun.returncode == 0 else \
            [f"rerun exited {rerun.returncode}: {rerun.output[-300:]}"]
        after = invariants.check(db)
        trial = {"trial": i + 1, "round": number, "delay": delay, "killed": killed.killed, "progress": progress,
                 "consistent": not problems, "problems": problems, "rerun_matches": not diffs and not after,
                 "diffs": diffs + [f"after rerun: {p}" for p in after]}
        trials.append(trial)
        c.say(f"kill {i + 1:2d}: round {number}, kill -9 at {delay:5.2f} s after the first request"
              f"{'' if killed.killed else ' (the run had already finished)'}, {progress} stored by then; "
              f"invariants {'ok' if not problems else 'BROKEN: ' + '; '.join(problems[:3])}; "
              f"rerun {'matches the clean run' if trial['rerun_matches'] else 'DIFFERS: ' + '; '.join(trial['diffs'][:3])}")
    return trials


def version_count(db: Path) -> int:
    if not db.exists():
        return 0
    conn = invariants.open_read_only(db)
    try:
        return conn.execute("SELECT count(*) FROM document_versions").fetchone()[0]
    finally:
        conn.close()


def kill_progress(db: Path, clean: dict[str, Any], number: int) -> str:
    """How far the killed run got: its new versions of the clean run's, e.g. `12/31 versions`."""
    base = 0 if number == 1 else sum(len(v) for v in clean["sig"][1]["versions"].values())
    want = sum(len(v) for v in clean["sig"][number]["versions"].values()) - base
    return f"{max(0, version_count(db) - base)}/{want} new versions"


# Report

def table(rows: list[tuple[str, str, str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    line = "+-" + "-+-".join("-" * w for w in widths) + "-+"
    out = [line]
    for j, row in enumerate(rows):
        out.append("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths)) + " |")
        if j == 0:
            out.append(line)
    out.append(line)
    return "\n".join(out)


def report(rate: float, n: int, *, faults: dict[str, Any], trials: list[dict[str, Any]]) -> tuple[str, bool]:
    m = faults["measures"]
    pct = 100.0 * m["stored"] / m["expected"] if m["expected"] else 0.0
    consistent = sum(t["consistent"] for t in trials)
    matching = sum(t["rerun_matches"] for t in trials)
    mid = sum(t["killed"] for t in trials)
    rows = [
        ("measure", "result", "target"),
        (f"pages stored after two runs ({rate:.0%} faults)", f"{pct:.0f}% ({m['stored']}/{m['expected']})", "100%"),
        ("duplicate versions", str(m["duplicate_versions"]), "0"),
        ("lost raw bodies", str(m["lost_raw_bodies"]), "0"),
        ("consistent warehouses", f"{consistent}/{n}", f"{n}/{n}"),
        ("reruns matching a clean run", f"{matching}/{n}", f"{n}/{n}"),
    ]
    met = (m["stored"] == m["expected"] and m["duplicate_versions"] == 0 and m["lost_raw_bodies"] == 0
           and consistent == n and matching == n)
    injected = ", ".join(f"{k} {v}" for k, v in faults["counts"].items())
    notes = [
        table(rows),
        f"faults injected over the two runs ({faults['requests']} requests): {injected}",
        f"pages whose current content and status equal the clean run's after two faulty runs: "
        f"{faults['same_content']}/{m['expected']}",
        f"faulty warehouse invariants: {'ok' if not faults['problems'] else '; '.join(faults['problems'][:5])}",
        f"kills that landed while the run was still going: {mid}/{len(trials)}"
        + (f" (of {n} planned)" if len(trials) != n else ""),
    ]
    return "\n".join(notes), met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chaos.campaign", description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=10, help="random kill -9s (default 10)")
    parser.add_argument("--fault-rate", type=float, default=0.2, help="share of requests that meet a fault (default 0.2)")
    parser.add_argument("--seed", type=int, default=None, help="seed for faults and kill delays (default: random, printed)")
    parser.add_argument("--requests-per-second", type=float, default=50.0, help="the runs' request rate (default 50)")
    parser.add_argument("--read-timeout", type=float, default=2.0, help="the runs' read timeout; hangs last 1.5x (default 2)")
    parser.add_argument("--budget-seconds", type=float, default=600.0, help="stop starting kill trials after this long")
    parser.add_argument("--code", choices=("head", "worktree"), default="head",
                        help="what to test: the last commit (default) or the working tree, copied at the start")
    parser.add_argument("--workdir", type=Path, default=None, help="keep everything here (default: a temp folder, removed)")
    args = parser.parse_args(argv)
    if not 0.0 <= args.fault_rate <= 1.0:
        parser.error("--fault-rate must be between 0 and 1")
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 10**6)
    began = time.monotonic()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="send-monitor-chaos-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"chaos campaign: seed {seed}, {args.fault_rate:.0%} faults, {args.kills} kills, "
          f"{args.requests_per_second:g} requests/s, work folder {workdir}", flush=True)
    code = workdir / "code"
    what = freeze_code(code, args.code)
    print(f"testing {what}, frozen in {code}", flush=True)
    replays = {n: ReplayServer(code / "replay" / "snapshot", round=n).start() for n in (1, 2)}
    proxy = FaultProxy(replays[1].base_url, rate=0.0, seed=seed, hang_seconds=1.5 * args.read_timeout,
                       trickle_seconds=min(1.0, args.read_timeout / 2)).start()
    prefect = None
    try:
        prefect, api_url = start_prefect(workdir / "prefect")
        print(f"private Prefect server up after {time.monotonic() - began:.0f} s", flush=True)
        config = write_config(workdir / "campaign.toml", requests_per_second=args.requests_per_second,
                              read_timeout=args.read_timeout, code=code)
        c = Campaign(workdir, config, run_env(workdir / "prefect", api_url, code), replays, proxy, prefect,
                     deadline=began + args.budget_seconds)
        clean = clean_reference(c)
        faults = fault_rounds(c, clean, args.fault_rate)
        trials = kill_trials(c, clean, args.kills, rng=random.Random(seed))
        text, met = report(args.fault_rate, args.kills, faults=faults, trials=trials)
        print()
        print(text)
        print(f"campaign took {time.monotonic() - began:.0f} s (seed {seed}); "
              f"{'all targets met' if met else 'TARGETS NOT MET'}", flush=True)
        return 0 if met else 1
    finally:
        if prefect is not None:
            stop_group(prefect)
        proxy.stop()
        for server in replays.values():
            server.stop()
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
