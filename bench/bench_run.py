"""End-to-end benchmark: the real `send-monitor run` CLI against a loopback replay of a scaled corpus.

Run: .venv/bin/python bench/bench_run.py [--sizes 1000,3000,10000] [--rounds 1,1,2] [--peer urlwatch]
[--rate 200] [--json FILE] [--keep]. For each size it generates (or reuses, under .bench/) the corpus of
bench/corpus.py, serves it with replay.server.ReplayServer and runs, each in a fresh child process
against one fresh warehouse: a first run (round 1), a run of the same round again (nothing
changed), the changed run (round 2), then `send-monitor reparse`. Each row gives wall time,
the child's CPU (user+sys) and peak RSS (os.wait4), the requests the replay served and, when the
run's JSON summary has one, its `stage_seconds`. Each run's counts are checked against the
corpus manifest. Measured on loopback: no network latency, and send-monitor's rate limit raised to
--rate requests a second (default 200, what issue 13 measures at; urlwatch has none).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.corpus import Manifest, cached_corpus  # noqa: E402
from foundation.settings import PREFECT_DEFAULTS  # noqa: E402
from replay.search import MAX_COUNT, SearchParamError, parse_search_params, run_search  # noqa: E402
from replay.server import ReplayHandler, ReplayServer  # noqa: E402

BENCH_DIR = REPO / ".bench"
SEND_MONITOR = REPO / ".venv" / "bin" / "send-monitor"
CONFIG = REPO / "send-monitor.toml"
URLWATCH_VERSION = "2.29"
URLWATCH_VENV = BENCH_DIR / "urlwatch-venv"
DEFAULT_SIZES = (1000, 3000, 10000)
PREFECT_PORT = 14237
DEFAULT_RATE = 200.0  # requests a second: issue 13's figure, so the rate limit is not what is measured
SEND_MONITOR_ENV = ("SEND_MONITOR_DB", "SEND_MONITOR_CONFIG", "SEND_MONITOR_BASE_URL",
                    "SEND_MONITOR_REQUESTS_PER_SECOND", "SEND_MONITOR_WEBHOOK_URL", "SEND_MONITOR_CONTACT")


class BenchError(Exception):
    """A problem the benchmark reports on one line."""


@dataclass(frozen=True)
class Measure:
    """One child process: wall, CPU and peak RSS, and what it printed."""

    wall: float
    cpu: float
    rss_mb: float  # wait4's ru_maxrss: the largest single process of the child's tree
    tree_rss_mb: float  # the most the child and its descendants held at once (sampled every 0.1 s)
    exit_code: int
    stdout: str
    stderr: str


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", "rb") as children:
            return [int(c) for c in children.read().split()]
    except (OSError, ValueError):
        return []


def _descendants(pid: int) -> list[int]:
    found, stack = [], _children(pid)
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(_children(current))
    return found


def _tree_rss(pid: int, *, include_root: bool = True) -> int:
    """Resident bytes of pid's descendants (and pid) now, from /proc (0 where /proc is not there)."""
    total = 0
    for current in ([pid] if include_root else []) + _descendants(pid):
        try:
            with open(f"/proc/{current}/statm", "rb") as statm:
                total += int(statm.read().split()[1]) * _PAGE
        except (OSError, ValueError, IndexError):
            continue
    return total


@dataclass
class Row:
    """One line of the table."""

    tool: str
    size: int
    run: str
    round: int | None
    wall: float
    cpu: float
    rss_mb: float
    tree_rss_mb: float
    requests: int
    search_requests: int
    content_requests: int
    replay_cpu: float
    summary: dict[str, Any] = field(default_factory=dict)
    stage_seconds: dict[str, float] | None = None
    check: str = "ok"
    ratio_wall: float | None = None
    ratio_cpu: float | None = None


class _CachingHandler(ReplayHandler):
    """Answers each search's pages from one full walk per query and round.

    The replay scans every document per request; at 10k pages and 100 results a page that put
    seconds of replay CPU into every run. The answers are the same bytes run_search would give.
    """

    def _search(self, query: str, send_body: bool) -> None:
        pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
        try:
            answer = self.server.cached_search(pairs)
        except SearchParamError as err:
            self._send_json(422, {"error": str(err)}, send_body)
            return
        self._send_json(200, answer, send_body)


