"""The command line's contracts: the JSON shapes scripts rely on, readable output, clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from conftest import FIXTURES, REPO
from send_monitor.cli import main

SEED = FIXTURES / "send-nao-response-2024.txt"
PAIR = REPO / "eval" / "changes" / "several-neli-softened-dropped"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_parse_json_has_every_documented_key(capsys):
    code, out, _ = run(capsys, "parse", str(SEED), "--json")
    record = json.loads(out)
    assert code == 0
    for key in ("title", "document_type", "status", "first_published_at", "public_updated_at", "quotes",
                "sections", "commitments", "figures", "problems"):
        assert key in record, key
    assert {"speaker", "role", "text"} <= set(record["quotes"][0])
    assert {"heading", "items"} <= set(record["sections"][0])
    c = next(c for c in record["commitments"] if c["quantities"])
    assert {"key", "text", "actor", "modality", "firmness", "status", "money", "quantities", "dates", "programmes"} <= set(c)
    assert {"text", "value", "unit"} <= set(c["quantities"][0])
    assert {"text", "start", "end"} <= set(c["dates"][0])


def test_parse_readable_output_names_speaker_background_and_commitments(capsys):
    code, out, _ = run(capsys, "parse", str(SEED))
    assert code == 0
    assert "Education Secretary" in out and "On background" in out
    assert "Nuffield Early Language Intervention" in out and "11,100 schools" in out


def test_parse_money_shape_on_a_content_item(capsys):
    item = REPO / "replay" / "snapshot" / "round-1" / "content" / "government" / "news" / \
        "thousands-more-places-for-pupils-with-send-in-mainstream-schools.json"
    code, out, _ = run(capsys, "parse", str(item), "--json")
    money = [m for c in json.loads(out)["commitments"] for m in c["money"]]
    assert code == 0 and {"text", "amount_gbp"} <= set(money[0])
    assert 740_000_000 in {m["amount_gbp"] for m in money}


def test_parse_broken_json_is_a_clear_error_naming_the_file(capsys, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"title": "Half a page", "details": {"bo')
    code, _, err = run(capsys, "parse", str(broken))
    assert code == 2
    assert str(broken) in err and "JSON" in err


def test_diff_json_has_the_documented_change_shape(capsys):
    code, out, _ = run(capsys, "diff", str(PAIR / "before.txt"), str(PAIR / "after.txt"), "--json")
    changes = json.loads(out)["changes"]
    assert code == 0 and changes
    for ch in changes:
        assert {"kind", "significance", "fields", "silent", "old", "new"} <= set(ch)
    kinds = sorted(ch["kind"] for ch in changes)
    assert kinds == ["modified", "removed", "removed"]  # the dropped bullet held two clauses
    softened = next(ch for ch in changes if ch["kind"] == "modified")
    assert softened["old"]["modality"] == "will" and softened["new"]["modality"] == "may"


def test_diff_readable_output_marks_changed_words(capsys):
    code, out, _ = run(capsys, "diff", str(PAIR / "before.txt"), str(PAIR / "after.txt"))
    assert code == 0 and "[-will-] {+may+}" in out


@pytest.fixture()
def loaded_db(tmp_path):
    """A warehouse with two versions of one page, loaded through the real loader and differ."""
    from parsers import parse_content_item
    from warehouse.ingest import load_record
    from warehouse.store import connect

    base = REPO / "replay" / "snapshot"
    path = "government/news/thousands-more-places-for-pupils-with-send-in-mainstream-schools.json"
    db = tmp_path / "w.duckdb"
    with connect(db) as conn:
        for run_id, rnd in ((1, "round-1"), (2, "round-2")):
            record = parse_content_item(json.loads((base / rnd / "content" / path).read_text()))
            load_record(conn, record, run_id=run_id, body_sha256=None)
    return db


def test_changes_json_lists_flagged_changes_with_their_page(capsys, loaded_db):
    code, out, _ = run(capsys, "changes", "--db", str(loaded_db), "--json")
    changes = json.loads(out)["changes"]
    assert code == 0
    money = next(ch for ch in changes if ch["kind"] == "modified")
    assert money["fields"] == ["money"] and money["significance"] == "major"
    assert money["base_path"].endswith("thousands-more-places-for-pupils-with-send-in-mainstream-schools")
    assert money["title"] and money["new_public_updated_at"] > money["old_public_updated_at"]
    assert {"kind", "significance", "fields", "silent", "old", "new"} <= set(money)
    code, out, _ = run(capsys, "changes", "--db", str(loaded_db), "--significance", "minor", "--json")
    assert {ch["significance"] for ch in json.loads(out)["changes"]} == {"minor"}


def test_sql_prints_a_table_and_json(capsys, loaded_db):
    code, out, _ = run(capsys, "sql", "--db", str(loaded_db), "SELECT status, version_count FROM documents")
    assert code == 0 and "status" in out and "live" in out and "(1 row)" in out
    code, out, _ = run(capsys, "sql", "--db", str(loaded_db), "SELECT version_count FROM documents", "--json")
    assert json.loads(out) == [{"version_count": 2}]


def test_sql_cannot_write_to_the_warehouse_and_says_so(capsys, loaded_db):
    code, _, err = run(capsys, "sql", "--db", str(loaded_db), "DELETE FROM documents")
    assert code == 2 and "read-only" in err
    code, out, _ = run(capsys, "sql", "--db", str(loaded_db), "SELECT count(*) AS n FROM documents", "--json")
    assert json.loads(out) == [{"n": 1}]


def test_sql_bad_query_is_a_clear_error(capsys, loaded_db):
    code, _, err = run(capsys, "sql", "--db", str(loaded_db), "SELECT nope FROM documents")
    assert code == 2 and "nope" in err


def test_sql_stops_a_runaway_query_at_its_time_limit(capsys, loaded_db):
    """D8: a long query held the file lock with no limit, so scheduled runs gave up waiting."""
    import time

    started = time.monotonic()
    code, _, err = run(capsys, "sql", "--db", str(loaded_db), "--timeout", "0.5",
                       "SELECT count(*) FROM range(100000000000) a, range(10) b")
    assert code == 2 and time.monotonic() - started < 10
    assert err.startswith("send-monitor: query stopped after 0.5 s (raise it with --timeout)")
    assert run(capsys, "sql", "--db", str(loaded_db), "SELECT 1 AS one")[0] == 0


def test_sql_says_clearly_when_a_run_holds_the_warehouse(loaded_db):
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, time
        c = duckdb.connect({str(loaded_db)!r})
        print("locked", flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        done = subprocess.run([sys.executable, "-m", "send_monitor.cli", "sql", "--db", str(loaded_db), "--wait", "0.5",
                               "SELECT 1"],
                              capture_output=True, text=True, timeout=60, cwd=REPO)
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 2
    assert "in use by another process" in done.stderr and "Parquet" in done.stderr


def test_sql_cannot_read_or_write_other_files(capsys, loaded_db, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the warehouse")
    code, _, err = run(capsys, "sql", "--db", str(loaded_db), f"SELECT * FROM read_text('{secret}')")
    assert code == 2 and "not for the warehouse" not in err
    target = tmp_path / "leak.csv"
    code, _, err = run(capsys, "sql", "--db", str(loaded_db), f"COPY (SELECT 1) TO '{target}'")
    assert code == 2 and not target.exists()


def test_demo_refuses_to_overwrite_a_warehouse_it_did_not_make(capsys, loaded_db):
    code, _, err = run(capsys, "demo", "--db", str(loaded_db))
    assert code == 2 and "not a demo warehouse" in err
    code, out, _ = run(capsys, "sql", "--db", str(loaded_db), "SELECT count(*) AS n FROM documents", "--json")
    assert json.loads(out) == [{"n": 1}]


def test_terminal_output_shows_control_characters_from_page_text_as_escapes():
    from send_monitor.report import render_summary
    from warehouse.queries import render_change_list, render_table

    hostile = "Title\x1b[2J with\u202e tricks"
    change = {"base_path": "/x", "title": hostile, "change_note": None, "silent": True, "significance": "major",
              "kind": "modified", "summary": "s\x07", "old": {"text": "a\x1b]0;pwned\x07"}, "new": {"text": "b"}}
    for text in (render_change_list([change]), render_summary({"flagged": [change]}, title="t"),
                 render_table(["t"], [(hostile,)])):
        assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
        assert "with\\u202e tricks" in text or "\\u001b]0;pwned" in text


def test_eval_commands_pass_their_options_through(capsys):
    code, out, _ = run(capsys, "eval-differ", "--json")
    report = json.loads(out)
    assert code == 0 and report["clean_quiet_share"] == 1.0 and report["precision"] >= 0.95
    code, out, _ = run(capsys, "eval-parser", "--json", "--min-f1", "0.9")
    assert code == 0 and json.loads(out)["overall"]["commitments"]["f1"] >= 0.9
    with pytest.raises(SystemExit):
        main(["sql", "SELECT 1", "--bogus"])


def test_demo_replaces_a_warehouse_it_marked_even_after_an_interrupted_run(tmp_path):
    from send_monitor.demo import mark_demo_warehouse, remove_previous_demo

    db = tmp_path / "half-done-demo.duckdb"
    mark_demo_warehouse(db)  # what the demo does before its first run
    remove_previous_demo(db)
    assert not db.exists()


# Issue 12: GOV.UK URLs, colour, failed runs, reparse's table

PAGE = "/government/news/thousands-more-places-for-pupils-with-send-in-mainstream-schools"


def test_parse_fetches_a_govuk_page_url_through_the_content_api(capsys):
    from parsers import parse_content_item
    from replay.server import ReplayServer

    item = json.loads((REPO / "replay" / "snapshot" / "round-1" / "content" / f"{PAGE[1:]}.json").read_text())
    with ReplayServer(REPO / "replay" / "snapshot", round=1).start() as server:
        code, out, err = run(capsys, "parse", f"https://www.gov.uk{PAGE}#contents", "--base-url", server.base_url, "--json")
        assert (code, err) == (0, "")
        assert json.loads(out) == json.loads(json.dumps(parse_content_item(item).to_dict(), default=str))
        assert [(m, p) for m, p, _ in server.requests_seen] == [("GET", f"/api/content{PAGE}")]
        assert server.requests_seen[0][2]["User-Agent"].startswith("send-monitor/")

        code, out, err = run(capsys, "parse", "https://www.gov.uk/government/news/no-such-page", "--base-url",
                             server.base_url)
        assert (code, out) == (2, "")
        assert err == ("send-monitor: https://www.gov.uk/government/news/no-such-page: GOV.UK has no page at "
                       f"/government/news/no-such-page (HTTP 404 from {server.base_url})\n")
        code, out, err = run(capsys, "parse", "https://evil.example/government/news/x", "--base-url", server.base_url)
        assert (code, out, err) == (2, "", "send-monitor: https://evil.example/government/news/x: host evil.example "
                                           "is not on the allow-list\n")
        assert len(server.requests_seen) == 2  # the refused host was never asked


def test_diff_takes_a_page_url_and_a_file(capsys):
    from replay.server import ReplayServer

    after = REPO / "replay" / "snapshot" / "round-2" / "content" / f"{PAGE[1:]}.json"
    before = REPO / "replay" / "snapshot" / "round-1" / "content" / f"{PAGE[1:]}.json"
    _, from_files, _ = run(capsys, "diff", str(before), str(after), "--json")
    with ReplayServer(REPO / "replay" / "snapshot", round=1).start() as server:
        code, out, err = run(capsys, "diff", f"https://www.gov.uk{PAGE}", str(after), "--json", "--base-url",
                             server.base_url)
    assert (code, err) == (0, "")
    assert json.loads(out)["changes"] == json.loads(from_files)["changes"] != []


def _diff_on_a_terminal(env: dict[str, str]) -> str:
    """`send-monitor diff` with its stdout on a pseudo-terminal, as a person would see it."""
    import os
    import pty

    main_fd, terminal = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "send_monitor.cli", "diff", str(PAIR / "before.txt"),
                             str(PAIR / "after.txt")], stdout=terminal, stderr=subprocess.PIPE, cwd=REPO, env=env)
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # EIO: the terminal's other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main_fd)
    assert proc.wait(timeout=60) == 0, proc.stderr.read()
    return b"".join(chunks).decode()


def test_diff_marks_words_with_symbols_coloured_on_a_terminal_and_plain_under_no_color():
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")} | {"TERM": "xterm"}
    coloured = _diff_on_a_terminal(env)
    assert "\x1b[31m[-will-]\x1b[0m \x1b[32m{+may+}\x1b[0m" in coloured
    plain = _diff_on_a_terminal(env | {"NO_COLOR": "1"})
    assert "[-will-] {+may+}" in plain and "\x1b" not in plain
    assert plain.replace("\r\n", "\n") == coloured.replace("\r\n", "\n").replace("\x1b[31m", "").replace(
        "\x1b[32m", "").replace("\x1b[0m", "")


def test_color_follows_no_color_and_the_terminal():
    import io

    from foundation.terminal import color_enabled, color_word_diff

    class Terminal:
        def isatty(self) -> bool:
            return True

    assert color_enabled(Terminal(), {}) and color_enabled(Terminal(), {"NO_COLOR": ""})
    assert not color_enabled(Terminal(), {"NO_COLOR": "1"}) and not color_enabled(Terminal(), {"TERM": "dumb"})
    assert not color_enabled(io.StringIO(), {})  # a pipe or file: never colour
    assert color_word_diff("fund [-300-] {+250+} places") == "fund \x1b[31m[-300-]\x1b[0m \x1b[32m{+250+}\x1b[0m places"


@pytest.fixture()
def failed_run_db(tmp_path):
    """A warehouse whose latest run failed, with the error it recorded."""
    from warehouse.load import open_run, record_error
    from warehouse.store import connect

    db = tmp_path / "failed.duckdb"
    with connect(db) as conn:
        open_run(conn, flow="monitor", source="replay", base_url="http://127.0.0.1:1", flow_run_id=None,
                 status="completed")
        run_id = open_run(conn, flow="monitor", source="replay", base_url="http://127.0.0.1:1", flow_run_id=None,
                          status="failed")
        conn.execute("UPDATE runs SET started_at = TIMESTAMPTZ '2026-12-01 09:00:00+00' WHERE run_id = ?", [run_id])
        record_error(conn, run_id, "discover", message="search answered HTTP 503:\nservice unavailable")
    return db


def test_changes_and_sql_say_when_the_latest_run_failed(capsys, failed_run_db):
    db = str(failed_run_db)
    note = (f"note: the latest run (#2 monitor, 2026-12-01 09:00 UTC) failed: discover: search answered HTTP 503: "
            f"service unavailable; see `send-monitor sql --db {db} \"SELECT * FROM errors WHERE run_id = 2\"`\n")
    code, out, err = run(capsys, "changes", "--db", db)
    assert (code, out, err) == (0, "No flagged changes.\n", note)
    code, out, err = run(capsys, "sql", "--db", db, "SELECT run_id, stage FROM errors WHERE run_id = 2", "--json")
    assert (code, json.loads(out), err) == (0, [{"run_id": 2, "stage": "discover"}], note)

    from warehouse.load import open_run
    from warehouse.store import connect

    with connect(failed_run_db) as conn:
        open_run(conn, flow="monitor", source="replay", base_url="http://127.0.0.1:1", flow_run_id=None,
                 status="completed")
    assert run(capsys, "changes", "--db", db) == (0, "No flagged changes.\n", "")


def test_reparse_prints_the_table_run_prints_and_json_on_request(capsys, monkeypatch, loaded_db):
    import flows.reparse

    summary = {"run_id": 3, "documents": 1, "new_versions": 2, "changes": 5, "flagged_changes": 3, "errors": 0}
    monkeypatch.setattr(flows.reparse, "reparse", lambda config, db: summary)
    code, out, err = run(capsys, "reparse", "--db", str(loaded_db))
    title = f"Reparse of the archive in {loaded_db}"
    assert (code, out) == (0, "\n".join([
        title, "=" * len(title),
        "  documents re-parsed    1",
        "  new versions           2",
        "  changes (all, cosmetic included) 5",
        "  flagged changes        3",
        "  errors                 0",
    ]) + "\n")
    assert err == "Using a temporary Prefect server (start `send-monitor serve` to keep run history)\n"
    code, out, _ = run(capsys, "reparse", "--db", str(loaded_db), "--json")
    assert (code, json.loads(out)) == (0, summary)


def test_a_second_demo_on_the_same_warehouse_is_refused_while_the_first_runs(tmp_path):
    # It used to wait for the first demo's run, then add its rounds to that warehouse ("fetched 0").
    import fcntl

    db = tmp_path / "demo.duckdb"
    with open(tmp_path / "demo.duckdb.demo.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # what a running demo holds
        done = subprocess.run([sys.executable, "-m", "send_monitor.cli", "demo", "--db", str(db)], cwd=REPO,
                              capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"send-monitor: another demo is writing {db}: let it finish, or give this one its own "
                           "--db\n")
    assert not db.exists()


def test_an_in_process_command_leaves_the_callers_ctrl_c_handler_as_it_was(monkeypatch, tmp_path):
    import signal

    from send_monitor import cli as cli_module

    before = signal.getsignal(signal.SIGINT)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)

    def refuse(db, *, config=None):
        raise cli_module.InputError("stopped before any run")

    monkeypatch.setattr("send_monitor.demo.run_demo", refuse)
    assert cli_module.main(["demo", "--db", str(tmp_path / "d.duckdb")]) == 2
    assert signal.getsignal(signal.SIGINT) is before


@pytest.mark.parametrize(("base_url", "note"), [
    ("https://www.gov.uk", None),
    ("http://127.0.0.1:8765", None),
    ("http://localhost:8765", None),
    ("https://www.gov.uk.example.com", "Note: base_url https://www.gov.uk.example.com is neither GOV.UK (www.gov.uk) "
                                       "nor this machine; fetching from it as if it were GOV.UK"),
    ("http://10.0.0.1", "Note: base_url http://10.0.0.1 is neither GOV.UK (www.gov.uk) nor this machine; "
                        "fetching from it over plain http as if it were GOV.UK"),
])
def test_a_run_says_so_before_fetching_from_a_host_that_is_not_gov_uk(base_url, note):
    # A look-alike host (a typo, or someone else's) was fetched without a word.
    from send_monitor.cli import base_url_note

    assert base_url_note(base_url) == note


def test_serve_names_the_config_of_the_folder_it_was_started_in(tmp_path, monkeypatch):
    # Its processes run in the repository root: without this, `cd myproject && send-monitor serve`
    # scheduled runs on the shipped config while `send-monitor run` there read myproject's.
    from send_monitor import service
    from send_monitor.cli import main

    (tmp_path / "send-monitor.toml").write_text("[monitor]\ndb = 'mine.duckdb'\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SEND_MONITOR_CONFIG", "placeholder")
    monkeypatch.delenv("SEND_MONITOR_CONFIG")  # unset again after the test, whatever serve set
    seen = {}
    monkeypatch.setattr(service, "serve", lambda **_: seen.setdefault("config", os.environ["SEND_MONITOR_CONFIG"]) and 0)
    assert main(["serve"]) == 0
    assert seen == {"config": str((tmp_path / "send-monitor.toml").resolve())}
