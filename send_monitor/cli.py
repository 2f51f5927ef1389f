"""The `send-monitor` command line: a thin layer over the flows, the parser, the differ and the warehouse."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shlex
import signal
import sys
import urllib.parse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from foundation import __version__, arguments
from foundation.errors import InputError, NotAWarehouseError, SendMonitorError
from foundation.settings import DEMO_DB, PREFECT_DEFAULTS, REPO_ROOT
from foundation.terminal import color_enabled, color_word_diff, printable

if TYPE_CHECKING:
    from parsers.record import Announcement

DEBUG_ENV = "SEND_MONITOR_DEBUG"
MAX_INPUT_BYTES = 20_000_000  # far above any GOV.UK page; stops `parse /dev/zero` reading forever
DEFAULT_REPLAY_PORT = 8765
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _prefect_environment() -> None:
    """Quiet, offline-friendly Prefect defaults (see STACK-NOTES); explicit settings still win."""
    os.environ.setdefault("PREFECT_HOME", str(REPO_ROOT / ".prefect"))
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


class _KnownErrorFilter:
    """Drops Prefect's console record of an error: the CLI prints it on one line itself.

    Only the terminal loses it; the Prefect API (and UI) still logs it with its traceback, and
    SEND_MONITOR_DEBUG=1 keeps the traceback of an unexpected error on the terminal too.
    """

    def filter(self, record) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, SendMonitorError):
            return False
        if exc is None and _names_known_error(record.getMessage()):
            return _debug()  # "Finished in state Failed('... Unreachable: ...')": the same error, said again
        return exc is None or _debug()


def _known_error_names() -> set[str]:
    import govuk.client  # noqa: F401 - its errors (Unreachable, RateLimited) are ours too
    import govuk.ratelimit  # noqa: F401

    found, todo = set(), [SendMonitorError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return found


def _names_known_error(message: str) -> bool:
    """Prefect's one-line account of a task or flow that failed with one of our errors."""
    if "Finished in state Failed(" not in message:
        return False
    return any(f"exception {name}:" in message or f". {name}:" in message for name in _known_error_names())


def _quiet_known_errors() -> None:
    import logging

    for handler in logging.getLogger().handlers:
        if type(handler).__name__ == "PrefectConsoleHandler" and not any(
                isinstance(f, _KnownErrorFilter) for f in handler.filters):
            handler.addFilter(_KnownErrorFilter())


def _debug() -> bool:
    return bool(os.environ.get(DEBUG_ENV))


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _use_prefect_server() -> bool:
    """Point Prefect at the server `serve` started when it answers; otherwise Prefect starts a temporary
    one (True).

    Before anything imports prefect: its settings are read from the environment then.
    """
    from send_monitor.service import running_api_url

    explicit = os.environ.get("PREFECT_API_URL")
    if explicit:
        _say(f"Using the Prefect server at {explicit} (from PREFECT_API_URL)")
        return False
    api_url = running_api_url()
    if api_url:
        os.environ["PREFECT_API_URL"] = api_url
        _say(f"Using the Prefect server started by `send-monitor serve` at {api_url} (runs show in its UI)")
        return False
    _say("Using a temporary Prefect server (start `send-monitor serve` to keep run history)")
    return True


TRACKER_QUIET = "ignore:resource_tracker:UserWarning"


def _children() -> list[int]:
    """This process's child processes (Linux's /proc; elsewhere, the multiprocessing ones)."""
    me = str(os.getpid())
    try:
        found = []
        for task in os.listdir(f"/proc/{me}/task"):
            with open(f"/proc/{me}/task/{task}/children", encoding="ascii") as fh:
                found += [int(pid) for pid in fh.read().split()]
        return found
    except OSError:
        import multiprocessing

        return [p.pid for p in multiprocessing.active_children() if p.pid]


