"""Actor + verb-group hits in one sentence, in document order.

Named actors and programmes first; then "... and will fund Y" continuations of a hit; passives
that name their agent; then, in the body, plain noun-phrase subjects before a modal ("Local
authorities will ..."), with passives, beneficiaries ("Every council will receive ...") and
instruments ("The Regulations will supersede ...") given to the implied actor, and effects,
descriptions and what others will do left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.actors import ACTOR, ADVERB, IMPLIED_ACTOR, actor_name, after_preposition
from parsers.folding import guarded
from parsers.programmes import programme_spans
from parsers.record import FIRMNESS_DONE, FIRMNESS_FIRM, FIRMNESS_HEDGED, STATUS_DONE, STATUS_ONGOING, STATUS_PLANNED
from parsers.sentences import normalise_space
from parsers.verbs import EFFECT_VERBS, HOUSEKEEPING, VERB_GROUP, Verb, classify, is_action_stem, is_participle

CLAUSE_BOUNDARY = guarded(r",?\s+but\s+|;\s+|,\s+(?:and|while|whereas)\s+")

EDGE_QUOTES = "“”\"‘ "

@dataclass(frozen=True)
class Hit:
    """An actor and the verb group after it, in one sentence."""

    actor: str
    actor_start: int
    actor_end: int
    verb: Verb
    # For "We have approved X and will fund Y": the second hit has no actor of its own; its
    # text restores the first hit's actor as written, taken from `source`.
    source: tuple[int, int] | None = None
    person: bool = False  # the actor is a named person or role: "he" in a later sentence may be them


def sentence_hits(
    sentence: str,
    abbreviations: dict[str, str],
    *,
    generic: bool = False,
    antecedent: str | None = None,
    group: str | None = None,
) -> list[Hit]:
    """Actor + verb-group hits in document order; with `generic`, also any plain noun-phrase
    subject before a modal ("Local authorities will ...", "Trainees will start ..."). `antecedent`
    is the person a "he" or "she" refers to (the last person named as an actor before), `group`
    the public body a "they" refers to."""
    hits: list[Hit] = []
    candidates: list[tuple[int, int, str, str, str | None]] = []
    for m in ACTOR.finditer(sentence):
        named = actor_name(m)
        if named:
            candidates.append((m.start(), m.end(), named[0], named[1], None))
    people = [(c[1], c[2]) for c in candidates if c[3] == "person"]
    for m in _HE_SHE.finditer(sentence):
        # "he" is the person named last before it: in this sentence, else in an earlier one.
        earlier = [name for end, name in people if end <= m.start()]
        who = earlier[-1] if earlier else antecedent
        if who:
            candidates.append((m.start(), m.end(), who, "person", None))
    for f in programme_spans(sentence, abbreviations=abbreviations):
        candidates.append((f.start, f.end, f.programme.name, "programme", f.programme.kind))
    candidates.sort()
    first_actor: dict[int, str] = {}  # the actor first named at each start, as written
    for c in candidates:
        first_actor.setdefault(c[0], c[2])
    for start, end, actor, kind, programme_kind in candidates:
        if hits and start < hits[-1].verb.end:
            continue
        if kind == "work" and start not in (0, clause_start(sentence, start)):
            continue
        nominal = _NOMINAL.match(sentence, end) if kind in ("person", "gov_np", "dfe") else None
        if nominal:
            # "Justine Greening's announcement of £1.3 billion": a done announcement by a noun,
            # wherever the noun phrase stands ("builds on the Minister's announcement").
            verb = Verb("announced", FIRMNESS_DONE, STATUS_DONE, nominal.start("n"), nominal.end())
            hits.append(Hit(actor, start, end, verb, person=kind == "person"))
            continue
        if after_preposition(sentence, start) or _HEARSAY.search(sentence, max(0, start - 60), start):
            continue
        if kind == "programme" and _after_temporal(sentence, start):
            continue  # "..., after the Spending Review confirmed £760 million": a time, not a commitment
        if _REPORTED_SPEECH.search(sentence, max(0, start - 40), start) and not (
            _OWN_WORDS.search(sentence, max(0, start - 40), start) and _STILL_AHEAD.match(sentence, end)
        ):
            # "We said that we would ...", "to make sure that we are ...": not a new commitment; but
            # "I just said we will be publishing ..." restates one that stands.
            continue
        vg = VERB_GROUP.match(sentence, end)
        if vg is None:
            continue
        if kind in ("gov_np", "dfe") and not sentence[:start].strip(EDGE_QUOTES):
            # A headline may leave out "is": "Government creating new places".
            headline = vg.group("main") and not _ON.match(sentence, vg.end("aux"))
            verb = classify(vg, "headline", sentence) if headline else None
            if verb is not None:
                hits.append(Hit(actor, start, end, verb))
                continue
        if kind == "gov_np":
            kind = "gov"
        verb = classify(vg, kind, sentence)
        if verb is None or HOUSEKEEPING.match(sentence, verb.verb_start):
            continue  # "I will update the House ..." is procedure, not policy
        if _STANCE.match(sentence, verb.verb_start):
            continue  # "is making it a priority to ...": an attitude, the action comes after
        # "the £2.6 billion we are investing": a relative on an amount still commits the amount,
        # however the amount is written; what follows its "and will ..." is the main subject's.
        money_relative = _MONEY_BEFORE.search(sentence, max(0, start - 30), start) is not None
        if not money_relative and _object_relative(sentence, start, vg):
            continue  # "research that the department has published": the actor is in a relative clause
        if kind == "i" and _PERSONAL.match(sentence, verb.verb_start):
            continue  # "I have visited schools", "I will always speak to you straight"
        if kind == "programme":
            # "The improvement plan will be published": the plan is what is done, by the Government.
            if _is_passive(sentence, vg):
                # "have been commissioned by the DfE and the DHSC": the agents act; else the department.
                actor = _passive_agent(sentence, vg.end()) or IMPLIED_ACTOR
            elif actor in _NOT_ACTORS:
                continue
            elif programme_kind not in ("review", "body"):
                # A plan, fund or programme acting is the publishing department's commitment;
                # what it "will help" or "will mean" is a prediction.
                if _is_effect(sentence, verb) or _is_copula(sentence, vg):
                    continue
                actor = IMPLIED_ACTOR
        own = actor == first_actor[start]  # not replaced by the department
        joint = _joint_actor(sentence, candidates, start, actor) if own and kind in ("programme", "dfe") else None
        if joint is not None:
            actor, start = joint  # "Ofsted and the Care Quality Commission have launched ...": both act
        hits.append(Hit(actor, start, end, verb, person=kind == "person"))
        if not money_relative:
            hits.extend(_continuations(sentence, hits[-1], kind))
    hits = _agent_hits(sentence, hits)
    if generic:
        hits = generic_hits(sentence, hits, group)
        if not hits and (money := _MONEY_HEADLINE.match(sentence)):
            # "£200 million invested over this Parliament to ...": a headline with "is" left out.
            verb = Verb("is", FIRMNESS_FIRM, STATUS_PLANNED, money.start("v"), money.end("v"))
            hits = [Hit(IMPLIED_ACTOR, 0, 0, verb)]
    return hits


_JOINED = re.compile(r"\s+and\s+(?:the\s+)?")


def _joint_actor(sentence: str, candidates, start: int, actor: str) -> tuple[str, int] | None:
    """"A and (the) B <verb>" where A is a named body too: the joint actor "A and B", from A's start."""
    for c_start, c_end, c_actor, c_kind, c_programme in candidates:
        if c_end >= start or c_actor == actor:
            continue
        named = c_kind == "dfe" or (c_kind == "programme" and c_programme in ("review", "body"))
        if named and _JOINED.fullmatch(sentence, c_end, start) and not after_preposition(sentence, c_start):
            return f"{c_actor} and {actor}", c_start
    return None


