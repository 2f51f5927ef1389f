"""Pure differ between two parsed versions of one GOV.UK page.

`diff_announcements(old, new)` reports every change, cosmetic ones included: the document's own
fields, commitments (aligned by key, then an optimal assignment over masked-text similarity,
then containment for splits and merges), quotes, and every other sentence of the body as a
statement. `is_flagged` keeps the ones people should see. The Change contract lives in `change`,
text handling in `text`, alignment in `align` and `statements`, field comparison in `fields`,
statement changes in `statement_changes`.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from differ.align import CONTAINMENT_THRESHOLD, MATCH_THRESHOLD, align_commitments, align_items
from differ.assignment import hungarian
from differ.change import COSMETIC, FIELD_ORDER, MAJOR, MAJOR_FIELDS, MINOR, Change, is_flagged, significance_of
from differ.fields import commitment_view, compare_commitments, field_summary, format_gbp, short
from differ.statement_changes import quote_edit, settle_rereadings, statement_changes, tag_regrouped, with_sentences
from differ.statements import TextMemo, align_statements, body_statements
from differ.text import (containment, content_words, is_typo_fix, masked_tokens, normalise, similarity,
                         similarity_matrix, text_equivalent, tokens_equivalent)
from foundation.timestamps import parse_time
from parsers.record import DOC_GONE, DOC_LIVE, DOC_REDIRECT, DOC_WITHDRAWN, KEY_DATE_FIELDS, Announcement, Quote

__all__ = [  # the differ's public names; text helpers are re-exported for existing callers
    "COSMETIC", "CONTAINMENT_THRESHOLD", "Change", "FIELD_ORDER", "MAJOR", "MAJOR_FIELDS", "MATCH_THRESHOLD",
    "MINOR", "align_commitments", "commitment_view", "compare_commitments", "containment", "content_words",
    "diff_announcements", "format_gbp", "hungarian", "is_flagged", "is_typo_fix", "masked_tokens", "normalise",
    "similarity", "text_equivalent", "tokens_equivalent",
]

LONDON = ZoneInfo("Europe/London")  # GOV.UK shows dates in UK time: 23:45 BST is still that day
QUOTE_SAME_SPEAKER_THRESHOLD = 0.3  # one speaker's quote may be heavily rewritten
QUOTE_OTHER_SPEAKER_THRESHOLD = 0.6  # a quote moving to another speaker must stay recognisable


def _is_silent(old: Announcement, new: Announcement) -> bool:
    """Silent: no new change note, or public_updated_at unmoved. Unknowable without any metadata.

    Pasted text is never silent: the dates a user copied with it are not GOV.UK's record of a major update.
    """
    if "text" in (old.source_format, new.source_format):
        return False
    if not (old.public_updated_at or new.public_updated_at or old.change_history or new.change_history):
        return False
    if new.public_updated_at and new.public_updated_at == old.public_updated_at:
        return True
    return not _new_notes(old, new)


def _new_notes(old: Announcement, new: Announcement) -> list:
    """Change notes the old version did not have; an old note reworded or cut short is not new."""
    seen = {(n.public_timestamp, normalise(n.note)) for n in old.change_history}
    old_words = [set(normalise(n.note).split()) for n in old.change_history]

    def known(n) -> bool:
        if (n.public_timestamp, normalise(n.note)) in seen:
            return True
        words = set(normalise(n.note).split())
        return len(words) >= 4 and any(containment(words, w) >= 0.9 for w in old_words)

    return [n for n in new.change_history if not known(n)]


def _moved_pairs(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Pairs outside the longest run kept in order: the ones a reader would see as moved."""
    seq = sorted(pairs)
    n = len(seq)
    best = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if seq[j][1] < seq[i][1] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    keep: set[tuple[int, int]] = set()
    i = max(range(n), key=lambda k: best[k]) if n else -1
    while i >= 0:
        keep.add(seq[i])
        i = prev[i]
    return set(seq) - keep


