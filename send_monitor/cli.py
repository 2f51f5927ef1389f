"""The `send-monitor` command line: a thin layer over the flows, the parser, the differ and the warehouse."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Sequence

from foundation.errors import SendMonitorError
from foundation.settings import DEMO_DB, PREFECT_DEFAULTS, REPO_ROOT
from foundation.terminal import printable


def _prefect_environment() -> None:
    """Quiet, offline-friendly Prefect defaults (see STACK-NOTES); explicit settings still win."""
    os.environ.setdefault("PREFECT_HOME", str(REPO_ROOT / ".prefect"))
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


class _KnownErrorFilter:
    """Drops Prefect's console record of an error we name ourselves: the CLI prints it on one line.

    Only the terminal loses it; the Prefect API (and UI) still logs it with its traceback.
    """

    def filter(self, record) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, SendMonitorError)


def _quiet_known_errors() -> None:
    import logging

    for handler in logging.getLogger().handlers:
        if type(handler).__name__ == "PrefectConsoleHandler" and not any(
                isinstance(f, _KnownErrorFilter) for f in handler.filters):
            handler.addFilter(_KnownErrorFilter())


def _db_arg(parser: argparse.ArgumentParser, default_help: str = "$SEND_MONITOR_DB or the config's db") -> None:
    parser.add_argument("--db", help=f"DuckDB warehouse file (default: {default_help})")
    parser.add_argument("--config", help="config file (default: $SEND_MONITOR_CONFIG or send-monitor.toml)")


def _settings(args: argparse.Namespace, **overrides: Any):
    from foundation.settings import load_settings

    return load_settings(getattr(args, "config", None), db=getattr(args, "db", None), **overrides)


def _wait_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wait", type=float, default=10.0, metavar="SECONDS",
                        help="wait this long for a run writing the warehouse to let go (default 10)")


def _print_json(value: Any) -> None:
    print(printable(json.dumps(value, indent=2, ensure_ascii=False, default=str)))


# Commands

def cmd_parse(args: argparse.Namespace) -> int:
    from parsers import parse_document, render_text

    path = Path(args.path)
    record = parse_document(path.read_bytes(), name=str(path))
    if args.json:
        _print_json(record.to_dict())
    else:
        print(printable(render_text(record)))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from differ.changes import diff_announcements, is_flagged
    from differ.render import render_changes
    from parsers import parse_document

    old = parse_document(Path(args.old).read_bytes(), name=args.old)
    new = parse_document(Path(args.new).read_bytes(), name=args.new)
    changes = diff_announcements(old, new)
    shown = changes if args.all else tuple(c for c in changes if is_flagged(c))
    if args.json:
        _print_json({"old": args.old, "new": args.new, "changes": [c.to_dict() for c in shown]})
    else:
        print(render_changes(shown, old=old, new=new, color=sys.stdout.isatty()) if shown else "No flagged changes.")
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    from warehouse.queries import list_changes, render_change_list

    settings = _settings(args)
    rows = list_changes(settings.db, since=args.since, significance=args.significance, wait_seconds=args.wait)
    if args.json:
        _print_json({"db": str(settings.db), "changes": rows})
    else:
        print(printable(render_change_list(rows)))
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    from warehouse.queries import render_table, run_sql

    settings = _settings(args)
    columns, rows = run_sql(settings.db, args.query, timeout_seconds=args.timeout or None, wait_seconds=args.wait)
    if args.json:
        _print_json([dict(zip(columns, r)) for r in rows])
    else:
        print(printable(render_table(columns, rows)))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    _prefect_environment()
    from flows.monitor import monitor
    from send_monitor.report import render_summary

    _quiet_known_errors()
    settings = _settings(args, base_url=args.base_url)
    summary = monitor(config=str(settings.config_path), db=str(settings.db), base_url=settings.base_url,
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
    from flows.monitor import backfill
    from flows.progress import listening
    from foundation.terminal import ProgressBar
    from send_monitor.report import render_summary

    _quiet_known_errors()
    settings = _settings(args, base_url=args.base_url)
    with listening(ProgressBar(sys.stderr, label="backfill")):
        summary = backfill(profile=args.profile, since=args.since, until=args.until,
                           config=str(settings.config_path), db=str(settings.db), base_url=settings.base_url)
    scope = f"{args.profile or 'all profiles'}, {args.since or 'the beginning'} to {args.until or 'today'}"
    print(printable(render_summary(summary, title=f"Backfill of {scope} from {settings.base_url}")))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    _prefect_environment()
    from send_monitor.demo import run_demo

    return run_demo(Path(args.db) if args.db else DEMO_DB, config=args.config)


def cmd_reparse(args: argparse.Namespace) -> int:
    _prefect_environment()
    from flows.reparse import reparse

    settings = _settings(args)
    _print_json(reparse(config=str(settings.config_path), db=str(settings.db)))
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    from replay.__main__ import main as replay_main

    argv = ["--round", str(args.round), "--port", str(args.port)]
    if args.snapshot:
        argv += ["--snapshot", args.snapshot]
    return replay_main(argv) or 0


def cmd_eval_parser(args: argparse.Namespace) -> int:
    from scoring.parser_eval import main

    return main(args.rest) or 0


def cmd_eval_differ(args: argparse.Namespace) -> int:
    from scoring.differ_eval import main

    return main(args.rest) or 0


def cmd_serve(args: argparse.Namespace) -> int:
    _prefect_environment()
    from send_monitor.service import serve

    return serve(port=args.port, replay=args.replay)


def cmd_stop(args: argparse.Namespace) -> int:
    from send_monitor.service import stop

    return stop()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="send-monitor", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("demo", help="offline demo: replay server, monitor round 1 then round 2, summary")
    p.add_argument("--db", help=f"warehouse file for the demo (default: {DEMO_DB.relative_to(REPO_ROOT)}, recreated)")
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

    p = sub.add_parser("backfill", help="fetch the full history of one profile (or all) between two dates")
    _db_arg(p)
    p.add_argument("--profile", help="discovery profile name (default: all)")
    p.add_argument("--since", help="first publication date, YYYY-MM-DD")
    p.add_argument("--until", help="last publication date, YYYY-MM-DD")
    p.add_argument("--base-url", help="GOV.UK base URL (default: the config's)")
    p.set_defaults(func=cmd_backfill)

    p = sub.add_parser("parse", help="parse a Content API JSON item, GOV.UK HTML page or pasted text")
    p.add_argument("path")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("diff", help="diff two versions of a document (any form `parse` accepts)")
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("--json", action="store_true", help="print one JSON object with a `changes` list")
    p.add_argument("--all", action="store_true", help="include cosmetic changes")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("changes", help="list flagged changes from the warehouse")
    _db_arg(p)
    p.add_argument("--since", help="only changes detected on or after this date (YYYY-MM-DD)")
    p.add_argument("--significance", choices=("major", "minor"), help="only this significance")
    p.add_argument("--json", action="store_true")
    _wait_arg(p)
    p.set_defaults(func=cmd_changes)

    p = sub.add_parser("sql", help="run a read-only SQL query against the warehouse")
    _db_arg(p)
    p.add_argument("query")
    p.add_argument("--json", action="store_true")
    p.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                   help="stop the query after this long (default 60; 0 for no limit)")
    _wait_arg(p)
    p.set_defaults(func=cmd_sql)

    p = sub.add_parser("reparse", help="re-parse every archived response and rebuild versions and changes")
    _db_arg(p)
    p.set_defaults(func=cmd_reparse)

    p = sub.add_parser("replay", help="serve the recorded GOV.UK snapshot on loopback")
    p.add_argument("--round", type=int, default=1)
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--snapshot", help="snapshot folder (default: the bundled one)")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("serve", help="start a local Prefect server + UI, work pool, worker and deployments")
    p.add_argument("--port", type=int, default=4200)
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and not getattr(args, "passthrough", False):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.rest = extra
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


if __name__ == "__main__":
    sys.exit(main())