_MONEY_HEADLINE = re.compile(
    r"(?:(?:up\s+to|over|more\s+than|almost|nearly|an?(?:\s+(?:extra|further|additional|new|record))?)\s+)?"
    r"£[\d.,]+\s*(?:m|bn|k|million|billion)?\b(?:\s+[a-z-]+){0,2}?\s+"
    r"(?P<v>invested|allocated|provided|committed|earmarked|confirmed|announced|made\s+available)\b"
)


_HE_SHE = guarded(r"(?<![\w'’-])(?:[Hh]e|[Ss]he)(?=\s)")
_NOMINAL = re.compile(r"['’]s\s+(?:(?:recent|latest|earlier|new)\s+)?(?P<n>announcement)\b")
# A passive with its agent: "has recently (4 March 2017) been announced by Edward Timpson",
# "statistics, published by the department yesterday".
_AGENT_PASSIVE = guarded(
    rf"(?P<lead>\s+(?:has|have)\s+(?:{ADVERB})*(?:\([^()]{{1,60}}\)\s+)?been|,|\s+(?:is|are|was|were))\s+"
    r"(?P<v>announced|published|launched|confirmed|unveiled|set\s+out)\s+by\s+"
)
_AGENT_NAME = re.compile(r"(?:[A-Z][a-z'’-]+\s+){1,2}[A-Z][a-z'’-]+(?=[\s,.;]|$)")


def _agent_hits(sentence: str, hits: list[Hit]) -> list[Hit]:
    """Add passives that name their agent: the agent is the actor."""
    if "by" not in sentence:
        return hits  # every such passive has its "by": most sentences need no search
    added: list[Hit] = []
    for m in _AGENT_PASSIVE.finditer(sentence):
        if any(h.actor_start <= m.start() < h.verb.end for h in hits):
            continue
        agent = ACTOR.match(sentence, m.end())
        named = actor_name(agent) if agent else None
        if named:
            actor = named[0]
            if (second := _second_agent(sentence, agent.end())) is not None:
                actor = f"{actor} and {second}"  # "commissioned by the DfE and the DHSC": both
        else:
            name = _AGENT_NAME.match(sentence, m.end())
            if name is None:
                continue
            actor = name.group(0)
        verb_word = normalise_space(m.group("v"))
        perfect = m.group("lead").strip().startswith(("has", "have"))
        modality = m.group("lead").split()[0] if perfect else ("set" if verb_word == "set out" else verb_word)
        verb = Verb(modality, FIRMNESS_DONE, STATUS_DONE, m.start("v"), m.end("v"))
        added.append(Hit(actor, m.start(), m.start(), verb, person=not named or named[1] == "person"))
    return sorted(hits + added, key=lambda h: h.actor_start) if added else hits


_PARTICIPLE_BY = re.compile(r"\s+[a-z]+\s+by\s+")