def _commitment_changes(old: Announcement, new: Announcement, silent: bool,
                        *, flagged: tuple[set[int], set[int]]) -> list[tuple[float, Change]]:
    """Changed, added and dropped commitments; `flagged` collects the old and new indices they report."""
    memo: dict = {}  # one tokenisation per distinct commitment text across both versions
    oi, ni = align_items(old.commitments, memo), align_items(new.commitments, memo)
    al = align_commitments(oi, ni)
    moved = _moved_pairs(al.pairs)
    out: list[tuple[float, Change]] = []
    old_to_new = dict(al.pairs)
    for o_idx, n_idx in al.pairs:
        o_parts = [o_idx] + sorted(al.merges.get(n_idx, []))
        n_parts = [n_idx] + sorted(al.splits.get(o_idx, []))
        oc = [old.commitments[i] for i in o_parts]
        nc = [new.commitments[j] for j in n_parts]
        spans = [s for k in o_parts for s in oi[k].spans] + [s for k in n_parts for s in ni[k].spans]
        fields, tags, details = compare_commitments(oc, nc, spans)
        structural = []
        if len(n_parts) > 1:
            structural.append("split")
        if len(o_parts) > 1:
            structural.append("merged")
        if normalise(oc[0].section) != normalise(nc[0].section):
            tags.append("moved-section")
            details["section"] = {"old": oc[0].section, "new": nc[0].section}
        if (o_idx, n_idx) in moved:
            tags.append("reordered")
        textual = oc[0].text != nc[0].text or structural
        if not fields and not textual and not tags:
            continue
        if not fields and textual and not structural:
            tags.append("typography" if normalise(oc[0].text) == normalise(nc[0].text) else "typo")
        fields = [f for f in FIELD_ORDER if f in fields]
        if any(f in MAJOR_FIELDS for f in fields):
            significance = MAJOR
        elif fields or structural:
            significance = MINOR
        else:
            significance = COSMETIC
        parts = field_summary(fields, details, oc, new=nc) + structural
        parts += [t for t in tags if t in ("moved-section", "reordered")] if significance == COSMETIC or parts else []
        if significance == COSMETIC and not parts:
            parts = ["cosmetic edit"]
        old_view, new_view = commitment_view(oc[0]), commitment_view(nc[0])
        if len(o_parts) > 1:
            old_view["parts"] = [old.commitments[i].text for i in sorted(o_parts)]
            old_view["text"] = " ".join(old_view["parts"])
        if len(n_parts) > 1:
            new_view["parts"] = [new.commitments[j].text for j in sorted(n_parts)]
            new_view["text"] = " ".join(new_view["parts"])
        change = Change(
            kind="modified",
            scope="commitment",
            significance=significance,
            fields=tuple(fields),
            silent=silent,
            tags=tuple(structural + tags),
            old=old_view,
            new=new_view,
            details=details,
            summary=f"{'; '.join(parts)}: {short(nc[0].text, 70)}",
        )
        out.append((float(min(n_parts)), change))
        if significance != COSMETIC:
            flagged[0].update(o_parts)
            flagged[1].update(n_parts)
    flagged[1].update(al.added)
    flagged[0].update(al.removed)
    for j in al.added:
        c = new.commitments[j]
        summary = f"new commitment: {short(c.text)}"
        out.append((float(j), Change("added", "commitment", MAJOR, silent=silent, tags=("new",), new=commitment_view(c), summary=summary)))
    for i in al.removed:
        c = old.commitments[i]
        # Place a removal just after the new position of the nearest earlier surviving commitment.
        before = next((old_to_new[k] for k in range(i - 1, -1, -1) if k in old_to_new), -1)
        summary = f"dropped commitment: {short(c.text)}"
        change = Change("removed", "commitment", MAJOR, silent=silent, tags=("dropped",), old=commitment_view(c), summary=summary)
        out.append((before + 0.5 + i * 1e-6, change))
    return out


def _quote_view(q: Quote) -> dict:
    return {"speaker": q.speaker, "role": q.role, "text": q.text, "position": q.position}