def _stop_at_once_on_ctrl_c(command: str) -> None:
    """Ctrl-C ends the command at once while its Prefect server is a temporary one.

    The terminal's SIGINT reaches that server too (Prefect starts it in our process group), so
    Prefect's own shutdown spent over a minute reporting the crash to a server already gone. Its
    history dies with it anyway; each batch is one transaction, and the next run marks this one
    abandoned and fetches what it left.
    """
    def stop(signum: int, frame: Any) -> None:
        os.write(2, f"\nsend-monitor {command}: interrupted; what was loaded is kept: run it again to go on\n".encode())
        for child in _children():  # parse workers and the temporary server, however the signal came
            with contextlib.suppress(OSError):
                os.kill(child, signal.SIGTERM)
        os._exit(130)

    try:
        signal.signal(signal.SIGINT, stop)
    except ValueError:  # not the main thread (main() called in-process): Ctrl-C is not ours to handle
        return
    # multiprocessing's resource tracker outlives us and unlinks the parse pool's semaphores, saying
    # it did ("leaked semaphore objects"): expected after a stop like this one, so it says nothing.
    # It reads the filter from our interpreter flags when it starts, after this.
    if TRACKER_QUIET not in sys.warnoptions:
        sys.warnoptions.append(TRACKER_QUIET)


def _date_arg(value: str) -> str:
    """argparse type for YYYY-MM-DD dates: a real calendar date, returned in ISO form."""
    if not _DATE.fullmatch(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a date: use YYYY-MM-DD, e.g. 2026-01-31")
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date ({exc})") from None


def _db_arg(parser: argparse.ArgumentParser, default_help: str = "$SEND_MONITOR_DB or the config's db") -> None:
    parser.add_argument("--db", help=f"DuckDB warehouse file (default: {default_help})")
    parser.add_argument("--config", help="config file (default: $SEND_MONITOR_CONFIG, else ./send-monitor.toml, else the shipped one)")


def _settings(args: argparse.Namespace, **overrides: Any):
    from foundation.settings import load_settings

    db = getattr(args, "db", None)
    if db is not None and not db.strip():
        raise InputError("--db is empty: give the warehouse file's path")
    return load_settings(getattr(args, "config", None), db=db, **overrides)


def base_url_note(base_url: str) -> str | None:
    """A line to say before fetching from a base URL that is neither GOV.UK nor this machine, else None."""
    from foundation.settings import LIVE_HOST
    from foundation.urls import is_loopback_host

    parts = urllib.parse.urlsplit(base_url)
    host = (parts.hostname or "").lower()
    if host == LIVE_HOST or is_loopback_host(host):
        return None
    plain = " over plain http" if parts.scheme == "http" else ""
    return (f"Note: base_url {base_url} is neither GOV.UK ({LIVE_HOST}) nor this machine; "
            f"fetching from it{plain} as if it were GOV.UK")


def _before_fetching(settings: Any, command: str) -> None:
    """What `run` and `backfill` settle before Prefect starts: a --db that cannot be a warehouse is
    refused (not after a server started for nothing), an unusual base URL is named, and Ctrl-C is set."""
    from warehouse.store import check_warehouse_path

    check_warehouse_path(settings.db)
    if note := base_url_note(settings.base_url):
        _say(note)
    if _use_prefect_server():
        _stop_at_once_on_ctrl_c(command)


def _url_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", help="where GOV.UK page URLs are fetched from (default: the config's; "
                        "e.g. a replay server)")
    parser.add_argument("--config", help="config file (default: $SEND_MONITOR_CONFIG, else ./send-monitor.toml, else the shipped one)")


def _wait_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wait", type=arguments.seconds, default=10.0, metavar="SECONDS",
                        help="wait this long for a run writing the warehouse to let go (default 10)")


def _print_json(value: Any) -> None:
    print(printable(json.dumps(value, indent=2, ensure_ascii=False, default=str)))


def _short(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# Inputs

def _read_document(source: str, args: argparse.Namespace) -> Announcement:
    """A file, or an http(s) URL fetched through the Content API client, parsed; InputError if it is neither."""
    from parsers import parse_document

    if _URL.match(source):
        return _fetch_document(source, args)
    path = Path(source)
    if not path.exists():
        raise InputError("no such file", url=source)
    if path.is_dir():
        raise InputError("is a folder; give one file (Content API JSON, a GOV.UK HTML page or pasted text)",
                         url=source)
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", url=source) from None
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(f"is larger than {MAX_INPUT_BYTES // 1_000_000} MB: not a GOV.UK document", url=source)
    _check_text(raw, source)
    return parse_document(raw, name=source)


def _check_text(raw: bytes, name: str) -> None:
    """Refuse what cannot be a GOV.UK document: empty, binary (NUL bytes) or not UTF-8 text."""
    expected = "give a Content API JSON item, a GOV.UK HTML page or pasted text"
    if not raw.strip():
        raise InputError(f"is empty; {expected}", url=name)
    if b"\x00" in raw:
        raise InputError(f"is binary (it holds NUL bytes), not a GOV.UK document; {expected}", url=name)
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"is not UTF-8 text (byte {exc.start} is 0x{raw[exc.start]:02x}), so not a GOV.UK "
                         f"document; {expected}", url=name) from None


