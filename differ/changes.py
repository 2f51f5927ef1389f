"""Pure differ between two parsed versions of one GOV.UK page.

`diff_announcements(old, new)` aligns commitments (exact key, then an optimal assignment over
masked-text similarity, then containment for splits and merges), compares their fields and
reports every change, cosmetic ones included; `is_flagged` keeps the ones people should see.
Text handling lives in `diff_text`, alignment in `diff_align`, field comparison in `diff_fields`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from datetime import date
from zoneinfo import ZoneInfo

from parsers.record import DOC_GONE, DOC_LIVE, DOC_REDIRECT, DOC_WITHDRAWN, KEY_DATE_FIELDS, Announcement, Quote
from send_monitor.timestamps import parse_time
from differ.assignment import hungarian
from differ.align import CONTAINMENT_THRESHOLD, MATCH_THRESHOLD, align_commitments, _items
from differ.statements import (
    Statement, StatementAlignment, TextMemo, align_statements, body_statements, compare_statements, holds_figures, hosted,
    text_statements,
)
from differ.fields import commitment_view, compare_commitments, field_summary, format_gbp, short
from differ.text import (
    containment,
    content_words,
    is_typo_fix,
    masked_tokens,
    normalise,
    similarity,
    similarity_matrix,
    text_equivalent,
    tokens_equivalent,
)

__all__ = [  # the differ's public names; text helpers are re-exported for existing callers
    "COSMETIC", "CONTAINMENT_THRESHOLD", "Change", "FIELD_ORDER", "MAJOR", "MAJOR_FIELDS", "MATCH_THRESHOLD",
    "MINOR", "align_commitments", "commitment_view", "compare_commitments", "containment", "content_words",
    "diff_announcements", "format_gbp", "hungarian", "is_flagged", "is_typo_fix", "masked_tokens", "normalise",
    "similarity", "text_equivalent", "tokens_equivalent",
]

MAJOR = "major"
MINOR = "minor"
COSMETIC = "cosmetic"

# Fields whose change alters what the government promised, so any change is major.
MAJOR_FIELDS = ("money", "quantity", "date", "modality", "firmness", "actor", "status", "programme")
FIELD_ORDER = MAJOR_FIELDS + ("wording",)

LONDON = ZoneInfo("Europe/London")  # GOV.UK shows dates in UK time: 23:45 BST is still that day
STATEMENT_ORDER = 1e6  # other statements follow the commitments, in document order
QUOTE_SAME_SPEAKER_THRESHOLD = 0.3  # one speaker's quote may be heavily rewritten
QUOTE_OTHER_SPEAKER_THRESHOLD = 0.6  # a quote moving to another speaker must stay recognisable


@dataclass(frozen=True)
class Change:
    kind: str
    scope: str  # commitment, quote, document
    significance: str  # major, minor, cosmetic
    fields: tuple[str, ...] = ()
    silent: bool = False
    tags: tuple[str, ...] = ()
    old: dict | None = None
    new: dict | None = None
    details: dict = field(default_factory=dict)
    summary: str = ""

    def to_dict(self) -> dict:
        return _plain(dataclasses.asdict(self))


def is_flagged(change: Change) -> bool:
    """A change people should see: anything that is not cosmetic."""
    return change.significance != COSMETIC


# ---------------------------------------------------------------------------------------------
# The differ


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
                        flagged: tuple[set[int], set[int]]) -> list[tuple[float, Change]]:
    """Changed, added and dropped commitments; `flagged` collects the old and new indices they report."""
    memo: dict = {}  # one tokenisation per distinct commitment text across both versions
    oi, ni = _items(old.commitments, memo), _items(new.commitments, memo)
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
        parts = field_summary(fields, details, oc, nc) + structural
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


def _published(a: Announcement) -> str | None:
    return a.first_published_at or a.public_updated_at


def _statement_view(units: list[Statement]) -> dict:
    view = {"text": " ".join(u.text for u in units), "section": units[0].section, "kind": units[0].kind,
            "position": units[0].position}
    if len(units) > 1:
        view["parts"] = [u.text for u in units]
    return view


def _quiet(units: list[Statement], commitments, flagged: set[int], memo: TextMemo) -> bool:
    """Whether these sentences hold a commitment whose change is already reported."""
    return bool(flagged) and bool(hosted(units, commitments, memo, among=flagged))


def _promises(o: list[Statement], n: list[Statement], old: Announcement, new: Announcement, memo: TextMemo) -> bool:
    """Whether a joined or split group holds commitments (only then does it matter, so only then asked)."""
    if len(o) == 1 and len(n) == 1:
        return False
    return bool(hosted(o, old.commitments, memo) or hosted(n, new.commitments, memo))


def _significance(fields: tuple[str, ...]) -> str:
    if any(f in MAJOR_FIELDS for f in fields):
        return MAJOR
    return MINOR if fields else COSMETIC


def _statement_changes(old: Announcement, new: Announcement, silent: bool, flagged: tuple[set[int], set[int]],
                       memo: TextMemo, regrouped: list[tuple[str, set[int], set[int]]],
                       body: tuple[list[Statement], list[Statement], StatementAlignment]) -> list[tuple[float, Change]]:
    """Every other sentence of the body: a figure moved or wording changed where no commitment says so.

    `regrouped` collects sentences split or merged with the commitments each side holds, so the
    commitment changes inside them can say so.
    """
    ou, nu, al = body
    out: list[tuple[float, Change]] = []
    for o_idx, n_idx in al.groups:
        if len(o_idx) != len(n_idx):
            o, n = [ou[i] for i in o_idx], [nu[j] for j in n_idx]
            held_o, held_n = hosted(o, old.commitments, memo), hosted(n, new.commitments, memo)
            if held_o and held_n:
                regrouped.append(("split" if len(n_idx) > len(o_idx) else "merged", held_o, held_n))
    whole_old = {memo.norm(c.text) for c in old.commitments}
    whole_new = {memo.norm(c.text) for c in new.commitments}
    for o_idx, n_idx in al.groups:
        o, n = [ou[i] for i in o_idx], [nu[j] for j in n_idx]
        if [u.text for u in o] == [u.text for u in n]:
            continue
        if memo.norm(" ".join(u.text for u in o)) in whole_old and memo.norm(" ".join(u.text for u in n)) in whole_new:
            continue  # the sentence is one commitment, compared as such
        if _quiet(o, old.commitments, flagged[0], memo) or _quiet(n, new.commitments, flagged[1], memo):
            continue  # the commitment's own change already says what moved in this sentence
        cmp = compare_statements(o, n, old_published=_published(old), new_published=_published(new),
                                 promises=_promises(o, n, old, new, memo))
        if cmp is None:
            continue
        # A negation added or dropped ("will no longer have to apply") reverses what the page says.
        significance = MAJOR if "reversed" in cmp.tags else _significance(cmp.fields)
        out.append((STATEMENT_ORDER + n[0].position, Change(
            "modified", "statement", significance, cmp.fields, silent, cmp.tags,
            old=_statement_view(o), new=_statement_view(n), details=cmp.details,
            summary=f"{cmp.summary}: {short(n[0].text, 70)}",
        )))
    for j in al.added:
        u = nu[j]
        if _quiet([u], new.commitments, flagged[1], memo):
            continue
        significance = MAJOR if holds_figures([u], _published(new)) else MINOR
        out.append((STATEMENT_ORDER + u.position, Change(
            "added", "statement", significance, silent=silent, tags=("new",), new=_statement_view([u]),
            summary=f"new text: {short(u.text)}",
        )))
    for i in al.removed:
        u = ou[i]
        if _quiet([u], old.commitments, flagged[0], memo):
            continue
        significance = MAJOR if holds_figures([u], _published(old)) else MINOR
        out.append((STATEMENT_ORDER + u.position + 0.5, Change(
            "removed", "statement", significance, silent=silent, tags=("dropped",), old=_statement_view([u]),
            summary=f"text removed: {short(u.text)}",
        )))
    return out


def _settle_rereadings(body: list[tuple[float, Change]], flagged: tuple[set[int], set[int]], old: Announcement,
                       new: Announcement, sentences: tuple[list[Statement], list[Statement], StatementAlignment],
                       memo: TextMemo) -> list[tuple[float, Change]]:
    """A commitment 'added' or 'dropped' whose sentence did not change is only read differently: cosmetic.

    The parser may see a promise in "£2.6bn we are investing" and not in "£2.6 billion we are
    investing"; the page said the same thing both times, so nobody should be told it changed.
    """
    ou, nu, al = sentences
    partner_of_new = {j: olds for olds, news in al.groups for j in news}
    partner_of_old = {i: news for olds, news in al.groups for i in olds}
    old_index = {c.text: i for i, c in enumerate(old.commitments)}
    new_index = {c.text: j for j, c in enumerate(new.commitments)}
    out = []
    for pos, ch in body:
        if ch.scope == "commitment" and ch.kind in ("added", "removed"):
            adding = ch.kind == "added"
            units, commitments, index = (nu, new.commitments, new_index) if adding else (ou, old.commitments, old_index)
            k = index.get(((ch.new if adding else ch.old) or {}).get("text"))
            hosts = [u.position for u in units if k is not None and hosted([u], commitments, memo, among={k})]
            partners = partner_of_new if adding else partner_of_old
            if hosts and all(h in partners for h in hosts):
                here = [units[h] for h in hosts]
                there_units = ou if adding else nu
                there = [there_units[p] for h in hosts for p in partners[h]]
                cmp = compare_statements(there, here, old_published=_published(old), new_published=_published(new)) \
                    if adding else compare_statements(here, there, old_published=_published(old), new_published=_published(new))
                if cmp is None or not cmp.fields:
                    (flagged[1] if adding else flagged[0]).discard(k)
                    ch = dataclasses.replace(ch, significance=COSMETIC, tags=ch.tags + ("reread",),
                                             summary=ch.summary + " (same sentence, read differently)")
        out.append((pos, ch))
    return out


def _with_sentences(body: list[tuple[float, Change]], old: Announcement, new: Announcement,
                    sentences: tuple[list[Statement], list[Statement], StatementAlignment],
                    memo: TextMemo) -> list[tuple[float, Change]]:
    """Each commitment change names the whole sentence it sits in, old and new, when the clause is only part of it."""
    ou, nu, _ = sentences
    old_index = {c.text: i for i, c in enumerate(old.commitments)}
    new_index = {c.text: j for j, c in enumerate(new.commitments)}

    def sentence(view: dict | None, units: list[Statement], commitments, index) -> str | None:
        k = index.get((view or {}).get("text"))
        if k is None:
            return None
        hosts = [u.text for u in units if hosted([u], commitments, memo, among={k})]
        text = " ".join(hosts)
        return text if hosts and memo.norm(text) != memo.norm(view["text"]) else None

    out = []
    for pos, ch in body:
        if ch.scope == "commitment" and ch.significance != COSMETIC:
            o = sentence(ch.old, ou, old.commitments, old_index)
            n = sentence(ch.new, nu, new.commitments, new_index)
            if o or n:
                ch = dataclasses.replace(
                    ch, old=ch.old if not o else {**ch.old, "sentence": o},
                    new=ch.new if not n else {**ch.new, "sentence": n})
        out.append((pos, ch))
    return out


def _tag_regrouped(body: list[tuple[float, Change]], regrouped: list[tuple[str, set[int], set[int]]],
                   old: Announcement, new: Announcement) -> list[tuple[float, Change]]:
    """A reworded commitment whose sentence was split in two (or two merged into one) is tagged so.

    The parser reads "will publish A and set out B" as two commitments, so the split is seen in
    the sentences, not in the commitment pairs.
    """
    if not regrouped:
        return body
    old_index = {c.text: i for i, c in enumerate(old.commitments)}
    new_index = {c.text: i for i, c in enumerate(new.commitments)}
    out = []
    for pos, ch in body:
        if ch.scope == "commitment" and ch.kind == "modified" and ch.significance != COSMETIC:
            i, j = old_index.get((ch.old or {}).get("text")), new_index.get((ch.new or {}).get("text"))
            for tag, held_o, held_n in regrouped:
                if i in held_o and j in held_n and tag not in ch.tags:
                    ch = dataclasses.replace(ch, tags=(tag,) + ch.tags)
        out.append((pos, ch))
    return out


def _quote_edit(old: Announcement, new: Announcement, a: Quote, b: Quote,
                flagged: tuple[set[int], set[int]], memo: TextMemo) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """Fields and tags of a rewritten quote, sentence by sentence; None when only commitments in it moved."""
    ou, nu = text_statements(a.text, "quote"), text_statements(b.text, "quote")
    al = align_statements(ou, nu, memo)
    fields: set[str] = set()
    tags: set[str] = set()
    for o_idx, n_idx in al.groups:
        o, n = [ou[i] for i in o_idx], [nu[j] for j in n_idx]
        if [u.text for u in o] == [u.text for u in n]:
            continue
        if _quiet(o, old.commitments, flagged[0], memo) or _quiet(n, new.commitments, flagged[1], memo):
            continue
        cmp = compare_statements(o, n, old_published=_published(old), new_published=_published(new),
                                 promises=_promises(o, n, old, new, memo))
        if cmp is not None:
            fields.update(cmp.fields)
            tags.update(cmp.tags)
    for j in al.added:
        if not _quiet([nu[j]], new.commitments, flagged[1], memo):
            fields.add("wording")
    for i in al.removed:
        if not _quiet([ou[i]], old.commitments, flagged[0], memo):
            fields.add("wording")
    if not fields and not tags:
        return None
    return tuple(f for f in FIELD_ORDER if f in fields), tuple(sorted(tags))


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
                   flagged: tuple[set[int], set[int]], memo: TextMemo) -> list[tuple[float, Change]]:
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
        edit = _quote_edit(old, new, a, b, flagged, memo) if a.text != b.text else None
        if edit is not None:
            fields, tags = edit
            significance = _significance(fields)
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
    body = _commitment_changes(old, new, silent, flagged)
    memo = TextMemo()
    ou, nu = body_statements(old, memo), body_statements(new, memo)
    sentences = (ou, nu, align_statements(ou, nu, memo))
    body = _settle_rereadings(body, flagged, old, new, sentences, memo)
    regrouped: list[tuple[str, set[int], set[int]]] = []
    statements = _statement_changes(old, new, silent, flagged, memo, regrouped, sentences)
    body = _tag_regrouped(body, regrouped, old, new)
    body = _with_sentences(body, old, new, sentences, memo)
    body += _quote_changes(old, new, silent, flagged, memo) + statements
    body.sort(key=lambda pc: pc[0])
    return tuple(changes + [c for _, c in body])


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
