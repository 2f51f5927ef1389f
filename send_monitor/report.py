"""Plain-text summaries of a run for the terminal (Prefect artifacts have their own renderer)."""

from __future__ import annotations

from typing import Any, Mapping

from foundation.terminal import printable
from warehouse.queries import page_note
from warehouse.runs import LABELS, WHEN_ANY

# A reparse fetches nothing: it reports the documents it rebuilt and the run counts it produced.
REPARSE_LABELS = {"documents": "documents re-parsed", **LABELS}


def _day(stamp: str | None) -> str:
    return stamp[:10] if stamp else "?"


def render_plan(preview: dict[str, Any], *, sample: int = 5) -> str:
    """The dry run: per profile, what a run would fetch, the dates it covers and a few titles."""
    title = f"Dry run against {preview['base_url']}: {preview['search_requests']} search request(s), no page fetched"
    lines = [title, "=" * len(title)]
    for p in preview["profiles"]:
        head = f"{p['profile']}" + (" (first run)" if p["first_run"] else "")
        lines.append(head)
        lines.append(f"  search holds {p['in_search']}; a run would fetch {p['new'] + p['updated']} "
                     f"(new {p['new']}, updated {p['updated']})"
                     + (f", published {_day(p['oldest'])} to {_day(p['newest'])}" if p["oldest"] else ""))
        if p["left_for_backfill"]:
            lines.append(f"  leaves {p['left_for_backfill']} older page(s), published up to {_day(p['left_before'])}, "
                         f"for `send-monitor backfill` (first runs fetch at most {preview['first_run_max_pages']} new pages)")
        lines += [f"    - {t}" for t in p["sample"][:sample]]
    reasons = preview["reasons"]
    lines.append("")
    lines.append(f"In all: {preview['to_fetch']} distinct page(s) to fetch (new {reasons['new']}, updated "
                 f"{reasons['updated'] + reasons['moved']}, now withdrawn {reasons['withdrawn']}, re-checks "
                 f"{reasons['recheck']}); {preview['left_for_backfill']} left for backfill.")
    return printable("\n".join(lines))


def render_summary(summary: dict[str, Any], *, title: str, labels: Mapping[str, str] = LABELS) -> str:
    """The counts the summary holds, then each flagged change grouped by page."""
    lines = [title, "=" * len(title)]
    lines += [f"  {label:<22} {summary[key]}" for key, label in labels.items()
              if key in summary and (key not in WHEN_ANY or summary[key])]
    if summary.get("first_run"):
        lines.append("")
        lines.append(f"First run: at most {summary.get('first_run_max_pages')} new pages are fetched; "
                     f"up to {summary.get('left_for_backfill', 0)} older page(s) are left. Fetch them with "
                     "`send-monitor backfill --since YYYY-MM-DD` (resumable). Left, by profile:")
        lines += [f"  {first['profile']:<34} {first['left_for_backfill']:>6}, published up to {_day(first['left_before'])}"
                  for first in summary["first_run"]]
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
