"""Pure differ between two parsed versions of one GOV.UK page.

`diff_announcements(old, new)` aligns commitments (exact key, then an optimal assignment over
masked-text similarity, then containment for splits and merges), compares their fields and
reports every change, cosmetic ones included; `is_flagged` keeps the ones people should see.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from parsers.commitments import written_actor
from parsers.record import (
    DOC_GONE,
    DOC_LIVE,
    DOC_REDIRECT,
    DOC_WITHDRAWN,
    FIRMNESS_DONE,
    FIRMNESS_FIRM,
    FIRMNESS_HEDGED,
    Announcement,
    Commitment,
    Quote,
)

MAJOR = "major"
MINOR = "minor"
COSMETIC = "cosmetic"

# Fields whose change alters what the government promised, so any change is major.
MAJOR_FIELDS = ("money", "quantity", "date", "modality", "firmness", "actor", "status", "programme")
FIELD_ORDER = MAJOR_FIELDS + ("wording",)

MATCH_THRESHOLD = 0.5  # similarity below this is two different commitments
CONTAINMENT_THRESHOLD = 0.8  # share of a part's content words found in the whole (split/merge)
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
# Text normalisation


_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "′": "'"})
_DASHES = re.compile(r"[‐‑‒–—―−]")
_MODAL_WORDS = frozenset(
    """will shall would could may might can must should aim aims aiming plan plans planning
    intend intends intending expect expects expected hope hopes commit commits committed consider
    considers considering explore explores exploring propose proposes proposing seek seeks seeking
    going has have had is are was were be been being""".split()
)
_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
    thousand million billion bn m k half quarter dozen""".split()
)
_DATE_WORDS = frozenset(
    """january february march april may june july august september october november december jan feb
    mar apr jun jul aug sep sept oct nov dec spring summer autumn winter""".split()
) - {"may"}  # "may" is a modal far more often than a month in these releases
_STOPWORDS = frozenset(
    """a an the and or of to in on for with by at from as that this these those its their our it
    also which who be will""".split()
)


def normalise(text: str | None) -> str:
    """Casefold, straight quotes, one dash, '%' for 'per cent', punctuation out, spaces collapsed."""
    if not text:
        return ""
    t = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    t = t.replace("\ufeff", " ")
    t = _DASHES.sub("-", t)
    t = re.sub(r"\s*(\bper\s*cent\b|\bpercent\b|%)", "%", t)
    t = re.sub(r"(?<=\d),(?=\d{3}\b)", "", t)  # 10,000 -> 10000
    t = t.replace("&", " and ")
    t = re.sub(r"(?<=\d)\.(?=\d)", "\x00", t)  # keep decimal points through punctuation removal
    t = re.sub(r"[^\w\s%£\x00]", " ", t).replace("\x00", ".")
    return " ".join(t.split())


def _stem(token: str) -> str:
    """A crude suffix stripper: enough to see 'publish' and 'published' as one word."""
    if len(token) > 5:
        for suffix in ("ing", "ed", "es", "s"):
            if token.endswith(suffix) and len(token) - len(suffix) >= 4:
                token = token[: -len(suffix)]
                break
    if len(token) > 4 and token.endswith("e"):
        token = token[:-1]
    return token


def _strip_spans(text: str, spans: list[str]) -> str:
    """Blank out figure, programme and actor spans the parser found, longest first."""
    for span in sorted({s for s in spans if s and len(s.strip()) > 1}, key=len, reverse=True):
        # Flexible spacing: the parser may have collapsed spaces, and "5 %" is "5%".
        pattern = r"\s+".join(re.escape(w) for w in span.split()).replace("%", r"\s*%")
        text = re.sub(pattern, " # ", text, flags=re.IGNORECASE)
    return text


def masked_tokens(text: str, spans: list[str] | None = None, *, mask_figures: bool = True) -> list[str]:
    """Normalised, stemmed tokens with modal verbs ('MOD') and figures ('#') masked.

    `spans` (figures and names the parser found) are always masked; with mask_figures=False other
    numbers and month names stay literal, so a figure the parser missed still shows as wording.
    """
    raw = normalise(_strip_spans(text, spans or []))
    out: list[str] = []
    for tok in raw.split():
        if tok in _MODAL_WORDS:
            tok = "MOD"
        elif mask_figures and (
            tok in _NUMBER_WORDS or tok in _DATE_WORDS or re.fullmatch(r"£?[\d.]+(st|nd|rd|th|m|bn|k)?|%", tok)
        ):
            tok = "#"
        elif tok == "to" and out and out[-1] == "MOD":
            continue  # "aims to publish" reads as "will publish"
        else:
            tok = _stem(tok)
        if out and tok in ("MOD", "#") and out[-1] == tok:
            continue
        out.append(tok)
    return out