def _passive_agent(sentence: str, end: int) -> str | None:
    """The named actor (or two) after "<participle> by" at `end`, or None."""
    by = _PARTICIPLE_BY.match(sentence, end)
    agent = ACTOR.match(sentence, by.end()) if by else None
    named = actor_name(agent) if agent else None
    if not named:
        return None
    second = _second_agent(sentence, agent.end())
    return f"{named[0]} and {second}" if second else named[0]


_AND_NEXT = re.compile(r"(?:\s*\([^()]{1,12}\))?\s+and\s+(?:the\s+)?")


def _second_agent(sentence: str, end: int) -> str | None:
    """The named body joined to an agent ending at `end` ("... (DfE) and the Department of Health")."""
    joined = _AND_NEXT.match(sentence, end)
    if joined is None:
        return None
    for f in programme_spans(sentence[joined.end() :]):
        if f.start == 0 and f.programme.kind == "body":
            return f.programme.name
    name = _BODY_NAME.match(sentence, joined.end())
    return name.group(0) if name else None


# A public body's name: "Department for Health and Social Care", "Office for Students".
_BODY_NAME = re.compile(r"(?:Department|Office|Agency|Commission|Board)\s+(?:for|of)\s+[A-Z][\w'’-]*"
                        r"(?:\s+(?:and\s+)?[A-Z][\w'’-]*){0,3}")


# "said that", "know that", "make sure (that)", "ensure (that)": the clause after is reported or a goal.
_REPORTED_SPEECH = guarded(
    r"\b(?:said|say|says|stated|know|knew|believe|believed|think|thought|feel|felt|hope|agree|shows|proves|"
    r"make\s+sure|making\s+sure|ensure|ensuring)\s+(?:that\s+)?$",
    re.IGNORECASE,
)
_OWN_WORDS = re.compile(r"\b(?:I|we|We)\s+(?:have\s+)?(?:just\s+|already\s+)?said\s+(?:that\s+)?$")
_STILL_AHEAD = re.compile(r"\s+(?:will|are|is|['’]ll|['’]re)\b")
_STANCE = re.compile(r"mak(?:e|es|ing)\s+(?:it|this|that|SEND|inclusion)\s+(?:a\s+|our\s+|my\s+|the\s+)?(?:top\s+)?priority\b")
_ON = re.compile(r"\s+on\b")  # "Government delivering on its promise": a slogan
_PERSONAL = re.compile(
    r"(?:always|never|try|hope)\b|(?:visited|met|spoken|talked|listened|heard|seen|been\s+(?:listening|talking|"
    r"speaking|visiting|meeting|hearing))\b"
)
_GAP_AFTER = re.compile(r"\s*(?:[,.;:]|(?:that|which|are|is|were|was|and|in|to|as|between|from|over|since)\b)")
_QUESTION_WORDS = frozenset({"how", "what", "whether"})
_MONEY_BEFORE = re.compile(r"£[\d.,]+\s*(?:[mk]|bn|million|billion|thousand)?\s+$")
_DETERMINERS = frozenset("the these those our any all".split())


def _object_relative(sentence: str, start: int, vg: re.Match[str]) -> bool:
    """ "pieces of research that the department has published that are ...", "the most significant
    changes we've made to ...": the subject follows a relative "that"/"which" (or a noun, with the
    relative left out) and the participle has no object of its own."""
    before = sentence[max(0, start - 20) : start].split()
    if not before:
        return False
    word = before[-1]
    if word.lower() in _QUESTION_WORDS and vg.group("main"):
        # "The note shows how we calculated the funding": an indirect question about the past
        # ("sets out how the government will deliver ..." is a plan).
        return True
    gap = bool(vg.group("verb") and _GAP_AFTER.match(sentence, vg.end()))
    if word.lower() == "what" and (vg.group("verb") or "").lower() == "do" and gap:
        return True  # "The plan explains what we'll do to ...": a description, the content is elsewhere
    if word.lower() not in ("that", "which"):
        contact = word.isalpha() and word.islower() and word not in _CLAUSE_INTRO
        aux = vg.group("aux").lower()
        perfect_or_progressive = aux.startswith(("have", "has", "'ve", "’ve", "are", "is", "'re", "’re"))
        # "the actions we'll take to improve ...": a modal in a contact relative after "the <noun>"
        modal_relative = aux in ("will", "'ll", "’ll") and len(before) >= 2 and before[-2].lower() in _DETERMINERS
        return contact and (perfect_or_progressive or modal_relative) and gap
    if len(before) >= 2 and before[-2].lower().strip(",") in _REPORTING_WORDS:
        return False  # "announced that the department will"
    return vg.group("verb") is not None and bool(_GAP_AFTER.match(sentence, vg.end()))


# Words after which a subject opens a clause of its own, not a relative clause.
_CLAUSE_INTRO = frozenset(
    "and but or so that as because when if while whereas although though since today now also then "
    "yesterday here where why how what said says announced confirmed recently already together "
    "year week month".split()
)
_REPORTING_WORDS = frozenset(
    "announced announce announces confirmed confirm confirms said says agreed decided means mean "
    "committed pledged promised expects expect hopes ensure ensuring sure".split()
)


