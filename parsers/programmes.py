"""Named programmes, reviews, funds, plans, reports and bodies in announcement text.

Three sources, in order of trust: a list of names SEND releases use (with their acronyms);
"Name (ACR)" pairs written in the document; and capitalised multi-word names that contain a
programme word ("Fund", "Review", "Hubs", ...) or are followed by a lowercase one ("the Holiday
Activities and Food programme"). A bare acronym resolves to its expansion when the expansion is
a programme. Names are returned canonicalised to the expansion where known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from parsers.folding import Folded, guarded
from parsers.record import Programme

# (canonical name, acronym, kind, extra spellings). Names match case-insensitively except where
# the lowercase form is an ordinary phrase ("change programme").
_KNOWN: tuple[tuple[str, str | None, str, tuple[str, ...]], ...] = (
    ("Nuffield Early Language Intervention", "NELI", "programme", ()),
    ("Delivering Better Value", "DBV", "programme", ()),
    ("Curriculum and Assessment Review", None, "review", ()),
    ("Safety Valve", None, "programme", ()),
    ("Ofsted", None, "body", ()),
    ("Partnerships for Inclusion of Neurodiversity in Schools", "PINS", "programme", ()),
    ("Change Programme", None, "programme", ("SEND and AP Change Programme",)),
    (
        "SEND and Alternative Provision Improvement Plan",
        None,
        "plan",
        ("SEND and AP Improvement Plan", "Special Educational Needs and Disabilities (SEND) and Alternative Provision (AP) Improvement Plan",
         "Special Educational Needs and Disabilities (SEND) and Alternative Provision Improvement Plan"),
    ),
    ("Dedicated Schools Grant", "DSG", "fund", ()),
    ("High Needs Provision Capital Allocations", "HNPCA", "fund", ()),
    (
        "Education, Health and Care plans",
        "EHC plans",
        "plan",
        ("Education, Health and Care plan", "EHC plan", "EHCPs", "EHCP"),
    ),
    ("Schools Group", None, "body", ()),
    ("National Audit Office", "NAO", "body", ()),
    ("Family Hubs", None, "programme", ("Family Hub",)),
    ("Stronger Practice Hubs", None, "programme", ("Stronger Practice Hub",)),
    ("Early Years Professional Development Programme", "EYPDP", "programme", ()),
    ("Schools White Paper", None, "plan", ("schools white paper",)),
    ("SEND review", None, "review", ("SEND review green paper",)),
    ("high needs national funding formula", None, "fund", ()),
    ("national funding formula", "NFF", "fund", ()),
    ("SEND code of practice", None, "plan", ()),
    ("First-tier Tribunal", None, "body", ()),
    ("Care Quality Commission", "CQC", "body", ()),
    ("national professional qualification", "NPQ", "programme", ()),
    ("alternative provision specialist taskforces", None, "programme", ("AP specialist taskforces",)),
)
_CASE_SENSITIVE = frozenset({"Change Programme", "Schools Group", "Family Hubs"})

_KEYWORDS = {
    "Programme": "programme", "Programmes": "programme", "Review": "review", "Fund": "fund",
    "Funds": "fund", "Grant": "fund", "Grants": "fund", "Allocations": "fund", "Plan": "plan",
    "Strategy": "plan", "Framework": "plan", "Intervention": "programme",
    "Partnership": "programme", "Partnerships": "programme", "Hub": "programme",
    "Hubs": "programme", "Pathfinder": "programme", "Pathfinders": "programme",
    "Scheme": "programme", "Initiative": "programme", "Service": "body",
    "Taskforce": "body", "Commission": "body", "Report": "report", "Agency": "body",
    "Foundation": "body", "Paper": "plan",
}  # fmt: skip
_LOWER_KEYWORDS = {
    "programme": "programme", "scheme": "programme", "pilot": "programme",
    "initiative": "programme", "fund": "fund", "grant": "fund", "review": "review",
    "report": "report", "plan": "plan", "strategy": "plan", "framework": "plan",
}  # fmt: skip
_CONNECTORS = frozenset({"and", "of", "for", "in", "on", "&"})
# Capitalised words that start a sentence or phrase rather than a name.
_LEADING_NOISE = frozenset(
    "The This That These Those Our Their Its A An Through Under With From In On By For And But "
    "As At To Today Now Since After Before During Every Each All Both Last Next Also We It They "
    "He She Via Including Within Across Alongside Following Local National New Existing Current "
    "Funding Support Using Where When While If How What Why Work Further Extra Additional".split()
)
_NOT_PROGRAMMES = re.compile(r"^(?:Department|Ministry)\b")

# A run of capitalised words, with lowercase connectors between capitals ("Curriculum and
# Assessment Review"); punctuation ends a run.
_CAP_RUN = guarded(r"(?<![\w'’&-])[A-Z][\w'’&-]*(?:\s+(?:(?:and|of|for|in|on|&)\s+)?[A-Z][\w'’&-]*)*")
_NON_SPACE = re.compile(r"\S+")
_PAIR = re.compile(r"\(([A-Z][A-Za-z]{0,8}[A-Z]s?(?: plans?)?)\)")
_ACRONYM = guarded(r"\b[A-Z][A-Za-z]*[A-Z]s?\b")
_KEYWORD_RE = re.compile(r"\b(?:" + "|".join(sorted(_KEYWORDS, key=len, reverse=True)) + r")\b")
_LOWER_AFTER = re.compile(r"(?:\s+\([A-Z][A-Za-z]*\))?\s+(" + "|".join(_LOWER_KEYWORDS) + r")\b")
# Some keyword anywhere in the text: without one no capitalised run can be a generic name.
_ANY_KEYWORD = re.compile("|".join(sorted({*_KEYWORDS, *_LOWER_KEYWORDS}, key=len, reverse=True)))


@dataclass(frozen=True)
class Found:
    """A programme and where it was written."""

    programme: Programme
    start: int
    end: int  # end of the written name, including "(ACR)" and a trailing "programme"


def _known_patterns() -> tuple[Folded, re.Pattern[str], dict[str, Programme]]:
    """Two alternations (case-insensitive names, case-sensitive names and acronyms) and a lookup
    from the normalised spelling to its programme: one regex pass instead of one per name."""
    folded: list[str] = []
    exact: list[str] = []
    lookup: dict[str, Programme] = {}
    for name, acronym, kind, aliases in _KNOWN:
        prog = Programme(name, acronym, kind)
        for spelling in (name, *aliases):
            (exact if name in _CASE_SENSITIVE else folded).append(spelling)
            lookup[_fold(spelling) if name not in _CASE_SENSITIVE else spelling] = prog
        if acronym:
            exact.append(acronym)
            lookup[acronym] = prog

    def alternation(spellings: list[str]) -> str:
        ordered = sorted(set(spellings), key=len, reverse=True)
        return "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in ordered)

    # The first two characters of each case-insensitive spelling, as a pre-check (see Folded).
    starts = "|".join(sorted({re.escape(x[:2].lower()).replace(r"\ ", r"\s") for x in folded}))
    return (
        Folded(rf"(?<![\w-])(?:{alternation(folded)})(?![\w-])", starts=starts),
        guarded(rf"(?<![\w-])(?:{alternation(exact)})(?![\w-])"),
        lookup,
    )


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


_KNOWN_FOLDED, _KNOWN_EXACT, _KNOWN_LOOKUP = _known_patterns()
_KNOWN_BY_NAME = {name.lower(): Programme(name, acr, kind) for name, acr, kind, _ in _KNOWN}
_KNOWN_BY_ACRONYM = {acr: Programme(name, acr, kind) for name, acr, kind, _ in _KNOWN if acr}


def _kind_of(name: str) -> str | None:
    known = _KNOWN_BY_NAME.get(name.lower())
    if known:
        return known.kind
    m = None
    for m in _KEYWORD_RE.finditer(name):
        pass
    return _KEYWORDS[m.group(0)] if m else None


def learn_abbreviations(text: str) -> dict[str, str]:
    """"Name (ACR)" pairs written in `text` whose initials match: {"NELI": "Nuffield Early ..."}."""
    pairs: dict[str, str] = {}
    for m in _PAIR.finditer(text):
        acronym = m.group(1)
        name = _name_before(text, m.start(), acronym)
        if name:
            pairs[acronym] = name
    return pairs


def _name_before(text: str, end: int, acronym: str) -> str | None:
    """The capitalised words just before `end` whose initials spell `acronym`."""
    letters = [c for c in acronym.split(" ")[0] if c.isupper()]
    words = text[max(0, end - 200) : end].split()
    picked: list[str] = []
    initials: list[str] = []
    for word in reversed(words):
        bare = word.strip(",;:“”\"").lstrip("'‘")
        if not bare:
            break
        if bare[0].isupper():
            picked.append(bare)
            initials.append(bare[0])
        elif bare in _CONNECTORS and picked:
            picked.append(bare)
        else:
            break
        if initials[::-1] == letters:
            return " ".join(reversed(picked))
        if len(initials) > len(letters):
            break
    return None


# "the supported internship programme", "the free school scheme": a lowercase name before a programme word.
_LOWER_NAME = guarded(r"\bthe\s+(?P<name>(?:[a-z][a-z-]+\s+){1,3}(?:programme|scheme|fund|grant)s?)\b")
_NOT_NAME_WORDS = frozenset(
    "new current existing same whole first second third main wider overall entire next previous last "
    "national local government's department's this that our their its and of for in on to".split()
)


def _lowercase_names(text: str) -> list[Found]:
    found: list[Found] = []
    if "the " not in text:
        return found
    for m in _LOWER_NAME.finditer(text):
        words = m.group("name").split()
        if words[0] in _NOT_NAME_WORDS or any(w in _NOT_NAME_WORDS for w in words[1:-1]):
            continue
        kind = _LOWER_KEYWORDS.get(words[-1].rstrip("s"), "programme")
        found.append(Found(Programme(" ".join(words), None, kind), m.start("name"), m.end("name")))
    return found


def _generic(text: str) -> list[Found]:
    """Capitalised names that hold a programme word or are followed by "programme"."""
    found: list[Found] = []
    if not _ANY_KEYWORD.search(text):
        return found  # every name found below holds a keyword or is followed by a lowercase one
    for run in _CAP_RUN.finditer(text):
        tokens = [(m.group(0), m.start(), m.end()) for m in _NON_SPACE.finditer(text, run.start(), run.end())]
        keyword = any(t[0].removesuffix("'s").removesuffix("’s") in _KEYWORDS for t in tokens)
        if not keyword and not _LOWER_AFTER.match(text, run.end()):
            continue
        i, n = 0, len(tokens)
        while i < n:
            j = n - 1
            k = i
            while k <= j and (tokens[k][0] in _LEADING_NOISE or tokens[k][0] in _CONNECTORS):
                k += 1
            # "Spending Review and Plan for Change" is two names: split after a programme word.
            for cut in range(k + 1, j):
                if tokens[cut][0] == "and" and tokens[cut - 1][0] in _KEYWORDS:
                    j = cut - 1
                    break
            i = j + 1
            words = [t[0] for t in tokens[k : j + 1]]
            start, end = (tokens[k][1], tokens[j][2]) if words else (0, 0)
            if words and words[-1].endswith(("'s", "’s")):
                # "the Agency's functions": the name without its possessive ending
                words[-1], end = words[-1][:-2], end - 2
            if not words or not words[-1]:
                continue
            name = " ".join(words)
            kind = _kind_of(name) if len(words) >= 2 and any(w in _KEYWORDS for w in words) else None
            lower = _LOWER_AFTER.match(text, end)
            if lower and not (len(words) == 1 and words[0].isupper()):
                kind = kind or _LOWER_KEYWORDS[lower.group(1)]
                end = lower.end()
            if kind and not _NOT_PROGRAMMES.match(name):
                found.append(Found(Programme(name, None, kind), start, end))
    return found


@lru_cache(maxsize=4096)
def _scan(text: str, abbreviations: tuple[tuple[str, str], ...]) -> tuple[Found, ...]:
    found: list[Found] = []
    for pattern, fold in ((_KNOWN_FOLDED, True), (_KNOWN_EXACT, False)):
        for m in pattern.finditer(text):
            prog = _KNOWN_LOOKUP[_fold(m.group(0)) if fold else " ".join(m.group(0).split())]
            end = m.end()
            after = _LOWER_AFTER.match(text, end)
            if after:
                end = after.end()
            found.append(Found(prog, m.start(), end))
    abbr = dict(abbreviations)
    learned = learn_abbreviations(text)
    abbr.update(learned)
    for acronym, expansion in learned.items():
        if acronym in _KNOWN_BY_ACRONYM:
            continue
        kind = _kind_of(expansion)
        if kind:
            pos = text.find(expansion)
            if pos < 0:
                continue
            found.append(Found(Programme(expansion, acronym, kind), pos, pos + len(expansion)))
    acronym_of = {expansion: acronym for acronym, expansion in learned.items()}
    found.extend(_lowercase_names(text))
    for g in _generic(text):
        acr = acronym_of.get(g.programme.name)
        if acr and g.programme.acronym is None:
            g = Found(Programme(g.programme.name, acr, g.programme.kind), g.start, g.end)
        found.append(g)
    # Only acronyms in `abbr` count below, and they are rarely written: skip the scan without one.
    wanted = [a for a in abbr if a not in _KNOWN_BY_ACRONYM and a in text]
    named = {f.programme.name: f.programme.kind for f in found}
    for m in _ACRONYM.finditer(text) if wanted else ():
        acronym = m.group(0)
        if acronym in _KNOWN_BY_ACRONYM or acronym not in abbr:
            continue
        expansion = abbr[acronym]
        after = _LOWER_AFTER.match(text, m.end())
        kind = _kind_of(expansion) or named.get(expansion) or (_LOWER_KEYWORDS[after.group(1)] if after else None)
        if kind and not _NOT_PROGRAMMES.match(expansion):
            known = _KNOWN_BY_NAME.get(expansion.lower())
            prog = known or Programme(expansion, acronym, kind)
            found.append(Found(prog, m.start(), after.end() if after else m.end()))
    return _dedupe_overlaps(found)


def _dedupe_overlaps(found: list[Found]) -> tuple[Found, ...]:
    """Keep the longest of overlapping matches; known names win ties."""
    found.sort(key=lambda f: (f.start, -(f.end - f.start), f.programme.name.lower() not in _KNOWN_BY_NAME))
    kept: list[Found] = []
    for f in found:
        if kept and f.start < kept[-1].end:
            prev = kept[-1]
            # A known name inside a longer generic match ("the Nuffield Early Language
            # Intervention (NELI) programme") replaces the generic one.
            if f.programme.name.lower() in _KNOWN_BY_NAME and prev.programme.name.lower() not in _KNOWN_BY_NAME:
                kept[-1] = Found(f.programme, prev.start, max(prev.end, f.end))
            continue
        kept.append(f)
    return tuple(kept)


def programme_spans(text: str, *, abbreviations: dict[str, str] | None = None) -> tuple[Found, ...]:
    """Every programme mention with its position, overlaps resolved."""
    return _scan(text, tuple(sorted((abbreviations or {}).items())))


def find_programmes(text: str, *, abbreviations: dict[str, str] | None = None) -> list[Programme]:
    """Named programmes, reviews, funds, plans and bodies in `text`, canonical names, first mention order."""
    out: list[Programme] = []
    seen: set[str] = set()
    for f in programme_spans(text, abbreviations=abbreviations):
        if f.programme.name not in seen:
            seen.add(f.programme.name)
            out.append(f.programme)
    return out
