"""The Atom feed of flagged changes: one entry per changed page per version, built by feedgen.

Entry content is HTML built from escaped text (`type="html"`), so a page's own markup arrives as text;
entry ids are tag: URIs of the page's content_id and version number, the same run after run (and
after a reparse, which renumbers version ids but not version numbers).
"""

from __future__ import annotations

import html
import os
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

from feedgen.feed import FeedGenerator

from foundation.errors import SendMonitorError
from outputs.updates import Update, clean, deltas, group_updates, kind_label, redline, text_of
from warehouse.export import default_export_dir
from warehouse.history import FlaggedChange, HistoryFilter, read_history

FEED_NAME = "changes.atom"
TAG_AUTHORITY = "tag:send-monitor,2025:"
MAX_ENTRIES = 200  # feed readers keep what they have seen; the newest 200 versions are plenty
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def default_feed_path(db: str | Path) -> Path:
    """`exports/<warehouse name>/changes.atom`, beside the Parquet exports."""
    return default_export_dir(db) / FEED_NAME


def entry_id(update: Update) -> str:
    """A tag: URI naming the page (content_id, locale) and the version the entry reports."""
    return f"{TAG_AUTHORITY}{quote(update.content_id, safe='-')}/{quote(update.locale, safe='-')}/{quote(update.key, safe='/-:')}"


def _feed_id(db: str | Path, filters: HistoryFilter) -> str:
    # A filtered feed is another feed: readers must not merge it with the full one.
    parts = [f"{name}={quote(str(value), safe='')}" for name, value in sorted(vars(filters).items()) if value]
    base = f"{TAG_AUTHORITY}feed/{quote(Path(db).stem, safe='-_.')}"
    return base + ("?" + "&".join(parts) if parts else "")


def _marked(old: str, new: str) -> tuple[str, str]:
    """The old sentence with its removed words in <del>[−…]</del>, the new with its added words in <ins>[+…]</ins>."""
    before, after = [], []
    for piece in redline(old, new):
        text = html.escape(piece.text)
        if piece.op == "same":
            before.append(text)
            after.append(text)
        elif piece.op == "del":
            before.append(f"<del>[−{text}]</del>")
        else:
            after.append(f"<ins>[+{text}]</ins>")
    return " ".join(before), " ".join(after)


def _change_html(change: FlaggedChange) -> str:
    head = f"<strong>{html.escape(clean(change.significance).upper())}</strong> {html.escape(kind_label(change))}"
    if change.fields:
        head += f" ({html.escape(', '.join(clean(f) for f in change.fields))})"
    if change.silent:
        head += " · <strong>silent edit</strong>"
    if change.summary:
        head += f": {html.escape(clean(change.summary))}"
    parts = [f"<p>{head}</p>"]
    parts += [f"<p>{html.escape(line)}</p>" for line in deltas(change.details)]
    old, new = text_of(change.old), text_of(change.new)
    if old and new and old != new:
        before, after = _marked(old, new)
        parts.append(f"<p>Before: {before}</p><p>After: {after}</p>")
    elif new and not old:
        parts.append(f"<p>Added: <ins>[+{html.escape(new)}]</ins></p>")
    elif old and not new:
        parts.append(f"<p>Removed: <del>[−{html.escape(old)}]</del></p>")
    return "<li>" + "".join(parts) + "</li>"


def entry_html(update: Update) -> str:
    """An entry's content: its page's note, then each change with its old and new sentences (all escaped)."""
    if update.silent:
        note = ("<p><strong>Silent edit:</strong> no new change note or update date, "
                "so GOV.UK sent no email alert for this.</p>")
    elif update.change_note:
        note = f"<p>Change note: {html.escape(update.change_note)}</p>"
    else:
        note = "<p>Change note: none</p>"
    link = f'<p><a href="{html.escape(update.url)}">{html.escape(update.url)}</a></p>' if update.url else ""
    return note + link + "<ul>" + "".join(_change_html(c) for c in update.changes) + "</ul>"


def entry_title(update: Update) -> str:
    count = len(update.changes)
    silent = " (silent edit)" if update.silent else ""
    return f"{update.title}: {count} {update.significance} change{'s' if count != 1 else ''}{silent}"


def build_feed(db: str | Path, filters: HistoryFilter = HistoryFilter(), *, wait_seconds: float = 10.0) -> bytes:
    """The Atom document for the flagged changes matching `filters`, newest first."""
    history = read_history(db, filters, pages=False, wait_seconds=wait_seconds)
    updates = group_updates(history.changes)[:MAX_ENTRIES]
    fg = FeedGenerator()
    fg.id(_feed_id(db, filters))
    fg.title("SEND monitor: flagged changes on GOV.UK" + (f" ({clean(', '.join(f'{k} {v}' for k, v in vars(filters).items() if v))})"
                                                       if any(vars(filters).values()) else ""))
    fg.author({"name": "send-monitor"})
    fg.link(href="https://www.gov.uk/", rel="related")
    fg.subtitle("What changed in GOV.UK announcements on special educational needs, silent edits included.")
    fg.language("en")
    # A fixed date when nothing matched, so an unchanged warehouse writes an unchanged feed.
    fg.updated(updates[0].detected_at if updates else history.last_run_at or EPOCH)
    for update in reversed(updates):  # feedgen prepends: add oldest first for newest-first output
        fe = fg.add_entry()
        fe.id(entry_id(update))
        fe.title(entry_title(update))
        fe.updated(update.detected_at)
        fe.published(update.detected_at)
        if update.url:
            fe.link(href=update.url, rel="alternate", type="text/html")
        fe.content(entry_html(update), type="html")
        fe.summary("; ".join(clean(c.summary) for c in update.changes if c.summary)[:1000] or None)
        for term in sorted({update.significance} | ({"silent-edit"} if update.silent else set())):
            fe.category(term=term, label=term.replace("-", " "))
    return fg.atom_str(pretty=True)


class FeedError(SendMonitorError):
    """The feed cannot be written where it was asked to be."""

    def __str__(self) -> str:
        return self.problem


def write_feed(db: str | Path, out: str | Path | None = None, filters: HistoryFilter = HistoryFilter(), *,
               wait_seconds: float = 10.0) -> Path:
    """Write the feed to `out` (default beside the exports) under a temporary name, then rename it into place."""
    path = Path(out) if out else default_feed_path(db)
    if path.is_dir():
        # Its temporary name would be made beside the folder (`--out /tmp` wrote into /).
        raise FeedError(f"{path} is a folder: the feed needs a file path (--out FILE.atom)")
    body = build_feed(db, filters, wait_seconds=wait_seconds)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_bytes(body)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    return path
