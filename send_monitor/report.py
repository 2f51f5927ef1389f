"""Plain-text summaries of a run for the terminal (Prefect artifacts have their own renderer)."""

from __future__ import annotations

from typing import Any

from send_monitor.terminal import printable

COUNTS = (
    ("discovered", "discovered in search"),
    ("fetched", "fetched"),
    ("not_modified", "not modified (304)"),
    ("unchanged", "unchanged"),
    ("new_documents", "new documents"),
    ("new_versions", "new versions"),
    ("changes", "changes (all, cosmetic included)"),
    ("flagged_changes", "flagged changes"),
    ("errors", "errors"),
)


def page_note(changes: list[dict[str, Any]], base_path: str) -> str | None:
    """The line under a page's title: its change note, or that GOV.UK sent no alert at all."""
    page = [c for c in changes if c["base_path"] == base_path]
    if page and all(c["silent"] for c in page):
        return "no new change note: GOV.UK sent no email alert for this"
    note = next((c.get("change_note") for c in page if c.get("change_note")), None)
    return f"change note: {note}" if note else None


def render_summary(summary: dict[str, Any], *, title: str) -> str:
    """Counts, then each flagged change grouped by page."""
    lines = [title, "=" * len(title)]
    lines += [f"  {label:<22} {summary.get(key, 0)}" for key, label in COUNTS]
    flagged = summary.get("flagged") or []
    if flagged:
        lines.append("")
        lines.append("Flagged changes:")
        current = None
        for ch in flagged:
            if ch["base_path"] != current:
                current = ch["base_path"]
                lines.append(f"  {ch['title']}")
                lines.append(f"    https://www.gov.uk{ch['base_path']}")
                note = page_note(flagged, current)
                if note:
                    lines.append(f"    {note}")
            silent = " [SILENT]" if ch["silent"] else ""
            lines.append(f"    - {ch['significance']} {ch['kind']}{silent}: {ch['summary']}")
    return printable("\n".join(lines))
