"""The `feed` and `report` commands, added to the `send-monitor` parser."""

from __future__ import annotations

import argparse
import re
from datetime import datetime

from foundation import arguments
from warehouse.history import HistoryError, HistoryFilter, check_filters

_SINCE = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?")


def history_filter(args: argparse.Namespace) -> HistoryFilter:
    """The filters a command was given, checked: a bad --since is one clear line, not a SQL error."""
    since = args.since
    if since:
        try:
            if not _SINCE.fullmatch(since):
                raise ValueError
            datetime.fromisoformat(since.replace("Z", "+00:00"))
        except ValueError:
            raise HistoryError(f"--since {since!r} is not a date: use YYYY-MM-DD (or an ISO timestamp)") from None
    return HistoryFilter(since=since, significance=args.significance, profile=args.profile, programme=args.programme)


def _settings(args: argparse.Namespace):
    from foundation.settings import load_settings

    return load_settings(getattr(args, "config", None), db=getattr(args, "db", None))


def _checked_filters(args: argparse.Namespace, settings) -> HistoryFilter:
    filters = history_filter(args)
    check_filters(settings.db, filters, configured_profiles=[p.name for p in settings.profiles], wait_seconds=args.wait)
    return filters


def cmd_feed(args: argparse.Namespace) -> int:
    from outputs.feed import write_feed

    settings = _settings(args)
    filters = _checked_filters(args, settings)
    path = write_feed(settings.db, args.out, filters, wait_seconds=args.wait)
    print(f"Atom feed written to {path}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from outputs.html_report import write_report

    settings = _settings(args)
    filters = _checked_filters(args, settings)
    index = write_report(settings.db, args.out, filters, wait_seconds=args.wait)
    print(f"HTML change report written to {index}")
    return 0


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="DuckDB warehouse file (default: $SEND_MONITOR_DB or the config's db)")
    p.add_argument("--config", help="config file (default: $SEND_MONITOR_CONFIG, else ./send-monitor.toml, else the shipped one)")
    p.add_argument("--since", help="only changes detected on or after this date (YYYY-MM-DD)")
    p.add_argument("--significance", choices=("major", "minor"), help="only this significance")
    p.add_argument("--profile", help="only pages this discovery profile found")
    p.add_argument("--programme", help="only changes about this programme (case-insensitive)")
    p.add_argument("--wait", type=arguments.seconds, default=10.0, metavar="SECONDS",
                   help="wait this long for a run writing the warehouse to let go (default 10)")


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register this package's commands on the CLI's subparsers."""
    p = sub.add_parser("feed", help="write an Atom feed of flagged changes (one entry per page per version)")
    _common(p)
    p.add_argument("--out", metavar="PATH",
                   help="feed file (default: changes.atom beside the Parquet exports, exports/<warehouse>/)")
    p.set_defaults(func=cmd_feed)

    p = sub.add_parser("report", help="write a static HTML change report (index, a page per document, charts)")
    _common(p)
    p.add_argument("--out", metavar="DIR", help="report folder (default: report/ beside the Parquet exports)")
    p.set_defaults(func=cmd_report)
