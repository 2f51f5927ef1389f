"""Prefect artifacts for each run: the flagged changes (markdown), the run's counts (table), the warehouse (link).

Keys are stable, so the Prefect UI keeps each artifact's history run after run. Every piece of text
that came from GOV.UK is escaped: a page can say anything, including markdown, HTML and links.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from prefect import task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NONE as NO_CACHE
from prefect.logging import get_run_logger

from foundation.errors import SendMonitorError, WarehouseBusyError
from foundation.settings import Settings
from outputs.updates import govuk_url
from warehouse.export import default_export_dir, export_views
from warehouse.runs import LABELS

CHANGES_KEY = "send-monitor-changes"
COUNTS_KEY = "send-monitor-run-counts"
WAREHOUSE_KEY = "send-monitor-warehouse"
MAX_CHANGES = 150  # beyond this the markdown artifact says how many more are in the warehouse
MAX_TEXT = 1200  # characters of one old or new text shown

COUNT_ROWS = tuple(LABELS.items())  # the same measures, in the same words, as the terminal summary

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# The punctuation that can open or close markdown syntax (emphasis, code, links, images, headings,
# lists, tables, autolinks, maths); CommonMark lets any of it be backslash-escaped. `&`, `<` and `>`
# become HTML entities instead, so no tag or entity can come through.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:$@^])")


def escape_markdown(text: Any) -> str:
    """Text safe inside markdown and HTML: one line, entities for & < >, every markdown character escaped."""
    if text is None:
        return ""
    value = _CONTROL.sub("", str(text))
    value = " ".join(value.split())  # no newlines: text cannot start a heading, list or table
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", value)


def _date(value: Any) -> str:
    """YYYY-MM-DD HH:MM of a timestamp we stored (plain text: safe as it is), anything else escaped."""
    text = str(value)
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2}(\.\d+)?)?([+-]\d{2}(:?\d{2})?|Z)?", text)
    if match:
        zone = match.group(5)
        return f"{match.group(1)} {match.group(2)}" + (" UTC" if zone in ("Z", "+00", "+00:00", "+0000") else f" {zone}" if zone else "")
    return escape_markdown(text)


def _shorten(text: str, limit: int = MAX_TEXT) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def mark_changes(old: str | None, new: str | None) -> tuple[str, str]:
    """Old and new text as markdown: removed words ~~struck~~ in the old, added words **bold** in the new."""
    a = re.findall(r"\S+", _shorten(old or ""))
    b = re.findall(r"\S+", _shorten(new or ""))
    before: list[str] = []
    after: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        gone = escape_markdown(" ".join(a[i1:i2]))
        came = escape_markdown(" ".join(b[j1:j2]))
        if op == "equal":
            before.append(gone)
            after.append(came)
            continue
        if gone:
            before.append(f"~~{gone}~~")
        if came:
            after.append(f"**{came}**")
    return " ".join(before), " ".join(after)


def _text_of(view: Any) -> str | None:
    if isinstance(view, dict):
        value = view.get("text")
        return None if value is None else str(value)
    return None if view is None else str(view)


def _change_lines(change: dict[str, Any]) -> list[str]:
    significance = escape_markdown(str(change.get("significance") or "").upper())
    kind = escape_markdown(str(change.get("kind") or "").replace("_", " "))
    fields = change.get("fields") or []
    head = f"- **{significance}** {kind}"
    if fields:
        head += f" \\({escape_markdown(', '.join(map(str, fields)))}\\)"
    if change.get("silent"):
        head += " · **silent edit** \\(no new change note or date\\)"
    summary = change.get("summary")
    if summary:
        head += f": {escape_markdown(_shorten(summary, 300))}"
    lines = [head]
    old, new = _text_of(change.get("old")), _text_of(change.get("new"))
    if old and new and old != new:
        before, after = mark_changes(old, new)
        lines += [f"    - Before: {before}", f"    - After: {after}"]
    elif new and not old:
        lines.append(f"    - New text: **{escape_markdown(_shorten(new))}**")
    elif old and not new:
        lines.append(f"    - Removed text: ~~{escape_markdown(_shorten(old))}~~")
    elif new:
        lines.append(f"    - Text: {escape_markdown(_shorten(new))}")
    tags = change.get("tags") or []
    if tags:
        lines.append(f"    - Tags: {escape_markdown(', '.join(map(str, tags)))}")
    return lines


def _significance_counts(flagged: list[dict[str, Any]]) -> dict[str, int]:
    out = {"major": 0, "minor": 0, "silent": 0}
    for change in flagged:
        if change.get("significance") in ("major", "minor"):
            out[change["significance"]] += 1
        out["silent"] += bool(change.get("silent"))
    return out


def render_changes_markdown(summary: dict[str, Any]) -> str:
    """The run's flagged changes as markdown, grouped by page, with all GOV.UK text escaped."""
    flagged = list(summary.get("flagged") or [])
    counts = _significance_counts(flagged)
    pages = list(dict.fromkeys(c.get("base_path") for c in flagged))
    run = escape_markdown(summary.get("run_id", "?"))
    source = escape_markdown(summary.get("source", ""))
    lines = [f"# SEND monitor run {run}: {len(flagged)} flagged change(s) on {len(pages)} page(s)", ""]
    lines.append(
        f"Source: {source} · {counts['major']} major · {counts['minor']} minor · "
        f"{counts['silent']} silent edit(s) · {summary.get('new_documents', 0)} new document(s) · "
        f"{summary.get('errors', 0)} error(s)"
    )
    if not flagged:
        lines += ["", "No flagged changes in this run."]
        return "\n".join(lines) + "\n"
    shown = 0
    for path in pages:
        if shown >= MAX_CHANGES:
            break
        changes = [c for c in flagged if c.get("base_path") == path]
        first = changes[0]
        title = escape_markdown(first.get("title") or path or "(untitled)")
        url = govuk_url(path)
        lines += ["", f"## [{title}]({url})" if url else f"## {title}"]
        note = first.get("change_note")
        when = first.get("new_public_updated_at")
        lines.append("")
        line = f"Change note: {escape_markdown(note)}" if note else "Change note: *none*"
        lines.append(line + (f" · public update date {_date(when)}" if when else ""))
        if any(c.get("silent") for c in changes):
            lines += ["", "> **Silent edit:** this page changed without a new change note or update date."]
        lines.append("")
        for change in changes:
            if shown >= MAX_CHANGES:
                break
            lines += _change_lines(change)
            shown += 1
    if shown < len(flagged):
        lines += ["", f"…and {len(flagged) - shown} more flagged change(s): see the `flagged_changes` view."]
    return "\n".join(lines) + "\n"


