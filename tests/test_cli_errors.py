"""Every documented command refuses bad input with one line naming the input and the problem (issue 12).

Each case runs the CLI in-process; a few run it as a process, to prove no traceback reaches a terminal.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import duckdb
import pytest

from conftest import FIXTURES, REPO, SNAPSHOT
from send_monitor import cli
from send_monitor.cli import main

SEED = FIXTURES / "send-nao-response-2024.txt"
ITEM = "government/news/thousands-more-places-for-pupils-with-send-in-mainstream-schools"
HINT = "give a Content API JSON item, a GOV.UK HTML page or pasted text"


def run_cli(capsys, argv: list[str]) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `send-monitor argv` (argparse's own errors exit via SystemExit)."""
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, str]:
    """The files the cases name: a warehouse, an empty DuckDB file, empty, Latin-1 and closed-port inputs."""
    from warehouse.store import connect

    tmp = tmp_path_factory.mktemp("inputs")
    db = tmp / "w.duckdb"
    with connect(db):
        pass  # migrated: a real, empty warehouse
    empty_db = tmp / "empty.duckdb"
    duckdb.connect(str(empty_db)).close()
    (tmp / "empty.txt").write_bytes(b"  \n")
    (tmp / "latin1.txt").write_bytes("Caf\xe9 funding for SEND".encode("latin-1"))
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    return {"tmp": str(tmp), "db": str(db), "empty_db": str(empty_db), "seed": str(SEED), "closed": str(closed)}