def _is_effect(sentence: str, verb: Verb) -> bool:
    """A verb of effect after an instrument ("will help", "will ensure", "will build on ...")."""
    word = _WORD.match(sentence, verb.verb_start)
    if word is None:
        return False
    w = word.group(1).lower()
    after = sentence[word.end() : word.end() + 6]
    # "will build on that legacy", "fixing this will take time", "will take advantage of":
    # descriptions and predictions.
    return (
        w in EFFECT_VERBS
        or (w in ("build", "builds") and after.startswith(" on "))
        or (w in ("take", "takes") and after.startswith((" time", " advan")))
        # "This will provide specialist support for children", "The Act will offer simpler help":
        # a benefit handed to people is an effect, unlike "provide 500 places".
        or (w in _GIVING and _BENEFIT_OBJECT.match(sentence, word.end()) is not None)
        # "will support efforts to ensure ...", "will support councils to plan ...": enabling others, like "help".
        or (w in ("support", "supports") and _SUPPORT_OTHERS.match(sentence, word.end()) is not None)
    )


_SUPPORT_OTHERS = re.compile(r"\s+(?:(?:the|their|our)\s+)?(?:efforts?|work|ambitions?)\b|(?:\s+[\w'’-]+){1,3}?\s+to\s+[a-z]+\b")
_GIVING = frozenset("provide provides offer offers bring brings".split())
_BENEFIT_OBJECT = re.compile(
    r"(?:\s+[\w,-]+){0,4}?\s+(?:support|help|choice|certainty|clarity|confidence|reassurance|peace\s+of\s+mind|"
    r"opportunities|stability)\b(?!\s+(?:to|for)\s+\d)"
)


def _is_copula(sentence: str, vg: re.Match[str]) -> bool:
    """ "will be part of", "will be solely for", "may also be of interest": a description, not an action."""
    if (vg.group("verb") or "").lower() != "be":
        return False
    nxt = _WORD.match(sentence, vg.end())
    if nxt is None:
        return True
    w = nxt.group(1).lower()
    return not (is_participle(w) or w.endswith("ing") or w in _OFFER_WORDS)


_WORD = re.compile(r"\s*(?:(?:also|now|then|still|further|fully|solely)\s+)?([a-z]+)")
_OFFER_WORDS = frozenset({"able", "free", "expected", "required", "entitled", "eligible", "given", "offered"})


def _is_passive(sentence: str, vg: re.Match[str]) -> bool:
    """ "will be published" (done by someone else), not "will be expected to" (done by the subject)."""
    passive = _PASSIVE.match(sentence, vg.start("verb")) if vg.group("verb") else None
    if not passive or not is_participle(passive.group(1)):
        return False
    # "will be allocated to refurbish" is a passive; "will be expected to create" is the subject's own duty.
    return passive.group(1) not in _DUTY_PARTICIPLES or not _TO.match(sentence, passive.end())


def generic_hits(sentence: str, hits: list[Hit], group: str | None = None) -> list[Hit]:
    """Add hits whose subject is a short plain noun phrase before a modal, outside other hits;
    "they" is `group` when a public body was the last such actor, else an instrument."""
    taken = [(h.actor_start, h.verb.end) for h in hits]
    # "Schools will receive £2.3 billion, the department has confirmed.": the modal is the
    # content of the trailing announcement, not a commitment of its own.
    for h in hits:
        if h.verb.reported and sentence[: h.actor_start].rstrip().endswith(","):
            taken.append((0, h.actor_start))
    added: list[Hit] = []
    for m in _GENERIC_MODAL.finditer(sentence):
        if any(a <= m.start() < b for a, b in taken):
            continue
        found = _subject_before(sentence, clause_start(sentence, m.start()), m.start())
        if found is None:
            continue
        start, head = found
        if _REPORTED_SPEECH.search(sentence, max(0, start - 40), start) or _PROCEDURAL.search(sentence):
            continue
        vg = VERB_GROUP.match(sentence, m.start())
        if group and head.lower() == "they":
            head = group
        if (given := _GIVEN.match(sentence, m.start())) is not None:
            # "Allocations are provided to local authorities", "£20 million was set aside for ...":
            # money handed out in the passive, with no modal, is the department's doing.
            past = given.group("aux").lower() in ("was", "were")
            word = given.group("v").split()[0].lower()
            verb = (Verb(word, FIRMNESS_DONE, STATUS_DONE, given.start("v"), given.end("v")) if past
                    else Verb("is", FIRMNESS_FIRM, STATUS_ONGOING, given.start("v"), given.end("v")))
            taken.append((start, verb.end))
            added.append(Hit(IMPLIED_ACTOR, start, m.start(), verb))
            continue
        verb = _generic_verb(sentence, vg, head) if vg else None
        if verb is None:
            continue
        actor = _generic_actor(sentence, head, vg, verb)
        if actor is not None and (who := _attributed(sentence, verb.end)) is not None:
            actor = who  # "..., as the Education Secretary confirms he will ...": the announcer's commitment
        taken.append((start, verb.end))
        between = sentence[start + len(head) : m.start()]
        if actor is not None and _ENDS_AND.search(between) and len(between.split()) > 1:
            # "This guidance is applicable to June and will be reviewed ...": the subject's own
            # first verb group is not part of this commitment.
            conj = start + len(head) + _ENDS_AND.search(between).start()
            added.append(Hit(actor, conj, m.start(), verb, (start, start + len(head))))
        elif actor is not None:
            added.append(Hit(actor, start, m.start(), verb))
        # "The new schools will be part of X and will be delivered ...": a later verb group of the
        # same subject is judged on its own (a passive is done by the department).
        pos = verb.end
        while (c := _AND_AUX.search(sentence, pos)) is not None and not CLAUSE_BOUNDARY.search(
            sentence, pos, c.start()
        ):
            cvg = VERB_GROUP.match(sentence, c.end())
            cverb = _generic_verb(sentence, cvg, head) if cvg else None
            if cverb is None:
                break
            cactor = _generic_actor(sentence, head, cvg, cverb)
            if cactor is not None:
                added.append(Hit(cactor, c.start(), c.end(), cverb, (start, m.start())))
            taken.append((c.start(), cverb.end))
            pos = cverb.end
    return sorted(hits + added, key=lambda h: h.actor_start)


