"""Field comparison of aligned commitments: which values changed, how, and a one-line summary.

`compare_commitments` takes the parts on each side (one each, or several for a split or merge);
`field_summary` turns its details into the words a reader sees.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from typing import Any

from differ.align import commitment_spans
from differ.text import ARTICLES, STOPWORDS, acronym_equivalent, masked_tokens, normalise, stem, tokens_equivalent
from parsers.record import FIRMNESS_DONE, FIRMNESS_FIRM, FIRMNESS_HEDGED, Commitment


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


# Words the parser may keep as a qualifier that only describe the thing ("10,000 additional places").
_NOT_QUALIFIERS = {"additional", "new", "more", "extra", "further", "another"}


def _norm_qualifier(q: str | None) -> str:
    q = normalise(q)
    return "" if q in _NOT_QUALIFIERS else q


_PER_YEAR = {"a year", "per year", "each year", "every year", "annually", "per annum", "yearly"}


def _period(p: str | None) -> str:
    p = normalise(p)
    return "per year" if p in _PER_YEAR else p


def _money_set(cs: list[Commitment]) -> list[tuple]:
    # The period is part of the amount: £300m a year for three years is not £300m over three years.
    return sorted(
        (round(m.amount_gbp or 0.0, 2), _norm_qualifier(m.qualifier), _period(m.period))
        for c in cs for m in c.money if m.amount_gbp is not None
    )


def _unit(u: str | None) -> str:
    """The counted thing by its head noun: "new places" and "additional places" count places."""
    u = normalise(u)
    if u in ("%", "per cent", "percent"):
        return "%"
    words = u.split()
    return stem(words[-1].rstrip("s")) if words else ""


def _plain_unit(u: str | None) -> str:
    u = normalise(u)
    return "%" if u in ("%", "per cent", "percent") else u


def _quantity_key(q) -> tuple:
    # The qualifier matters: "over 50 councils" (a floor) is not "up to 50 councils" (a ceiling).
    return (round(q.value, 4), _unit(q.unit), _norm_qualifier(q.qualifier))


def _quantity_set(cs: list[Commitment]) -> list[tuple]:
    return sorted(_quantity_key(q) for c in cs for q in c.quantities)


def _date_set(cs: list[Commitment]) -> list[tuple]:
    return sorted({(d.start or "", d.end or "") for c in cs for d in c.dates if d.start or d.end})


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
                          "hundred thousand million billion half quarter".split())


def _numbers(cs: list[Commitment]) -> list[str]:
    """Every number in the texts as written (digits without separators, number words): what a reader compares."""
    out = []
    for c in cs:
        for tok in normalise(c.text).split():
            if tok in _NUMBER_WORDS:
                out.append(tok)
            else:
                out += [str(float(n)) for n in _NUMBER.findall(tok)]
    return sorted(out)


def _only_unparsed(oq: list[tuple], nq: list[tuple], old: list[Commitment], *, new: list[Commitment]) -> bool:
    """The counts differ only because the parser read a number on one side and not the other ("638,700" vs "638700")."""
    gone, came = _multiset_diff(oq, nq)
    if {q[0] for q in gone} & {q[0] for q in came}:
        return False  # the same number read on both sides, with another unit or qualifier: a real change
    new_numbers, old_numbers = set(_numbers(new)), set(_numbers(old))
    return (all(str(float(q[0])) in new_numbers for q in gone)
            and all(str(float(q[0])) in old_numbers for q in came)
            and _numbers(old) == _numbers(new))


def _programme_set(cs: list[Commitment]) -> set[str]:
    return {normalise(p) for c in cs for p in c.programmes if p}


def _programme_words(cs: list[Commitment]) -> set[str]:
    """Words of programme names and their initials: the parser may expand 'NELI', so spans miss it."""
    words: set[str] = set()
    for c in cs:
        for name in c.programmes:
            toks = normalise(name).split()
            words.update(stem(t) for t in toks if t not in STOPWORDS)
            initials = "".join(t[0] for t in toks if t not in STOPWORDS)
            if len(initials) >= 2:
                words.add(initials)
    return words


_ACTOR_ALIASES = (
    (re.compile(r"\b(?:dfe|the department for education|department for education|the department)\b"),
     "department for education"),
    (re.compile(r"\b(?:this government|the government|government|we|ministers)\b"), "government"),
)


_AMOUNT = re.compile(r"£?\d[\d.,]*\s*(?:bn|billion|m|million|k)?\b")


def _actor(a: str | None) -> str:
    """An actor by a canonical name: "DfE", "the department" and "Department for Education" are one.

    Figures are masked: a subject like "An additional £1.8billion" is the same subject as "£1.8 billion".
    """
    a = normalise(_AMOUNT.sub("#", a) if a else a)
    for pattern, name in _ACTOR_ALIASES:
        a = pattern.sub(name, a)
    return a[4:] if a.startswith("the ") else a


# Words that turn a promise into its opposite, and phrases that make it conditional.
_REVERSAL = re.compile(r"\b(?:not|no longer|never|cannot|won['’]t|stop|stops|stopping|scrap|scrapping|scrapped|"
                       r"cancel|cancelling|cancelled|withdraw|withdrawing|halt|halting|cease|ceasing|abandon|"
                       r"abandoning|drop|dropping)\b")
_CONDITION = re.compile(r"\b(?:subject to|depending on|dependent on|where possible|if funding|funding permitting|"
                        r"provided that|as resources allow|in principle|if approved|pending)\b")


def _cues(pattern: re.Pattern[str], cs: list[Commitment]) -> list[str]:
    return sorted(m.group(0) for c in cs for m in pattern.finditer(c.text.lower()))


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


def compare_commitments(
    old: list[Commitment], new: list[Commitment], spans: list[str] | None = None
) -> tuple[list[str], list[str], dict]:
    """Changed fields, tags and details between old and new (lists hold the parts of a split/merge).

    `spans` are the masked spans of all the parts, old then new, when the caller already has them.
    """
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
    if oq != nq and not _only_unparsed(oq, nq, old, new=new):
        fields.append("quantity")
        details["quantity"] = {
            side: sorted([round(q.value, 4), _plain_unit(q.unit)] + ([q.qualifier] if _norm_qualifier(q.qualifier) else [])
                         for c in cs for q in c.quantities)
            for side, cs in (("old", old), ("new", new))
        }
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
    o_rev, n_rev = _cues(_REVERSAL, old), _cues(_REVERSAL, new)
    if o_rev != n_rev:
        # "will fund" -> "will stop funding" / "will no longer": the same modal, the opposite promise.
        if "modality" not in fields:
            fields.append("modality")
        details["reversal"] = {"old": o_rev, "new": n_rev}
        tags.append("reversed")
    o_if, n_if = _cues(_CONDITION, old), _cues(_CONDITION, new)
    if o_if != n_if:
        if "firmness" not in fields:
            fields.append("firmness")
        details["condition"] = {"old": o_if, "new": n_if}
        more = len(n_if) > len(o_if)
        if ("softened" if more else "hardened") not in tags:
            tags.append("softened" if more else "hardened")
    if _actor(o0.actor) != _actor(n0.actor):
        fields.append("actor")
        details["actor"] = {"old": o0.actor, "new": n0.actor}
    op, np_ = _programme_set(old), _programme_set(new)
    op, np_ = _unglued(op, np_, old, new=new)
    # A body that acts is an actor, even when the parser also lists it as a named body.
    actors = {normalise(a) for a in (o0.actor, n0.actor) if a} | {_actor(a) for a in (o0.actor, n0.actor) if a}
    op, np_ = (op - actors, np_ - actors) if op ^ np_ <= actors else (op, np_)
    if op != np_:
        fields.append("programme")
        details["programme"] = {"removed": sorted(op - np_), "added": sorted(np_ - op)}
    if [c.text for c in old] != [c.text for c in new] and not _same_wording(
            old, new, spans, renamed="programme" in fields, redated="date" in fields):
        fields.append("wording")
        tags.append("reworded")
    return fields, tags, details


def _despaced(text: str) -> str:
    return normalise(text).replace(" ", "")


def _unglued(op: set[str], np_: set[str], old: list[Commitment], *, new: list[Commitment]) -> tuple[set[str], set[str]]:
    """Drop a name found only because a run-together word was fixed ("updatedSEND Code" -> "updated SEND Code")."""
    old_text = "".join(_despaced(c.text) for c in old)
    new_text = "".join(_despaced(c.text) for c in new)
    came = {p for p in np_ - op if p.replace(" ", "") in old_text}
    went = {p for p in op - np_ if p.replace(" ", "") in new_text}
    return op - went, np_ - came


_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")


# Words a date phrase the parser could not read is made of ("early in the new year").
_TIME_WORDS = frozenset(
    """year years month months week weeks day days new next last early earli late later end start beginning middle
    mid coming this that current calendar financial academic term half quarter spring summer autumn winter
    january february march april may june july august september october november december""".split()
) | STOPWORDS | {"#"}


def _only_time_words(old_tokens: list[str], new_tokens: list[str]) -> bool:
    """Every edit between the token lists swaps one date phrase for another: the date field says it."""
    ops = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False).get_opcodes()
    return all(set(old_tokens[i1:i2]) | set(new_tokens[j1:j2]) <= _TIME_WORDS
               for op, i1, i2, j1, j2 in ops if op != "equal")


def _same_wording(old: list[Commitment], new: list[Commitment], spans: list[str] | None, *,
                  renamed: bool = False, redated: bool = False) -> bool:
    """Texts equal once figures, names and programmes are masked, up to one typo fix.

    When a programme was renamed, its acronym in brackets and the small words of either name go
    too: "the Partnership for Inclusion of ... (PINS)" -> "the ... Partnership (NISP)" is a rename.
    """
    if spans is None:
        spans = [s for c in old + new for s in commitment_spans(c)]
    names = _programme_words(old + new)
    # The same numbers on both sides (however the parser read them): compare the words around them.
    mask = _numbers(old) == _numbers(new)
    if renamed:
        names |= {m.lower() for c in old + new for m in _ACRONYM.findall(c.text)} | STOPWORDS
    # Articles go too: "The champions" -> "Local authorities" is an actor change, not rewording.
    ot = [t for c in old for t in masked_tokens(c.text, spans, mask_figures=mask) if t not in names and t not in ARTICLES]
    nt = [t for c in new for t in masked_tokens(c.text, spans, mask_figures=mask) if t not in names and t not in ARTICLES]
    if tokens_equivalent(ot, nt) or (redated and _only_time_words(ot, nt)):
        return True
    return acronym_equivalent(normalise(" ".join(c.text for c in old)).split(),
                              normalise(" ".join(c.text for c in new)).split())


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


def short(text: str | None, limit: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def field_summary(fields: list[str], details: dict, old: list[Commitment], *, new: list[Commitment]) -> list[str]:
    parts = []
    if "money" in details:
        d = details["money"]
        sign = "+" if d["delta"] >= 0 else "-"
        pct = f", {d['pct']:+.1f}%" if d["pct"] is not None else ""
        parts.append(f"re-costed: {format_gbp(d['old'])} → {format_gbp(d['new'])} ({sign}{format_gbp(abs(d['delta']))}{pct})")
    if "quantity" in details:
        oq = [(q.text, _quantity_key(q)) for c in old for q in c.quantities]
        nq = [(q.text, _quantity_key(q)) for c in new for q in c.quantities]
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
    if "reversal" in details:
        d = details["reversal"]
        parts.append(f"reversed: {', '.join(d['old']) or 'no negation'} → {', '.join(d['new']) or 'no negation'}")
    if "condition" in details:
        d = details["condition"]
        label = "softened" if len(d["new"]) > len(d["old"]) else "hardened"
        parts.append(f"{label}: condition {', '.join(d['old']) or 'none'} → {', '.join(d['new']) or 'none'}")
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