CASES = [
    # (argv, exit code, fragment of the one stderr line)
    (["sql", "--db", "{db}", ""], 2,
     'send-monitor: the query is empty: give one SQL statement, e.g. "SELECT * FROM runs"'),
    (["sql", "--db", "{db}", "  ;  "], 2, "send-monitor: the query is empty"),
    (["sql", "--db", "{db}", "SELECT 1; SELECT 2"], 2,
     "send-monitor: the query holds 2 statements; `sql` runs one at a time"),
    (["sql", "--db", "{db}", "SELEC 1"], 2, 'send-monitor: query failed: Parser Error: syntax error at or near "SELEC"'),
    (["parse", "{tmp}/missing.txt"], 2, "send-monitor: {tmp}/missing.txt: no such file"),
    (["parse", "{tmp}"], 2, "send-monitor: {tmp}: is a folder; give one file"),
    (["parse", "/bin/true"], 2, f"send-monitor: /bin/true: is binary (it holds NUL bytes), not a GOV.UK document; {HINT}"),
    (["parse", "{tmp}/empty.txt"], 2, f"send-monitor: {{tmp}}/empty.txt: is empty; {HINT}"),
    (["parse", "{tmp}/latin1.txt"], 2, "send-monitor: {tmp}/latin1.txt: is not UTF-8 text (byte 3 is 0xe9)"),
    (["parse", "https://example.com/government/news/x"], 2,
     "send-monitor: https://example.com/government/news/x: host example.com is not on the allow-list"),
    (["parse", "https://www.gov.uk/"], 2, "send-monitor: https://www.gov.uk/: is not a page"),
    (["parse", "ftp://www.gov.uk/x"], 2, "send-monitor: ftp://www.gov.uk/x: scheme ftp is not allowed"),
    (["diff", "{tmp}/missing.txt", "{seed}"], 2, "send-monitor: {tmp}/missing.txt: no such file"),
    (["diff", "{seed}", "{tmp}"], 2, "send-monitor: {tmp}: is a folder"),
    (["diff", "{seed}", "/bin/true"], 2, "send-monitor: /bin/true: is binary"),
    (["changes", "--db", "{empty_db}"], 2,
     "send-monitor: {empty_db} is not a send-monitor warehouse (no tables); run `send-monitor run` or `make demo` first"),
    (["changes", "--db", str(REPO / "README.md")], 2, f"send-monitor: {REPO / 'README.md'} is not a DuckDB warehouse file"),
    (["changes", "--db", "{tmp}"], 2, "send-monitor: {tmp} is a folder, not a DuckDB warehouse file"),
    (["changes", "--db", "{tmp}/none.duckdb"], 2, "send-monitor: no warehouse at {tmp}/none.duckdb"),
    (["sql", "--db", "{empty_db}", "SELECT 1"], 2, "is not a send-monitor warehouse (no tables)"),
    (["sql", "--db", str(REPO / "README.md"), "SELECT 1"], 2, "README.md is not a DuckDB warehouse file"),
    (["changes", "--db", "{db}", "--since", "yesterday"], 2,
     "send-monitor changes: argument --since: 'yesterday' is not a date: use YYYY-MM-DD, e.g. 2026-01-31 "
     "(see `send-monitor changes --help`)"),
    (["changes", "--db", "{db}", "--since", "2026-13-01"], 2,
     "send-monitor changes: argument --since: '2026-13-01' is not a date (month must be in 1..12)"),
    (["backfill", "--since", "yesterday"], 2, "send-monitor backfill: argument --since: 'yesterday' is not a date"),
    (["backfill", "--until", "2026-02-30"], 2,
     "send-monitor backfill: argument --until: '2026-02-30' is not a date (day is out of range for month)"),
    (["backfill", "--since", "2026-05-01", "--until", "2026-01-01"], 2,
     "send-monitor: --since 2026-05-01 is after --until 2026-01-01: nothing to fetch"),
    (["run", "--base-url", "not-a-url"], 2, "send-monitor: base_url 'not-a-url' must be an http(s) URL"),
    (["replay", "--snapshot", "{tmp}/missing"], 2, "send-monitor: {tmp}/missing: no such snapshot folder"),
    (["replay", "round", "2", "--port", "{closed}"], 2,
     "send-monitor: no replay server answers at http://127.0.0.1:{closed}"),
    (["replay", "round"], 2, "send-monitor: `send-monitor replay round` needs the round number"),
    (["eval-parser", "{tmp}/missing-dir"], 2, "send-monitor: {tmp}/missing-dir: no such folder of labelled examples"),
    (["eval-differ", "--json", "{tmp}/missing-dir"], 2, "send-monitor: {tmp}/missing-dir: no such folder"),
    (["eval-parser", "{seed}"], 2, "is not a folder of labelled examples"),
    (["reparse", "--db", "{tmp}/none.duckdb"], 2,
     "send-monitor: no warehouse at {tmp}/none.duckdb: nothing archived to re-parse"),
    (["bogus"], 2, "send-monitor: argument command: invalid choice: 'bogus'"),
    (["feed", "--db", "{tmp}"], 2, "send-monitor: {tmp} is a folder, not a DuckDB warehouse file"),
    (["report", "--db", "{tmp}"], 2, "send-monitor: {tmp} is a folder, not a DuckDB warehouse file"),
    (["feed", "--db", "{db}", "--out", "{tmp}"], 2,
     "send-monitor: {tmp} is a folder: the feed needs a file path (--out FILE.atom)"),
    (["feed", "--db", "{db}", "--out", "{seed}/x.atom"], 2, "send-monitor feed: {seed}: File exists"),
    (["report", "--db", "{db}", "--out", "/proc/send-monitor-report"], 2,
     "send-monitor report: /proc/send-monitor-report: No such file or directory"),
    (["run", "--dry-run", "--db", "{tmp}"], 2, "send-monitor: {tmp} is a folder, not a DuckDB warehouse file"),
    (["backfill", "--db", str(REPO / "README.md")], 2, f"send-monitor: {REPO / 'README.md'} is not a DuckDB warehouse file"),
    (["run", "--db", ""], 2, "send-monitor: --db is empty: give the warehouse file's path"),
    (["run", "--config", "{tmp}"], 2, "send-monitor: config file {tmp} is a folder, not a file"),
    (["replay", "--port", "99999"], 2, "send-monitor replay: argument --port: '99999' is not a port: use 0-65535"),
    (["serve", "--port", "http"], 2, "send-monitor serve: argument --port: 'http' is not a port number"),
    (["sql", "--db", "{db}", "--timeout", "-1", "SELECT 1"], 2,
     "send-monitor sql: argument --timeout: '-1' is not a number of seconds: use 0 or more"),
    (["feed", "--db", "{db}", "--wait", "-1"], 2,
     "send-monitor feed: argument --wait: '-1' is not a number of seconds: use 0 or more"),
    (["sql", "--db", "{db}", "--timeout", "inf", "SELECT 1"], 2,
     "send-monitor sql: argument --timeout: 'inf' is not a number of seconds: use 0 or more"),
]


@pytest.mark.parametrize("argv, code, fragment", CASES, ids=[" ".join(c[0]) for c in CASES])
def test_bad_input_is_one_line_naming_it(capsys, inputs, argv, code, fragment):
    argv = [a.format(**inputs) for a in argv]
    got, out, err = run_cli(capsys, argv)
    assert (got, out) == (code, "")
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert fragment.format(**inputs) in err, err


@pytest.mark.parametrize("argv, fragment", [
    (["parse", "/bin/true"], "send-monitor: /bin/true: is binary"),
    (["changes", "--since", "yesterday"], "argument --since: 'yesterday' is not a date"),
    (["changes", "--db", str(REPO / "README.md")], "README.md is not a DuckDB warehouse file"),
    (["sql", "--db", str(REPO / "README.md"), "SELECT 1; SELECT 2"], "the query holds 2 statements"),
])
def test_no_traceback_reaches_the_terminal(argv, fragment):
    done = subprocess.run([sys.executable, "-m", "send_monitor.cli", *argv], capture_output=True, text=True,
                          timeout=120, cwd=REPO, env={**os.environ, "NO_COLOR": "1"})
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.count("\n") == 1 and fragment in done.stderr and "Traceback" not in done.stderr


