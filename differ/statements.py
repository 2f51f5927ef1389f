"""Statements: every sentence, list item, table row and heading of the body, aligned and compared.

Commitments get the richest comparison, but a figure can move in a sentence the parser never
called a promise. So the whole body takes part in the diff: each sentence is a `Statement`,
aligned across versions (exact text, then an optimal assignment over similarity, then
containment for splits and merges) and compared with the same field typing as a commitment.
A sentence that holds a commitment whose change is already reported stays quiet.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from differ.assignment import hungarian
from differ.fields import compare_commitments, field_summary
from differ.text import (
    STOPWORDS, acronym_equivalent, containment, content_words, firmness_of, masked_tokens, modals, normalise,
    similarity_matrix, text_equivalent,
)
from parsers.figures import figures_in
from parsers.record import Announcement, Commitment, Quote
from parsers.sentences import split_sentences

MATCH_THRESHOLD = 0.5  # similarity below this is two different sentences
CONTAINMENT_THRESHOLD = 0.8  # share of a fragment's words found in the sentence it was split from
HOST_THRESHOLD = 0.75  # share of a commitment's words a sentence must hold to be its host
ASSIGNMENT_LIMIT = 120  # past this many unmatched sentences a side, pair greedily (assignment is cubic)


@dataclass(frozen=True)
class Statement:
    """One sentence (or heading, list item, table row) of the body and where it sits."""

    text: str
    section: str | None
    kind: str  # heading, paragraph, bullet, numbered, table_row, quote
    position: int


@dataclass
class StatementAlignment:
    """Groups of old and new statement indices read as one (pairs, splits, merges) and the rest."""

    groups: list[tuple[list[int], list[int]]]
    added: list[int]
    removed: list[int]


class TextMemo:
    """Normalised text, masked tokens and content words of each distinct text, once per diff.

    Most sentences are the same in both versions; each is read once, and only the sentences
    left unmatched by exact text are ever tokenised.
    """

    def __init__(self) -> None:
        self._norm: dict[str, str] = {}
        self._tokens: dict[str, list[str]] = {}
        self._words: dict[str, set[str]] = {}

    def norm(self, text: str | None) -> str:
        if not text:
            return ""
        out = self._norm.get(text)
        if out is None:
            out = self._norm[text] = normalise(text)
        return out

    def tokens(self, text: str) -> list[str]:
        out = self._tokens.get(text)
        if out is None:
            out = self._tokens[text] = masked_tokens(text)
        return out

    def words(self, text: str) -> set[str]:
        out = self._words.get(text)
        if out is None:
            out = self._words[text] = content_words(self.tokens(text))
        return out


_WORDY = re.compile(r"\w")


def _quote_texts(quotes: tuple[Quote, ...], memo: TextMemo) -> list[str]:
    out = []
    for q in quotes:
        out += [memo.norm(p) for p in (q.paragraphs or tuple(q.text.split("\n\n")))]
    return [p for p in out if len(p) > 12]


def hosted(units: list[Statement], commitments: tuple[Commitment, ...], memo: TextMemo,
           *, among: set[int] | None = None) -> set[int]:
    """Indices of the commitments (of `among`, or all) these sentences hold most of the words of.

    By words, not by substring: the parser rewrites clauses ("The government will build ...").
    """
    if not commitments or not units:
        return set()
    words = set().union(*(memo.words(u.text) for u in units))
    indices = range(len(commitments)) if among is None else sorted(among)
    out = set()
    for ci in indices:
        cw = memo.words(commitments[ci].text)
        # Either way round: a bullet completed by its lead-in ("We are:" + "replacing ...") is
        # wholly inside the commitment the parser wrote from them.
        if containment(cw, words) >= HOST_THRESHOLD or containment(words, cw) >= HOST_THRESHOLD:
            out.add(ci)
    return out


def body_statements(a: Announcement, memo: TextMemo) -> list[Statement]:
    """The body's statements in document order; quotes, the title and the summary are compared elsewhere."""
    quote_paragraphs = _quote_texts(a.quotes, memo)
    lead_ins = {memo.norm(q.lead_in) for q in a.quotes if q.lead_in}
    elsewhere = {memo.norm(t): len(t) for t in (a.title, a.description) if t}
    units: list[Statement] = []

    def repeats_title(text: str) -> bool:  # only texts of about the title's length are normalised
        return any(0.8 * n <= len(text) <= 1.25 * n + 4 for n in elsewhere.values()) and memo.norm(text) in elsewhere

    def add(text: str, section: str | None, kind: str) -> None:
        if _WORDY.search(text) and not repeats_title(text):
            units.append(Statement(text, section, kind, len(units)))

    for sec in a.sections:
        if sec.kind in ("quote", "contact"):
            continue
        if sec.heading:
            add(sec.heading, sec.heading, "heading")
        for item in sec.items:
            if quote_paragraphs or lead_ins:
                t = memo.norm(item.text)
                if t in lead_ins or any(p in t for p in quote_paragraphs):
                    continue
            sentences = split_sentences(item.text) if item.kind in ("paragraph", "bullet", "numbered") else [item.text]
            for sentence in sentences:
                add(sentence, sec.heading, item.kind)
    return units


