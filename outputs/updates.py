"""What the feed and the report share: a page's flagged changes grouped per version, redlines, deltas, safe text.

Nothing here escapes: the feed escapes for HTML inside XML, the report's templates autoescape.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from differ.fields import format_gbp
from foundation.settings import LIVE_BASE_URL
from warehouse.history import FlaggedChange

MAX_TEXT = 2000  # characters of one old or new text shown

# Characters XML 1.0 cannot carry at all (C0 controls but tab and newlines, lone surrogates, U+FFFE/F),
# C1 controls, and the bidi controls that can make a line read backwards.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff\ufffe\uffff]")


def drop_unsafe(text: str) -> str:
    """`text` without the characters XML cannot carry and the controls that can disguise it."""
    return _UNSAFE.sub("", text)


def clean(text: Any) -> str:
    """Text from GOV.UK made safe to put in XML or HTML text: unsafe characters dropped, whitespace folded."""
    if text is None:
        return ""
    return " ".join(drop_unsafe(str(text)).split())


def shorten(text: Any, limit: int = MAX_TEXT) -> str:
    value = clean(text)
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def govuk_url(base_path: str | None) -> str | None:
    """The page on GOV.UK for a base path, percent-encoded; None for anything that is not a path."""
    if not base_path or not base_path.startswith("/") or base_path.startswith("//"):
        return None
    return LIVE_BASE_URL + quote(base_path, safe="/-_.~")


@dataclass(frozen=True)
class Piece:
    """A run of words in a redline: kept (`same`), removed (`del`) or added (`ins`)."""

    op: str
    text: str


def redline(old: str | None, new: str | None) -> tuple[Piece, ...]:
    """Old and new text as one word diff: each removed run before the run that replaced it."""
    a, b = shorten(old).split(), shorten(new).split()
    out: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(Piece("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Piece("del", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(Piece("ins", " ".join(b[j1:j2])))
    return tuple(out)


def text_of(view: Any) -> str | None:
    """The sentence an old or new value holds (a change's JSON has it under `text`)."""
    if isinstance(view, dict):
        value = view.get("text")
        return None if value is None else clean(value)
    return None if view is None else clean(view)


def _signed_gbp(amount: float) -> str:
    return ("+" if amount >= 0 else "−") + format_gbp(abs(amount))


def deltas(details: dict[str, Any]) -> tuple[str, ...]:
    """The money and date movements of one change, in words: "£300m → £350m (+£50m, +16.7%)"."""
    out = []
    money = details.get("money") if isinstance(details, dict) else None
    if isinstance(money, dict) and isinstance(money.get("old"), (int, float)) and isinstance(money.get("new"), (int, float)):
        pct = money.get("pct")
        pct_text = f", {pct:+.1f}%".replace("-", "−") if isinstance(pct, (int, float)) else ""
        out.append(f"Money: {format_gbp(money['old'])} → {format_gbp(money['new'])} "
                   f"({_signed_gbp(money['new'] - money['old'])}{pct_text})")
    when = details.get("date") if isinstance(details, dict) else None
    if isinstance(when, dict):
        old = when.get("old_end") or when.get("old_start") or when.get("old")
        new = when.get("new_end") or when.get("new_start") or when.get("new")
        days = when.get("days")
        move = f" ({days:+d} days, {when.get('direction')})".replace("-", "−") if isinstance(days, int) and days else ""
        out.append(f"Date: {clean(old) or 'none'} → {clean(new) or 'none'}{move}")
    return tuple(out)


@dataclass(frozen=True)
class Update:
    """One page's flagged changes in one version (or one later status change, such as a 404, with no version)."""

    key: str  # "v3", or "v3/vanished/2025-06-03T08:05:00Z" for a status change after version 3
    content_id: str
    locale: str
    base_path: str
    title: str
    version_number: int | None
    detected_at: datetime
    change_note: str | None
    changes: tuple[FlaggedChange, ...]

    @property
    def silent(self) -> bool:
        """GOV.UK sent no alert: every change came without a new change note or update date."""
        return all(c.silent for c in self.changes)

    @property
    def significance(self) -> str:
        return "major" if any(c.significance == "major" for c in self.changes) else "minor"

    @property
    def url(self) -> str | None:
        return govuk_url(self.base_path)


def _key(change: FlaggedChange) -> str:
    if change.own_version and change.new_version_number is not None:
        return f"v{change.new_version_number}"
    after = change.new_version_number or change.old_version_number or 0
    return f"v{after}/{change.kind}/{change.detected_at.strftime('%Y-%m-%dT%H:%M:%SZ')}"


def group_updates(changes: list[FlaggedChange] | tuple[FlaggedChange, ...]) -> list[Update]:
    """Changes grouped by page and version, newest first, each group's changes in the order they were found."""
    groups: dict[tuple[str, str, str], list[FlaggedChange]] = {}
    for change in changes:
        groups.setdefault((change.content_id, change.locale, _key(change)), []).append(change)
    out = []
    for (cid, locale, key), items in groups.items():
        items.sort(key=lambda c: c.change_id)
        first = items[0]
        out.append(Update(
            key=key, content_id=cid, locale=locale, base_path=first.base_path,
            title=clean(first.title) or clean(first.base_path) or "(untitled)",
            version_number=first.new_version_number if first.own_version else None,
            detected_at=max(c.detected_at for c in items), change_note=clean(first.change_note) or None,
            changes=tuple(items)))
    out.sort(key=lambda u: (u.detected_at, u.content_id, u.key), reverse=True)
    return out


def kind_label(change: FlaggedChange) -> str:
    return clean(change.kind).replace("_", " ")


def timestamp(value: datetime | None) -> str:
    """YYYY-MM-DD HH:MM UTC, or an empty string."""
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""
