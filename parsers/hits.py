"""Actor + verb-group hits in one sentence, in document order.

Named actors and programmes first; then "... and will fund Y" continuations of a hit; then, in
the body, plain noun-phrase subjects before a modal ("Local authorities will ..."), with passives
and beneficiaries ("Every council will receive ...") given to the implied actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.actors import _ACTOR, _ADV, IMPLIED_ACTOR, _actor_name, _after_preposition
from parsers.folding import guarded
from parsers.programmes import programme_spans
from parsers.verbs import _HOUSEKEEPING, _VG, _classify, _participle, _Verb

_CLAUSE_BOUNDARY = guarded(r",?\s+but\s+|;\s+|,\s+(?:and|while|whereas)\s+")

_EDGE_QUOTES = "“”\"‘ "

@dataclass(frozen=True)
class _Hit:
    actor: str
    actor_start: int
    actor_end: int
    verb: _Verb
    # For "We have approved X and will fund Y": the second hit has no actor of its own; its
    # text restores the first hit's actor as written, taken from `source`.
    source: tuple[int, int] | None = None

def _hits(
    sentence: str, abbreviations: dict[str, str], speaker: str | None, *, generic: bool = False
) -> list[_Hit]:
    """Actor + verb-group hits in document order; with `generic`, also any plain noun-phrase
    subject before a modal ("Local authorities will ...", "Trainees will start ...")."""
    hits: list[_Hit] = []
    candidates: list[tuple[int, int, str, str]] = []
    for m in _ACTOR.finditer(sentence):
        named = _actor_name(m, speaker)
        if named:
            candidates.append((m.start(), m.end(), named[0], named[1]))
    for f in programme_spans(sentence, abbreviations=abbreviations):
        candidates.append((f.start, f.end, f.programme.name, "programme"))
    candidates.sort()
    for start, end, actor, kind in candidates:
        if hits and start < hits[-1].verb.end:
            continue
        if kind == "work" and start not in (0, _clause_start(sentence, start)):
            continue
        if _after_preposition(sentence, start) or _HEARSAY.search(sentence, max(0, start - 60), start):
            continue
        vg = _VG.match(sentence, end)
        if vg is None:
            continue
        if kind == "gov_np":
            kind = "gov"
        verb = _classify(vg, kind, sentence)
        if verb is None or _HOUSEKEEPING.match(sentence, verb.verb_start):
            continue  # "I will update the House ..." is procedure, not policy
        if kind == "programme":
            # "The improvement plan will be published": the plan is what is done, by the Government.
            if _is_passive(sentence, vg):
                actor = IMPLIED_ACTOR
            elif actor in _NOT_ACTORS:
                continue
        hits.append(_Hit(actor, start, end, verb))
        hits.extend(_continuations(sentence, hits[-1], kind))
    if generic:
        hits = _generic_hits(sentence, hits)
    return hits


def _is_passive(sentence: str, vg: re.Match[str]) -> bool:
    """ "will be published" (done by someone else), not "will be expected to" (done by the subject)."""
    passive = _PASSIVE.match(sentence, vg.start("verb")) if vg.group("verb") else None
    return bool(passive and _participle(passive.group(1)) and not _TO.match(sentence, passive.end()))


def _generic_hits(sentence: str, hits: list[_Hit]) -> list[_Hit]:
    """Add hits whose subject is a short plain noun phrase before a modal, outside other hits."""
    taken = [(h.actor_start, h.verb.end) for h in hits]
    # "Schools will receive £2.3 billion, the department has confirmed.": the modal is the
    # content of the trailing announcement, not a commitment of its own.
    for h in hits:
        if h.verb.reported and sentence[: h.actor_start].rstrip().endswith(","):
            taken.append((0, h.actor_start))
    added: list[_Hit] = []
    for m in _GENERIC_MODAL.finditer(sentence):
        if any(a <= m.start() < b for a, b in taken):
            continue
        found = _subject_before(sentence, _clause_start(sentence, m.start()), m.start())
        if found is None:
            continue
        start, head = found
        vg = _VG.match(sentence, m.start())
        verb = _classify(vg, "generic", sentence) if vg else None
        if verb is None:
            continue
        head_noun = _HEAD_NOUN_END.split(head, 1)[0]
        if (
            _is_passive(sentence, vg)
            or _FUNDING_HEAD.search(head_noun)
            or _BENEFICIARY_VERB.match(sentence, verb.verb_start)
        ):
            actor = IMPLIED_ACTOR  # "Funding will be allocated", "Every council will receive ..."
        else:
            actor = re.sub(r"^[Tt]he\s+", "", head)
        added.append(_Hit(actor, start, m.start(), verb))
        taken.append((start, verb.end))
    return sorted(hits + added, key=lambda h: h.actor_start)


def _content_verb(sentence: str, start: int, end: int) -> _Verb | None:
    """The first modal verb group in sentence[start:end] (the content of a trailing attribution)."""
    for m in _GENERIC_MODAL.finditer(sentence, start, end):
        vg = _VG.match(sentence, m.start())
        verb = _classify(vg, "generic", sentence) if vg else None
        if verb is not None:
            return verb
    return None


def _subject_before(sentence: str, clause_start: int, modal: int) -> tuple[int, str] | None:
    """The plain noun-phrase subject between `clause_start` and a modal: (start, head noun phrase).

    Comma-separated chunks are read left to right: leading adverbials ("Under the plans,") are
    skipped, list members ("Teachers, psychologists and therapists") join the head, and an
    appositive ("The group, chaired by ..., will") ends it. None when the stretch is a clause.
    """
    before = sentence[clause_start:modal].split()
    if not before or before[-1].lower().strip(",") in _RELATIVE:
        return None  # "... the support that should be available": the modal is in a relative clause
    chunks: list[tuple[int, str]] = []
    pos = clause_start
    for piece in sentence[clause_start:modal].split(", "):
        chunks.append((pos, piece))
        pos += len(piece) + 2
    while chunks and chunks[0][1].split(None, 1)[0:1] and chunks[0][1].split(None, 1)[0].lower() in _ADVERBIAL_START:
        opener = chunks[0][1].lower()
        if len(chunks) == 1 or opener.split(None, 1)[0] in _COUNTERFACTUAL or opener.startswith("until now"):
            return None  # "Without the override, councils would ...", "Until now, ... could"
        chunks.pop(0)
    if not chunks:
        return None
    start = chunks[0][0]
    head_parts: list[str] = []
    for _, piece in chunks:
        first = piece.split(None, 1)[0].lower() if piece.split() else ""
        if head_parts and (first in _APPOSITIVE_START or first.endswith(("ing", "ed"))):
            break
        head_parts.append(piece)
    head = ", ".join(head_parts).strip(_EDGE_QUOTES + ", ")
    start += len(sentence[start:]) - len(sentence[start:].lstrip(_EDGE_QUOTES + " "))
    words = head.split()
    if not 1 <= len(words) <= _SUBJECT_MAX_WORDS or words[0].lower() in _NOT_SUBJECT_START:
        return None
    if any(w.lower().strip(",:“”\"") in _NOT_IN_SUBJECT for w in words) or words[-1].lower() in _PRONOUNS:
        return None
    if _after_preposition(sentence, start):
        return None
    return start, head


_GENERIC_MODAL = re.compile(
    r"\s(?=(?:will|shall|would|may|might|could|should|must)\s|(?:is|are)\s+(?:expected|set|due)\s+to\s"
    r"|(?:expects|plans|aims|intends)\s+to\s"
    r"|(?:has|have)\s+(?:already\s+|now\s+)?(?:started|begun|commenced|opened|launched|completed|received|"
    r"been\s+(?:published|launched|opened|allocated|confirmed|awarded|appointed))\b)"
)
_SUBJECT_MAX_WORDS = 14
_RELATIVE = frozenset({"that", "which", "who", "whom"})
_PRONOUNS = frozenset({"i", "we", "they", "it", "he", "she", "you", "who"})
_ADVERBIAL_START = frozenset(
    "under from until for on in after before by with as when if following alongside through since "
    "today now meanwhile however instead also then together currently last next this without "
    "unless".split()
)
_APPOSITIVE_START = frozenset(
    "chaired led run spread set available including such which who worth based due now announced "
    "covering funded backed for of in with to from on at by along alongside".split()
)
_COUNTERFACTUAL = frozenset({"without", "unless", "if"})
_TO = re.compile(r"\s+to\b")
_FUNDING_HEAD = re.compile(
    r"\b(?:funding|budgets?|allocations?|grants?|investment|money|payments?|support)$", re.IGNORECASE
)
# What a beneficiary is given or offered: the giver acts.
_BENEFICIARY_VERB = re.compile(r"(?:continue\s+to\s+)?(?:receive|get|be\s+able\s+to|be\s+offered)\b")
_HEAD_NOUN_END = guarded(r"\s+(?:for|of|in|with|to|from|on|at|by)\s+")
# Words that cannot open a subject we report ("there will be", "it will", "this will help"),
# and words that show the stretch before the modal is a clause, not a noun phrase.
_NOT_SUBJECT_START = frozenset(
    "there it this that these those which who what whom whose they he she you i we if when as "
    "because so while although though where whether and or but nor to for with by from not".split()
)
_NOT_IN_SUBJECT = frozenset(
    "is are was were be been being has have had do does did can will would shall may might could "
    "should must am that which whom whose what how why whether said says".split()
)


def _continuations(sentence: str, hit: _Hit, kind: str) -> list[_Hit]:
    """Verb groups joined to a hit by "and" with a new auxiliary: "... and will fund Y"."""
    out: list[_Hit] = []
    pos = hit.verb.end
    while True:
        m = _AND_AUX.search(sentence, pos)
        if m is None or _CLAUSE_BOUNDARY.search(sentence, pos, m.start()):
            return out
        vg = _VG.match(sentence, m.end())
        verb = _classify(vg, kind, sentence) if vg else None
        if verb is None:
            return out
        out.append(_Hit(hit.actor, m.start(), m.end(), verb, (hit.actor_start, hit.actor_end)))
        pos = verb.end


_HEARSAY = guarded(
    r"\b(?:suggest(?:s|ed|ing)?|claim(?:s|ed|ing)?|speculat\w*|rumou?r\w*|reports?|reported|alleg\w*)"
    r"\s+(?:that\s+)?$",
    re.IGNORECASE,
)

_AND_AUX = guarded(
    rf"(?:,\s*|\s+)and(?=\s+(?:{_ADV})*(?:will|shall|would|could|may|might|should|has|have|is|are|"
    r"plans|aims|intends|expects|continues|commits)\b)"
)
# Programmes that are not actors: independent bodies and documents.
_NOT_ACTORS = frozenset({"National Audit Office", "Education, Health and Care plans"})
_PASSIVE = re.compile(rf"(?:continue\s+to\s+)?(?:be|been|being)\s+(?:{_ADV})*([a-z]+)")


def _clause_start(sentence: str, pos: int) -> int:
    start = 0
    for b in _CLAUSE_BOUNDARY.finditer(sentence, 0, pos):
        start = b.end()
    # A sentence that opens with a quote mark starts after it.
    while start < len(sentence) and sentence[start] in "“\"‘ ":
        start += 1
    return start
