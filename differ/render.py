"""Readable rendering of differ output: one block per change with a word-level diff."""

from __future__ import annotations

import difflib
import re

from differ.changes import Change
from foundation.terminal import printable
from parsers.record import Announcement

_RED, _GREEN, _BOLD, _DIM, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[2m", "\x1b[0m"


def word_diff(old: str, new: str, *, color: bool = False) -> str:
    """`old` turned into `new` with removed words as [-x-] and added ones as {+y+} (or red/green)."""
    a, b = re.findall(r"\S+", printable(old or "")), re.findall(r"\S+", printable(new or ""))
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(" ".join(a[i1:i2]))
            continue
        if i2 > i1:
            gone = " ".join(a[i1:i2])
            # The marks stay when coloured: the difference must read without colour too.
            out.append(f"{_RED}[-{gone}-]{_RESET}" if color else f"[-{gone}-]")
        if j2 > j1:
            came = " ".join(b[j1:j2])
            out.append(f"{_GREEN}{{+{came}+}}{_RESET}" if color else f"{{+{came}+}}")
    return " ".join(out)


def _header(change: Change, color: bool) -> str:
    flags = [change.significance, change.scope, change.kind]
    if change.fields:
        flags.append("fields=" + ",".join(change.fields))
    if change.silent:
        flags.append("SILENT")
    head = "[" + " | ".join(flags) + "]"
    if color:
        head = f"{_BOLD}{head}{_RESET}"
    tags = f" ({', '.join(change.tags)})" if change.tags else ""
    return f"{head} {printable(change.summary)}{printable(tags)}"


def render_change(change: Change, *, color: bool = False) -> str:
    """One change: header, then old/new text and the marked word diff."""
    lines = [_header(change, color)]
    old_text = (change.old or {}).get("text")
    new_text = (change.new or {}).get("text")
    old_text, new_text = (printable(str(t)) if t else t for t in (old_text, new_text))
    if old_text and new_text and old_text != new_text:
        lines.append("    " + word_diff(str(old_text), str(new_text), color=color))
    elif new_text and change.old is None:
        lines.append("    " + (f"{_GREEN}{{+{new_text}+}}{_RESET}" if color else f"{{+{new_text}+}}"))
    elif old_text and change.new is None:
        lines.append("    " + (f"{_RED}[-{old_text}-]{_RESET}" if color else f"[-{old_text}-]"))
    elif new_text:
        lines.append(f"    {new_text}")
    section = change.details.get("section")
    if section:
        lines.append(printable(f"    section: {section['old']!r} → {section['new']!r}"))
    return "\n".join(lines)


def render_changes(changes, *, old: Announcement, new: Announcement, color: bool = False) -> str:
    """A readable report of `changes` between two versions of one page."""
    name = new.title or old.title or new.base_path or old.base_path
    when = (f"  ({old.public_updated_at or '?'} → {new.public_updated_at or '?'})"
            if old.public_updated_at or new.public_updated_at else "")
    flagged = sum(1 for c in changes if c.significance != "cosmetic")
    counts = f"{len(changes)} change(s), {flagged} flagged"
    # Pasted text has no title or dates: then the counts lead.
    head = printable(f"{name}{when}\n{counts}") if name else counts
    if not changes:
        return head + "\n(no changes)"
    body = "\n\n".join(render_change(c, color=color) for c in changes)
    return f"{head}\n\n{body}"
