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



def classify(m: re.Match[str], kind: str, text: str) -> Verb | None:
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
        if is_participle(main) or main in _IRREGULAR_PAST:
            modality = "set" if main == "set out" else main  # "set out" is labelled by its verb
            return Verb(modality, FIRMNESS_DONE, STATUS_DONE, m.start("aux"), m.end("aux"), main in _REPORTING)
        if main in ("expects", "expect") and _EXPECT_OBJECT.match(text, m.end("aux")):
            # "The department expects every council to meet the limit": expecting others to act.
            return Verb("expects", FIRMNESS_HEDGED, STATUS_PLANNED, m.end("aux"), m.end("aux"))
        if main in _PRESENT or (kind in ("gov", "i", "plural") and main in _BASE_FOR_WE):
            return Verb(main, FIRMNESS_FIRM, STATUS_ONGOING, m.start("aux"), m.end("aux"))
        if kind == "programme" and main.endswith("s") and is_action_stem(main[:-1]) and main not in EFFECT_VERBS:
            # "the ELSEC programme deploys specialist teams": a programme at work, present simple.
            return Verb(main, FIRMNESS_FIRM, STATUS_ONGOING, m.start("aux"), m.end("aux"))
        if kind == "headline" and main.endswith("ing") and is_action_stem(main[:-3]):
            # "Government creating new places": a headline with the "is" left out.
            return Verb("is", FIRMNESS_FIRM, STATUS_ONGOING, m.start("aux"), m.end("aux"))
        return None  # includes a bare "continue": "continue to" is matched as an auxiliary
    if not verb:
        return None
    if aux in ("will", "'ll", "shall", "will not", "won't"):
        modality = "will not" if aux in ("will not", "won't") else ("shall" if aux == "shall" else "will")
        if kind == "work" and verb not in ("begin", "start", "continue"):
            return None
        if verb == "consider":
            return Verb("consider", FIRMNESS_HEDGED, STATUS_PLANNED, vstart, end, splittable=True)
        status = STATUS_ONGOING if verb in ("continue", "keep", "remain") else STATUS_PLANNED
        return Verb(modality, FIRMNESS_FIRM, status, vstart, end, splittable=True)
    if aux in ("would", "would not", "could", "may", "might", "should", "must", "can"):
        if kind == "work":
            return None
        if aux == "can" and verb not in ("confirm", "announce", "reveal"):
            return None
        if aux == "should":
            return None  # an instruction or an opinion ("councils should", "every child should")
        if aux == "can":
            return Verb(verb + "s", FIRMNESS_FIRM, STATUS_ONGOING, vstart, end)
        if verb == "like":
            return None  # "I would like to make a statement"
        if aux == "must":
            return Verb("must", FIRMNESS_FIRM, STATUS_PLANNED, vstart, end, splittable=True)
        if verb == "consider":
            return Verb("consider", FIRMNESS_HEDGED, STATUS_PLANNED, vstart, end, splittable=True)
        return Verb(aux, FIRMNESS_HEDGED, STATUS_PLANNED, vstart, end, splittable=True)
    if aux.endswith(" to") and aux.split()[-2] in _PLEASED:
        # "I am pleased to announce the publication today of ...": the announcement is made.
        done = _PLEASED_TO.get(verb)
        return Verb(done, FIRMNESS_DONE, STATUS_DONE, vstart, end) if done else None
    if aux.endswith(" to"):
        head = aux.split()[0] if not aux.startswith(("is ", "are ", "am ", "'re ", "has ", "have ", "'ve ")) else aux.split()[1]
        if kind == "work":
            return None
        if head == "expected":
            return Verb("expects", FIRMNESS_HEDGED, STATUS_PLANNED, vstart, end, splittable=True)
        if head == "going" and not is_action_stem(verb):
            # "A record £850m is going to councils": money on its way, not "going to" + verb.
            return Verb(aux.split()[0], FIRMNESS_FIRM, STATUS_ONGOING, m.start("aux"), end)
        if head in ("going", "set", "due") or aux in ("is to", "are to"):
            # "are to be created" / "are to receive" is labelled "is", planned.
            modality = {"going": "going to", "set": "set to", "due": "due to"}.get(head, "is")
            return Verb(modality, FIRMNESS_FIRM, STATUS_PLANNED, vstart, end, splittable=True)
        if head.startswith("pledge"):
            return Verb("pledge", FIRMNESS_FIRM, STATUS_PLANNED, vstart, end, splittable=True)
        if head.startswith("continu"):
            return Verb("continue", FIRMNESS_FIRM, STATUS_ONGOING, vstart, end, splittable=True)
        if head.startswith("commit") or head == "remains" or head == "remain":
            # "We are (remain) committed to improving ...": a standing commitment, going on now;
            # "commits to" / "has committed to" pledges something to come.
            standing = aux.startswith(("is ", "are ", "am ", "'re ", "'m ", "remain"))
            return Verb("commits", FIRMNESS_FIRM, STATUS_ONGOING if standing else STATUS_PLANNED, vstart, end,
                         splittable=True)
        if head == "looking":
            return Verb("looking to", FIRMNESS_HEDGED, STATUS_PLANNED, vstart, end, splittable=True)
        canonical = {"plan": "plans", "planning": "plans", "intend": "intends", "intending": "intends",
                     "aim": "aims", "aiming": "aims", "expect": "expects", "expecting": "expects",
                     "hope": "hopes", "hoping": "hopes", "seek": "seeks", "seeking": "seeks",
                     "want": "wants", "propose": "proposes", "proposing": "proposes"}  # fmt: skip
        status = STATUS_ONGOING if verb in ("keep", "continue", "remain") else STATUS_PLANNED
        return Verb(canonical.get(head, head), FIRMNESS_HEDGED, status, vstart, end, splittable=True)
    if aux.endswith("considering"):
        return Verb("consider", FIRMNESS_HEDGED, STATUS_PLANNED, vstart, end)
    if aux in ("has", "have", "'ve"):
        modality = "has" if aux == "has" else "have"
        if verb == "been":
            nxt = re.match(r"\s+(?:" + ADVERB + r")*([a-z]+)", text[end:])
            word = nxt.group(1) if nxt else ""
            if word.endswith("ing") and word not in _NOT_PROGRESSIVE:
                return Verb(modality, FIRMNESS_DONE, STATUS_ONGOING, vstart, end)
            if is_participle(word):
                return Verb(modality, FIRMNESS_DONE, STATUS_DONE, vstart, end)
            return None
        if not is_participle(verb) and verb not in ("begun", "set out", "rolled out"):
            return None
        if kind == "work" and verb not in ("started", "begun", "commenced"):
            return None
        status = STATUS_ONGOING if verb in ("started", "begun", "commenced") else STATUS_DONE
        if verb in _REPORTING and (THAT_CLAUSE.match(text, end) or _CLAUSE_AFTER.match(text, end)):
            # "has announced that ...", "has announced he has approved ...": the announcement
            # carries the commitment.
            modality = verb
        return Verb(modality, FIRMNESS_DONE, status, vstart, end, reported=verb in _REPORTING)
    if aux in ("is", "are", "am", "'re"):
        modality = {"'re": "are"}.get(aux, aux)
        if verb in ("under way", "underway"):
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
        if verb == "being":
            nxt = re.match(r"\s+([a-z]+)", text[end:])
            if nxt and is_participle(nxt.group(1)):
                return Verb(modality, FIRMNESS_FIRM, STATUS_ONGOING, vstart, end)
        return None
    return None

# A bracketed date may stand between the verb and its clause: "has announced (9 January) that".
THAT_CLAUSE = re.compile(r"(?:\s+\([^()]{1,40}\))?\s+that\b")
_CLAUSE_AFTER = re.compile(r"(?:\s+\([^()]{1,40}\))?\s+(?:he|she|it|they|we)\s+(?:has|have|had|will|would|is|are|was|were)\b")
_PLEASED = frozenset({"pleased", "delighted", "proud", "happy", "glad"})
_PLEASED_TO = {"announce": "announced", "confirm": "confirmed", "publish": "published", "launch": "launched",
               "unveil": "unveiled"}


def is_action_stem(stem: str) -> bool:
    """Whether a verb stem left by cutting "-s" or "-ing" is an action verb ("deploy", "creat")."""
    return stem in BASE_VERBS or stem + "e" in BASE_VERBS or (len(stem) > 2 and stem[-1] == stem[-2]
                                                                and stem[:-1] in BASE_VERBS)