def _fetch_document(url: str, args: argparse.Namespace) -> Announcement:
    """Fetch a GOV.UK page's Content API item (www.gov.uk/<path> -> <base>/api/content/<path>) and parse it."""
    from foundation.errors import FetchError, ParseError
    from foundation.urls import safe_url
    from govuk.client import CONTENT_PREFIX, GovukClient, Outcome, user_agent
    from parsers import parse_content_item
    from urllib3.util import parse_url

    settings = _settings(args, base_url=getattr(args, "base_url", None))
    client = GovukClient(settings.base_url, allowed_hosts=settings.allowed_hosts, user_agent=user_agent(settings.contact),
                         requests_per_second=settings.requests_per_second, connect_timeout=settings.connect_timeout,
                         read_timeout=settings.read_timeout, max_bytes=settings.max_response_bytes, max_retries=2)
    checked = safe_url(url.split("#", 1)[0], client.origins)
    path = (parse_url(checked).path or "/").removeprefix(CONTENT_PREFIX) or "/"
    if path.rstrip("/") == "":
        raise InputError("is not a page: give the URL of one GOV.UK page, e.g. https://www.gov.uk/government/news/...",
                         url=url)
    result = client.fetch_content(path)
    if result.outcome is Outcome.VANISHED:
        raise FetchError(f"GOV.UK has no page at {path} (HTTP 404 from {client.base_url})", url=url)
    if result.outcome is Outcome.GONE:
        raise FetchError(f"the page at {path} is gone (HTTP 410: unpublished)", url=url)
    item = result.json()
    if not isinstance(item, dict):
        raise InputError(f"the Content API answered a JSON {type(item).__name__}, not a content item", url=url)
    try:
        # No url: the record's is the page's own (www.gov.uk + its base_path), wherever it was fetched from.
        return parse_content_item(item)
    except ParseError as exc:
        raise ParseError(exc.problem, url=url) from None


def _reader_db(args: argparse.Namespace, settings) -> Path:
    """The warehouse a reading command opens; when the default is missing but the demo's exists, say so."""
    db = Path(settings.db)
    if not db.exists() and args.db is None and DEMO_DB.exists() and db.resolve() != DEMO_DB.resolve():
        raise NotAWarehouseError(f"no warehouse at {_short(db)} yet; the demo wrote "
                                 f"{_short(DEMO_DB)}: add `--db {_short(DEMO_DB)}`, or fill {_short(db)} with "
                                 "`send-monitor run`")
    return db


def _note_failed_run(args: argparse.Namespace, db: Path) -> None:
    """One line on stderr when the warehouse's latest run failed (reading must not fail because of it)."""
    import duckdb

    from warehouse.queries import latest_run_failure

    try:
        failed = latest_run_failure(db, wait_seconds=args.wait)
    except (SendMonitorError, duckdb.Error):
        return
    if failed:
        _say(printable(failed.note(f" --db {shlex.quote(args.db)}" if args.db else "")))


# Commands

