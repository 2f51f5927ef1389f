"""The verb group right after an actor, classified into modality, firmness and status.

"will fund" is firm and planned, "could fund" hedged, "has funded" done, "is funding" firm and
ongoing, "announced" a done report; futures of things rather than actors are not verb groups here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.actors import ADVERB
from parsers.record import FIRMNESS_DONE, FIRMNESS_FIRM, FIRMNESS_HEDGED, STATUS_DONE, STATUS_ONGOING, STATUS_PLANNED
from parsers.sentences import normalise_space

VERB_GROUP = re.compile(
    # A parenthesis may stand between the subject and its verb: ", chaired by X,", "(NELI)" or a
    # long dash-parenthesis ("the programme – which trains teachers – will be extended").
    rf"(?:,\s+[^,.;]{{1,60}},|\s+\([^()]{{1,80}}\)|\s+[–—-]\s+[^–—.;]{{1,200}}?\s+[–—-](?=\s))?"
    rf"(?:\s+|(?=['’]))(?:{ADVERB})*(?P<aux>"
    r"will\s+not|won['’]t|will|['’]ll|shall|would\s+not|would|could|may|might|should|must|can"
    rf"|(?:is|are|am|['’]re)\s+(?:{ADVERB})*(?:going|set|due|expected)\s+to"
    r"|(?:is|are)\s+to"
    r"|(?:(?:plans|plan|intends|intend|aims|aim|expects|expect|hopes|hope|seeks|seek|"
    r"proposes|propose|commits|commit|continues|continue|remains\s+committed|remain\s+committed|pledges|pledge|"
    rf"(?:has|have|['’]ve)\s+(?:{ADVERB})*(?:committed|continued)|"
    rf"(?:is|are|am|['’]re)\s+(?:{ADVERB})*(?:planning|intending|aiming|expecting|hoping|seeking|"
    r"proposing|continuing|committed|looking))\s+to)"
    rf"|(?:is|are|am|['’]re)\s+(?:{ADVERB})*considering"
    r"|(?:is|are|am|['’]re|['’]m)\s+(?:very\s+)?(?:pleased|delighted|proud|happy|glad)\s+to"
    r"|has|have|['’]ve|is|are|am|['’]re"
    r"|(?P<main>[a-z]+(?:\s+out)?)"
    # After the auxiliary: a bracketed aside ("has recently (4 March 2017) been") or, after an
    # adverb and comma, a short aside ("has today, Sunday 19 July, announced").
    rf")\b(?:\s+(?:{ADVERB})*(?:\([^()]{{1,60}}\)\s+|(?<=,\s)[^,.;()]{{1,40}},\s+)?"
    r"(?P<verb>[a-z]+(?:\s+(?:way|out))?))?",
)
_ADV_WORDS = re.compile(rf"(?:{ADVERB})+")
_LOOKING_AT = re.compile(r"\s+(?:at|into)\b")
_EXPECT_OBJECT = re.compile(r"(?:\s+[\w'’,-]+){1,8}?\s+to\s+[a-z]+")
HOUSEKEEPING = re.compile(
    r"\s*(?:make\s+(?:a|another)\s+(?:further\s+|written\s+|oral\s+)?statement|update\s+the\s+House|writing\s+to)\b",
    re.IGNORECASE,
)

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
    "highlighted exposed revealed identified received impressed encouraged struck inspired delighted "
    "pleased heartened humbled".split()
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
_NOT_PROGRESSIVE = frozenset(
    "seeing facing hearing experiencing struggling failing being going sticking standing".split()
)
# What an instrument or a thing "will" do that is an effect (a prediction), not an action:
# "the funding will help", "this will ensure", "the reforms will mean".
EFFECT_VERBS = frozenset(
    "help helps enable enables ensure ensures give gives mean means benefit benefits deepen deepens "
    "transform transforms result results allow allows pave paves cover covers include includes "
    "contain contains reflect reflects".split()
)
EFFECT_VERBS |= {w[:-1] + "ing" if w.endswith("e") else w + "ing" for w in EFFECT_VERBS if not w.endswith("s")}
BASE_VERBS = frozenset(
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
# Spelling never changes what is read: "prioritize" is "prioritise".
BASE_VERBS |= {w[:-3] + "ize" for w in BASE_VERBS if w.endswith("ise")}


@dataclass(frozen=True)
class Verb:
    """A verb group read as modality, firmness and status, with where its action starts."""

    modality: str
    firmness: str
    status: str
    verb_start: int  # where the action (main verb phrase) starts
    end: int  # end of the verb group match
    reported: bool = False
    splittable: bool = False  # a modal whose predicate may be a series of verb phrases


def is_participle(word: str) -> bool:
    """A past participle of doing ("funded", "set out"), not of saying or feeling ("said", "felt")."""
    if word.endswith(" out"):
        word = word[:-4]  # "carried out", "set out", "rolled out"
    return (word.endswith("ed") or word in _IRREGULAR_PAST) and word not in _NOT_DOING


@dataclass(frozen=True)
class _Reading:
    """How an auxiliary reads the verb after it: one row of the tables below."""

    modality: str
    firmness: str
    status: str = STATUS_PLANNED
    ongoing: frozenset[str] = frozenset()  # verbs after it that make it ongoing: "will continue"
    work: frozenset[str] | None = frozenset()  # verbs "Work" may take after it ("Work will begin"); None: any
    refuses: frozenset[str] = frozenset()  # verbs after it that make no commitment: "would like to"
    considers: bool = False  # "will consider" / "could consider" is a hedged "consider"
    standing: bool = False  # "is (remains) committed to" goes on now; "commits to" is to come
    splittable: bool = True  # the predicate may be a series of verb phrases

    def read(self, aux: str, verb: str, kind: str, vstart: int, end: int) -> Verb | None:
        """The verb group `aux verb` read by this row, or None when it commits to nothing."""
        if kind == "work" and self.work is not None and verb not in self.work:
            return None
        if verb in self.refuses:
            return None
        if self.considers and verb == "consider":
            return Verb("consider", FIRMNESS_HEDGED, STATUS_PLANNED, vstart, end, splittable=True)
        ongoing = verb in self.ongoing or (self.standing and aux.startswith(_STANDING))
        return Verb(self.modality, self.firmness, STATUS_ONGOING if ongoing else self.status, vstart, end,
                    splittable=self.splittable)


def _rows(reading: _Reading, *words: str) -> dict[str, _Reading]:
    """One reading for several spellings of an auxiliary."""
    return dict.fromkeys(words, reading)


_GOES_ON = frozenset({"continue", "keep", "remain"})
_WILL = {"ongoing": _GOES_ON, "work": frozenset({"begin", "start", "continue"}), "considers": True}
_LIKE = frozenset({"like"})  # "I would like to make a statement"
_STANDING = ("is ", "are ", "am ", "'re ", "'m ", "remain")

# The auxiliaries, as written once adverbs are dropped ("will also" is "will"): a row per
# auxiliary. None: never a commitment ("councils should", "every child should": an instruction
# or an opinion).
_AUXILIARIES: dict[str, _Reading | None] = {
    **_rows(_Reading("will", FIRMNESS_FIRM, **_WILL), "will", "'ll"),
    **_rows(_Reading("shall", FIRMNESS_FIRM, **_WILL), "shall"),
    **_rows(_Reading("will not", FIRMNESS_FIRM, **_WILL), "will not", "won't"),
    **_rows(_Reading("must", FIRMNESS_FIRM, refuses=_LIKE), "must"),
    **{aux: _Reading(aux, FIRMNESS_HEDGED, refuses=_LIKE, considers=True)
       for aux in ("would", "would not", "could", "may", "might")},
    "should": None,
    **_rows(_Reading("consider", FIRMNESS_HEDGED, work=None, splittable=False),
            "is considering", "are considering", "am considering", "'re considering"),
}
# "<head> to": the head says how the subject stands to the action ("plans to", "is going to").
_TO_HEADS: dict[str, _Reading] = {
    **_rows(_Reading("expects", FIRMNESS_HEDGED), "expected"),
    **_rows(_Reading("going to", FIRMNESS_FIRM), "going"),
    **_rows(_Reading("set to", FIRMNESS_FIRM), "set"),
    **_rows(_Reading("due to", FIRMNESS_FIRM), "due"),
    **_rows(_Reading("is", FIRMNESS_FIRM), "to"),  # "are to be created", "are to receive"
    **_rows(_Reading("pledge", FIRMNESS_FIRM), "pledges", "pledge"),
    **_rows(_Reading("continue", FIRMNESS_FIRM, STATUS_ONGOING), "continues", "continue", "continued", "continuing"),
    **_rows(_Reading("commits", FIRMNESS_FIRM, standing=True), "commits", "commit", "committed", "remains", "remain"),
    **_rows(_Reading("looking to", FIRMNESS_HEDGED), "looking"),
    **_rows(_Reading("plans", FIRMNESS_HEDGED, ongoing=_GOES_ON), "plans", "plan", "planning"),
    **_rows(_Reading("intends", FIRMNESS_HEDGED, ongoing=_GOES_ON), "intends", "intend", "intending"),
    **_rows(_Reading("aims", FIRMNESS_HEDGED, ongoing=_GOES_ON), "aims", "aim", "aiming"),
    **_rows(_Reading("expects", FIRMNESS_HEDGED, ongoing=_GOES_ON), "expects", "expect", "expecting"),
    **_rows(_Reading("hopes", FIRMNESS_HEDGED, ongoing=_GOES_ON), "hopes", "hope", "hoping"),
    **_rows(_Reading("seeks", FIRMNESS_HEDGED, ongoing=_GOES_ON), "seeks", "seek", "seeking"),
    **_rows(_Reading("proposes", FIRMNESS_HEDGED, ongoing=_GOES_ON), "proposes", "propose", "proposing"),
}
_BE_OR_HAVE = ("is ", "are ", "am ", "'re ", "has ", "have ", "'ve ")
_PLEASED = frozenset({"pleased", "delighted", "proud", "happy", "glad"})
_PLEASED_TO = {"announce": "announced", "confirm": "confirmed", "publish": "published", "launch": "launched",
               "unveil": "unveiled"}
_CAN_SAY = frozenset({"confirm", "announce", "reveal"})  # "We can confirm" is "confirms"
_STARTED = frozenset({"started", "begun", "commenced"})
_PERFECT_IRREGULAR = frozenset({"begun", "set out", "rolled out"})
_UNDER_WAY = frozenset({"under way", "underway"})
# A bracketed date may stand between the verb and its clause: "has announced (9 January) that".
THAT_CLAUSE = re.compile(r"(?:\s+\([^()]{1,40}\))?\s+that\b")
_CLAUSE_AFTER = re.compile(r"(?:\s+\([^()]{1,40}\))?\s+(?:he|she|it|they|we)\s+(?:has|have|had|will|would|is|are|was|were)\b")
_NEXT_WORD = re.compile(r"\s+(?:" + ADVERB + r")*([a-z]+)")
_NEXT_PLAIN_WORD = re.compile(r"\s+([a-z]+)")


def classify(m: re.Match[str], kind: str, text: str) -> Verb | None:
    """Turn a verb-group match after an actor into modality, firmness and status."""
    aux = normalise_space(_ADV_WORDS.sub("", m.group("aux").lower() + " ")).replace("’", "'")
    verb = (m.group("verb") or "").lower()
    vstart = m.start("verb") if m.group("verb") else m.end("aux")
    end = m.end()
    if m.group("main"):
        return _main_verb(m, aux, kind, text)
    if not verb:
        return None
    if aux in _AUXILIARIES:
        reading = _AUXILIARIES[aux]
        return reading.read(aux, verb, kind, vstart, end) if reading else None
    if aux == "can":
        return Verb(verb + "s", FIRMNESS_FIRM, STATUS_ONGOING, vstart, end) if kind != "work" and verb in _CAN_SAY else None
    if aux.endswith(" to"):
        return _to(m, aux, verb, kind, vstart, end)
    if aux in ("has", "have", "'ve"):
        return _perfect(aux, verb, kind, text, vstart, end)
    if aux in ("is", "are", "am", "'re"):
        return _progressive(aux, verb, kind, text, vstart, end)
    return None


def _main_verb(m: re.Match[str], main: str, kind: str, text: str) -> Verb | None:
    """A verb group that is the main verb itself: "announced", "publishes", "expects X to"."""
    if kind == "work" or main in _NOT_DOING:
        return None
    start, end = m.start("aux"), m.end("aux")
    if is_participle(main) or main in _IRREGULAR_PAST:
        modality = "set" if main == "set out" else main  # "set out" is labelled by its verb
        return Verb(modality, FIRMNESS_DONE, STATUS_DONE, start, end, main in _REPORTING)
    if main in ("expects", "expect") and _EXPECT_OBJECT.match(text, end):
        # "The department expects every council to meet the limit": expecting others to act.
        return Verb("expects", FIRMNESS_HEDGED, STATUS_PLANNED, end, end)
    if main in _PRESENT or (kind in ("gov", "i", "plural") and main in _BASE_FOR_WE):
        return Verb(main, FIRMNESS_FIRM, STATUS_ONGOING, start, end)
    if kind == "programme" and main.endswith("s") and is_action_stem(main[:-1]) and main not in EFFECT_VERBS:
        # "the ELSEC programme deploys specialist teams": a programme at work, present simple.
        return Verb(main, FIRMNESS_FIRM, STATUS_ONGOING, start, end)
    if kind == "headline" and main.endswith("ing") and is_action_stem(main[:-3]):
        # "Government creating new places": a headline with the "is" left out.
        return Verb("is", FIRMNESS_FIRM, STATUS_ONGOING, start, end)
    return None  # includes a bare "continue": "continue to" is matched as an auxiliary


def _to(m: re.Match[str], aux: str, verb: str, kind: str, vstart: int, end: int) -> Verb | None:
    """ "<head> to <verb>": "plans to", "is going to", "is committed to", "am pleased to"."""
    words = aux.split()
    if words[-2] in _PLEASED:
        # "I am pleased to announce the publication today of ...": the announcement is made.
        done = _PLEASED_TO.get(verb)
        return Verb(done, FIRMNESS_DONE, STATUS_DONE, vstart, end) if done else None
    if kind == "work":
        return None
    head = words[1] if aux.startswith(_BE_OR_HAVE) else words[0]
    if head == "going" and not is_action_stem(verb):
        # "A record £850m is going to councils": money on its way, not "going to" + verb.
        return Verb(words[0], FIRMNESS_FIRM, STATUS_ONGOING, m.start("aux"), end)
    reading = _TO_HEADS.get(head) or _Reading(head, FIRMNESS_HEDGED, ongoing=_GOES_ON)
    return reading.read(aux, verb, kind, vstart, end)


def _perfect(aux: str, verb: str, kind: str, text: str, vstart: int, end: int) -> Verb | None:
    """ "has funded" is done, "has started" ongoing, "has been working" ongoing; "has announced
    that ..." is labelled by its verb, for the announcement carries the commitment."""
    modality = "has" if aux == "has" else "have"
    if verb == "been":
        nxt = _NEXT_WORD.match(text, end)
        word = nxt.group(1) if nxt else ""
        if word.endswith("ing") and word not in _NOT_PROGRESSIVE:
            return Verb(modality, FIRMNESS_DONE, STATUS_ONGOING, vstart, end)
        if is_participle(word):
            return Verb(modality, FIRMNESS_DONE, STATUS_DONE, vstart, end)
        return None
    if not is_participle(verb) and verb not in _PERFECT_IRREGULAR:
        return None
    if kind == "work" and verb not in _STARTED:
        return None
    status = STATUS_ONGOING if verb in _STARTED else STATUS_DONE
    if verb in _REPORTING and (THAT_CLAUSE.match(text, end) or _CLAUSE_AFTER.match(text, end)):
        modality = verb  # "has announced he has approved ..."
    return Verb(modality, FIRMNESS_DONE, status, vstart, end, reported=verb in _REPORTING)


