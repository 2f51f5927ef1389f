"""The actors a commitment can be by: the Government ("we"), the Department for Education, ministers.

`ACTOR` finds them; `actor_name` names a match; `written_actor` gives the words that name an
actor in a text, so a consumer can mask the actor as written.
"""

from __future__ import annotations

import re

from parsers.folding import guarded
from parsers.programmes import programme_spans
from parsers.sentences import normalise_space

GOVERNMENT = "the Government"
DFE = "Department for Education"
# Who acts when the text names no one ("Work has already started", "Funding will be allocated",
# "Every council will receive ..."): the publishing department. SEND releases come from DfE.
IMPLIED_ACTOR = DFE

ADVERB = (
    r"(?:(?:also|now|already|today|further|still|then|jointly|currently|recently|therefore|"
    r"additionally|soon|shortly|urgently|immediately|formally|previously|firmly|fully|actively|"
    r"rapidly|quickly|swiftly|initially|finally|once\s+again|again|in\s+addition|this\s+week|"
    r"this\s+year|this\s+month"
    # any other "-ly" adverb ("carefully", "significantly"), but not verbs ending in "ly"
    r"|(?!(?:apply|supply|rely|reply|comply|multiply|fly|ally|bully|rally)\b)[a-z]{3,}ly),?\s+)"
)

ACTOR = guarded(
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
    r")(?:,?\s+(?:the\s+Rt\s+Hon\s+)?(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2}(?<!['’]s))(?=[\s,]|['’]s\b))?"
    r"|[Mm]inisters)"
    r"|(?P<i>I)"
    r"|(?P<work>Work)"
    # "We’re", "We’ve", "I’m": a contracted auxiliary may follow the actor; "’s" a possessive.
    r")(?![\w-]|['’](?!(?:re|ve|ll|d|m|s)\b))"
)

# The verb group right after an actor. `aux` is the modal/auxiliary (or the main verb itself
# for "announced", "publishes"); `verb` is the next word.

_PREPOSITIONS = frozenset(
    "from by with to for of on in at through under between across within than into about like "
    "as alongside behind against among towards via upon onto".split()
)
_ARTICLES = frozenset({"the", "a", "an", "this", "that", "our", "their", "its"})

def actor_name(m: re.Match[str]) -> tuple[str, str] | None:
    """(actor, kind) for an ACTOR match: who acts, and which of gov, gov_np, dfe, plural, person, i, work."""
    if m.group("gov"):
        word = m.group("gov")
        return GOVERNMENT, ("gov" if word.lower() == "we" else "gov_np")
    if m.group("dfe"):
        return DFE, "dfe"
    if m.group("person"):
        written = normalise_space(m.group("person"))
        if written.lower() == "ministers":
            return GOVERNMENT, "plural"
        # "Education Secretary Gavin Williamson" acts as the person named, not the role.
        name = m.group("name")
        return (normalise_space(name) if name else written), "person"
    if m.group("i"):
        return GOVERNMENT, "i"  # a minister speaking for the government
    if m.group("work"):
        return IMPLIED_ACTOR, "work"
    return None


def after_preposition(text: str, start: int) -> bool:
    """Whether the words before `start` end in a preposition (articles skipped): no subject stands there."""
    words = text[max(0, start - 40) : start].split()
    while words and words[-1].lower() in _ARTICLES:
        words.pop()
    return bool(words) and words[-1].lower().strip(",") in _PREPOSITIONS

def written_actor(text: str, actor: str | None) -> str | None:
    """The words in `text` that name `actor` ("The department" for "Department for Education",
    "we" for "the Government"), so a consumer can mask the actor as written."""
    if not actor:
        return None
    for m in ACTOR.finditer(text):
        named = actor_name(m)
        if named and named[0] == actor:
            return m.group(0)
    for f in programme_spans(text):
        if f.programme.name == actor:
            return text[f.start : f.end]
    return actor if actor.lower() in text.lower() else None