def text_statements(text: str, section: str | None) -> list[Statement]:
    """The sentences of one text (a quote)."""
    units = []
    for paragraph in text.split("\n\n"):
        for sentence in split_sentences(paragraph):
            if _WORDY.search(sentence):
                units.append(Statement(sentence, section, "quote", len(units)))
    return units


def _exact(old: list[Statement], new: list[Statement], memo: TextMemo) -> list[tuple[int, int]]:
    """Pairs of identical text (raw, then normalised), in order; a sentence moved elsewhere still pairs."""
    pairs: list[tuple[int, int]] = []
    for key in (lambda u: u.text, lambda u: memo.norm(u.text)):
        done_o, done_n = {i for i, _ in pairs}, {j for _, j in pairs}
        waiting: dict[str, list[int]] = {}
        for i, u in enumerate(old):
            if i not in done_o:
                waiting.setdefault(key(u), []).append(i)
        if not waiting:
            break
        for j, u in enumerate(new):
            if j not in done_n:
                queue = waiting.get(key(u))
                if queue:
                    pairs.append((queue.pop(0), j))
    return pairs


def _assign(old: list[Statement], new: list[Statement], oi: list[int], *, ni: list[int],
            memo: TextMemo) -> list[tuple[int, int]]:
    if not oi or not ni:
        return []
    sims = similarity_matrix([memo.tokens(old[i].text) for i in oi], [memo.tokens(new[j].text) for j in ni])
    if max(len(oi), len(ni)) <= ASSIGNMENT_LIMIT:
        chosen = hungarian([[1.0 - s for s in row] for row in sims])
    else:
        cells = sorted(((s, a, b) for a, row in enumerate(sims) for b, s in enumerate(row)), reverse=True)
        used_a: set[int] = set()
        used_b: set[int] = set()
        chosen = []
        for s, a, b in cells:
            if s < MATCH_THRESHOLD:
                break
            if a not in used_a and b not in used_b:
                used_a.add(a)
                used_b.add(b)
                chosen.append((a, b))
    return [(oi[a], ni[b]) for a, b in chosen if sims[a][b] >= MATCH_THRESHOLD]


def _fold(rest: list[int], parts: list[Statement], wholes: list[Statement], *, partner: dict[int, int],
          memo: TextMemo) -> dict[int, list[int]]:
    """Leftover fragments found inside a paired sentence on the other side: pieces of a split or merge.

    `partner` maps each paired whole to its partner on the fragments' side. Splits and merges are
    local, so among equally good wholes the one nearest the fragment's place wins, and a fragment
    of one or two words ("Tuesday 15 May 2012") only joins a whole beside it.
    """
    out: dict[int, list[int]] = {}
    by_part = sorted((p, w) for w, p in partner.items())
    # The rest of a split sentence no longer reads the same, so only reworded pairs and the
    # fragment's neighbours can be the whole it came from: identical pairs are never tokenised.
    reworded = [w for p, w in by_part if wholes[w].text != parts[p].text]
    for r in rest:
        words = memo.words(parts[r].text)
        if not words:
            continue
        before = [w for p, w in by_part if p < r][-1:]
        after = [w for p, w in by_part if p > r][:1]
        near = before + after
        expected = near[0] if near else 0
        candidates = set(near) | (set(reworded) if len(words) >= 3 else set())
        best = max(candidates, key=lambda w: (containment(words, memo.words(wholes[w].text)), -abs(w - expected)),
                   default=None)
        if best is not None and containment(words, memo.words(wholes[best].text)) >= CONTAINMENT_THRESHOLD:
            out.setdefault(best, []).append(r)
    return out


