"""Changes to the body's statements, and what the statement alignment tells the commitment changes.

Every sentence outside the commitments is compared as a statement (`statement_changes`); the same
alignment then says when a commitment was only read differently (`settle_rereadings`), sits in
a sentence split or merged (`tag_regrouped`), and which whole sentence it belongs to
(`with_sentences`). `quote_edit` compares a rewritten quote sentence by sentence.
"""

from __future__ import annotations

import dataclasses

from differ.change import COSMETIC, FIELD_ORDER, MAJOR, MINOR, Change, significance_of
from differ.fields import short
from differ.statements import (
    Statement, StatementAlignment, TextMemo, align_statements, compare_statements, holds_figures, hosted,
    text_statements,
)
from parsers.record import Announcement, Quote

STATEMENT_ORDER = 1e6  # other statements follow the commitments, in document order


def published(a: Announcement) -> str | None:
    return a.first_published_at or a.public_updated_at


def statement_view(units: list[Statement]) -> dict:
    view = {"text": " ".join(u.text for u in units), "section": units[0].section, "kind": units[0].kind,
            "position": units[0].position}
    if len(units) > 1:
        view["parts"] = [u.text for u in units]
    return view


def quiet(units: list[Statement], commitments, flagged: set[int], *, memo: TextMemo) -> bool:
    """Whether these sentences hold a commitment whose change is already reported."""
    return bool(flagged) and bool(hosted(units, commitments, memo, among=flagged))


def promises(o: list[Statement], n: list[Statement], old: Announcement, *, new: Announcement, memo: TextMemo) -> bool:
    """Whether a joined or split group holds commitments (only then does it matter, so only then asked)."""
    if len(o) == 1 and len(n) == 1:
        return False
    return bool(hosted(o, old.commitments, memo) or hosted(n, new.commitments, memo))


def statement_changes(old: Announcement, new: Announcement, silent: bool, *, flagged: tuple[set[int], set[int]],
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
        if quiet(o, old.commitments, flagged[0], memo=memo) or quiet(n, new.commitments, flagged[1], memo=memo):
            continue  # the commitment's own change already says what moved in this sentence
        cmp = compare_statements(o, n, old_published=published(old), new_published=published(new),
                                 promises=promises(o, n, old, new=new, memo=memo))
        if cmp is None:
            continue
        # A negation added or dropped ("will no longer have to apply") reverses what the page says.
        significance = MAJOR if "reversed" in cmp.tags else significance_of(cmp.fields)
        out.append((STATEMENT_ORDER + n[0].position, Change(
            "modified", "statement", significance, cmp.fields, silent, cmp.tags,
            old=statement_view(o), new=statement_view(n), details=cmp.details,
            summary=f"{cmp.summary}: {short(n[0].text, 70)}",
        )))
    for kind, indices, units, version, side in (("added", al.added, nu, new, 1), ("removed", al.removed, ou, old, 0)):
        for k in indices:
            u = units[k]
            if quiet([u], version.commitments, flagged[side], memo=memo):
                continue
            view = statement_view([u])
            out.append((STATEMENT_ORDER + u.position + 0.5 * (1 - side), Change(
                kind, "statement", MAJOR if holds_figures([u], published(version)) else MINOR, silent=silent,
                tags=("new",) if side else ("dropped",), old=None if side else view, new=view if side else None,
                summary=f"{'new text' if side else 'text removed'}: {short(u.text)}",
            )))
    return out


def settle_rereadings(body: list[tuple[float, Change]], flagged: tuple[set[int], set[int]], old: Announcement,
                       *, new: Announcement, sentences: tuple[list[Statement], list[Statement], StatementAlignment],
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
                cmp = compare_statements(there, here, old_published=published(old), new_published=published(new)) \
                    if adding else compare_statements(here, there, old_published=published(old), new_published=published(new))
                if cmp is None or not cmp.fields:
                    (flagged[1] if adding else flagged[0]).discard(k)
                    ch = dataclasses.replace(ch, significance=COSMETIC, tags=ch.tags + ("reread",),
                                             summary=ch.summary + " (same sentence, read differently)")
        out.append((pos, ch))
    return out


def with_sentences(body: list[tuple[float, Change]], old: Announcement, new: Announcement,
                    *, sentences: tuple[list[Statement], list[Statement], StatementAlignment],
                    memo: TextMemo) -> list[tuple[float, Change]]:
    """Each commitment change names the whole sentence it sits in, old and new, when the clause is only part of it."""
    ou, nu, _ = sentences
    old_index = {c.text: i for i, c in enumerate(old.commitments)}
    new_index = {c.text: j for j, c in enumerate(new.commitments)}

    def sentence(view: dict | None, units: list[Statement], commitments, *, index) -> str | None:
        k = index.get((view or {}).get("text"))
        if k is None:
            return None
        hosts = [u.text for u in units if hosted([u], commitments, memo, among={k})]
        text = " ".join(hosts)
        return text if hosts and memo.norm(text) != memo.norm(view["text"]) else None

    out = []
    for pos, ch in body:
        if ch.scope == "commitment" and ch.significance != COSMETIC:
            o = sentence(ch.old, ou, old.commitments, index=old_index)
            n = sentence(ch.new, nu, new.commitments, index=new_index)
            if o or n:
                ch = dataclasses.replace(
                    ch, old=ch.old if not o else {**ch.old, "sentence": o},
                    new=ch.new if not n else {**ch.new, "sentence": n})
        out.append((pos, ch))
    return out


def tag_regrouped(body: list[tuple[float, Change]], regrouped: list[tuple[str, set[int], set[int]]],
                   old: Announcement, *, new: Announcement) -> list[tuple[float, Change]]:
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


def quote_edit(old: Announcement, new: Announcement, a: Quote, *, b: Quote,
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
        if quiet(o, old.commitments, flagged[0], memo=memo) or quiet(n, new.commitments, flagged[1], memo=memo):
            continue
        cmp = compare_statements(o, n, old_published=published(old), new_published=published(new),
                                 promises=promises(o, n, old, new=new, memo=memo))
        if cmp is not None:
            fields.update(cmp.fields)
            tags.update(cmp.tags)
    for j in al.added:
        if not quiet([nu[j]], new.commitments, flagged[1], memo=memo):
            fields.add("wording")
    for i in al.removed:
        if not quiet([ou[i]], old.commitments, flagged[0], memo=memo):
            fields.add("wording")
    if not fields and not tags:
        return None
    return tuple(f for f in FIELD_ORDER if f in fields), tuple(sorted(tags))
