"""A readable multi-line rendering of a record, for `send-monitor parse`."""

from __future__ import annotations

import textwrap

from parsers.record import Announcement, Commitment

_WIDTH = 100


def _wrap(text: str, indent: str, first: str | None = None) -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent, break_long_words=False, break_on_hyphens=False) or [indent.rstrip()]


def _links(links) -> str:
    return "; ".join(link.title for link in links)


def render_text(record: Announcement) -> str:
    """Title, metadata, quotes with speakers, sections, commitments with their figures, problems."""
    r = record
    out: list[str] = [r.title or "(untitled)", "=" * min(len(r.title or "(untitled)"), _WIDTH)]
    meta = [
        ("URL", r.url),
        ("Content ID", r.content_id),
        ("Type", " / ".join(x for x in (r.document_type, r.schema_name) if x) or None),
        ("Status", _status(r)),
        ("First published", r.first_published_at),
        ("Last updated", r.public_updated_at),
        ("Opens", r.opening_date),
        ("Closes", r.closing_date),
        ("Delivered", r.delivered_on),
        ("Organisations", _links(r.organisations) or None),
        ("People", _links(r.people) or None),
        ("Roles", _links(r.roles) or None),
        ("Government", _government(r)),
        ("Taxons", _links(r.taxons) or None),
        ("Topical events", _links(r.topical_events) or None),
        ("Source", r.source_format),
    ]
    out += [f"{label + ':':<16} {value}" for label, value in meta if value]
    if r.description:
        out += [""] + _wrap(r.description, "")
    if r.change_history:
        out += ["", "Change history (newest first):"]
        out += [f"  {c.public_timestamp or '?'}  {c.note}" for c in r.change_history]
    if r.attachments:
        out += ["", "Attachments:"]
        out += [f"  - {a.title}" + (f" ({a.type})" if a.type else "") + (f" <{a.url}>" if a.url else "")
                for a in r.attachments]
    if r.quotes:
        out += ["", f"Quotes ({len(r.quotes)}):"]
        for n, q in enumerate(r.quotes, 1):
            who = ", ".join(x for x in (q.speaker, q.role) if x) or "unknown speaker"
            out.append(f"  [{n}] {who}" + (f'  (lead-in: "{q.lead_in}")' if q.lead_in else ""))
            for k, para in enumerate(q.paragraphs):
                out += ([""] if k else []) + _wrap(para, "      ")
    if r.sections:
        out += ["", "Sections:"]
        for s in r.sections:
            out.append(f"  ## {s.heading or '(body)'}  [{s.kind}]")
            for item in s.items:
                mark = {"bullet": "- ", "numbered": "# ", "table_row": "| "}.get(item.kind, "")
                indent = "    " + "  " * item.level
                out += _wrap(item.text, indent + " " * len(mark), indent + mark)
    if r.commitments:
        out += ["", f"Commitments ({len(r.commitments)}):"]
        for n, c in enumerate(r.commitments, 1):
            out += _commitment(n, c)
    if r.figures:
        out += ["", f"Figures ({len(r.figures)}):"]
        out += [f"  - {f.kind}: {f.text}" + (f"  [{f.section}]" if f.section else "") for f in r.figures]
    if r.problems:
        out += ["", "Problems:"]
        out += [f"  ! {p}" for p in r.problems]
    return "\n".join(out) + "\n"


def _status(r: Announcement) -> str:
    status = r.status
    if r.withdrawn_at:
        status += f" on {r.withdrawn_at}"
    if r.redirect_to:
        status += f" -> {r.redirect_to}"
    if r.withdrawn_explanation:
        status += f": {r.withdrawn_explanation}"
    return status


def _government(r: Announcement) -> str | None:
    flags = [x for x in ("political" if r.political else "", "history mode" if r.history_mode else "") if x]
    if not r.government and not flags:
        return None
    if not r.government:
        return ", ".join(flags)
    return r.government + (f" ({', '.join(flags)})" if flags else "")


def _commitment(n: int, c: Commitment) -> list[str]:
    lines = _wrap(c.text, "      ", f"  [{n}] ")
    facts = [
        f"{c.firmness}/{c.status}",
        f"modality: {c.modality}" if c.modality else "",
        f"actor: {c.actor}" if c.actor else "",
        f"section: {c.section}" if c.section else "",
        f"speaker: {c.speaker}" if c.speaker else "",
    ]
    lines.append("      (" + "; ".join(f for f in facts if f) + ")")
    if c.action:
        lines.append(f"      action: {c.action}")
    if c.money:
        lines.append("      money: " + "; ".join(
            m.text + (f" = £{m.amount_gbp:,.0f}" if m.amount_gbp is not None else "") + (f" ({m.period})" if m.period else "")
            for m in c.money))
    if c.quantities:
        lines.append("      quantities: " + "; ".join(f"{q.text} = {q.value:g} {q.unit}" for q in c.quantities))
    if c.dates:
        lines.append("      dates: " + "; ".join(
            d.text + (f" = {d.start}" + (f"..{d.end}" if d.end and d.end != d.start else "") if d.start else "")
            for d in c.dates))
    if c.programmes:
        lines.append("      programmes: " + "; ".join(c.programmes))
    return lines