class BenchReplay(ReplayServer):
    """The replay with the search cache above; counts requests from its own request log."""

    def __init__(self, snapshot_dir: Path, round: int = 1) -> None:  # noqa: A002 - ReplayServer's name
        super().__init__(snapshot_dir, round=round)
        self.RequestHandlerClass = _CachingHandler
        self._search_cache: dict[tuple, list[dict]] = {}

    def set_round(self, n: int) -> None:
        super().set_round(n)
        self._search_cache = {}

    def cached_search(self, pairs: list[tuple[str, str]]) -> dict:
        parsed = parse_search_params(pairs)  # every 422 the replay would give, without a scan
        rest = [(name, value) for name, value in pairs if name not in ("start", "count")]
        key = (id(self.state), tuple(rest))
        cached = self._search_cache.get(key)
        if cached is None:
            results, offset = [], 0
            while True:
                page = run_search(self.state.search_docs, rest + [("start", str(offset)), ("count", str(MAX_COUNT))])
                results.extend(page["results"])
                offset += MAX_COUNT
                if offset >= page["total"]:
                    break
            self._search_cache[key] = cached = (results, page["total"])
        results, total = cached
        start, count = parsed["start"], parsed["count"]
        return {"results": results[start:start + count], "total": total, "start": start, "aggregates": {},
                "suggested_queries": []}

    def counts(self, since: int) -> tuple[int, int, int]:
        """Requests served since index `since`: all, searches, content items."""
        seen = self.requests_seen[since:]
        search = sum(1 for _, path, _ in seen if path.startswith("/api/search.json"))
        content = sum(1 for _, path, _ in seen if path.startswith("/api/content/"))
        return len(seen), search, content


def _check_search_cache(server: BenchReplay) -> None:
    """The cache must not change an answer: one profile-like query both ways, on two pages."""
    for start in ("0", "3"):
        pairs = [("q", '"special educational needs"'), ("order", "-public_timestamp"), ("start", start), ("count", "7")]
        if server.cached_search(pairs) != run_search(server.state.search_docs, pairs):
            raise BenchError("the bench's search cache answers differently from replay.search")


# Linux keeps a process's peak RSS across exec, so a child forked straight from this process (which
# holds the replay's whole corpus) would report our RSS as its own. The child is therefore forked
# by this small launcher, which reports the real child's rusage to the file named first.
_LAUNCHER = """
import json, os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    json.dump({"cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss}, out)
sys.exit(os.waitstatus_to_exitcode(status) & 0xFF)
"""