_GIVEN = re.compile(
    r"\s(?P<aux>is|are|was|were)\s+(?:also\s+|now\s+)?(?P<v>provided|allocated|awarded|paid|distributed|set\s+aside|"
    r"made\s+available|earmarked)\s+(?:to|for)\s"
)


_AS_ANNOUNCER = re.compile(r"[^,.;:]*,\s+as\s+(?=\S)")
_ANNOUNCES = re.compile(r"\s+(?:(?:also|today|now)\s+)?(?:confirms|announces|confirmed|announced)\b")


def _attributed(sentence: str, end: int) -> str | None:
    """The named actor of a trailing ", as <actor> confirms ..." after the clause ending near `end`."""
    lead = _AS_ANNOUNCER.match(sentence, end)
    if lead is None:
        return None
    actor = ACTOR.match(sentence, lead.end())
    named = actor_name(actor) if actor else None
    if named is None or not _ANNOUNCES.match(sentence, actor.end()):
        return None
    return named[0]


def _generic_verb(sentence: str, vg: re.Match[str], head: str) -> Verb | None:
    """The verb group after a plain subject. A present passive of announcing ("funding worth
    £31.6 million is announced") is a done announcement; a plain past counts for public bodies only."""
    aux = vg.group("aux").lower()
    verb = (vg.group("verb") or "").lower()
    if aux in ("is", "are") and verb in _ANNOUNCING:
        return Verb(verb, FIRMNESS_DONE, STATUS_DONE, vg.start("verb"), vg.end())
    if vg.group("main") and not _is_body(head):
        return None  # "Schools used the solution in 2016": what others did
    perfect_ok = _PERFECT_ANY.match(sentence, vg.start("aux")) or _any_perfect(sentence, vg, head)
    if aux in ("has", "have") and not perfect_ok:
        return None  # "Progress has been made", "Waiting times have increased": not actions
    out = classify(vg, "generic", sentence)
    if out is None:
        return None
    if aux in ("is", "are") and verb.endswith("ing") and verb != "being" and (
        not is_action_stem(verb[:-3]) or _NOUN_AFTER.match(sentence, vg.end())
    ):
        return None  # "numbers are rising": a trend; "funding is funding for ...": a noun
    if _intransitive(sentence, vg):
        # "Recruitment has launched", "The competition has now closed": the thing itself started or ended.
        status = STATUS_DONE if verb in ("closed", "completed") else STATUS_ONGOING
        return Verb(out.modality, FIRMNESS_DONE, status, out.verb_start, out.end)
    return out


def _generic_actor(sentence: str, head: str, vg: re.Match[str], verb: Verb) -> str | None:
    """Who acts for a plain subject, or None when the clause is not a commitment."""
    permitted_use = verb.firmness == FIRMNESS_HEDGED and _USED.match(sentence, vg.end())
    if _is_copula(sentence, vg) or _BACKED.match(sentence, vg.end()) or permitted_use:
        return None  # "will be part of ...", "will be better supported", "will be backed by ..."
    words = head.split()
    head_noun = _HEAD_NOUN_END.split(head, 1)[0]
    last = head_noun.split()[-1].lower().strip(",:“”\"")
    if not vg.group("main") and verb.modality in _ANNOUNCING:
        return IMPLIED_ACTOR  # "funding worth £31.6 million is announced"
    if last in _NOT_GOVERNMENT and (vg.group("verb") or "").lower() == "being":
        return None  # "Pupils are being excluded at record rates": a description of what happens to them
    if _is_passive(sentence, vg) or _BENEFICIARY_VERB.match(sentence, verb.verb_start):
        return IMPLIED_ACTOR  # "Funding will be allocated", "Every council will receive ..."
    if _intransitive(sentence, vg):
        return IMPLIED_ACTOR  # "Enrolment has opened": an activity of the department's
    if _BENEFIT.match(sentence, verb.verb_start):
        return None  # "Thousands of pupils will benefit": an outcome
    if _IS_TO.fullmatch(vg.group("aux").lower()) and not _is_body(head):
        return None  # "The guide is to inform ...": a purpose
    first = words[0].lower()
    if _is_instrument(head):
        # A law, plan, fund or document acts for the department; its effects are predictions, and
        # so is what "this could" or "it might" do.
        if _is_effect(sentence, verb) or (verb.modality in ("could", "might") and first in _DEMONSTRATIVE):
            return None
        return IMPLIED_ACTOR
    if last in _NOT_GOVERNMENT:
        return None  # teachers, providers, professionals: not the government's commitment
    # "The advisory group I chair": the relative clause is not part of the name.
    return _CONTACT_CLAUSE.sub("", re.sub(r"^[Tt]he\s+", "", head))


_CONTACT_CLAUSE = re.compile(r"\s+(?:I|we)\s+[a-z]+$")


def _intransitive(sentence: str, vg: re.Match[str]) -> bool:
    """ "has launched for the second wave" (the thing itself began), not "have started their courses"."""
    return (
        vg.group("aux").lower() in ("has", "have")
        and (vg.group("verb") or "").lower() in _INTRANSITIVE
        and not _HAS_OBJECT.match(sentence, vg.end())
    )