def cmd_parse(args: argparse.Namespace) -> int:
    from parsers import render_text

    record = _read_document(args.path, args)
    if args.json:
        _print_json(record.to_dict())
    else:
        print(printable(render_text(record)))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from differ.changes import diff_announcements, is_flagged
    from differ.render import render_changes

    old = _read_document(args.old, args)
    new = _read_document(args.new, args)
    changes = diff_announcements(old, new)
    shown = changes if args.all else tuple(c for c in changes if is_flagged(c))
    if args.json:
        _print_json({"old": args.old, "new": args.new, "changes": [c.to_dict() for c in shown]})
    else:
        # The differ marks words [-removed-] and {+added+}; colour, when wanted, is added over the marks.
        text = render_changes(shown, old=old, new=new, color=False) if shown else "No flagged changes."
        print(color_word_diff(text) if color_enabled(sys.stdout) else text)
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    from warehouse.queries import list_changes, render_change_list

    settings = _settings(args)
    db = _reader_db(args, settings)
    rows = list_changes(db, since=args.since, significance=args.significance, wait_seconds=args.wait)
    if args.json:
        _print_json({"db": str(db), "changes": rows})
    else:
        print(printable(render_change_list(rows)))
    _note_failed_run(args, db)
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    from warehouse.queries import render_table, run_sql

    settings = _settings(args)
    db = _reader_db(args, settings)
    columns, rows = run_sql(db, args.query, timeout_seconds=args.timeout or None, wait_seconds=args.wait)
    if args.json:
        _print_json([dict(zip(columns, r)) for r in rows])
    else:
        print(printable(render_table(columns, rows)))
    _note_failed_run(args, db)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    _prefect_environment()
    settings = _settings(args, base_url=args.base_url)  # a bad config or URL fails before Prefect starts
    _before_fetching(settings, "run")
    from flows.monitor import launch, monitor
    from send_monitor.report import render_summary

    from flows.progress import listening
    from foundation.terminal import ProgressBar

    _quiet_known_errors()
    with listening(ProgressBar(sys.stderr, label="first run")):  # only first runs report progress
        summary = launch(monitor, config=str(settings.config_path), db=str(settings.db), base_url=settings.base_url,
                         recheck_after_days=args.recheck_after_days, dry_run=args.dry_run)
    if args.dry_run:
        if args.json:
            _print_json(summary)
        else:
            from send_monitor.report import render_plan

            print(render_plan(summary))
        return 0
    if args.json:
        _print_json({k: v for k, v in summary.items() if k != "flagged"} | {"flagged": summary.get("flagged", [])})
    else:
        print(printable(render_summary(summary, title=f"Run against {settings.base_url}")))
    return 0


def cmd_backfill(args: argparse.Namespace) -> int:
    _prefect_environment()
    if args.since and args.until and args.since > args.until:
        raise InputError(f"--since {args.since} is after --until {args.until}: nothing to fetch")
    settings = _settings(args, base_url=args.base_url)
    _before_fetching(settings, "backfill")
    from flows.monitor import backfill, launch
    from flows.progress import listening
    from foundation.terminal import ProgressBar
    from send_monitor.report import render_summary

    _quiet_known_errors()
    with listening(ProgressBar(sys.stderr, label="backfill")):
        summary = launch(backfill, profile=args.profile, since=args.since, until=args.until,
                         config=str(settings.config_path), db=str(settings.db), base_url=settings.base_url)
    scope = f"{args.profile or 'all profiles'}, {args.since or 'the beginning'} to {args.until or 'today'}"
    print(printable(render_summary(summary, title=f"Backfill of {scope} from {settings.base_url}")))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    _prefect_environment()
    if not os.environ.get("PREFECT_API_URL"):
        _stop_at_once_on_ctrl_c("demo")  # the demo runs on a temporary server of its own
    from send_monitor.demo import run_demo

    return run_demo(Path(args.db) if args.db else DEMO_DB, config=args.config)


def cmd_reparse(args: argparse.Namespace) -> int:
    _prefect_environment()
    settings = _settings(args)
    if not Path(settings.db).exists():
        raise NotAWarehouseError(f"no warehouse at {settings.db}: nothing archived to re-parse")
    if _use_prefect_server():
        _stop_at_once_on_ctrl_c("reparse")  # before the workers start: they inherit its quiet tracker
    from flows.parse_pool import prestarted

    with prestarted():  # the parse workers start while Prefect is imported and the flow run begins
        from flows.reparse import reparse
        from send_monitor.report import REPARSE_LABELS, render_summary

        from flows.progress import listening
        from foundation.terminal import ProgressBar

        _quiet_known_errors()
        with listening(ProgressBar(sys.stderr, label="reparse", unit="documents")):
            summary = reparse(config=str(settings.config_path), db=str(settings.db))
    if args.json:
        _print_json(summary)
    else:
        print(printable(render_summary(summary, title=f"Reparse of the archive in {settings.db}",
                                       labels=REPARSE_LABELS)))
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    if args.action == "round":
        return _replay_round(args)
    if args.action is not None or args.number is not None:
        raise InputError(f"unknown replay action {args.action!r}: use `send-monitor replay` to serve, "
                         "or `send-monitor replay round N` to switch a running one")
    from replay.__main__ import main as replay_main

    if args.snapshot and not Path(args.snapshot).is_dir():
        raise InputError("no such snapshot folder", url=args.snapshot)
    argv = ["--round", str(args.round), "--port", str(args.port or DEFAULT_REPLAY_PORT)]
    if args.snapshot:
        argv += ["--snapshot", args.snapshot]
    return replay_main(argv) or 0