def measure(argv: list[str], *, env: dict[str, str], cwd: Path, timeout: float = 3600.0) -> Measure:
    """Run argv to completion; CPU and peak RSS come from wait4, so they are this child's own (and its children's)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(suffix=".json") as usage_file:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-I", "-S", "-c", _LAUNCHER, usage_file.name, *argv], stdout=out,
                                stderr=err, env=env, cwd=cwd, stdin=subprocess.DEVNULL)
        tree_peak = 0
        try:
            while proc.poll() is None:
                if time.perf_counter() > started + timeout:
                    raise BenchError(f"{Path(argv[0]).name} {argv[1]} ran past {timeout:.0f} s")
                tree_peak = max(tree_peak, _tree_rss(proc.pid, include_root=False))
                time.sleep(0.1)
        except BaseException:  # interrupted or too slow: leave no run behind
            _kill_tree(proc.pid)
            proc.wait()
            raise
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        try:
            usage = json.loads(Path(usage_file.name).read_text(encoding="utf-8"))
        except ValueError:
            usage = {"cpu": 0.0, "maxrss_kb": 0}
        return Measure(wall, usage["cpu"], usage["maxrss_kb"] / 1024, tree_peak / 2**20, proc.returncode,
                       out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def _kill_tree(pid: int) -> None:
    for child in _descendants(pid):
        try:
            os.kill(child, 9)
        except OSError:
            pass
    os.kill(pid, 9)


def bench_config(path: Path, *, size: int, base_url: str, rate: float = DEFAULT_RATE) -> Path:
    """send-monitor.toml aimed at the replay, its rate limit lifted for loopback and the first-run cap above the corpus."""
    text = CONFIG.read_text(encoding="utf-8")
    # base_url too, not only --base-url: reparse takes none, and 200/s is refused for live GOV.UK.
    replacements = {"base_url": json.dumps(base_url), "requests_per_second": repr(float(rate)),
                    "first_run_max_pages": str(size * 2 + 1000)}
    for key, value in replacements.items():
        text, found = re.subn(rf"(?m)^{key}\s*=\s*[^#\n]*", f"{key} = {value}  ", text)
        if not found:
            raise BenchError(f"{CONFIG} has no `{key}` line to override")
    path.write_text(text, encoding="utf-8")
    return path


def child_env(prefect_api: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SEND_MONITOR_ENV and not k.startswith("PREFECT_")}
    env.update(PREFECT_DEFAULTS)
    env["PREFECT_HOME"] = str(BENCH_DIR / "prefect-home")
    env["PREFECT_LOGGING_LEVEL"] = "WARNING"
    if prefect_api:
        env["PREFECT_API_URL"] = prefect_api
    return env


class PrefectServer:
    """One `prefect server start` for the whole benchmark, so each run pays no ephemeral-server start."""

    def __init__(self, port: int = PREFECT_PORT) -> None:
        self.port = port
        self.api = f"http://127.0.0.1:{port}/api"
        self.proc: subprocess.Popen | None = None
        self.log = None

    def __enter__(self) -> "PrefectServer":
        BENCH_DIR.mkdir(exist_ok=True)
        self.log = open(BENCH_DIR / "prefect-server.log", "wb")
        env = child_env(None)
        self.proc = subprocess.Popen([str(REPO / ".venv" / "bin" / "prefect"), "server", "start", "--host",
                                      "127.0.0.1", "--port", str(self.port)], stdout=self.log,
                                     stderr=subprocess.STDOUT, env=env, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"prefect server exited early; see {BENCH_DIR / 'prefect-server.log'}")
            try:
                with urllib.request.urlopen(f"{self.api}/health", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        self.__exit__()
        raise BenchError("prefect server did not answer within 180 s")

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, 15)  # its own session: the server and the workers it started
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
                self.proc.wait()
        if self.log:
            self.log.close()


def run_labels(rounds: list[int]) -> list[str]:
    """first, same (a round served again or one with no changes), changed."""
    labels = []
    for i, number in enumerate(rounds):
        if i == 0:
            labels.append("first")
        elif number == rounds[i - 1] or number == 3:
            labels.append("same")  # round 3 is round 2 unchanged
        else:
            labels.append("changed")
    return labels


def check(summary: dict[str, Any], manifest: Manifest, label: str) -> str:
    """Whether the run's counts are what the manifest says this run should find."""
    wanted = dict(manifest.expected["first" if label == "first" else "changed" if label == "changed" else "same"])
    note = ""
    if label == "changed" and summary.get("fetched") == wanted["fetched"] + wanted["withdrawn"]:
        # The withdrawn sweep was due this run, so the withdrawals were fetched too.
        wanted["fetched"] += wanted["withdrawn"]
        wanted["new_versions"] += wanted["withdrawn"]
        note = " (withdrawals swept)"
    elif label == "changed":
        note = " (withdrawn sweep not due)"
    wrong = [f"{k} {summary.get(k)} (want {v})" for k, v in wanted.items()
             if k in ("new_documents", "fetched", "new_versions") and summary.get(k) != v]
    if summary.get("errors"):
        wrong.append(f"errors {summary['errors']}")
    return "ok" + note if not wrong else "MISMATCH: " + ", ".join(wrong)


def _json_from(stdout: str) -> dict[str, Any]:
    start = stdout.find("{")
    if start < 0:
        raise ValueError("no JSON object in the output")
    return json.loads(stdout[start:])


def bench_send_monitor(size: int, corpus: Path, manifest: Manifest, rounds: list[int], *, work: Path,
                       prefect_api: str | None, reparse: bool = True, rate: float = DEFAULT_RATE) -> list[Row]:
    rows: list[Row] = []
    db = work / "warehouse.duckdb"
    env = child_env(prefect_api)
    with BenchReplay(corpus, round=rounds[0]) as server:
        config = bench_config(work / "send-monitor.toml", size=size, base_url=server.base_url, rate=rate)
        _check_search_cache(server)
        for number, label in zip(rounds, run_labels(rounds)):
            if server.round != number:
                server.set_round(number)  # loading a round is the replay's cost, outside the measure
            argv = [str(SEND_MONITOR), "run", "--db", str(db), "--config", str(config), "--base-url",
                    server.base_url, "--json"]
            rows.append(_measured_row("send-monitor", size, label, number, argv, env, server, manifest))
        if not reparse:
            return rows
        argv = [str(SEND_MONITOR), "reparse", "--db", str(db), "--config", str(config), "--json"]
        rows.append(_measured_row("send-monitor", size, "reparse", None, argv, env, server, manifest))
    return rows


