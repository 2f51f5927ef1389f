"""Commitment alignment: pair old and new commitments, and find splits and merges.

Exact keys first, then an optimal assignment over masked-text similarity, then containment of
content words for a bullet cut down or grown, split into several or merged from several.
"""

from __future__ import annotations

from dataclasses import dataclass

from parsers.commitments import written_actor
from parsers.record import Commitment
from differ.assignment import hungarian
from differ.text import containment, content_words, masked_tokens, similarity, similarity_matrix

MATCH_THRESHOLD = 0.5  # similarity below this is two different commitments
FEW_WORDS = 3  # with fewer content words left after masking, also compare the unmasked text
CONTAINMENT_THRESHOLD = 0.8  # share of a part's content words found in the whole (split/merge)


@dataclass
class AlignItem:
    c: Commitment
    index: int
    spans: list[str]  # figure, programme and actor spans, masked in every comparison
    tokens: list[str]
    words: set[str]


def commitment_spans(c: Commitment) -> list[str]:
    """The texts a commitment's values were read from (money, quantities, dates, programmes, actor), to mask before comparing words."""
    spans = [m.text for m in c.money] + [q.text for q in c.quantities] + [d.text for d in c.dates]
    # Mask the actor as written ("The department"), not only its canonical name, so an actor
    # change is reported as such rather than as rewording.
    actors = [a for a in {c.actor, written_actor(c.text, c.actor) if c.actor else None} if a]
    return spans + list(c.programmes) + actors


def align_items(commitments: tuple[Commitment, ...], memo: dict | None = None) -> list[AlignItem]:
    """Each commitment with its spans, masked tokens and content words, computed once per diff.

    `memo`, shared by both sides of one diff, tokenises an unchanged commitment only once.
    """
    memo = {} if memo is None else memo
    out = []
    for i, c in enumerate(commitments):
        spans = commitment_spans(c)
        key = (c.text, *spans)
        if key not in memo:
            toks = masked_tokens(c.text, spans)
            memo[key] = (toks, content_words(toks))
        toks, words = memo[key]
        out.append(AlignItem(c, i, spans, toks, words))
    return out


@dataclass
class _Alignment:
    pairs: list[tuple[int, int]]  # (old index, new index)
    splits: dict[int, list[int]]  # old index -> extra new indices carved out of it
    merges: dict[int, list[int]]  # new index -> extra old indices folded into it
    added: list[int]
    removed: list[int]