def test_an_unexpected_error_is_one_line_naming_the_command(capsys, monkeypatch, inputs):
    def broken(args):
        raise KeyError("columns")

    monkeypatch.setattr(cli, "cmd_sql", broken)
    code, out, err = run_cli(capsys, ["sql", "--db", inputs["db"], "SELECT 1"])
    assert (code, out) == (1, "")
    assert err == ("send-monitor sql: unexpected KeyError: 'columns' "
                   "(run with SEND_MONITOR_DEBUG=1 for the traceback)\n")
    monkeypatch.setenv("SEND_MONITOR_DEBUG", "1")
    with pytest.raises(KeyError):
        main(["sql", "--db", inputs["db"], "SELECT 1"])


def test_version(capsys):
    from foundation import __version__

    code, out, err = run_cli(capsys, ["--version"])
    assert (code, out, err) == (0, f"send-monitor {__version__}\n", "")


def test_a_missing_default_warehouse_points_at_the_demos(capsys, monkeypatch, tmp_path):
    """After `make demo`, `changes` without --db named the demo, which writes elsewhere (issue 12)."""
    demo = tmp_path / "data" / "demo.duckdb"
    from warehouse.store import connect

    with connect(demo):
        pass
    default = tmp_path / "data" / "send-monitor.duckdb"
    monkeypatch.setattr(cli, "DEMO_DB", demo)
    monkeypatch.setenv("SEND_MONITOR_DB", str(default))
    monkeypatch.chdir(tmp_path)
    for argv in (["changes"], ["sql", "SELECT 1"]):
        code, out, err = run_cli(capsys, argv)
        assert (code, out) == (2, "")
        assert err == ("send-monitor: no warehouse at data/send-monitor.duckdb yet; the demo wrote data/demo.duckdb: "
                       "add `--db data/demo.duckdb`, or fill data/send-monitor.duckdb with `send-monitor run`\n")
    code, out, err = run_cli(capsys, ["changes", "--db", str(demo), "--json"])
    assert code == 0 and json.loads(out)["changes"] == [] and err == ""


def test_parse_accepts_every_readable_form_still(capsys):
    item = SNAPSHOT / "round-1" / "content" / f"{ITEM}.json"
    for path in (SEED, item):
        code, out, err = run_cli(capsys, ["parse", str(path), "--json"])
        assert code == 0 and err == "" and json.loads(out)["commitments"]


def test_the_case_table_covers_every_documented_command():
    """Each command the issue names has at least one bad-input case here."""
    named = {argv[0] for argv, _, _ in CASES}
    assert {"sql", "parse", "diff", "changes", "backfill", "run", "replay", "eval-parser", "eval-differ",
            "reparse"} <= named


def test_prefect_console_records_of_errors_leave_the_traceback_to_debug_mode(monkeypatch):
    """The CLI prints a flow's error on one line; Prefect's console copy would add the traceback."""
    import logging

    from foundation.errors import FetchError

    def record(exc: BaseException | None) -> logging.LogRecord:
        return logging.LogRecord("prefect.flow_runs", logging.ERROR, __file__, 1, "Finished in state Failed", (),
                                 (type(exc), exc, None) if exc else None)

    keep = cli._KnownErrorFilter().filter
    assert [keep(record(e)) for e in (None, FetchError("down"), RuntimeError("bug"))] == [True, False, False]
    monkeypatch.setenv("SEND_MONITOR_DEBUG", "1")
    assert [keep(record(e)) for e in (None, FetchError("down"), RuntimeError("bug"))] == [True, False, True]


def test_prefect_console_line_for_a_task_that_failed_with_our_error_is_left_to_ours(monkeypatch):
    """`Task run ... Finished in state Failed('... Unreachable: ...')` repeats the line the CLI prints."""
    import logging

    def line(message: str) -> logging.LogRecord:
        return logging.LogRecord("prefect.task_runs", logging.ERROR, __file__, 1, message, (), None)

    ours = line("Finished in state Failed('Task run encountered an exception Unreachable: /x: could not reach h')")
    flows = line("Finished in state Failed('Flow run encountered an exception. FetchError: /x: gave up')")
    theirs = line("Finished in state Failed('Task run encountered an exception KeyError: 1')")
    keep = cli._KnownErrorFilter().filter
    assert [keep(ours), keep(flows), keep(theirs)] == [False, False, True]
    monkeypatch.setenv("SEND_MONITOR_DEBUG", "1")
    assert [keep(ours), keep(flows)] == [True, True]
