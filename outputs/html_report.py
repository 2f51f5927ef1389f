"""The static HTML change report: an index of recent changes, a page per document, money charts; no JavaScript.

Jinja2 autoescapes every template, and every string is cleaned of control characters on the way out,
so nothing a GOV.UK page says can become markup. Document pages are named from the content_id.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from differ.fields import format_gbp
from foundation.errors import SendMonitorError
from outputs.chart import money_charts
from outputs.updates import Update, clean, deltas, drop_unsafe, group_updates, kind_label, redline, text_of, timestamp
from warehouse.export import default_export_dir
from warehouse.history import Document, HistoryFilter, Version, read_history

TEMPLATES = Path(__file__).resolve().parent / "templates"
MARKER = ".send-monitor-report"  # says a folder is ours, so stale document pages may be removed from it
RECENT = 50  # updates on the index; every one is on its document's page
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,63}")
_SAFE_LOCALE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})?")


class ReportError(SendMonitorError):
    """The report cannot be written where it was asked to be."""

    def __str__(self) -> str:
        return self.problem


def default_report_dir(db: str | Path) -> Path:
    """`exports/<warehouse name>/report/`, beside the Parquet exports."""
    return default_export_dir(db) / "report"


def document_filename(content_id: str, locale: str = "en") -> str:
    """A file name from the content_id (a UUID on GOV.UK); anything else is hashed, never used as it is."""
    name = content_id if _SAFE_ID.fullmatch(content_id or "") else "h-" + hashlib.sha256(
        (content_id or "").encode("utf-8", "surrogatepass")).hexdigest()[:24]
    if locale and locale != "en":
        name += "-" + (locale if _SAFE_LOCALE.fullmatch(locale) else hashlib.sha256(locale.encode()).hexdigest()[:8])
    return name + ".html"


@dataclass(frozen=True)
class TimelineItem:
    """A version of a page (with the changes it brought), or a later status change such as a 404."""

    anchor: str
    when: datetime
    version: Version | None
    update: Update | None


def anchor(key: str) -> str:
    """The fragment of an update on its document's page: `v3` for a version, a short hash for a status change."""
    return key if re.fullmatch(r"v\d+", key) else "s-" + hashlib.sha256(key.encode()).hexdigest()[:10]


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup) or not isinstance(value, str):
        return "" if value is None else value
    return drop_unsafe(value)  # whitespace kept: templates join class names with it


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      finalize=_finalize, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(stamp=timestamp, deltas=deltas, redline=lambda c: redline(text_of(c.old), text_of(c.new)),
                       kind=kind_label, clean=clean, anchor=anchor, gbp=format_gbp)
    return env


def _timeline(doc: Document, updates: list[Update]) -> list[TimelineItem]:
    own = {u.version_number: u for u in updates if u.version_number is not None}
    items = [TimelineItem(f"v{v.version_number}", v.captured_at, v, own.get(v.version_number)) for v in doc.versions]
    items += [TimelineItem(anchor(u.key), u.detected_at, None, u)
              for u in updates if u.version_number is None]
    return sorted(items, key=lambda i: (i.when, i.version.version_number if i.version else 1 << 30), reverse=True)


def _filters_text(filters: HistoryFilter) -> str:
    return ", ".join(f"{name} {value}" for name, value in vars(filters).items() if value)


def render_report(db: str | Path, filters: HistoryFilter = HistoryFilter(), *, wait_seconds: float = 10.0,
                  now: datetime | None = None) -> dict[str, str]:
    """Every file of the report, by its path inside the report folder."""
    history = read_history(db, filters, wait_seconds=wait_seconds)
    now = now or datetime.now(timezone.utc)
    updates = group_updates(history.changes)
    pages = {(d.content_id, d.locale): document_filename(d.content_id, d.locale) for d in history.documents}
    newest = [c.detected_at for c in history.changes] + [p.valid_from for p in history.money]
    charts, charts_left_out = money_charts(history.money, until=max(newest, default=now))
    env = environment()
    common = {"generated_at": now, "warehouse": Path(db).name, "filters": _filters_text(filters),
              "last_run_at": history.last_run_at}
    files = {"index.html": env.get_template("index.html.j2").render(
        **common, root="", updates=updates[:RECENT], more=max(0, len(updates) - RECENT), total=len(history.changes),
        pages=pages, silent=sum(1 for u in updates if u.silent), documents=len(history.documents),
        charts=charts, charts_left_out=charts_left_out)}
    page = env.get_template("document.html.j2")
    for doc in history.documents:
        mine = [u for u in updates if (u.content_id, u.locale) == (doc.content_id, doc.locale)]
        files["documents/" + pages[(doc.content_id, doc.locale)]] = page.render(
            **common, root="../", doc=doc, title=clean(doc.title) or clean(doc.base_path) or "(untitled)",
            timeline=_timeline(doc, mine), url=mine[0].url if mine else None, changes=sum(len(u.changes) for u in mine))
    files["style.css"] = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    return files


def _prepare(out: Path) -> None:
    """Make sure `out` is ours to write (new, empty, or an earlier report), and mark it as ours."""
    if out.exists() and not out.is_dir():
        raise ReportError(f"{out} is a file: the report needs a folder (--out DIR)")
    if out.is_dir() and not (out / MARKER).exists() and any(out.iterdir()):
        raise ReportError(f"{out} is not empty and holds no send-monitor report: choose a new or empty folder")
    (out / "documents").mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Written by `send-monitor report`; pages here are replaced on each run.\n", encoding="utf-8")


def write_report(db: str | Path, out: str | Path | None = None, filters: HistoryFilter = HistoryFilter(), *,
                 wait_seconds: float = 10.0, now: datetime | None = None) -> Path:
    """Write the report to `out` (default beside the exports), each file renamed into place; returns index.html."""
    files = render_report(db, filters, wait_seconds=wait_seconds, now=now)
    root = Path(out) if out else default_report_dir(db)
    _prepare(root)
    for name, text in files.items():
        final = root / name
        temp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
        try:
            temp.write_text(text, encoding="utf-8")
            os.replace(temp, final)
        finally:
            temp.unlink(missing_ok=True)
    for stale in (root / "documents").glob("*.html"):
        if f"documents/{stale.name}" not in files:
            stale.unlink()
    return root / "index.html"