def _measured_row(tool: str, size: int, label: str, number: int | None, argv: list[str], env: dict[str, str],
                  server: BenchReplay, manifest: Manifest) -> Row:
    before = len(server.requests_seen)
    cpu_before = time.process_time()
    result = measure(argv, env=env, cwd=REPO)
    replay_cpu = time.process_time() - cpu_before
    print(f"{tool} {size} {label}: {result.wall:.1f} s", file=sys.stderr)
    total, search, content = server.counts(before)
    if result.exit_code != 0:
        tail = " | ".join(result.stderr.strip().splitlines()[-3:])
        raise BenchError(f"{label} run ({size} pages) exited {result.exit_code}: {tail[-400:]}")
    try:
        summary = _json_from(result.stdout)
    except ValueError as exc:
        raise BenchError(f"{label} run ({size} pages) printed no JSON summary: {exc}") from exc
    verdict = check(summary, manifest, label) if label != "reparse" else (
        "ok" if not summary.get("errors") else f"errors {summary['errors']}")
    return Row(tool, size, label, number, result.wall, result.cpu, result.rss_mb, result.tree_rss_mb, total, search,
               content,
               replay_cpu, summary={k: v for k, v in summary.items() if isinstance(v, (int, float, str))},
               stage_seconds=summary.get("stage_seconds") if isinstance(summary.get("stage_seconds"), dict) else None,
               check=verdict)


def install_urlwatch() -> Path | None:
    """urlwatch in its own venv under .bench/ (pinned); None with a one-line reason printed when it cannot be."""
    binary = URLWATCH_VENV / "bin" / "urlwatch"
    if binary.is_file():
        return binary
    try:
        subprocess.run([sys.executable, "-m", "venv", str(URLWATCH_VENV)], check=True, capture_output=True,
                       timeout=300)
        subprocess.run([str(URLWATCH_VENV / "bin" / "pip"), "install", "-q", f"urlwatch=={URLWATCH_VERSION}"],
                       check=True, capture_output=True, timeout=900)
    except (subprocess.SubprocessError, OSError) as exc:
        print(f"urlwatch {URLWATCH_VERSION} could not be installed ({type(exc).__name__}); peer rows skipped",
              file=sys.stderr)
        shutil.rmtree(URLWATCH_VENV, ignore_errors=True)
        return None
    return binary if binary.is_file() else None


def urlwatch_files(work: Path, base_url: str, paths: list[str]) -> list[str]:
    """Jobs, config and hooks for urlwatch in `work`; returns the argument list pointing at them."""
    jobs = "---\n".join(f"name: {p}\nurl: {base_url}/api/content{p}\n" for p in paths)
    (work / "urls.yaml").write_text(jobs, encoding="utf-8")
    # Reports to stdout only, as text; everything else urlwatch can send stays off.
    config = {"display": {"new": True, "error": True, "unchanged": False},
              "report": {"text": {"line_length": 75, "details": True, "footer": True, "minimal": False,
                                  "separate": False},
                         "stdout": {"enabled": True, "color": False}}}
    (work / "urlwatch.yaml").write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
    (work / "hooks.py").write_text("", encoding="utf-8")
    return ["--urls", str(work / "urls.yaml"), "--config", str(work / "urlwatch.yaml"),
            "--cache", str(work / "cache.db"), "--hooks", str(work / "hooks.py")]