def content_words(tokens: list[str]) -> set[str]:
    return {t for t in tokens if t not in ("MOD", "#") and t not in _STOPWORDS}


def _osa_distance(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbouring letters as one edit."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def is_typo_fix(a: str, b: str) -> bool:
    """One word corrected: edit distance <= 2, both long words, same start (so not increase/decrease)."""
    if a == b:
        return True
    if not (a.isalpha() and b.isalpha()) or len(a) < 5 or len(b) < 5 or abs(len(a) - len(b)) > 2 or a[:2] != b[:2]:
        return False
    return _osa_distance(a, b) <= 2


def tokens_equivalent(old: list[str], new: list[str]) -> bool:
    """Equal token lists, or lists that differ by one typo fix or one joined/split word."""
    if old == new:
        return True
    ops = [op for op in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if op[0] != "equal"]
    if len(ops) != 1 or ops[0][0] != "replace":
        return False
    _, i1, i2, j1, j2 = ops[0]
    a, b = old[i1:i2], new[j1:j2]
    if len(a) == 1 and len(b) == 1:
        return is_typo_fix(a[0], b[0])
    return "".join(a) == "".join(b)  # "well being" -> "wellbeing"


def text_equivalent(old: str | None, new: str | None) -> bool:
    """Same text up to typography, case, punctuation and one typo fix."""
    a, b = normalise(old).split(), normalise(new).split()
    return a == b or tokens_equivalent(a, b)


def similarity(a: list[str], b: list[str]) -> float:
    """Mean of content-word Jaccard and the token-sequence ratio of two masked token lists."""
    sa, sb = content_words(a), content_words(b)
    jac = len(sa & sb) / len(sa | sb) if sa | sb else 1.0
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    return (jac + ratio) / 2


def containment(part: set[str], whole: set[str]) -> float:
    return len(part & whole) / len(part) if part else 0.0


# ---------------------------------------------------------------------------------------------
# Optimal assignment


def hungarian(cost: list[list[float]]) -> list[tuple[int, int]]:
    """Minimum-cost assignment for a rectangular matrix (Kuhn-Munkres with potentials, O(n^2 m))."""
    if not cost or not cost[0]:
        return []
    transposed = len(cost) > len(cost[0])
    if transposed:
        cost = [list(col) for col in zip(*cost)]
    n, m = len(cost), len(cost[0])
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    p, way = [0] * (m + 1), [0] * (m + 1)  # p[j]: row assigned to column j (1-based)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    pairs = [(p[j] - 1, j - 1) for j in range(1, m + 1) if p[j]]
    if transposed:
        pairs = [(c, r) for r, c in pairs]
    return sorted(pairs)


# ---------------------------------------------------------------------------------------------
# Commitment alignment


@dataclass
class _Item:
    c: Commitment
    index: int
    tokens: list[str]
    words: set[str]


def _spans(c: Commitment) -> list[str]:
    spans = [m.text for m in c.money] + [q.text for q in c.quantities] + [d.text for d in c.dates]
    # Mask the actor as written ("The department"), not only its canonical name, so an actor
    # change is reported as such rather than as rewording.
    actors = [a for a in {c.actor, written_actor(c.text, c.actor) if c.actor else None} if a]
    return spans + list(c.programmes) + actors


def _items(commitments: tuple[Commitment, ...]) -> list[_Item]:
    out = []
    for i, c in enumerate(commitments):
        toks = masked_tokens(c.text, _spans(c))
        out.append(_Item(c, i, toks, content_words(toks)))
    return out


@dataclass
class _Alignment:
    pairs: list[tuple[int, int]]  # (old index, new index)
    splits: dict[int, list[int]]  # old index -> extra new indices carved out of it
    merges: dict[int, list[int]]  # new index -> extra old indices folded into it
    added: list[int]
    removed: list[int]


def align_commitments(old: list[_Item], new: list[_Item]) -> _Alignment:
    """Pair old and new commitments: exact keys, then Hungarian on similarity, then containment."""
    pairs: list[tuple[int, int]] = []
    free_new = list(range(len(new)))
    free_old: list[int] = []
    for o in old:
        hit = next((j for j in free_new if new[j].c.key == o.c.key and o.c.key), None)
        if hit is None:
            free_old.append(o.index)
        else:
            pairs.append((o.index, hit))
            free_new.remove(hit)
    if free_old and free_new:
        sims = [[similarity(old[i].tokens, new[j].tokens) for j in free_new] for i in free_old]
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
            best = max(cands, key=lambda j: similarity(old[i].tokens, new[j].tokens))
            pairs.append((i, best))
            free_old.remove(i)
            free_new.remove(best)
    old_to_new = dict(pairs)
    new_to_old = {n: o for o, n in pairs}
    splits: dict[int, list[int]] = {}
    merges: dict[int, list[int]] = {}
    for j in list(free_new):
        host = _host(new[j].words, old, new, old_to_new)
        if host is not None:
            splits.setdefault(host, []).append(j)
            free_new.remove(j)
    for i in list(free_old):
        host = _host(old[i].words, new, old, new_to_old)
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


def _host(words: set[str], hosts: list[_Item], others: list[_Item], partner_of: dict[int, int]) -> int | None:
    """The commitment on the other side that holds an unmatched fragment (split or merge), if any.

    A matched host qualifies only when its partner lacks the fragment and lost some of the
    host's content: an extra bullet that merely resembles an unchanged one stays "added".
    """
    if len(words) < 3:
        return None
    best, best_score = None, 0.0
    for h in hosts:
        score = containment(words, h.words)
        if score < CONTAINMENT_THRESHOLD or score <= best_score:
            continue
        partner = partner_of.get(h.index)
        if partner is not None:
            pw = others[partner].words
            if containment(words, pw) >= CONTAINMENT_THRESHOLD or containment(h.words, pw) >= 0.9:
                continue
        best, best_score = h.index, score
    return best


# ---------------------------------------------------------------------------------------------
# Field comparison


def _money_view(c: Commitment) -> list[dict]:
    return [{"text": m.text, "amount_gbp": m.amount_gbp, "qualifier": m.qualifier, "period": m.period} for m in c.money]


def commitment_view(c: Commitment) -> dict:
    """The old/new dict of a commitment change: its text, place and every comparable value."""
    return {
        "key": c.key,
        "text": c.text,
        "section": c.section,
        "position": c.position,
        "actor": c.actor,
        "modality": c.modality,
        "firmness": c.firmness,
        "status": c.status,
        "programmes": list(c.programmes),
        "money": _money_view(c),
        "quantities": [{"text": q.text, "value": q.value, "unit": q.unit, "qualifier": q.qualifier} for q in c.quantities],
        "dates": [{"text": d.text, "start": d.start, "end": d.end, "kind": d.kind} for d in c.dates],
        "speaker": c.speaker,
    }


def _norm_qualifier(q: str | None) -> str:
    return normalise(q)


def _money_set(cs: list[Commitment]) -> list[tuple]:
    return sorted(
        (round(m.amount_gbp or 0.0, 2), _norm_qualifier(m.qualifier)) for c in cs for m in c.money if m.amount_gbp is not None
    )


def _unit(u: str | None) -> str:
    u = normalise(u)
    return "%" if u in ("%", "per cent", "percent") else u


def _quantity_set(cs: list[Commitment]) -> list[tuple]:
    return sorted((round(q.value, 4), _unit(q.unit)) for c in cs for q in c.quantities)


def _date_set(cs: list[Commitment]) -> list[tuple]:
    return sorted({(d.start or "", d.end or "") for c in cs for d in c.dates if d.start or d.end})


def _programme_set(cs: list[Commitment]) -> set[str]:
    return {normalise(p) for c in cs for p in c.programmes if p}


def _programme_words(cs: list[Commitment]) -> set[str]:
    """Words of programme names and their initials: the parser may expand 'NELI', so spans miss it."""
    words: set[str] = set()
    for c in cs:
        for name in c.programmes:
            toks = normalise(name).split()
            words.update(_stem(t) for t in toks if t not in _STOPWORDS)
            initials = "".join(t[0] for t in toks if t not in _STOPWORDS)
            if len(initials) >= 2:
                words.add(initials)
    return words


def _actor(a: str | None) -> str:
    a = normalise(a)
    return a[4:] if a.startswith("the ") else a


def _multiset_diff(a: list, b: list) -> tuple[list, list]:
    rest_b = list(b)
    only_a = []
    for x in a:
        if x in rest_b:
            rest_b.remove(x)
        else:
            only_a.append(x)
    return only_a, rest_b


def _money_details(old: list[tuple], new: list[tuple]) -> dict:
    gone, came = _multiset_diff(old, new)
    if len(gone) == 1 and len(came) == 1:
        o, n = gone[0][0], came[0][0]
    else:
        o, n = sum(x[0] for x in old), sum(x[0] for x in new)
    delta = n - o
    pct = round(100.0 * delta / o, 1) if o else None
    return {"old": o, "new": n, "delta": delta, "pct": pct, "old_all": [x[0] for x in old], "new_all": [x[0] for x in new]}


def _iso(d: str) -> date | None:
    try:
        return date.fromisoformat(d[:10])
    except (TypeError, ValueError):
        return None


def _date_details(old: list[tuple], new: list[tuple]) -> dict:
    def last(ds: list[tuple]) -> str | None:
        ends = [e or s for s, e in ds if e or s]
        return max(ends) if ends else None

    def first(ds: list[tuple]) -> str | None:
        starts = [s or e for s, e in ds if s or e]
        return min(starts) if starts else None

    gone, came = _multiset_diff(old, new)
    o_end, n_end = last(gone or old), last(came or new)
    out: dict[str, Any] = {"old_start": first(gone or old), "new_start": first(came or new), "old_end": o_end, "new_end": n_end}
    a, b = _iso(o_end) if o_end else None, _iso(n_end) if n_end else None
    if a and b:
        days = (b - a).days
        if days == 0:  # same end: compare the starts instead
            sa, sb = _iso(out["old_start"] or ""), _iso(out["new_start"] or "")
            days = (sb - sa).days if sa and sb else 0
        out["days"] = days
        out["direction"] = "later" if days > 0 else "earlier" if days < 0 else None
    else:
        out["days"] = None
        out["direction"] = "added" if b and not a else "removed" if a and not b else None
    return out


def compare_commitments(old: list[Commitment], new: list[Commitment]) -> tuple[list[str], list[str], dict]:
    """Changed fields, tags and details between old and new (lists hold the parts of a split/merge)."""
    fields: list[str] = []
    tags: list[str] = []
    details: dict[str, Any] = {}
    o0, n0 = old[0], new[0]
    om, nm = _money_set(old), _money_set(new)
    if om != nm:
        fields.append("money")
        details["money"] = d = _money_details(om, nm)
        tags += ["re-costed"] + (["re-costed-up"] if d["delta"] > 0 else ["re-costed-down"] if d["delta"] < 0 else [])
    oq, nq = _quantity_set(old), _quantity_set(new)
    if oq != nq:
        fields.append("quantity")
        details["quantity"] = {"old": [list(x) for x in oq], "new": [list(x) for x in nq]}
    od, nd = _date_set(old), _date_set(new)
    if od != nd:
        fields.append("date")
        details["date"] = d = _date_details(od, nd)
        tags += ["re-dated"] + ([f"re-dated-{d['direction']}"] if d["direction"] in ("later", "earlier") else [])
    done_move = (o0.firmness == FIRMNESS_DONE) != (n0.firmness == FIRMNESS_DONE)
    if o0.status != n0.status or done_move:
        fields.append("status")
        details["status"] = {"old": o0.status, "new": n0.status, "old_modality": o0.modality, "new_modality": n0.modality}
    elif FIRMNESS_DONE not in (o0.firmness, n0.firmness):
        if normalise(o0.modality) != normalise(n0.modality):
            fields.append("modality")
            details["modality"] = {"old": o0.modality, "new": n0.modality}
        if o0.firmness != n0.firmness:
            fields.append("firmness")
            details["firmness"] = {"old": o0.firmness, "new": n0.firmness}
            if o0.firmness == FIRMNESS_FIRM and n0.firmness == FIRMNESS_HEDGED:
                tags.append("softened")
            elif o0.firmness == FIRMNESS_HEDGED and n0.firmness == FIRMNESS_FIRM:
                tags.append("hardened")
    if _actor(o0.actor) != _actor(n0.actor):
        fields.append("actor")
        details["actor"] = {"old": o0.actor, "new": n0.actor}
    op, np_ = _programme_set(old), _programme_set(new)
    if op != np_:
        fields.append("programme")
        details["programme"] = {"removed": sorted(op - np_), "added": sorted(np_ - op)}
    spans = [s for c in old + new for s in _spans(c)]
    names = _programme_words(old + new)
    ot = [t for c in old for t in masked_tokens(c.text, spans, mask_figures=False) if t not in names]
    nt = [t for c in new for t in masked_tokens(c.text, spans, mask_figures=False) if t not in names]
    if not tokens_equivalent(ot, nt):
        fields.append("wording")
        tags.append("reworded")
    return fields, tags, details


# ---------------------------------------------------------------------------------------------
# Summaries


def format_gbp(amount: float | None) -> str:
    if amount is None:
        return "£?"
    sign = "-" if amount < 0 else ""
    a = abs(amount)
    for div, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if a >= div:
            return f"{sign}£{a / div:.4g}{suffix}"
    return f"{sign}£{a:.4g}"


def _short(text: str | None, limit: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _field_summary(fields: list[str], details: dict, old: list[Commitment], new: list[Commitment]) -> list[str]:
    parts = []
    if "money" in details:
        d = details["money"]
        sign = "+" if d["delta"] >= 0 else "-"
        pct = f", {d['pct']:+.1f}%" if d["pct"] is not None else ""
        parts.append(f"re-costed: {format_gbp(d['old'])} → {format_gbp(d['new'])} ({sign}{format_gbp(abs(d['delta']))}{pct})")
    if "quantity" in details:
        oq = [(q.text, (round(q.value, 4), _unit(q.unit))) for c in old for q in c.quantities]
        nq = [(q.text, (round(q.value, 4), _unit(q.unit))) for c in new for q in c.quantities]
        gone, came = _multiset_diff([k for _, k in oq], [k for _, k in nq])
        ot = ", ".join(t for t, k in oq if k in gone) or "none"
        nt = ", ".join(t for t, k in nq if k in came) or "none"
        parts.append(f"quantity: {ot} → {nt}")
    if "date" in details:
        d = details["date"]
        ot = ", ".join(x.text for c in old for x in c.dates) or "no date"
        nt = ", ".join(x.text for c in new for x in c.dates) or "no date"
        when = f" ({d['days']:+d} days, {d['direction']})" if d.get("days") else ""
        parts.append(f"re-dated: {ot} → {nt}{when}")
    if "status" in details:
        d = details["status"]
        parts.append(f"status: {d['old']} → {d['new']} ('{d['old_modality']}' → '{d['new_modality']}')")
    if "modality" in details or "firmness" in details:
        label = "softened" if "softened" in _tags_of(details) else "hardened" if "hardened" in _tags_of(details) else "modality"
        parts.append(f"{label}: '{old[0].modality}' → '{new[0].modality}' ({old[0].firmness} → {new[0].firmness})")
    if "actor" in details:
        parts.append(f"actor: {details['actor']['old']} → {details['actor']['new']}")
    if "programme" in details:
        d = details["programme"]
        parts.append(f"programme: {', '.join(d['removed']) or 'none'} → {', '.join(d['added']) or 'none'}")
    if "wording" in fields:
        parts.append("reworded")
    return parts


def _tags_of(details: dict) -> set[str]:
    f = details.get("firmness") or {}
    if f.get("old") == FIRMNESS_FIRM and f.get("new") == FIRMNESS_HEDGED:
        return {"softened"}
    if f.get("old") == FIRMNESS_HEDGED and f.get("new") == FIRMNESS_FIRM:
        return {"hardened"}
    return set()


# ---------------------------------------------------------------------------------------------
# The differ


def _is_silent(old: Announcement, new: Announcement) -> bool:
    """Silent: no new change note, or public_updated_at unmoved. Unknowable without any metadata."""
    if not (old.public_updated_at or new.public_updated_at or old.change_history or new.change_history):
        return False
    if new.public_updated_at and new.public_updated_at == old.public_updated_at:
        return True
    return not _new_notes(old, new)


def _new_notes(old: Announcement, new: Announcement) -> list:
    seen = {(n.public_timestamp, normalise(n.note)) for n in old.change_history}
    return [n for n in new.change_history if (n.public_timestamp, normalise(n.note)) not in seen]


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


def _commitment_changes(old: Announcement, new: Announcement, silent: bool) -> list[tuple[float, Change]]:
    oi, ni = _items(old.commitments), _items(new.commitments)
    al = align_commitments(oi, ni)
    moved = _moved_pairs(al.pairs)
    out: list[tuple[float, Change]] = []
    old_to_new = dict(al.pairs)
    for o_idx, n_idx in al.pairs:
        o_parts = [o_idx] + sorted(al.merges.get(n_idx, []))
        n_parts = [n_idx] + sorted(al.splits.get(o_idx, []))
        oc = [old.commitments[i] for i in o_parts]
        nc = [new.commitments[j] for j in n_parts]
        fields, tags, details = compare_commitments(oc, nc)
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
        parts = _field_summary(fields, details, oc, nc) + structural
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
            summary=f"{'; '.join(parts)}: {_short(nc[0].text, 70)}",
        )
        out.append((float(min(n_parts)), change))
    for j in al.added:
        c = new.commitments[j]
        summary = f"new commitment: {_short(c.text)}"
        out.append((float(j), Change("added", "commitment", MAJOR, silent=silent, tags=("new",), new=commitment_view(c), summary=summary)))
    for i in al.removed:
        c = old.commitments[i]
        # Place a removal just after the new position of the nearest earlier surviving commitment.
        before = next((old_to_new[k] for k in range(i - 1, -1, -1) if k in old_to_new), -1)
        summary = f"dropped commitment: {_short(c.text)}"
        change = Change("removed", "commitment", MAJOR, silent=silent, tags=("dropped",), old=commitment_view(c), summary=summary)
        out.append((before + 0.5 + i * 1e-6, change))
    return out


def _quote_view(q: Quote) -> dict:
    return {"speaker": q.speaker, "role": q.role, "text": q.text, "position": q.position}


def _align_quotes(oq: list[Quote], nq: list[Quote]) -> list[tuple[int, int]]:
    """Pair quotes by speaker and similarity; a quote under another speaker must stay recognisable."""
    if not oq or not nq:
        return []
    otoks, ntoks = [masked_tokens(q.text) for q in oq], [masked_tokens(q.text) for q in nq]
    score = []
    for i, a in enumerate(oq):
        row = []
        for j, b in enumerate(nq):
            s = similarity(otoks[i], ntoks[j])
            same = normalise(a.speaker) == normalise(b.speaker)
            ok = s >= (QUOTE_SAME_SPEAKER_THRESHOLD if same else QUOTE_OTHER_SPEAKER_THRESHOLD)
            row.append(s + (0.5 if same else 0.0) if ok else -1.0)
        score.append(row)
    return [(i, j) for i, j in hungarian([[2.0 - s for s in row] for row in score]) if score[i][j] >= 0]


def _quote_changes(old: Announcement, new: Announcement, silent: bool) -> list[tuple[float, Change]]:
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
        if a.text != b.text:
            cosmetic = text_equivalent(a.text, b.text)
            out.append((pos + 0.1, Change(
                "quote_changed", "quote", COSMETIC if cosmetic else MINOR, ("wording",), silent,
                tags=("typography",) if cosmetic else ("reworded",), old=_quote_view(a), new=_quote_view(b),
                summary=f"quote by {who} {'retyped' if cosmetic else 'reworded'}: {_short(b.text, 70)}",
            )))
    matched_o, matched_n = {p[0] for p in pairs}, {p[1] for p in pairs}
    for j, b in enumerate(nq):
        if j not in matched_n:
            summary = f"new quote by {b.speaker or 'unknown speaker'}: {_short(b.text, 70)}"
            change = Change("quote_added", "quote", MINOR, silent=silent, tags=("new",), new=_quote_view(b), summary=summary)
            out.append((-1e6 + b.position, change))
    for i, a in enumerate(oq):
        if i not in matched_o:
            summary = f"quote by {a.speaker or 'unknown speaker'} removed: {_short(a.text, 70)}"
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


def _document_changes(old: Announcement, new: Announcement, silent: bool) -> list[Change]:
    out: list[Change] = []
    o, n = old.status, new.status
    if o != n:
        summary = {
            DOC_WITHDRAWN: f"withdrawn: {_short(new.withdrawn_explanation)}",
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
                summary=f"{attr}: '{_short(a, 60)}' → '{_short(b, 60)}'",
            ))
    for note in _new_notes(old, new):
        out.append(Change(
            "change_note_added", "document", MINOR, ("change_history",), silent,
            new={"text": note.note, "note": note.note, "public_timestamp": note.public_timestamp},
            summary=f"change note: {_short(note.note)}",
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
    body = _quote_changes(old, new, silent) + _commitment_changes(old, new, silent)
    body.sort(key=lambda pc: pc[0])
    return tuple(changes + [c for _, c in body])


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
