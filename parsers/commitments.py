"""Government commitments in an announcement: who commits to do what, how firmly, and when.

A commitment is a sentence or clause whose subject is an actor we track (the Government, "we",
the Department for Education, a minister, a named programme or review) followed by a verb group
that commits to, continues, announces or reports doing something. Rules, in brief:

- Actor first, then the verb group right after it (adverbs like "also" allowed). An actor after
  a preposition ("funding from the department will") is not a subject.
- "The Department will strengthen A, support B, and encourage C." is three commitments sharing
  actor and modality; each later one has the actor and modal restored ("The Department will
  support B"). Only comma-led series are split ("A, and B" or "A, B and C"): a bare "identify
  and support" stays one verb phrase.
- Reported announcements ("this Government announced that X would continue ...") are one
  commitment with modality "announced" and firmness "done" (the decision was made and
  published); the status follows the reported content: "continue" -> ongoing, another
  "would"/"will" verb -> planned, otherwise done.
- Present progressive ("we are publishing", "is investing") is firm and ongoing, or planned when
  a date in the clause falls after the publication date.
- "Work has already started ..." has the Government as its implied actor (done, ongoing); so
  has a programme in the passive ("The improvement plan will be published ...").
- "We have approved X and will fund Y" is two commitments; the second restores the actor.
- A trailing attribution ("Schools will receive £2.3 billion, the Department has confirmed.")
  is a done announcement whose status follows the content before it.
- A lead-in ending in ":" ("The department will also:") is completed by each list item after it.
- Outside quotes, a plain noun-phrase subject before a modal or "are expected to" also makes a
  commitment ("Local authorities will support ...", "Trainees will start ..."), actor = the
  head noun phrase as written (a leading "the" dropped); adverbial openers ("Under the plans,")
  and appositives (", chaired by ...,") are skipped; a passive ("A toolkit will be published")
  has the Government as actor. Pronouns, "there", "this" and clauses are never such subjects.
- Quote sentences are reported once, with section "quote" and speaker = the quote's speaker,
  or its role when the speaker is unnamed; "I" is an actor (the speaker) only inside quotes.
- Keys: `commitment_key(text)`; a text repeated in one document gets "-2", "-3", ...
- Not commitments: quote lead-ins ("X said:"), statistics, descriptions of the problem
  ("a system that has been neglected"), opinions and attitudes ("I am determined to ...",
  "we know ..."), futures of things rather than actors ("the reform ... will take time").
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

from parsers import figures as _figures
from parsers.figures import scan_figures
from parsers.programmes import learn_abbreviations, programme_spans
from parsers.record import (
    FIRMNESS_DONE,
    FIRMNESS_FIRM,
    FIRMNESS_HEDGED,
    STATUS_DONE,
    STATUS_ONGOING,
    STATUS_PLANNED,
    Commitment,
    Quote,
    Section,
    stable_hash,
)
from parsers.sentences import comparable, normalise_space, split_sentences

GOVERNMENT = "the Government"
DFE = "Department for Education"
# Who acts when the text names no one ("Work has already started", "Funding will be allocated",
# "Every council will receive ..."): the publishing department. SEND releases come from DfE.
IMPLIED_ACTOR = DFE

_ADV = (
    r"(?:(?:also|now|already|today|further|still|then|jointly|currently|recently|therefore|"
    r"additionally|soon|shortly|urgently|immediately|formally|previously|firmly|fully|actively|"
    r"rapidly|quickly|swiftly|initially|finally|once\s+again|again|in\s+addition|this\s+week|"
    r"this\s+year|this\s+month),?\s+)"
)

_ACTOR = re.compile(
    r"(?<![\w'’-])(?:"
    r"(?P<gov>(?:[Tt]his|[Tt]he|[Oo]ur)\s+(?:[Ll]abour\s+|[Cc]urrent\s+|UK\s+)?[Gg]overnment|"
    r"[Gg]overnment|[Ww]e)"
    r"|(?P<dfe>(?:[Tt]he\s+)?Department\s+for\s+Education|DfE|[Tt]he\s+[Dd]epartment)"
    r"|(?P<person>(?:[Tt]he\s+)?(?:"
    r"(?:Education\s+|Health\s+|Home\s+|Justice\s+|Culture\s+)?Secretary(?:\s+of\s+State)?"
    r"(?:\s+for\s+(?:Education|Health\s+and\s+Social\s+Care|Work\s+and\s+Pensions))?"
    r"|(?:Deputy\s+)?Prime\s+Minister|Chancellor(?:\s+of\s+the\s+Exchequer)?"
    r"|(?:(?:Children['’]s|Schools|Skills|Early\s+Years|SEND|Education|Health)\s+)?Minister"
    r"(?:\s+for\s+[A-Z][\w'’]*(?:\s+(?:and\s+)?[A-Z][\w'’]*){0,3})?"
    r")(?:,?\s+(?:the\s+Rt\s+Hon\s+)?[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2}(?=[\s,]))?"
    r"|[Mm]inisters)"
    r"|(?P<i>I)"
    r"|(?P<work>Work)"
    r")(?![\w'’-])"
)

# The verb group right after an actor. `aux` is the modal/auxiliary (or the main verb itself
# for "announced", "publishes"); `verb` is the next word.
_VG = re.compile(
    rf"(?:,\s+[^,.;]{{1,60}},)?(?:\s+|(?=['’]))(?:{_ADV})*(?P<aux>"
    r"will\s+not|won['’]t|will|['’]ll|shall|would\s+not|would|could|may|might|should|must|can"
    rf"|(?:is|are|am|['’]re)\s+(?:{_ADV})*(?:going|set|due|expected)\s+to"
    r"|(?:is|are)\s+to"
    r"|(?:(?:plans|plan|intends|intend|aims|aim|expects|expect|hopes|hope|seeks|seek|"
    r"proposes|propose|commits|commit|continues|continue|remains\s+committed|remain\s+committed|"
    rf"(?:has|have|['’]ve)\s+(?:{_ADV})*(?:committed|continued)|"
    rf"(?:is|are|am|['’]re)\s+(?:{_ADV})*(?:planning|intending|aiming|expecting|hoping|seeking|"
    r"proposing|continuing|committed|looking))\s+to)"
    rf"|(?:is|are|am|['’]re)\s+(?:{_ADV})*considering"
    r"|has|have|['’]ve|is|are|am|['’]re"
    r"|(?P<main>[a-z]+(?:\s+out)?)"
    rf")\b(?:\s+(?:{_ADV})*(?P<verb>[a-z]+(?:\s+(?:way|out))?))?",
)
_ADV_WORDS = re.compile(rf"(?:{_ADV})+")
_LOOKING_AT = re.compile(r"\s+(?:at|into)\b")
_EXPECT_OBJECT = re.compile(r"(?:\s+[\w'’,-]+){1,8}?\s+to\s+[a-z]+")
_HOUSEKEEPING = re.compile(r"\s*(?:make\s+a\s+statement|update\s+the\s+House)\b", re.IGNORECASE)

_PREPOSITIONS = frozenset(
    "from by with to for of on in at through under between across within than into about like "
    "as alongside behind against among towards via upon onto".split()
)
_ARTICLES = frozenset({"the", "a", "an", "this", "that", "our", "their", "its"})

# Reporting and doing verbs in the past tense, and in the present for announcements.
_IRREGULAR_PAST = frozenset(
    "made set put gave given began begun spent brought sent built led held met won undertaken "
    "undertook taken took written wrote chosen chose done did shown grown paid laid".split()
) | {"set out", "rolled out"}
_NOT_DOING = frozenset(
    "said stated added noted explained commented warned argued told believed felt thought "
    "recognised recognized inherited found saw seen heard knew known wanted needed faced failed "
    "experienced acknowledged welcomed listened learned learnt understood hoped expected asked "
    "called claimed suggested insisted admitted estimated reported concluded showed shown "
    "highlighted exposed revealed identified".split()
)
_PRESENT = frozenset(
    "announces confirms publishes launches unveils commits provides funds invests supports "
    "delivers introduces allocates backs accepts responds expands extends creates offers gives "
    "opens builds trains appoints pledges promises".split()
) | {"sets out", "rolls out"}
_BASE_FOR_WE = frozenset(
    "announce confirm publish launch unveil commit provide fund invest allocate pledge promise".split()
) | {"set out"}
_REPORTING = frozenset("announced confirmed agreed decided committed pledged promised".split()) | {"set out"}
_NOT_PROGRESSIVE = frozenset("seeing facing hearing experiencing struggling failing being going".split())
_BASE_VERBS = frozenset(
    """support encourage strengthen deliver provide invest fund create build expand introduce
    publish launch set work ensure improve increase develop review consider help make give bring
    reform look take continue establish extend consult engage monitor explore require enable
    promote tackle reduce raise offer open train recruit appoint allocate commission update issue
    respond legislate change boost double drive protect prioritise focus put place embed roll
    test pilot align simplify streamline clarify share learn identify meet address transform
    rebuild restore maintain keep prepare produce run lead hold equip empower enhance target widen
    assess evaluate measure track report announce confirm outline expect give create remove cut
    cap lower simplify strengthen replace set overhaul restructure pay award distribute spend
    deploy use back champion guarantee secure safeguard accelerate speed tighten expand scale
    bolster promote partner collaborate listen co-produce coproduce design""".split()
)
_NEXT_AFTER_VERB_BAD = frozenset({"and", "or", "of", "for", "is", "are", "was", "were", "will", ","})

_CLAUSE_BOUNDARY = re.compile(r",?\s+but\s+|;\s+|,\s+(?:and|while|whereas)\s+")
_SERIES_POINT = re.compile(r"(?P<comma>,)?\s+(?:(?P<conj>and|or)\s+)?(?=(?P<w1>[a-z][\w-]*)\s+(?P<w2>[^\s]+))")
_ACTION_CUT = re.compile(
    r",\s|;|\s+[–—-]\s+|\s+including\b|\s+so\s+that\b|\s+which\b|\s+who\b|\s+in\s+order\s+to\b|\s+because\b"
)
_EDGE_QUOTES = "“”\"‘ "
_ACTION_MAX_WORDS = 20


@dataclass(frozen=True)
class _Verb:
    modality: str
    firmness: str
    status: str
    verb_start: int  # where the action (main verb phrase) starts
    end: int  # end of the verb group match
    reported: bool = False
    splittable: bool = False  # a modal whose predicate may be a series of verb phrases


@dataclass(frozen=True)
class _Hit:
    actor: str
    actor_start: int
    actor_end: int
    verb: _Verb
    # For "We have approved X and will fund Y": the second hit has no actor of its own; its
    # text restores the first hit's actor as written, taken from `source`.
    source: tuple[int, int] | None = None


def _participle(word: str) -> bool:
    return (word.endswith("ed") or word in _IRREGULAR_PAST) and word not in _NOT_DOING


def _classify(m: re.Match[str], kind: str, text: str) -> _Verb | None:
    """Turn a verb-group match after an actor into modality, firmness and status."""
    aux = normalise_space(_ADV_WORDS.sub("", m.group("aux").lower() + " ")).replace("’", "'")
    verb = (m.group("verb") or "").lower()
    vstart = m.start("verb") if m.group("verb") else m.end("aux")
    end = m.end()
    if m.group("main"):
        main = aux
        if kind == "work":
            return None
        if main in _NOT_DOING:
            return None
        if _participle(main) or main in _IRREGULAR_PAST:
            return _Verb(main, FIRMNESS_DONE, STATUS_DONE, m.start("aux"), m.end("aux"), main in _REPORTING)
        if main in ("expects", "expect") and _EXPECT_OBJECT.match(text, m.end("aux")):
            # "The department expects every council to meet the limit": expecting others to act.
            return _Verb("expects", FIRMNESS_HEDGED, STATUS_PLANNED, m.end("aux"), m.end("aux"))
        if main in _PRESENT or (kind in ("gov", "i", "plural") and main in _BASE_FOR_WE):
            return _Verb(main, FIRMNESS_FIRM, STATUS_ONGOING, m.start("aux"), m.end("aux"))
        return None  # includes a bare "continue": "continue to" is matched as an auxiliary
    if not verb:
        return None
    if aux in ("will", "'ll", "shall", "will not", "won't"):
        modality = "will not" if aux in ("will not", "won't") else ("shall" if aux == "shall" else "will")
        if kind == "work" and verb not in ("begin", "start", "continue"):
            return None
        if verb == "consider":
            return _Verb("consider", FIRMNESS_HEDGED, STATUS_PLANNED, vstart, end, splittable=True)
        status = STATUS_ONGOING if verb in ("continue", "keep", "remain") else STATUS_PLANNED
        return _Verb(modality, FIRMNESS_FIRM, status, vstart, end, splittable=True)
    if aux in ("would", "would not", "could", "may", "might", "should", "must", "can"):
        if kind == "work":
            return None
        if aux == "can" and verb not in ("confirm", "announce", "reveal"):
            return None
        if aux == "can":
            return _Verb(verb + "s", FIRMNESS_FIRM, STATUS_ONGOING, vstart, end)
        if verb == "like":
            return None  # "I would like to make a statement"
        if aux == "must":
            return _Verb("must", FIRMNESS_FIRM, STATUS_PLANNED, vstart, end, splittable=True)
        if verb == "consider":
            return _Verb("consider", FIRMNESS_HEDGED, STATUS_PLANNED, vstart, end, splittable=True)
        return _Verb(aux, FIRMNESS_HEDGED, STATUS_PLANNED, vstart, end, splittable=True)
    if aux.endswith(" to"):
        head = aux.split()[0] if not aux.startswith(("is ", "are ", "am ", "'re ", "has ", "have ", "'ve ")) else aux.split()[1]
        if kind == "work":
            return None
        if head == "expected":
            return _Verb("expected to", FIRMNESS_HEDGED, STATUS_PLANNED, vstart, end, splittable=True)
        if head in ("going", "set", "due") or aux in ("is to", "are to"):
            modality = {"going": "going to", "set": "set to", "due": "due to"}.get(head, "is to")
            return _Verb(modality, FIRMNESS_FIRM, STATUS_PLANNED, vstart, end, splittable=True)
        if head.startswith("continu"):
            return _Verb("continue", FIRMNESS_FIRM, STATUS_ONGOING, vstart, end, splittable=True)
        if head.startswith("commit") or head == "remains" or head == "remain":
            return _Verb("commits", FIRMNESS_FIRM, STATUS_PLANNED, vstart, end, splittable=True)
        if head == "looking":
            return _Verb("looking to", FIRMNESS_HEDGED, STATUS_PLANNED, vstart, end, splittable=True)
        canonical = {"plan": "plans", "planning": "plans", "intend": "intends", "intending": "intends",
                     "aim": "aims", "aiming": "aims", "expect": "expects", "expecting": "expects",
                     "hope": "hopes", "hoping": "hopes", "seek": "seeks", "seeking": "seeks",
                     "want": "wants", "propose": "proposes", "proposing": "proposes"}  # fmt: skip
        status = STATUS_ONGOING if verb in ("keep", "continue", "remain") else STATUS_PLANNED
        return _Verb(canonical.get(head, head), FIRMNESS_HEDGED, status, vstart, end, splittable=True)
    if aux.endswith("considering"):
        return _Verb("consider", FIRMNESS_HEDGED, STATUS_PLANNED, vstart, end)
    if aux in ("has", "have", "'ve"):
        modality = "has" if aux == "has" else "have"
        if verb == "been":
            nxt = re.match(r"\s+(?:" + _ADV + r")*([a-z]+)", text[end:])
            word = nxt.group(1) if nxt else ""
            if word.endswith("ing") and word not in _NOT_PROGRESSIVE:
                return _Verb(modality, FIRMNESS_DONE, STATUS_ONGOING, vstart, end)
            if _participle(word):
                return _Verb(modality, FIRMNESS_DONE, STATUS_DONE, vstart, end)
            return None
        if not _participle(verb) and verb not in ("begun", "set out", "rolled out"):
            return None
        if kind == "work" and verb not in ("started", "begun", "commenced"):
            return None
        status = STATUS_ONGOING if verb in ("started", "begun", "commenced") else STATUS_DONE
        if verb in _REPORTING and _THAT.match(text, end):
            modality = verb  # "has announced that ...": the announcement carries the commitment
        return _Verb(modality, FIRMNESS_DONE, status, vstart, end, reported=verb in _REPORTING)
    if aux in ("is", "are", "am", "'re"):
        modality = {"'re": "are"}.get(aux, aux)
        if verb in ("under way", "underway"):
            return _Verb(modality, FIRMNESS_FIRM, STATUS_ONGOING, vstart, end)
        if kind == "work":
            return None
        if verb == "looking" and _LOOKING_AT.match(text, end):
            return _Verb("consider", FIRMNESS_HEDGED, STATUS_PLANNED, vstart, end)
        if verb.endswith("ing") and verb not in _NOT_PROGRESSIVE:
            return _Verb(modality, FIRMNESS_FIRM, STATUS_ONGOING, vstart, end)
        if verb == "being":
            nxt = re.match(r"\s+([a-z]+)", text[end:])
            if nxt and _participle(nxt.group(1)):
                return _Verb(modality, FIRMNESS_FIRM, STATUS_ONGOING, vstart, end)
        return None
    return None


def _actor_name(m: re.Match[str], speaker: str | None) -> tuple[str, str] | None:
    if m.group("gov"):
        word = m.group("gov")
        return GOVERNMENT, ("gov" if word.lower() == "we" else "gov_np")
    if m.group("dfe"):
        return DFE, "dfe"
    if m.group("person"):
        written = normalise_space(m.group("person"))
        if written.lower() == "ministers":
            return GOVERNMENT, "plural"
        return written, "person"
    if m.group("i"):
        return GOVERNMENT, "i"  # a minister speaking for the government
    if m.group("work"):
        return IMPLIED_ACTOR, "work"
    return None


def _after_preposition(text: str, start: int) -> bool:
    words = text[max(0, start - 40) : start].split()
    while words and words[-1].lower() in _ARTICLES:
        words.pop()
    return bool(words) and words[-1].lower().strip(",") in _PREPOSITIONS


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
_HEAD_NOUN_END = re.compile(r"\s+(?:for|of|in|with|to|from|on|at|by)\s+")
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


_HEARSAY = re.compile(
    r"\b(?:suggest(?:s|ed|ing)?|claim(?:s|ed|ing)?|speculat\w*|rumou?r\w*|reports?|reported|alleg\w*)"
    r"\s+(?:that\s+)?$",
    re.IGNORECASE,
)
_THAT = re.compile(r"\s+that\b")
_AND_AUX = re.compile(
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


_REPORTED_CONTENT = re.compile(rf"\b(?:would|will)\s+(?:{_ADV})*(?P<v>[a-z]+)")


_LEADING_CONJ = re.compile(r"^(?:and|or|but)\s+")
_TRAILING_CONJ = re.compile(r"(?:[,;]|\s+(?:and|or|but))+\s*$")


def _clean(text: str) -> str:
    text = normalise_space(text).strip(_EDGE_QUOTES)
    text = _LEADING_CONJ.sub("", text)
    text = _TRAILING_CONJ.sub("", text)
    return text.rstrip(",;:– ").strip(_EDGE_QUOTES)


def _action(text: str) -> str | None:
    cut = _ACTION_CUT.search(text)
    if cut:
        text = text[: cut.start()]
    words = text.split()[:_ACTION_MAX_WORDS]
    action = " ".join(words).rstrip(".,;:!?”\"")
    return action or None


def _series_splits(predicate: str) -> list[int]:
    """Offsets in `predicate` where a comma-led series of verb phrases starts a new member."""
    points: list[tuple[int, int, str]] = []  # (cut, next-member start, kind)
    for m in _SERIES_POINT.finditer(predicate):
        if not m.group("comma") and not m.group("conj"):
            continue
        if m.group("w1") not in _BASE_VERBS or m.group("w2").lower().strip(",") in _NEXT_AFTER_VERB_BAD:
            continue
        kind = "comma_and" if m.group("comma") and m.group("conj") else "comma" if m.group("comma") else "and"
        points.append((m.start(), m.start("w1"), kind))
    kinds = [k for _, _, k in points]
    if "comma_and" in kinds:
        chosen = [p for p in points if p[2] != "and"]
    elif "comma" in kinds and "and" in kinds:
        last_comma = max(i for i, p in enumerate(points) if p[2] == "comma")
        ands = [p for p in points[last_comma + 1 :] if p[2] == "and"]
        if not ands:
            return []
        chosen = [p for p in points[: last_comma + 1] if p[2] == "comma"] + ands[-1:]
    else:
        return []
    return [c for p in chosen for c in p[:2]]


@dataclass(frozen=True)
class _Draft:
    text: str
    hit: _Hit
    action: str | None
    ranges: tuple[tuple[int, int], ...]  # the parts of the sentence the text was taken from


def _drafts(sentence: str, abbreviations: dict[str, str], speaker: str | None, generic: bool) -> list[_Draft]:
    """The commitments of one sentence, before figures and keys are attached."""
    hits = _hits(sentence, abbreviations, speaker, generic=generic)
    drafts: list[_Draft] = []
    kept: list[_Hit] = []
    for hit in hits:
        # Everything after a reported announcement ("announced that X would ...") is its content.
        if kept and kept[-1].verb.reported and not _CLAUSE_BOUNDARY.search(sentence, kept[-1].verb.end, hit.actor_start):
            continue
        kept.append(hit)
    for i, hit in enumerate(kept):
        start = _clause_start(sentence, hit.actor_start)
        if i and start <= kept[i - 1].verb.end:
            start = hit.actor_start
        if hit.source is not None:
            start = hit.actor_end
        end = kept[i + 1].actor_start if i + 1 < len(kept) else len(sentence)
        if i + 1 < len(kept):
            nb = _clause_start(sentence, kept[i + 1].actor_start)
            if nb > hit.verb.end:
                end = min(end, nb)
        verb = hit.verb

        def body(a: int, b: int, hit: _Hit = hit) -> tuple[str, tuple[tuple[int, int], ...]]:
            """sentence[a:b], with the actor restored in front for a continuation hit."""
            if hit.source is None:
                return sentence[a:b], ((a, b),)
            sa, sb = hit.source
            return sentence[sa:sb] + sentence[a:b], ((sa, sb), (a, b))

        text, ranges = body(start, end)
        if verb.reported:
            content = _REPORTED_CONTENT.search(sentence, verb.end, end)
            trailing = (
                content is None
                and sentence[start : hit.actor_start].rstrip().endswith(",")
                and _THAT.match(sentence, verb.end) is None
            )
            if trailing:
                # "Schools will receive £2.3 billion, the Department has confirmed.": the content
                # comes before the attribution.
                content = _REPORTED_CONTENT.search(sentence, start, hit.actor_start)
            status = (
                STATUS_DONE
                if content is None
                else STATUS_ONGOING if content.group("v") == "continue" else STATUS_PLANNED
            )
            verb = _Verb(verb.modality, verb.firmness, status, verb.verb_start, verb.end, True)
            hit = dataclasses.replace(hit, verb=verb)
            if trailing:
                # The announcing body is the actor; the content's own verb group ("will be
                # built") gives modality, firmness and status.
                said = _content_verb(sentence, start, hit.actor_start)
                if said is not None:
                    hit = dataclasses.replace(hit, verb=said)
                    action = _action(sentence[said.verb_start : hit.actor_start])
                else:
                    action = _action(sentence[start : hit.actor_start])
                drafts.append(_Draft(_clean(text), hit, action, ranges))
                continue
            if content is not None:
                # The action of a reported announcement runs to the reported verb:
                # "announced that funded support for ... would continue".
                action = normalise_space(sentence[verb.verb_start : content.end("v")])
                drafts.append(_Draft(_clean(text), hit, action, ranges))
                continue
        predicate = sentence[verb.verb_start : end]
        cuts = _series_splits(predicate) if verb.splittable else []
        if not cuts:
            drafts.append(_Draft(_clean(text), hit, _action(predicate), ranges))
            continue
        prefix, prefix_ranges = body(hit.actor_start if hit.source is None else hit.actor_end, verb.verb_start)
        # cuts come in pairs (cut, next member's start): member k runs from its start to the next cut.
        members = [(0, cuts[0])] + [
            (cuts[j + 1], cuts[j + 2] if j + 2 < len(cuts) else len(predicate)) for j in range(0, len(cuts), 2)
        ]
        for k, (a, b) in enumerate(members):
            piece = predicate[a:b]
            v = verb.verb_start
            if k == 0:
                text, ranges = body(start, v + b)
            else:
                text, ranges = prefix + piece, prefix_ranges + ((v + a, v + b),)
            # Members of a series are clauses: none keeps the sentence's full stop.
            drafts.append(_Draft(_clean(text).rstrip("."), hit, _action(_clean(piece)), ranges))
    return drafts


def extract_commitments(
    sections: tuple[Section, ...],
    quotes: tuple[Quote, ...],
    *,
    published: str | None,
    abbreviations: dict[str, str] | None = None,
    speaker: str | None = None,
) -> tuple[Commitment, ...]:
    """Every commitment in the body and quotes, in document order, each reported once.

    Quote sentences that also appear in body sections are reported at their body position with
    section "quote" and the quote's speaker; contact sections are skipped. `speaker` is the
    person giving a speech or statement: it becomes the speaker of every commitment outside quotes.
    """
    body_speaker = speaker
    abbr = dict(abbreviations or {})
    for section in sections:
        for item in section.items:
            for acronym, name in learn_abbreviations(normalise_space(item.text)).items():
                abbr.setdefault(acronym, name)
    quote_of: dict[str, Quote] = {}
    quote_order: list[tuple[str, str, Quote]] = []
    for q in quotes:
        for paragraph in q.paragraphs or (q.text,):
            for sentence in split_sentences(paragraph):
                norm = comparable(sentence)
                if norm and norm not in quote_of:
                    quote_of[norm] = q
                    quote_order.append((norm, sentence, q))
    used: set[str] = set()
    out: list[Commitment] = []
    keys: dict[str, int] = {}

    def emit(sentence: str, section: str | None, speaker: str | None) -> None:
        pub_day = (published or "")[:10]
        # Plain noun-phrase subjects count in the body only: in quotes they are mostly rhetoric.
        drafts = _drafts(sentence, abbr, speaker, generic=section != "quote")
        if not drafts:
            return
        scan = scan_figures(sentence, published)
        spans = programme_spans(sentence, abbreviations=abbr)
        for d in drafts:
            money, quantities, dates = scan.within(list(d.ranges))
            verb = d.hit.verb
            status = verb.status
            if verb.firmness == FIRMNESS_FIRM and status == STATUS_ONGOING and verb.modality in ("is", "are", "am"):
                if pub_day and any(x.start and x.start > pub_day for x in dates):
                    status = STATUS_PLANNED
            key = commitment_key(d.text)
            keys[key] = keys.get(key, 0) + 1
            if keys[key] > 1:
                key = f"{key}-{keys[key]}"
            programmes = tuple(
                dict.fromkeys(f.programme.name for f in spans if any(a <= f.start < b for a, b in d.ranges))
            )
            out.append(
                Commitment(
                    key=key,
                    text=d.text,
                    actor=d.hit.actor,
                    action=d.action,
                    modality=verb.modality,
                    firmness=verb.firmness,
                    status=status,
                    section=section,
                    money=tuple(money),
                    quantities=tuple(quantities),
                    dates=tuple(dates),
                    programmes=programmes,
                    position=len(out),
                    speaker=speaker,
                )
            )

    for section in sections:
        if section.kind == "contact":
            continue
        # A lead-in like "The department will also:" completes each bullet that follows it.
        lead: tuple[str, int, str | None, str | None] | None = None  # text, level, section, speaker
        for item in section.items:
            sentences = split_sentences(item.text)
            listed = item.kind in ("bullet", "numbered")
            if lead is not None and listed and item.level >= lead[1]:
                if sentences and _completes(sentences[0]):
                    emit(f"{lead[0]} {sentences[0]}", lead[2], lead[3])
                    sentences = sentences[1:]
            else:
                lead = None
            for i, sentence in enumerate(sentences):
                norm = comparable(sentence) if quote_of else ""
                q = quote_of.get(norm)
                where, speaker = (
                    ("quote", _speaker(q) if q else None) if q is not None or section.kind == "quote"
                    else (section.heading, body_speaker)
                )
                if q is not None:
                    used.add(norm)
                if i == len(sentences) - 1 and _is_lead_in(sentence, abbr, speaker, where != "quote"):
                    lead = (sentence.rstrip().rstrip(":").rstrip(), item.level + 1 if listed else 0, where, speaker)
                    continue
                emit(sentence, where, speaker)
    for norm, sentence, q in quote_order:
        if norm not in used:
            used.add(norm)
            emit(sentence, "quote", _speaker(q))
    return tuple(out)


def _is_lead_in(sentence: str, abbreviations: dict[str, str], speaker: str | None, generic: bool) -> bool:
    """A sentence ending in ":" whose actor and verb group a list item will complete."""
    if not sentence.rstrip().endswith(":"):
        return False
    probe = sentence.rstrip().rstrip(":").rstrip() + " deliver it"
    return bool(_hits(probe, abbreviations, speaker, generic=generic))


_NOT_A_PREDICATE_START = frozenset("they it we he she there this these those the a an our their its".split())
_AUXILIARIES = frozenset("will would should shall can could may might must are is was were have has".split())


def _completes(item: str) -> bool:
    """Whether a list item reads as the rest of a lead-in: a verb phrase or object, not a clause
    with its own subject ("standards will cover ...")."""
    words = item.split(None, 2)
    if not words or words[0].lower() in _NOT_A_PREDICATE_START:
        return False
    if len(words) >= 2 and words[1].lower() in _AUXILIARIES:
        return False
    # "every local authority will receive ...": a clause with its own subject.
    return not any(h.actor_start == 0 for h in _generic_hits(item, []))


def written_actor(text: str, actor: str | None) -> str | None:
    """The words in `text` that name `actor` ("The department" for "Department for Education",
    "we" for "the Government"), so a consumer can mask the actor as written."""
    if not actor:
        return None
    for m in _ACTOR.finditer(text):
        named = _actor_name(m, actor)
        if named and named[0] == actor:
            return m.group(0)
    for f in programme_spans(text):
        if f.programme.name == actor:
            return text[f.start : f.end]
    return actor if actor.lower() in text.lower() else None


def _speaker(q: Quote) -> str | None:
    return q.speaker  # a role alone is not a speaker


# ---------------------------------------------------------------- keys

_KEY_ACTORS = (
    (re.compile(r"\b(?:this|the|our)\s+government\b|\bgovernment\b|\bwe\b"), " government "),
    (re.compile(r"\b(?:the\s+)?department\s+for\s+education\b|\bdfe\b|\bthe\s+department\b"), " dfe "),
)
_KEY_WORD = re.compile(r"[a-z]+")
_KEY_DROP = frozenset(
    """will would shall should may might could can must plan plans planned planning aim aims
    aiming aimed expect expects expecting intend intends intending hope hopes hoping seek seeks
    seeking want wants propose proposes proposing consider considers considering considered is
    are am was were be been being has have had having going set due to also now already today
    further still then currently recently soon shortly continue continues continued continuing
    commit commits committed committing remain remains the an this that these those its our
    their over nearly almost around about approximately roughly more than less fewer up least
    extra additional another some just total estimated record per cent percent year years month
    months week weeks day days by in on from since until till before during for within end start
    beginning early late mid later earlier next last coming financial academic calendar
    january february march april may june july august september october november december jan
    feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday spring summer autumn winter term th st nd rd one two three four five six
    seven eight nine ten eleven twelve twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million billion trillion bn mn tn""".split()
)
_NO_VOWELS = str.maketrans("", "", "aeiou")


@lru_cache(maxsize=65536)
def _key_token(word: str) -> str:
    if len(word) > 4:
        for suffix in ("ing", "ed", "es", "s"):
            if word.endswith(suffix) and not word.endswith("ss"):
                word = word[: -len(suffix)]
                break
    # A consonant skeleton with doubled letters collapsed survives most typos and their fixes
    # ("accomodation"/"accommodation", "recieve"/"receive").
    skeleton = word[0] + word[1:].translate(_NO_VOWELS)
    return "".join(ch for ch, _ in groupby(skeleton))


def commitment_key(text: str) -> str:
    """A stable key for a commitment: survives re-costing, re-dating, softening, case, spacing,
    quote styles and most typo fixes, so the differ can follow one commitment across versions."""
    lowered = text.lower().replace("’", "'")
    if "£" in lowered:
        lowered = _figures._MONEY.sub(" ", lowered)
    for pattern, replacement in _KEY_ACTORS:
        lowered = pattern.sub(replacement, lowered)
    tokens = [w for w in _KEY_WORD.findall(lowered) if len(w) > 1 and w not in _KEY_DROP]
    return stable_hash(" ".join(_key_token(w) for w in tokens))