def bench_urlwatch(binary: Path, size: int, corpus: Path, rounds: list[int], *,
                   work: Path) -> list[Row]:
    rows: list[Row] = []
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    with BenchReplay(corpus, round=rounds[0]) as server:
        # The pages a URL list would hold: round 1's, fixed; urlwatch has no discovery.
        paths = sorted(p for p, item in server.state.items.items() if item.get("schema_name") != "taxon")
        args = urlwatch_files(work, server.base_url, paths)
        for number, label in zip(rounds, run_labels(rounds)):
            if server.round != number:
                server.set_round(number)
            before = len(server.requests_seen)
            cpu_before = time.process_time()
            result = measure([str(binary), *args], env=env, cwd=work)
            replay_cpu = time.process_time() - cpu_before
            print(f"urlwatch {size} {label}: {result.wall:.1f} s", file=sys.stderr)
            total, search, content = server.counts(before)
            # The report names each job twice (summary, then details): count distinct jobs.
            reported = set(re.findall(r"\b(NEW|CHANGED|ERROR): (\S+)", result.stdout))
            found = {kind.lower(): sum(1 for k, _ in reported if k == kind) for kind in ("NEW", "CHANGED", "ERROR")}
            verdict = "ok" if result.exit_code == 0 else f"exit {result.exit_code}"
            rows.append(Row("urlwatch", size, label, number, result.wall, result.cpu, result.rss_mb,
                            result.tree_rss_mb, total, search, content, replay_cpu,
                            summary={"new": found["new"], "changed": found["changed"], "errors": found["error"]},
                            check=verdict))
    return rows


def _ratios(rows: list[Row]) -> None:
    peers = {(r.size, r.run, r.round): r for r in rows if r.tool == "urlwatch"}
    for row in rows:
        peer = peers.get((row.size, row.run, row.round))
        if row.tool == "send-monitor" and peer and peer.wall and peer.cpu:
            row.ratio_wall = row.wall / peer.wall
            row.ratio_cpu = row.cpu / peer.cpu


def _stages(row: Row) -> str:
    if not row.stage_seconds:
        return "n/a"
    return " ".join(f"{k} {float(v):.1f}" for k, v in row.stage_seconds.items())


def _found(row: Row) -> str:
    s = row.summary
    if row.tool == "urlwatch":
        return f"new {s.get('new', 0)}, changed {s.get('changed', 0)}, errors {s.get('errors', 0)}"
    if row.run == "reparse":
        return f"versions {s.get('new_versions', 0)}, changes {s.get('changes', 0)}"
    return (f"fetched {s.get('fetched', 0)}, new {s.get('new_documents', 0)}, "
            f"versions {s.get('new_versions', 0)}, flagged {s.get('flagged_changes', 0)}")