def _replay_round(args: argparse.Namespace) -> int:
    """`replay round N`: switch a running replay (--port, or the one `serve --replay` started, or port 8765)."""
    from replay.server import ReplayControlError, switch_round
    from send_monitor.service import HOST, running_replay_url

    if args.number is None:
        raise InputError("`send-monitor replay round` needs the round number, e.g. `send-monitor replay round 2`")
    if args.port:
        base_url = f"http://{HOST}:{args.port}"
    else:
        base_url = running_replay_url() or f"http://{HOST}:{DEFAULT_REPLAY_PORT}"
    try:
        health = switch_round(base_url, args.number)
    except ReplayControlError as exc:
        if exc.reached:  # a replay is running; only the round is wrong
            raise InputError(str(exc)) from None
        raise InputError(f"{exc}; start one with `send-monitor replay` or `send-monitor serve --replay`, "
                         "or name its port with --port") from None
    print(f"The replay at {base_url} now serves round {health['round']} ({health['documents']} documents).")
    return 0


def _check_eval_dir(rest: Sequence[str], takes_value: tuple[str, ...]) -> None:
    """The scorer's optional folder argument must be a folder: a typo would score nothing and pass."""
    values = iter(rest)
    for arg in values:
        if arg in takes_value:
            next(values, None)
        elif not arg.startswith("-") and not Path(arg).is_dir():
            raise InputError("no such folder of labelled examples" if not Path(arg).exists()
                             else "is not a folder of labelled examples", url=arg)


def cmd_eval_parser(args: argparse.Namespace) -> int:
    from scoring.parser_eval import main

    _check_eval_dir(args.rest, ("--min-f1",))
    return main(args.rest) or 0


def cmd_eval_differ(args: argparse.Namespace) -> int:
    from scoring.differ_eval import main

    _check_eval_dir(args.rest, ("--min-precision", "--min-recall", "--show"))
    return main(args.rest) or 0


def cmd_serve(args: argparse.Namespace) -> int:
    _prefect_environment()
    from foundation.settings import default_config
    from send_monitor.service import serve

    # Its processes run in the repository root: name the config this folder would give `run`.
    os.environ.setdefault("SEND_MONITOR_CONFIG", str(default_config()))

    return serve(port=args.port, replay=args.replay)


def cmd_stop(args: argparse.Namespace) -> int:
    from send_monitor.service import stop

    return stop()