def run_counts_table(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """The run's counts as table rows (measure, count), changes broken down by significance."""
    counts = _significance_counts(list(summary.get("flagged") or []))
    rows = [{"measure": label, "count": int(summary.get(key) or 0)} for key, label in COUNT_ROWS]
    rows += [
        {"measure": "major changes", "count": counts["major"]},
        {"measure": "minor changes", "count": counts["minor"]},
        {"measure": "silent edits", "count": counts["silent"]},
    ]
    return rows


def warehouse_links(db: Path) -> tuple[str, str]:
    """file:// URLs of the DuckDB file and of its Parquet export folder."""
    db = Path(db).resolve()
    return db.as_uri(), default_export_dir(db).as_uri() + "/"


def publish_run_artifacts(settings: Settings, summary: dict[str, Any]) -> None:
    """Publish the changes, counts and warehouse artifacts for this run (call inside the flow run)."""
    run = summary.get("run_id")
    create_markdown_artifact(markdown=render_changes_markdown(summary), key=CHANGES_KEY,
                             description=f"Flagged changes found by run {run}")
    create_table_artifact(table=run_counts_table(summary), key=COUNTS_KEY,
                          description=f"Counts for run {run}")
    db_url, exports_url = warehouse_links(settings.db)
    create_link_artifact(
        link=db_url, link_text=f"DuckDB warehouse {Path(settings.db).name}", key=WAREHOUSE_KEY,
        description=f"Parquet exports of every view (readable while a run writes): [{exports_url}]({exports_url})",
    )


def write_outputs(db: Path, logger: Any) -> list[Path]:
    """The Atom feed and the HTML report beside the exports; each one that fails is a warning, never an error."""
    # Loaded here, not at import: a run with nothing new never writes them (feedgen, Jinja2, lxml).
    from outputs.feed import default_feed_path, write_feed
    from outputs.html_report import default_report_dir, write_report

    written = []
    for name, write in (("Atom feed", lambda: write_feed(db, default_feed_path(db))),
                        ("HTML report", lambda: write_report(db, default_report_dir(db)))):
        try:
            written.append(write())
        except Exception as exc:  # noqa: BLE001 - what people read must never fail the run that fed it
            logger.warning("%s not written: %s", name, exc if isinstance(exc, SendMonitorError)
                           else f"{type(exc).__name__}: {exc}")
    return written


@task(cache_policy=NO_CACHE)
def export_parquet(settings: Settings) -> list[str]:
    """Refresh the Parquet exports, the feed and the report after a run; none of them can fail the run."""
    logger = get_run_logger()
    try:
        paths = export_views(settings.db)
    except WarehouseBusyError as exc:
        logger.warning("Parquet export skipped: %s", exc)
        paths = []
    else:
        logger.info("Exported %d Parquet file(s) to %s", len(paths), default_export_dir(settings.db))
    outputs = write_outputs(Path(settings.db), logger)
    if outputs:
        logger.info("Wrote %s", ", ".join(str(p) for p in outputs))
    return [str(p) for p in [*paths, *outputs]]