def align_statements(old: list[Statement], new: list[Statement], memo: TextMemo) -> StatementAlignment:
    """Pair old and new statements; fold split and merged pieces into their pair."""
    pairs = _exact(old, new, memo)
    done_o, done_n = {i for i, _ in pairs}, {j for _, j in pairs}
    oi = [i for i in range(len(old)) if i not in done_o]
    ni = [j for j in range(len(new)) if j not in done_n]
    pairs += _assign(old, new, oi, ni=ni, memo=memo)
    o2n, n2o = dict(pairs), {j: i for i, j in pairs}
    rest_o = [i for i in range(len(old)) if i not in o2n]
    rest_n = [j for j in range(len(new)) if j not in n2o]
    splits = _fold(rest_n, new, old, partner=o2n, memo=memo)  # old sentence -> new fragments carved out of it
    merges = _fold(rest_o, old, new, partner=n2o, memo=memo)  # new sentence -> old sentences folded into it
    folded_n = {j for js in splits.values() for j in js}
    folded_o = {i for is_ in merges.values() for i in is_}
    groups = []
    for i, j in sorted(pairs, key=lambda p: p[1]):
        groups.append(([i] + merges.get(j, []), [j] + splits.get(i, [])))
    rest_o = [i for i in rest_o if i not in folded_o]
    rest_n = [j for j in rest_n if j not in folded_n]
    for olds, news in _regroup(old, new, rest_o, rest_n=rest_n, memo=memo):
        groups.append((olds, news))
        rest_o = [i for i in rest_o if i not in olds]
        rest_n = [j for j in rest_n if j not in news]
    for i, j in _in_place(old, new, groups, rest_o=rest_o, rest_n=rest_n):
        groups.append(([i], [j]))
        rest_o.remove(i)
        rest_n.remove(j)
    groups.sort(key=lambda g: g[1][0])
    return StatementAlignment(groups=groups, added=rest_n, removed=rest_o)


def _in_place(old: list[Statement], new: list[Statement], groups, *, rest_o: list[int], rest_n: list[int]):
    """A lone sentence rewritten between the same two neighbours is a modification, not drop + add."""
    o2n = {i: j for olds, news in groups for i in olds for j in news[:1]}
    n_paired = sorted({j for _, news in groups for j in news})

    def slot_of_old(i: int) -> tuple[int, int]:
        before = [o2n[k] for k in o2n if k < i]
        after = [o2n[k] for k in o2n if k > i]
        return (max(before, default=-1), min(after, default=len(new)))

    def slot_of_new(j: int) -> tuple[int, int]:
        return (max((k for k in n_paired if k < j), default=-1), min((k for k in n_paired if k > j), default=len(new)))

    by_slot: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
    for i in rest_o:
        by_slot.setdefault(slot_of_old(i), ([], []))[0].append(i)
    for j in rest_n:
        by_slot.setdefault(slot_of_new(j), ([], []))[1].append(j)
    for olds, news in by_slot.values():
        if len(olds) == 1 and len(news) == 1 and (old[olds[0]].kind == "heading") == (new[news[0]].kind == "heading"):
            yield olds[0], news[0]


def _regroup(old: list[Statement], new: list[Statement], rest_o: list[int], *, rest_n: list[int], memo: TextMemo):
    """Unpaired sentences that together make one sentence on the other side: list items joined or split."""
    for many, one, rest_many, rest_one, flip in ((old, new, rest_o, rest_n, False), (new, old, rest_n, rest_o, True)):
        taken: set[int] = set()
        for w in rest_one:
            whole = memo.words(one[w].text)
            parts = [p for p in rest_many if p not in taken
                     and containment(memo.words(many[p].text), whole) >= CONTAINMENT_THRESHOLD]
            covered = set().union(*(memo.words(many[p].text) for p in parts)) if parts else set()
            if len(parts) >= 2 and containment(whole, covered) >= CONTAINMENT_THRESHOLD:
                taken.update(parts)
                yield (([w], parts) if flip else (parts, [w]))
        if taken:
            return  # one direction per diff: a page rarely both joins and splits the same list