def markdown(rows: list[Row]) -> str:
    head = ("| tool | pages | run | wall s | CPU s | peak RSS MB (tree) | requests (search/content) | replay CPU s "
            "| found | check | sm/uw wall | sm/uw CPU | stage_seconds |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        ratio_wall = f"{r.ratio_wall:.2f}" if r.ratio_wall is not None else ""
        ratio_cpu = f"{r.ratio_cpu:.2f}" if r.ratio_cpu is not None else ""
        lines.append(f"| {r.tool} | {r.size} | {r.run}{f' (round {r.round})' if r.round else ''} | {r.wall:.1f} "
                     f"| {r.cpu:.1f} | {r.rss_mb:.0f} ({r.tree_rss_mb:.0f}) | {r.requests} ({r.search_requests}/{r.content_requests}) "
                     f"| {r.replay_cpu:.1f} | {_found(r)} | {r.check} | {ratio_wall} | {ratio_cpu} | {_stages(r)} |")
    return "\n".join(lines)


def _sizes(raw: str) -> list[int]:
    try:
        sizes = [int(part) for part in raw.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"--sizes wants comma-separated whole numbers, not {raw!r}") from None
    if not sizes or any(s < 16 for s in sizes):
        raise argparse.ArgumentTypeError("--sizes wants one or more sizes of at least 16 pages")
    return sizes


def _rate(raw: str) -> float:
    try:
        rate = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--rate wants requests a second, a number, not {raw!r}") from None
    if not 0 < rate < float("inf"):
        raise argparse.ArgumentTypeError("--rate must be above 0")
    return rate


def _rounds(raw: str) -> list[int]:
    try:
        rounds = [int(part) for part in raw.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"--rounds wants comma-separated round numbers, not {raw!r}") from None
    if not rounds or rounds[0] != 1 or any(r not in (1, 2, 3) for r in rounds) or rounds != sorted(rounds):
        raise argparse.ArgumentTypeError("--rounds must start at 1 and not go back, with rounds 1 to 3 (e.g. 1,1,2)")
    return rounds


SPEED_LOOP = 10_000_000  # steps of the reference loop: 1.0–1.2 s of CPU with the venv Python on this project's machine


def machine_speed(steps: int = SPEED_LOOP) -> float:
    """CPU seconds of a fixed pure-Python loop: on a shared machine, what makes rows from different
    hours or days comparable (the same benchmark has moved by a third between days)."""
    started = time.process_time()
    total = 0
    for i in range(steps):
        total += i * i % 7
    return time.process_time() - started


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage block
        print(f"bench_run: {message}", file=sys.stderr)
        raise SystemExit(2)


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_sizes, default=list(DEFAULT_SIZES), help="pages per corpus (default 1000,3000,10000)")
    parser.add_argument("--rounds", type=_rounds, default=[1, 1, 2],
                        help="replay rounds to run in turn against one warehouse (default 1,1,2: first, same, changed)")
    parser.add_argument("--peer", choices=("urlwatch",), help="also run this tool over the same Content API URLs")
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    parser.add_argument("--keep", action="store_true", help="keep each size's warehouse, config and urlwatch files")
    parser.add_argument("--rate", type=_rate, default=DEFAULT_RATE,
                        help="send-monitor's requests a second on loopback (default 200; urlwatch has no limit)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--no-reparse", action="store_true", help="leave out the `send-monitor reparse` row")
    parser.add_argument("--prefect", choices=("server", "ephemeral"), default="server",
                        help="one Prefect server for all runs (default), or each run's own ephemeral one")
    args = parser.parse_args(argv)
    if not SEND_MONITOR.is_file():
        print(f"bench_run: {SEND_MONITOR} is missing; run `make install` first", file=sys.stderr)
        return 2
    rows: list[Row] = []
    notes: list[str] = []
    speed = [machine_speed()]
    try:
        binary = install_urlwatch() if args.peer == "urlwatch" else None
        if args.peer and binary is None:
            notes.append("urlwatch could not be installed: no peer rows")
        prefect = PrefectServer() if args.prefect == "server" else None
        if prefect:
            prefect.__enter__()
        try:
            for size in args.sizes:
                started = time.perf_counter()
                corpus, manifest = cached_corpus(BENCH_DIR / "corpora", size, seed=args.seed)
                print(f"corpus {size}: {corpus} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
                work = Path(tempfile.mkdtemp(prefix=f"run-{size}-", dir=BENCH_DIR))
                try:
                    rows += bench_send_monitor(size, corpus, manifest, args.rounds, work=work,
                                               prefect_api=prefect.api if prefect else None,
                                               reparse=not args.no_reparse, rate=args.rate)
                    if binary is not None:
                        peer_work = work / "urlwatch"
                        peer_work.mkdir()
                        rows += bench_urlwatch(binary, size, corpus, args.rounds, work=peer_work)
                finally:
                    if args.keep:
                        print(f"kept {work}", file=sys.stderr)
                    else:
                        shutil.rmtree(work, ignore_errors=True)
        finally:
            if prefect:
                prefect.__exit__()
    except BenchError as exc:
        print(f"bench_run: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bench_run: interrupted", file=sys.stderr)
        return 130
    speed.append(machine_speed())
    _ratios(rows)
    print(markdown(rows))
    print()
    print(f"Loopback replay, requests_per_second {args.rate:g}, Prefect {args.prefect}. CPU and peak RSS are the child's "
          "(wait4): RSS of its largest process, (tree) = all its processes at once, sampled every 0.1 s; "
          "replay CPU is this process's (the replay's threads) during the run.")
    if binary is not None:
        print("urlwatch fetches every URL of a fixed round-1 list each run and compares the raw JSON, so a change "
              "to updated_at alone counts as changed; it finds no new pages and no withdrawn ones by search.")
    print(f"Machine speed reference: a fixed {SPEED_LOOP:,}-step Python loop took {speed[0]:.2f} s of CPU before the "
          f"runs and {speed[1]:.2f} s after (lower is faster; compare rows only at similar figures).")
    for note in notes:
        print(note)
    if args.json:
        Path(args.json).write_text(json.dumps({"prefect": args.prefect, "rounds": args.rounds,
                                               "requests_per_second": args.rate,
                                               "rows": [asdict(r) for r in rows], "notes": notes,
                                               "speed_reference_cpu_seconds": speed},
                                              indent=1) + "\n", encoding="utf-8")
    failed = [r for r in rows if not r.check.startswith("ok")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