class _Parser(argparse.ArgumentParser):
    """argparse with its errors on one line, like the command's own (subcommands inherit it)."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="send-monitor", description=__doc__)
    parser.add_argument("--version", action="version", version=f"send-monitor {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("demo", help="offline demo: replay server, monitor round 1 then round 2, summary")
    p.add_argument("--db", help=f"warehouse file for the demo (default: {os.path.relpath(DEMO_DB, REPO_ROOT)}, recreated)")
    p.add_argument("--config", help="config file")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("run", help="run the monitor flow once (live GOV.UK by default)")
    _db_arg(p)
    p.add_argument("--base-url", help="GOV.UK base URL (default: the config's; e.g. a replay server)")
    p.add_argument("--recheck-after-days", type=float, help="re-check known pages older than this")
    p.add_argument("--dry-run", action="store_true",
                   help="search only: print, per profile, what a run would fetch; fetch and write nothing")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("backfill", help="fetch older pages: below each profile's first-run frontier (resumable), "
                       "or exactly --since..--until")
    _db_arg(p)
    p.add_argument("--profile", help="discovery profile name (default: all)")
    p.add_argument("--since", type=_date_arg, help="first publication date, YYYY-MM-DD")
    p.add_argument("--until", type=_date_arg, help="last publication date, YYYY-MM-DD")
    p.add_argument("--base-url", help="GOV.UK base URL (default: the config's)")
    p.set_defaults(func=cmd_backfill)

    p = sub.add_parser("parse", help="parse a Content API JSON item, GOV.UK HTML page, pasted text or GOV.UK URL")
    p.add_argument("path", help="a file, or a GOV.UK page URL (fetched through the Content API)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    _url_args(p)
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("diff", help="diff two versions of a document (any form `parse` accepts)")
    p.add_argument("old", help="the earlier version: a file, or a GOV.UK page URL")
    p.add_argument("new", help="the later version, in any form `parse` accepts")
    _url_args(p)
    p.add_argument("--json", action="store_true", help="print one JSON object with a `changes` list")
    p.add_argument("--all", action="store_true", help="include cosmetic changes")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("changes", help="list flagged changes from the warehouse")
    _db_arg(p)
    p.add_argument("--since", type=_date_arg, help="only changes detected on or after this date (YYYY-MM-DD)")
    p.add_argument("--significance", choices=("major", "minor"), help="only this significance")
    p.add_argument("--json", action="store_true", help='print one JSON object: {"db": ..., "changes": [...]}')
    _wait_arg(p)
    p.set_defaults(func=cmd_changes)

    p = sub.add_parser("sql", help="run a read-only SQL query against the warehouse")
    _db_arg(p)
    p.add_argument("query", help='one read-only SQL statement, e.g. "SELECT * FROM run_summary"')
    p.add_argument("--json", action="store_true", help="print the rows as a JSON list of objects")
    p.add_argument("--timeout", type=arguments.seconds, default=60.0, metavar="SECONDS",
                   help="stop the query after this long (default 60; 0 for no limit)")
    _wait_arg(p)
    p.set_defaults(func=cmd_sql)

    p = sub.add_parser("reparse", help="re-parse every archived response and rebuild versions and changes")
    _db_arg(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_reparse)

    p = sub.add_parser("replay", help="serve the recorded GOV.UK snapshot on loopback; `replay round N` switches one")
    p.add_argument("action", nargs="?", metavar="round", help="`round N`: tell a running replay to serve round N")
    p.add_argument("number", nargs="?", type=int, metavar="N", help="the round to switch to (with `round`)")
    p.add_argument("--round", type=int, default=1, help="round to serve first (default 1)")
    p.add_argument("--port", type=arguments.port, help=f"port to serve on, or of the replay to switch (default {DEFAULT_REPLAY_PORT}; "
                   "`replay round` finds the one `serve --replay` started)")
    p.add_argument("--snapshot", help="snapshot folder (default: the bundled one)")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("serve", help="start a local Prefect server + UI, work pool, worker and deployments")
    p.add_argument("--port", type=arguments.port, default=4200, help="port of the Prefect server and UI (default 4200)")
    p.add_argument("--replay", action="store_true", help="point the deployments at a local replay server")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("stop", help="stop what `serve` started")
    p.set_defaults(func=cmd_stop)

    from outputs.cli import add_commands

    add_commands(sub)

    for name, func in (("eval-parser", cmd_eval_parser), ("eval-differ", cmd_eval_differ)):
        # Options (--json, --min-f1, ...) belong to the scorer and pass straight through.
        p = sub.add_parser(name, help=f"score the {name.split('-')[1]} against its labelled set", add_help=False)
        p.set_defaults(func=func, passthrough=True)
    return parser


def _os_problem(exc: OSError) -> str:
    """"PATH: reason" for an OSError, with both paths of a failed rename."""
    reason = exc.strerror or str(exc)
    if exc.filename is None:
        return reason
    paths = f"{exc.filename} -> {exc.filename2}" if exc.filename2 is not None else str(exc.filename)
    return f"{paths}: {reason}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and not getattr(args, "passthrough", False):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.rest = extra
    on_ctrl_c = signal.getsignal(signal.SIGINT)  # a command may replace it; main() called in-process puts it back
    try:
        return args.func(args)
    except SendMonitorError as exc:
        print(printable(f"send-monitor: {exc}"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `send-monitor changes | head`: the reader left; say nothing more.
        sys.stderr.close()
        return 0
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError, FileExistsError, PermissionError) as exc:
        if _debug():
            raise
        # The system refused a path the user gave (no such folder, a file where a folder must be,
        # no permission): their input, named with the system's reason, not a bug. Other OSErrors
        # (a network failure, a full disk) stay "unexpected", with the traceback on request.
        print(printable(f"send-monitor {args.command}: {_os_problem(exc)}"), file=sys.stderr)
        return 2
    except Exception as exc:
        if _debug():
            raise
        # A bug, not a known failure: one line naming the command, the traceback on request.
        detail = " ".join(str(exc).split()) or "(no message)"
        print(printable(f"send-monitor {args.command}: unexpected {type(exc).__name__}: {detail[:300]} "
                        f"(run with {DEBUG_ENV}=1 for the traceback)"), file=sys.stderr)
        return 1
    finally:
        if on_ctrl_c is not None:  # None: a handler not set from Python, left alone
            with contextlib.suppress(ValueError):  # called off the main thread, where none was set
                signal.signal(signal.SIGINT, on_ctrl_c)


if __name__ == "__main__":
    sys.exit(main())