def _any_perfect(sentence: str, vg: re.Match[str], head: str) -> bool:
    """Whether a subject may take any perfect: a review or panel ("the review has looked at"), or
    a law, plan or document in the passive without another agent ("this guidance has been reviewed")."""
    last = _HEAD_NOUN_END.split(head, 1)[0].split()[-1].lower().strip(",")
    passive = _PASSIVE_PERFECT.match(sentence, vg.end("aux"))
    if passive and (not is_participle(passive.group(1)) or _BY.match(sentence, passive.end())):
        return False  # "This review has been shaped by children ...": what others did to it
    if last in _REVIEW_BODIES:
        return True
    words = head.split()
    thing = words[0].lower() in _DEMONSTRATIVE or last in _INSTRUMENTS or _FUNDING_HEAD.search(head) is not None
    return bool(thing and passive)


_REVIEW_BODIES = frozenset("review group panel board taskforce commission committee agency inspectorate".split())
_PASSIVE_PERFECT = re.compile(r"\s+(?:already\s+|now\s+)?been\s+([a-z]+)")
_BY = re.compile(r"\s+by\b")


def _is_instrument(head: str) -> bool:
    """A law, plan, fund, document, new thing, "this"/"it" or gerund as subject: not an agent."""
    words = head.split()
    head_noun = _HEAD_NOUN_END.split(head, 1)[0]
    last = head_noun.split()[-1].lower().strip(",:“”\"")
    first = words[0].lower()
    return (
        first in _DEMONSTRATIVE
        or (first.endswith("ing") and first not in _NOT_GERUND)
        or last in _INSTRUMENTS
        or _FUNDING_HEAD.search(head_noun) is not None
        or "£" in head_noun
        or "new" in (w.lower() for w in words)
        or last[:1].isdigit()  # "The remaining 35 will ..."
    )


def _is_body(head: str) -> bool:
    last = _HEAD_NOUN_END.split(head, 1)[0].split()[-1].lower().strip(",")
    return last in _BODIES


_BENEFIT = re.compile(r"(?:continue\s+to\s+)?(?:benefit|gain|thrive)\b")
_IS_TO = re.compile(r"(?:is|are)\s+to")
# Perfects any subject may take; a body ("the review has looked at") or an instrument ("this
# guidance has been reviewed") may take any participle.
_PERFECT_ANY = re.compile(
    r"(?:has|have)\s+(?:already\s+|now\s+)?(?:started|begun|commenced|opened|launched|completed|received|closed|"
    r"been\s+(?:published|launched|opened|allocated|confirmed|awarded|appointed|announced|extended|introduced|"
    r"approved|created|established|updated|expanded|commissioned|selected|named|agreed|"
    r"given\s+(?:the\s+)?(?:green\s+light|go-ahead|approval)))\b"
)
_ANNOUNCING = frozenset({"announced", "published", "confirmed", "unveiled"})
_INTRANSITIVE = frozenset({"started", "begun", "commenced", "launched", "opened", "closed", "completed"})
_HAS_OBJECT = re.compile(r"\s+(?:a|an|the|its|their|our|new|\d|£|[a-z]+ing\b)")
_BACKED = re.compile(r"\s+(?:be\s+)?(?:backed|underpinned)\b")
_USED = re.compile(r"\s+used\b")  # "It could be used to build ...": what others may do with it
_NOUN_AFTER = re.compile(r"\s+(?:for|of)\b")
_DEMONSTRATIVE = frozenset({"this", "these", "it", "they"})
_NOT_GERUND = frozenset({"during", "including", "following", "according", "nothing", "something", "everything"})
_INSTRUMENTS = frozenset(
    """act bill law laws legislation regulations regulation code codes guidance guide plan strategy
    framework paper programme programmes scheme schemes fund funds system reforms reform changes
    provisions places window qualification courses course training offer toolkit package approach
    document consultation boost pilot pilots trial measures duty duties standards
    announcement announcements inspection inspections""".split()  # what the publisher does, not an agent
)
_NOT_GOVERNMENT = frozenset(
    """teachers teacher professionals professional providers provider practitioners practitioner staff
    sencos senco parents parent carers carer pupils pupil students student learners learner interns
    intern employers employer children child families family people""".split()
)
_BODIES = frozenset(
    """review group panel board agency taskforce commission committee council councils authority
    authorities trust trusts ofsted inspectorate tribunal foundation partnership partnerships network
    service""".split()
)
# Procedure, not policy: the copies laid in the Libraries of both Houses.
_PROCEDURAL = guarded(r"\b(?:placed|deposited|laid)\s+in\s+the\s+Librar(?:y|ies)\b")


def content_verb(sentence: str, start: int, end: int) -> Verb | None:
    """The first modal verb group in sentence[start:end] (the content of a trailing attribution)."""
    for m in _GENERIC_MODAL.finditer(sentence, start, end):
        vg = VERB_GROUP.match(sentence, m.start())
        verb = classify(vg, "generic", sentence) if vg else None
        if verb is not None:
            return verb
    return None