def _align_quotes(oq: list[Quote], nq: list[Quote]) -> list[tuple[int, int]]:
    """Pair quotes by speaker and similarity; a quote under another speaker must stay recognisable."""
    if not oq or not nq:
        return []
    sims = similarity_matrix([masked_tokens(q.text) for q in oq], [masked_tokens(q.text) for q in nq])
    ospk, nspk = [normalise(q.speaker) for q in oq], [normalise(q.speaker) for q in nq]
    score = []
    for i in range(len(oq)):
        row = []
        for j in range(len(nq)):
            s = sims[i][j]
            same = ospk[i] == nspk[j]
            ok = s >= (QUOTE_SAME_SPEAKER_THRESHOLD if same else QUOTE_OTHER_SPEAKER_THRESHOLD)
            row.append(s + (0.5 if same else 0.0) if ok else -1.0)
        score.append(row)
    return [(i, j) for i, j in hungarian([[2.0 - s for s in row] for row in score]) if score[i][j] >= 0]


def _quote_changes(old: Announcement, new: Announcement, silent: bool,
                   *, flagged: tuple[set[int], set[int]], memo: TextMemo) -> list[tuple[float, Change]]:
    oq, nq = list(old.quotes), list(new.quotes)
    pairs = _align_quotes(oq, nq)
    out: list[tuple[float, Change]] = []
    for i, j in pairs:
        a, b = oq[i], nq[j]
        pos = -1e6 + b.position  # quotes sort after document changes, before commitments
        who = b.speaker or "unknown speaker"
        if normalise(a.speaker) != normalise(b.speaker):
            out.append((pos, Change(
                "speaker_changed", "quote", MAJOR, ("speaker",), silent, old=_quote_view(a), new=_quote_view(b),
                details={"speaker": {"old": a.speaker, "new": b.speaker}},
                summary=f"quote now attributed to {b.speaker} (was {a.speaker})",
            )))
        edit = quote_edit(old, new, a, b=b, flagged=flagged, memo=memo) if a.text != b.text else None
        if edit is not None:
            fields, tags = edit
            significance = significance_of(fields)
            verb = "retyped" if significance == COSMETIC else "re-figured" if significance == MAJOR else "reworded"
            out.append((pos + 0.1, Change(
                "quote_changed", "quote", significance, fields or ("wording",), silent,
                tags=tags or ("reworded",), old=_quote_view(a), new=_quote_view(b),
                summary=f"quote by {who} {verb}: {short(b.text, 70)}",
            )))
    matched_o, matched_n = {p[0] for p in pairs}, {p[1] for p in pairs}
    for j, b in enumerate(nq):
        if j not in matched_n:
            summary = f"new quote by {b.speaker or 'unknown speaker'}: {short(b.text, 70)}"
            change = Change("quote_added", "quote", MINOR, silent=silent, tags=("new",), new=_quote_view(b), summary=summary)
            out.append((-1e6 + b.position, change))
    for i, a in enumerate(oq):
        if i not in matched_o:
            summary = f"quote by {a.speaker or 'unknown speaker'} removed: {short(a.text, 70)}"
            change = Change("quote_removed", "quote", MINOR, silent=silent, tags=("dropped",), old=_quote_view(a), summary=summary)
            out.append((-1e6 + a.position + 0.2, change))
    return out


def _status_view(a: Announcement) -> dict:
    return {
        "status": a.status,
        "text": a.withdrawn_explanation or a.redirect_to or a.status,
        "withdrawn_explanation": a.withdrawn_explanation,
        "withdrawn_at": a.withdrawn_at,
        "redirect_to": a.redirect_to,
        "public_updated_at": a.public_updated_at,
    }


_STATUS_KIND = {DOC_WITHDRAWN: "withdrawn", DOC_GONE: "gone", DOC_REDIRECT: "redirected", DOC_LIVE: "unwithdrawn"}


_KEY_DATE_LABEL = {"opening_date": "opening date", "closing_date": "closing date", "delivered_on": "delivered"}


def _day(value: str | None) -> date | None:
    t = parse_time(value)
    return t.astimezone(LONDON).date() if t else None