def _progressive(aux: str, verb: str, kind: str, text: str, vstart: int, end: int) -> Verb | None:
    """ "is funding" is firm and ongoing; "is looking at" and "are expecting a report" are not actions."""
    modality = {"'re": "are"}.get(aux, aux)
    if verb in _UNDER_WAY:
        return Verb(modality, FIRMNESS_FIRM, STATUS_ONGOING, vstart, end)
    if kind == "work":
        return None
    if verb == "looking" and _LOOKING_AT.match(text, end):
        return Verb("consider", FIRMNESS_HEDGED, STATUS_PLANNED, vstart, end)
    if verb == "expecting" and _EXPECT_OBJECT.match(text, end):
        # "We are expecting a report to be published": an expectation, not an action.
        return Verb("expects", FIRMNESS_HEDGED, STATUS_PLANNED, vstart, end)
    if verb.endswith("ing") and verb not in _NOT_PROGRESSIVE:
        return Verb(modality, FIRMNESS_FIRM, STATUS_ONGOING, vstart, end)
    if verb == "being" and (nxt := _NEXT_PLAIN_WORD.match(text, end)) and is_participle(nxt.group(1)):
        return Verb(modality, FIRMNESS_FIRM, STATUS_ONGOING, vstart, end)
    return None


def is_action_stem(stem: str) -> bool:
    """Whether a verb stem left by cutting "-s" or "-ing" is an action verb ("deploy", "creat")."""
    return stem in BASE_VERBS or stem + "e" in BASE_VERBS or (len(stem) > 2 and stem[-1] == stem[-2]
                                                                and stem[:-1] in BASE_VERBS)