def _subject_before(sentence: str, clause_start: int, modal: int) -> tuple[int, str] | None:
    """The plain noun-phrase subject between `clause_start` and a modal: (start, head noun phrase).

    Comma-separated chunks are read left to right: leading adverbials ("Under the plans,") and
    fronted participles ("Backed by £8 million,") are skipped, list members ("Teachers,
    psychologists and therapists") join the head, and an appositive ("The group, chaired by ...,
    will") ends it. A subordinate clause ("..., as funding worth £31.6 million is announced")
    has a subject of its own. None when the stretch is a clause.
    """
    colon = sentence.rfind(": ", clause_start, modal)
    if colon >= 0:
        clause_start = colon + 2  # "referred to as 'the department': the agency's functions are ..."
    before = sentence[clause_start:modal].split()
    if len(before) > 2 and before[-1].lower() == "and":
        # "This guidance is applicable to June and will be reviewed": the subject is the noun
        # phrase before the first verb group.
        for w in _FIRST_VERB.finditer(sentence, clause_start, modal):
            if w.start() > clause_start:
                return _subject_before(sentence, clause_start, w.start())
            break
    subordinate = -1
    for b in _SUBORDINATE.finditer(sentence, clause_start, modal):
        if b.start(1) <= clause_start + 1:
            continue  # an opener ("When combined with ..., this funding") is read as a chunk below
        if b.group(1).lower() in _COUNTERFACTUAL or b.group(1).lower() == "so":
            return None
        clause_start = subordinate = b.end()
    before = sentence[clause_start:modal].split()
    if not before or before[-1].lower().strip(",") in _RELATIVE:
        return None  # "... the support that should be available": the modal is in a relative clause
    if before[-1].lower() in _PREPOSITION_OR_ARTICLE:
        return None  # "at the heart of plans to create ...": "plans" is a noun here
    chunks: list[tuple[int, str]] = []
    pos = clause_start
    for piece in sentence[clause_start:modal].split(", "):
        chunks.append((pos, piece))
        pos += len(piece) + 2
    while chunks and chunks[0][1].split(None, 1)[0:1] and _is_opener(chunks[0][1], len(chunks)):
        opener = chunks[0][1].lower()
        if len(chunks) == 1 or opener.split(None, 1)[0] in _COUNTERFACTUAL or opener.startswith("until now"):
            return None  # "Without the override, councils would ...", "Until now, ... could"
        chunks.pop(0)
    if not chunks:
        return None
    start = chunks[0][0]
    head_parts: list[str] = []
    for k, (_, piece) in enumerate(chunks):
        first = piece.split(None, 1)[0].lower() if piece.split() else ""
        if head_parts and (first in _APPOSITIVE_START or first.endswith(("ing", "ed"))):
            # An appositive runs to the modal; one holding a clause ("restoring trust that their
            # child will") means the modal belongs to that clause, not to this subject.
            rest = " ".join(p for _, p in chunks[k:]).lower().split()
            closed = sentence[clause_start:modal].rstrip().endswith(",")  # ", which set their own pay,"
            if not closed and any(w.strip(",:“”\"") in _NOT_IN_SUBJECT for w in rest):
                return None
            break
        head_parts.append(piece)
    head = ", ".join(head_parts).strip(EDGE_QUOTES + ", ")
    start += len(sentence[start:]) - len(sentence[start:].lstrip(EDGE_QUOTES + " "))
    words = head.split()
    if not 1 <= len(words) <= _SUBJECT_MAX_WORDS or words[0].lower() in _NOT_SUBJECT_START:
        return None
    # A capital inside the phrase is a name, not a verb: "announced in May 2021" is a month.
    if any(w.lower().strip(",:“”\"") in _NOT_IN_SUBJECT and not (i and w[:1].isupper()) for i, w in enumerate(words)):
        return None
    if words[-1].lower() in _PRONOUNS and (len(words) > 1 or words[0].lower() not in _DEMONSTRATIVE):
        return None  # "it" or "they" alone is an instrument; "we", "he", "I" are named actors
    if words[0] in ("it", "they") and start == clause_start:
        return None  # a lowercase list fragment ("they will set out more later"), not a sentence
    if _after_temporal(sentence, start):
        return None
    if start != subordinate and after_preposition(sentence, start):
        return None  # "funding from the department will": not the subject ("as" opening a clause is)
    return start, head


_ENDS_AND = re.compile(r"\s+and\s*$")
# Words a subject cannot end on: before "plans to" they make "plans" a noun ("Sets out our plans to").
_PREPOSITION_OR_ARTICLE = frozenset("of for to in on at by with from the a an our their its his her my your".split())
_FIRST_VERB = re.compile(r"\s(?:is|are|was|were|has|have|will|would|can|may|must|shall)\b")


def _after_temporal(sentence: str, start: int) -> bool:
    """Whether the words before `start` are "after (the)", "before", "until", "once", "when"."""
    words = sentence[max(0, start - 20) : start].split()
    while words and words[-1].lower() in ("the", "a", "an", "this", "our"):
        words.pop()
    return bool(words) and words[-1].lower() in _TEMPORAL


_TEMPORAL = frozenset({"after", "before", "since", "until", "till", "once", "when", "whenever"})


def _is_opener(chunk: str, n_chunks: int) -> bool:
    """A leading adverbial ("Under the plans", "This year") or a fronted participle phrase
    ("Backed by £8 million", "Delivered by the Foundation and ...", "Staffed by ...")."""
    first = chunk.split(None, 1)[0]
    low = first.lower()
    if low in _ADVERBIAL_START:
        return True
    if n_chunks < 2:
        return False
    if low == "this":
        return _THIS_TIME.match(chunk) is not None  # "This year, ..." but not "This investment, ..."
    return first[:1].isupper() and (low.endswith("ed") or low in _FRONTED_IRREGULAR)