def _key_date_changes(old: Announcement, new: Announcement, silent: bool) -> list[Change]:
    """A consultation's closing date extended, or its opening moved, is a re-dated promise."""
    out = []
    for name in KEY_DATE_FIELDS:
        a, b = _day(getattr(old, name)), _day(getattr(new, name))
        if a == b:
            continue
        days = (b - a).days if a and b else None
        direction = "later" if days and days > 0 else "earlier" if days and days < 0 else "added" if b else "removed"
        tags = ("re-dated",) + ((f"re-dated-{direction}",) if direction in ("later", "earlier") else ())
        when = f" ({days:+d} days, {direction})" if days else f" ({direction})"
        label = _KEY_DATE_LABEL[name]
        out.append(Change(
            "modified", "document", MAJOR, ("date",), silent, tags,
            old={"text": f"{label}: {a.isoformat() if a else 'none'}", name: getattr(old, name)},
            new={"text": f"{label}: {b.isoformat() if b else 'none'}", name: getattr(new, name)},
            details={"date": {"field": name, "old": getattr(old, name), "new": getattr(new, name), "days": days,
                              "direction": direction}},
            summary=f"re-dated: {label} {a or 'none'} → {b or 'none'}{when}",
        ))
    return out


def _document_changes(old: Announcement, new: Announcement, silent: bool) -> list[Change]:
    out: list[Change] = []
    o, n = old.status, new.status
    if o != n:
        summary = {
            DOC_WITHDRAWN: f"withdrawn: {short(new.withdrawn_explanation)}",
            DOC_GONE: "unpublished" + (f" (see {new.redirect_to})" if new.redirect_to else ""),
            DOC_REDIRECT: f"redirected to {new.redirect_to}",
            DOC_LIVE: f"live again (was {o})",
        }.get(n, f"status: {o} → {n}")
        out.append(Change(
            _STATUS_KIND.get(n, n), "document", MAJOR, ("status",), silent, old=_status_view(old), new=_status_view(new),
            details={"status": {"old": o, "new": n}}, summary=summary,
        ))
    if n in (DOC_GONE, DOC_REDIRECT):
        return out  # nothing else on a page that is no longer there is worth reporting
    for kind, attr in (("title_changed", "title"), ("summary_changed", "description")):
        a, b = getattr(old, attr), getattr(new, attr)
        if (a or "") != (b or ""):
            cosmetic = text_equivalent(a, b)
            out.append(Change(
                kind, "document", COSMETIC if cosmetic else MINOR, (attr,), silent,
                tags=("typography",) if cosmetic else ("reworded",), old={"text": a}, new={"text": b},
                summary=f"{attr}: '{short(a, 60)}' → '{short(b, 60)}'",
            ))
    out += _key_date_changes(old, new, silent)
    for note in _new_notes(old, new):
        out.append(Change(
            "change_note_added", "document", MINOR, ("change_history",), silent,
            new={"text": note.note, "note": note.note, "public_timestamp": note.public_timestamp},
            summary=f"change note: {short(note.note)}",
        ))
    return out


def diff_announcements(old: Announcement, new: Announcement) -> tuple[Change, ...]:
    """Every change from `old` to `new`, cosmetic ones included, in document order."""
    silent = _is_silent(old, new)
    changes = _document_changes(old, new, silent)
    if new.status in (DOC_GONE, DOC_REDIRECT):
        return tuple(changes)
    if old.status in (DOC_GONE, DOC_REDIRECT) and not old.commitments and not old.quotes:
        return tuple(changes)  # a page coming back: nothing earlier to compare its body with
    flagged: tuple[set[int], set[int]] = (set(), set())
    body = _commitment_changes(old, new, silent, flagged=flagged)
    memo = TextMemo()
    ou, nu = body_statements(old, memo), body_statements(new, memo)
    sentences = (ou, nu, align_statements(ou, nu, memo))
    body = settle_rereadings(body, flagged, old, new=new, sentences=sentences, memo=memo)
    regrouped: list[tuple[str, set[int], set[int]]] = []
    statements = statement_changes(old, new, silent, flagged=flagged, memo=memo, regrouped=regrouped, body=sentences)
    body = tag_regrouped(body, regrouped, old, new=new)
    body = with_sentences(body, old, new, sentences=sentences, memo=memo)
    body += _quote_changes(old, new, silent, flagged=flagged, memo=memo) + statements
    body.sort(key=lambda pc: pc[0])
    return tuple(changes + [c for _, c in body])