def _exact_pairs(old: list[AlignItem], new: list[AlignItem]) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pairs with equal non-empty keys, each old one taking the first free new one."""
    by_key: dict[str, list[int]] = {}
    for j in range(len(new) - 1, -1, -1):  # reversed so pop() yields the lowest index first
        if new[j].c.key:
            by_key.setdefault(new[j].c.key, []).append(j)
    pairs, free_old = [], []
    for o in old:
        hits = by_key.get(o.c.key) if o.c.key else None
        if hits:
            pairs.append((o.index, hits.pop()))
        else:
            free_old.append(o.index)
    taken = {j for _, j in pairs}
    return pairs, free_old, [j for j in range(len(new)) if j not in taken]


def _rescue_short(sims: list[list[float]], olds: list[AlignItem], news: list[AlignItem]) -> None:
    """Short commitments are mostly figures and names: once masked, one changed verb leaves too little
    to match on, so "review the SEND code" -> "revise the SEND code" would read as dropped + added."""
    plain: dict[int, list[str]] = {}

    def tokens(item: AlignItem) -> list[str]:
        if id(item) not in plain:
            plain[id(item)] = masked_tokens(item.c.text)
        return plain[id(item)]

    for r, o in enumerate(olds):
        for c, n in enumerate(news):
            if (len(o.words) < FEW_WORDS or len(n.words) < FEW_WORDS) and sims[r][c] < MATCH_THRESHOLD:
                sims[r][c] = max(sims[r][c], similarity(tokens(o), tokens(n)))


def align_commitments(old: list[AlignItem], new: list[AlignItem]) -> _Alignment:
    """Pair old and new commitments: exact keys, then Hungarian on similarity, then containment."""
    pairs, free_old, free_new = _exact_pairs(old, new)
    sim: dict[tuple[int, int], float] = {}
    if free_old and free_new:
        sims = similarity_matrix([old[i].tokens for i in free_old], [new[j].tokens for j in free_new])
        _rescue_short(sims, [old[i] for i in free_old], [new[j] for j in free_new])
        sim = {(i, j): s for i, row in zip(free_old, sims) for j, s in zip(free_new, row)}
        for r, c in hungarian([[1.0 - s for s in row] for row in sims]):
            if sims[r][c] >= MATCH_THRESHOLD:
                pairs.append((free_old[r], free_new[c]))
        matched_o, matched_n = {p[0] for p in pairs}, {p[1] for p in pairs}
        free_old = [i for i in free_old if i not in matched_o]
        free_new = [j for j in free_new if j not in matched_n]
    # A bullet cut down to its core or grown around it: match leftovers that contain one another.
    for i in list(free_old):
        cands = [j for j in free_new if _one_contains_other(old[i].words, new[j].words)]
        if cands:
            best = max(cands, key=lambda j: sim[i, j])
            pairs.append((i, best))
            free_old.remove(i)
            free_new.remove(best)
    old_to_new = dict(pairs)
    new_to_old = {n: o for o, n in pairs}
    splits: dict[int, list[int]] = {}
    merges: dict[int, list[int]] = {}
    for j in list(free_new):
        host = _host(new[j].words, old, new, partner_of=old_to_new)
        if host is not None:
            splits.setdefault(host, []).append(j)
            free_new.remove(j)
    for i in list(free_old):
        host = _host(old[i].words, new, old, partner_of=new_to_old)
        if host is not None:
            merges.setdefault(host, []).append(i)
            free_old.remove(i)
    # A split of a commitment nobody matched: its first part becomes the partner.
    for o_idx, parts in list(splits.items()):
        if o_idx not in old_to_new:
            if len(parts) < 2:
                del splits[o_idx]
                free_new.extend(parts)
                continue
            head, *rest = sorted(parts)
            pairs.append((o_idx, head))
            old_to_new[o_idx] = head
            splits[o_idx] = rest
            free_old = [i for i in free_old if i != o_idx]
    for n_idx, parts in list(merges.items()):
        if n_idx not in new_to_old:
            if len(parts) < 2:
                del merges[n_idx]
                free_old.extend(parts)
                continue
            head, *rest = sorted(parts)
            pairs.append((head, n_idx))
            new_to_old[n_idx] = head
            merges[n_idx] = rest
            free_new = [j for j in free_new if j != n_idx]
    return _Alignment(sorted(pairs), splits, merges, sorted(free_new), sorted(free_old))


def _one_contains_other(a: set[str], b: set[str]) -> bool:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small) >= 3 and containment(small, large) >= CONTAINMENT_THRESHOLD


def _host(words: set[str], hosts: list[AlignItem], others: list[AlignItem], *,
          partner_of: dict[int, int]) -> int | None:
    """The commitment on the other side that holds an unmatched fragment (split or merge), if any.

    A matched host qualifies only when the words its partner lost are the fragment's: an extra
    bullet that merely resembles an unchanged one stays "added", and a bullet split in two under
    one long lead-in (both halves share most words) is still a split.
    """
    if len(words) < 2:
        return None
    best, best_score = None, 0.0
    for h in hosts:
        score = containment(words, h.words)
        if score < CONTAINMENT_THRESHOLD or score <= best_score:
            continue
        partner = partner_of.get(h.index)
        if partner is None and len(words) < 3:
            continue  # two words are too few to say an unmatched commitment was carved from this one
        if partner is not None:
            lost = h.words - others[partner].words
            if not lost or containment(lost, words) < 0.5:
                continue
        best, best_score = h.index, score
    return best