_THIS_TIME = re.compile(r"(?i)this\s+(?:year|week|month|term|autumn|spring|summer|winter|morning|afternoon|evening)\b")


_FRONTED_IRREGULAR = frozenset({"led", "built", "run", "made", "given", "done", "written"})
_SUBORDINATE = guarded(
    r"(?:,\s+|\s)(?<!such\s)(?<!well\s)(as|because|while|whereas|when|once|so|if|unless)\s+"
    r"(?!part\b|well\b|such\b|a\b|an\b|that\b|soon\b|much\b|many\b)"
)


_GENERIC_MODAL = re.compile(
    r"\s(?=(?:will|shall|would|may|might|could|should|must)\s|(?:is|are)\s+(?:expected|set|due|going)\s+to\s"
    r"|(?:is|are)\s+to\s|(?:is|are)\s+(?:now\s+|already\s+)?(?:being\s+[a-z]+ed|[a-z]{3,}ing|announced|"
    r"published|confirmed|unveiled)\b"
    r"|(?:expects|plans|aims|intends)\s+to\s"
    r"|(?:has|have)\s+(?:already\s+|now\s+)?(?:been\s+)?[a-z]+(?:ed|un|en)\b"
    r"|(?:published|announced|launched|set\s+out|introduced|issued)\s"
    r"|(?:is|are|was|were)\s+(?:also\s+|now\s+)?(?:provided|allocated|awarded|paid|distributed|set\s+aside|"
    r"made\s+available|earmarked)\s+(?:to|for)\s)"
)
_SUBJECT_MAX_WORDS = 14
_RELATIVE = frozenset({"that", "which", "who", "whom"})
_PRONOUNS = frozenset({"i", "we", "they", "it", "he", "she", "you", "who"})
_ADVERBIAL_START = frozenset(
    "under from until for on in after before by with as when if following alongside through since "
    "today now meanwhile however instead also then together currently last next without "
    "unless to".split()  # "to": a purpose opener ("To cut waiting times, the plan will ...")
)
_APPOSITIVE_START = frozenset(
    "chaired led run spread set available including such which who worth based due now announced "
    "covering funded backed for of in with to from on at by along alongside".split()
)
_COUNTERFACTUAL = frozenset({"without", "unless", "if"})
_TO = re.compile(r"\s+to\b")
_DUTY_PARTICIPLES = frozenset(
    {"expected", "required", "asked", "encouraged", "obliged", "supposed", "invited", "allowed"}
)
_FUNDING_HEAD = re.compile(
    r"\b(?:funding|budgets?|allocations?|grants?|investment|money|payments?|support)$", re.IGNORECASE
)
# What a beneficiary is given or offered: the giver acts.
_BENEFICIARY_VERB = re.compile(r"(?:continue\s+to\s+)?(?:receive|get|be\s+(?:able|free)\s+to|be\s+offered)\b")
_HEAD_NOUN_END = guarded(r"\s+(?:for|of|in|with|to|from|on|at|by)\s+")
# Words that cannot open a subject we report ("there will be", "it will", "this will help"),
# and words that show the stretch before the modal is a clause, not a noun phrase.
_NOT_SUBJECT_START = frozenset(
    "there that those which who what whom whose he she you i we if when as "
    "because so while although though where whether and or but nor to for with by from not".split()
)
_NOT_IN_SUBJECT = frozenset(
    "is are was were be been being has have had do does did can will would shall may might could "
    "should must am that which whom whose what how why whether said says".split()
)


def _continuations(sentence: str, hit: Hit, kind: str) -> list[Hit]:
    """Verb groups joined to a hit by "and" with a new auxiliary: "... and will fund Y"."""
    out: list[Hit] = []
    pos = hit.verb.end
    while True:
        m = _AND_AUX.search(sentence, pos)
        if m is None or CLAUSE_BOUNDARY.search(sentence, pos, m.start()):
            return out
        vg = VERB_GROUP.match(sentence, m.end())
        verb = classify(vg, kind, sentence) if vg else None
        if verb is None:
            return out
        out.append(Hit(hit.actor, m.start(), m.end(), verb, (hit.actor_start, hit.actor_end)))
        pos = verb.end


_HEARSAY = guarded(
    r"\b(?:suggest(?:s|ed|ing)?|claim(?:s|ed|ing)?|speculat\w*|rumou?r\w*|reports?|reported|alleg\w*)"
    r"\s+(?:that\s+)?$",
    re.IGNORECASE,
)

_AND_AUX = guarded(
    rf"(?:,\s*|\s+)and(?=\s+(?:{ADVERB})*(?:will|shall|would|could|may|might|should|has|have|is|are|"
    r"plans|aims|intends|expects|continues|commits)\b)"
)
# Programmes that are not actors: independent bodies and documents.
_NOT_ACTORS = frozenset({"National Audit Office", "Education, Health and Care plans"})
_PASSIVE = re.compile(rf"(?:continue\s+to\s+)?(?:be|been|being)\s+(?:{ADVERB})*([a-z]+)")


def clause_start(sentence: str, pos: int) -> int:
    """Where the clause holding `pos` starts: after the last clause boundary before it and any opening quote."""
    start = 0
    for b in CLAUSE_BOUNDARY.finditer(sentence, 0, pos):
        start = b.end()
    # A sentence that opens with a quote mark starts after it.
    while start < len(sentence) and sentence[start] in "“\"‘ ":
        start += 1
    return start