def pseudo_commitment(units: list[Statement], published: str | None) -> Commitment:
    """A statement dressed as a commitment with no actor or modal verb, so its figures compare the same way."""
    text = " ".join(u.text for u in units)
    money, quantities, dates = [], [], []
    for u in units:
        m, q, d = figures_in(u.text, published=published)
        money += m
        quantities += q
        dates += d
    return Commitment(key="", text=text, actor=None, action=None, modality=None, firmness="", status="",
                      section=units[0].section if units else None, money=tuple(money),
                      quantities=tuple(quantities), dates=tuple(dates), position=units[0].position if units else 0)


STATEMENT_FIELDS = ("money", "quantity", "date", "modality", "firmness", "wording")


@dataclass(frozen=True)
class StatementComparison:
    """What changed between two groups of statements: typed fields (empty when only cosmetic)."""

    fields: tuple[str, ...]
    tags: tuple[str, ...]
    details: dict
    summary: str


def compare_statements(old_units: list[Statement], new_units: list[Statement], *, old_published: str | None,
                       new_published: str | None, promises: bool = False) -> StatementComparison | None:
    """Fields changed between two aligned groups, typed as for commitments; None when the text is identical.

    `promises`: the sentences hold commitments (joining two of them into one still rewords them).
    """
    if [u.text for u in old_units] == [u.text for u in new_units]:
        return None
    oc, nc = pseudo_commitment(old_units, old_published), pseudo_commitment(new_units, new_published)
    fields, tags, details = compare_commitments([oc], [nc])
    if {"modality", "firmness"} & set(fields) and "wording" not in fields:
        fields.append("wording")  # a negation or condition added outside any commitment: still rewording
    fields = [f for f in fields if f not in ("modality", "firmness")]
    om, nm = modals(oc.text), modals(nc.text)
    if om != nm:
        # "will build on" -> "could build on" where no rule saw a commitment: the promise is softer.
        fields.append("modality")
        details["modality"] = {"old": " ".join(om) or None, "new": " ".join(nm) or None}
        of, nf = firmness_of(om), firmness_of(nm)
        if of != nf:
            fields.append("firmness")
            details["firmness"] = {"old": of, "new": nf}
            if (of, nf) == ("firm", "hedged"):
                tags.append("softened")
            elif (of, nf) == ("hedged", "firm"):
                tags.append("hardened")
    fields = [f for f in STATEMENT_FIELDS if f in fields]
    if fields == ["wording"] and (text_equivalent(oc.text, nc.text) or _despaced(oc.text) == _despaced(nc.text)
                                  or acronym_equivalent(normalise(oc.text).split(), normalise(nc.text).split())):
        # A run-together word split ("updatedSEND" -> "updated SEND"), one typo fixed, or an
        # acronym spelled out ("EHC" -> "education, health and care (EHC)").
        fields = []
    if len(old_units) > 1:
        tags.append("merged")
    if len(new_units) > 1:
        tags.append("split")
    joined = len(old_units) > 1 or len(new_units) > 1
    if joined and not promises and fields == ["wording"] and _words(oc.text) == _words(nc.text):
        # List items joined into one or split apart, same words: punctuation only. Commitments
        # merged or split are still a change of wording (one promise or two).
        fields = []
    if not fields:
        same_words = normalise(oc.text) == normalise(nc.text)
        tags.append("typography" if same_words else "typo")
    keep = {"re-costed", "re-costed-up", "re-costed-down", "re-dated", "re-dated-later", "re-dated-earlier",
            "reworded", "reversed", "softened", "hardened", "merged", "split", "typography", "typo"}
    if "modality" in fields:  # so the summary names the modal words, as it does for commitments
        oc = dataclasses.replace(oc, modality=details["modality"]["old"], firmness=firmness_of(om) or "none")
        nc = dataclasses.replace(nc, modality=details["modality"]["new"], firmness=firmness_of(nm) or "none")
    parts = field_summary(fields, details, [oc], new=[nc])
    return StatementComparison(tuple(fields), tuple(t for t in tags if t in keep), details,
                               "; ".join(parts) if parts else "cosmetic edit")


def _despaced(text: str) -> str:
    return normalise(text).replace(" ", "")


def _words(text: str) -> list[str]:
    return sorted(t for t in masked_tokens(text, mask_figures=False) if t not in STOPWORDS)


def holds_figures(units: list[Statement], published: str | None) -> bool:
    """Whether a statement states money or a count: an added or dropped one is then major."""
    c = pseudo_commitment(units, published)
    return bool(c.money or c.quantities)
