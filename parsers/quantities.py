"""Counted things in announcement text: "11,100 schools", "over 50 local authorities", "20 per cent",
"one in five". Money, dates, years and periods of time ("three years") are never quantities.
"""

from __future__ import annotations

import bisect

import re
from decimal import Decimal

from parsers.dates import date_matches
from parsers.folding import FOLDS_TO_ASCII, Folded, guarded
from parsers.money import MULTIPLIERS, NUMBER, QUALIFIERS, money_matches
from parsers.record import Quantity
from parsers.sentences import normalise_space

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "thousand": 1000,
    "a thousand": 1000,
}  # fmt: skip
_NUMBER_WORD_RE = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine|ten|a\s+hundred|"
    r"a\s+thousand|hundred|thousand)"
)

_QUANTITY = Folded(
    rf"(?<![\w£$€.,/-])(?<!\d:)(?:(?P<qual>{QUALIFIERS})\s+)?"
    rf"(?:(?P<num>{NUMBER})|(?P<word>{_NUMBER_WORD_RE}))(?!\w|[.,]\d)"
    r"(?:\s?(?P<mult>million|billion|thousand|bn|m)\b)?"
    r"(?:\s*(?P<pct>%|per\s*cent\b|percent\b|percentage\s+points?\b))?",
    # The first two letters of every qualifier and number word, or a digit (see Folded).
    starts=r"\d|a[\sbdlnprt]|e[ilx]|f[eio]|hu|in|ju|le|mo|n[ei]|o[nv]|ro|s[eio]|t[ehw]|u[np]|we",
)
_RATIO = Folded(
    rf"\b(?P<a>\d{{1,2}}|{_NUMBER_WORD_RE})\s+in\s+(?P<b>\d{{1,3}}|{_NUMBER_WORD_RE})\b(?![,.]\d)",
)
# Every _RATIO match holds " in " and then its second number: most sentences fail this one cheap
# search on the lowercased text (texts with a character Folded treats specially are always scanned).
_RATIO_HINT = re.compile(rf"\sin\s+(?:\d|{_NUMBER_WORD_RE})")
_NEXT_WORD = re.compile(r"\s+([A-Za-z][\w'’-]*)")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_UNIT_STOP = frozenset(
    "the a an of to for in on at by with from and or but who which that whose are is were was "
    "will would can could may might should must have has had be been being across than this "
    "these those their its our your his her into under over as so not each every per since "
    "through between within out up more most less fewer now also already it they we he she "
    "there where when while if than such all both other them".split()
)
_PERIOD_UNITS = frozenset(
    "year years month months week weeks day days hour hours minute minutes decade decades "
    "times term terms".split()
)
# Words before a number that make it a label ("Key Stage 2", "Year 6", "Section 19").
_LABEL_BEFORE = guarded(
    r"(?:\b(?:stage|year|section|level|no|number|article|clause|part|phase|wave|tier|grade|"
    r"schedule|chapter|page|paragraph|annex|figure|table|step|round|cohort|question)\.?\s+)$",
    re.IGNORECASE,
)
_MODIFIERS = re.compile(
    r"\s+(early\s+years|special\s+educational\s+needs(?:\s+and\s+disabilities)?|special\s+needs|high\s+needs|"
    r"additional\s+needs|complex\s+needs)(?=\s+[a-z])",
    re.IGNORECASE,
)
_MORE = re.compile(r"\s+(more|extra|additional|further|fewer)(?=\s)", re.IGNORECASE)
_IRREGULAR_PLURALS = frozenset("children people staff women men personnel police".split())


def _is_plural(word: str) -> bool:
    w = word.lower()
    if w in _IRREGULAR_PLURALS:
        return True
    if w.isupper() and len(w) > 1:
        return False
    return w.endswith("s") and not w.endswith(("ss", "us", "is", "'s", "’s"))


def _unit_after(text: str, pos: int) -> tuple[str, int]:
    """The counted thing after a number: words up to the first plural noun (at most four, plus
    fixed modifiers such as "early years" that end in a plural but are not the thing counted)."""
    words: list[tuple[str, int]] = []
    limit = 4
    while len(words) < limit:
        mod = _MODIFIERS.match(text, pos)
        if mod is not None:
            words.append((normalise_space(mod.group(1)), mod.end()))
            pos = mod.end()
            continue
        m = _NEXT_WORD.match(text, pos)
        if (m is not None and words and m.group(1).lower() in ("and", "or") and limit == 4
                and not any(w.lower() in _PERIOD_UNITS for w, _ in words)):
            limit = 8  # "60 new special and alternative provision free schools": one noun, two kinds
        elif m is None or m.group(1).lower() in _UNIT_STOP:
            break
        words.append((m.group(1), m.end()))
        pos = m.end()
        if _is_plural(m.group(1)):
            return " ".join(w for w, _ in words), pos
    if words and not words[0][0].lower().endswith(("ed", "ly")) and " " not in words[0][0]:
        return words[0][0], words[0][1]
    return "", pos


# "from 160 to 206", "from under 250,000 in 2015 to over 575,000 in 2024": the ends of a change.
_FROM_TO = re.compile(
    rf"\bfrom\s+(?:(?:{QUALIFIERS})\s+)?(?P<a>{NUMBER})(?:\s?(?:million|billion|thousand)\b)?"
    rf"(?:\s+in\s+(?:19|20)\d\d(?:\s*(?:-|–|/|to)\s*\d{{2,4}})?)?\s+to\s+(?:(?:{QUALIFIERS})\s+)?(?P<b>{NUMBER})(?!\d)",
    re.IGNORECASE,
)
# What may follow a number that stands for a count on its own: the end, punctuation or a preposition.
_STANDALONE_AFTER = re.compile(r"\s*(?:$|[.,;:()–—]|\s-\s|(?:in|to|from|and|or|by|at|since|compared|last|this)\b)",
                               re.IGNORECASE)


_CHANGE_BEFORE = guarded(
    r"\b(?:to|from|reached|reaching|totalled|totalling|totaled|at|of|was|were|is|are|by|nearly|almost|around|about|over|"
    r"under|approximately|more\s+than|fewer\s+than|less\s+than|up\s+to|at\s+least)\s+$",
    re.IGNORECASE,
)


# "Two of these will ...", "more than 500 already open": a count whose noun came before.
_OF_THESE = re.compile(r"\s+of\s+(?:these|those|them)\b", re.IGNORECASE)
_COUNT_VERB_AFTER = re.compile(r"\s+(?:already|now|currently|have|has|are|were|will|had)\b", re.IGNORECASE)
_PARTICIPLE_AFTER = re.compile(r"\s+[a-z]{3,}ed\b")


def _elliptical(text: str, m: re.Match[str], value: Decimal) -> bool:
    """A count with its noun left out: "Two of these", or a qualified number before a verb."""
    if value < 2 or m.group("pct"):
        return False
    if _OF_THESE.match(text, m.end()):
        return True
    if not m.group("qual") or m.group("num") is None:
        return False
    # "more than 500 already open", "a further 78 approved to open"
    return _COUNT_VERB_AFTER.match(text, m.end()) is not None or _PARTICIPLE_AFTER.match(text, m.end()) is not None


def _from_to_numbers(text: str) -> dict[int, str]:
    """Start offsets of the two numbers of each "from A to B" in `text`, with the plural noun just
    before the "from" that they count ("" when there is none)."""
    out: dict[int, str] = {}
    for m in _FROM_TO.finditer(text):
        before = re.split(r"[.;:!?]\s", text[max(0, m.start() - 60) : m.start()])[-1]
        nouns = [w for w in _WORD.findall(before) if _is_plural(w) and w.lower() not in _UNIT_STOP]
        noun = nouns[-1] if nouns else ""
        out[m.start("a")] = out[m.start("b")] = noun
    return out


def _standalone(text: str, m: re.Match[str], value: Decimal, statistics: dict[int, str]) -> bool:
    """A number with no noun after it that is still a count: "1.67 million" or an end of "from 160 to 206".

    Small bare numbers are ages, grades and list numbers, so only millions, comma-written
    thousands and the ends of a change of at least a hundred count."""
    if m.group("num") is None:
        return False
    if m.start("num") in statistics:
        return value >= 100
    if _STANDALONE_AFTER.match(text, m.end()) is None or value < 1000:
        return False
    if m.group("mult") and m.group("mult").lower() in ("million", "billion"):
        return True
    # "rose to 517,000 in January": a comma-written number after a verb or preposition of change
    return "," in m.group("num") and _CHANGE_BEFORE.search(text, max(0, m.start() - 30), m.start()) is not None


def _word_value(word: str) -> float:
    w = normalise_space(word.lower().replace("-", " "))
    if w in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[w])
    tens, ones = w.split(" ")
    return float(_NUMBER_WORDS[tens] + _NUMBER_WORDS[ones])


def _free_of(spans: list[tuple[int, int]]):
    """A test of whether [a, b) overlaps none of `spans`, in O(log n) a query (a figure-dense sentence stays linear).

    Spans sorted by start, with the largest end so far: [a, b) overlaps some span exactly when the
    spans starting before b reach past a.
    """
    ordered = sorted(spans)
    starts = [s for s, _ in ordered]
    reach: list[int] = []
    for _, e in ordered:
        reach.append(max(e, reach[-1]) if reach else e)

    def free(a: int, b: int) -> bool:
        i = bisect.bisect_left(starts, b)
        return i == 0 or reach[i - 1] <= a

    return free


def quantity_matches(
    text: str, taken: list[tuple[int, int]], lowered: str | None = None
) -> list[tuple[Quantity, int, int]]:
    """Every counted quantity in `text` outside the `taken` spans (money, dates), with its offsets."""
    found: list[tuple[Quantity, int, int]] = []
    free = _free_of(taken)
    last_ratio_end = -1

    lowered = text.lower() if lowered is None else lowered
    ratios = _RATIO.finditer(text, lowered) if _RATIO_HINT.search(lowered) or FOLDS_TO_ASCII.search(text) else ()
    for m in ratios:
        # Ratio matches come in order, so a new one can only run into the last one kept.
        if not free(m.start(), m.end()) or m.start() < last_ratio_end:
            continue
        a, b = m.group("a"), m.group("b")
        va = float(a) if a.isdigit() else _word_value(a)
        vb = float(b) if b.isdigit() else _word_value(b)
        if vb == 0 or va >= vb:
            continue
        unit, end = _unit_after(text, m.end("b"))
        label = f"proportion of {unit}" if unit and _is_plural(unit.split()[-1]) else "proportion"
        if label == "proportion":
            end = m.end("b")
        found.append((Quantity(normalise_space(text[m.start() : end]), va / vb, label), m.start(), end))
        taken = taken + [(m.start(), end)]
        last_ratio_end = end
    free = _free_of(taken)
    statistics = _from_to_numbers(text) if "from" in lowered else {}
    for m in _QUANTITY.finditer(text, lowered):
        start, num_end = m.start(), m.end()
        if not free(start, num_end) or _LABEL_BEFORE.search(text, max(0, start - 15), start):
            continue
        raw = m.group("num")
        if raw is not None:
            value = Decimal(raw.replace(",", ""))
            if (
                len(raw) == 4
                and raw.isdigit()
                and 1900 <= int(raw) <= 2099
                and not m.group("mult")
                and not m.group("pct")
            ):
                continue  # a year
        else:
            value = Decimal(int(_word_value(m.group("word"))))
        mult = (m.group("mult") or "").lower()
        if mult:
            value *= MULTIPLIERS[mult]
        qualifier_after = None
        if m.group("pct"):
            pct = m.group("pct").lower()
            unit = "percentage points" if pct.startswith("percentage") else "per cent"
            end = num_end
        else:
            more = _MORE.match(text, num_end)
            if more:
                # "20 more councils": the count is of councils; "more" qualifies it.
                unit, end = _unit_after(text, more.end())
                qualifier_after = more.group(1).lower()
            else:
                unit, end = _unit_after(text, num_end)
            if not unit and (_standalone(text, m, value, statistics) or _elliptical(text, m, value)):
                # "the cohort of Education Psychologists from 160 to 206": a count, its noun said before
                unit, end = statistics.get(m.start("num") if m.group("num") else -1, ""), num_end
            elif not unit or unit.split()[-1].lower() in _PERIOD_UNITS:
                continue
            elif start == 0 and raw is not None and "." in raw and not mult and unit[:1].isupper():
                continue  # "1.3 What the guide covers": a section number
            if raw is None and unit and not _is_plural(unit.split()[-1]):
                continue  # "one school" or "one of": number words need a plural noun
        if not free(start, end):
            continue
        qualifier = normalise_space(m.group("qual")).lower() if m.group("qual") else None
        if not m.group("pct") and qualifier_after:
            qualifier = qualifier or qualifier_after
        found.append((Quantity(normalise_space(text[start:end]), float(value), unit, qualifier), start, end))
    found.sort(key=lambda item: item[1])
    return found

# "six months", "for 30 years", "over two years": how long something lasts, not a count.
_DURATION = Folded(
    rf"(?<![\w£$€.,/-])(?P<n>\d+(?:\.\d+)?|{_NUMBER_WORD_RE})[\s-](?P<unit>years?|months?|weeks?|days?|decades?|terms?)\b"
    r"(?![\s-]+(?:olds?|of\s+age)\b)",
    starts=r"\d|a[\s]|e[il]|f[io]|hu|n[i]|o[n]|s[ei]|t[ehw]",
)
_AGED_BEFORE = guarded(r"(?:\b(?:aged|ages|age|birth\s+to)|\d\s*(?:to|-|–))\s*$", re.IGNORECASE)


def duration_matches(text: str, lowered: str | None = None) -> list[tuple[Quantity, int, int]]:
    """Durations as Quantity values in the period's unit ("six months" -> 6 months); ages left out."""
    lowered = text.lower() if lowered is None else lowered
    found: list[tuple[Quantity, int, int]] = []
    for m in _DURATION.finditer(text, lowered):
        if _AGED_BEFORE.search(text, max(0, m.start() - 16), m.start()):
            continue  # "aged 16 to 25 years", "birth to 25 years": an age
        n = m.group("n")
        value = float(n) if n[0].isdigit() else _word_value(n)
        unit = m.group("unit").lower()
        found.append((Quantity(normalise_space(m.group(0)), value, unit if unit.endswith("s") else unit + "s"),
                      m.start(), m.end()))
    return found


def find_durations(text: str) -> list[Quantity]:
    """How long things last in `text` ("for 30 years" -> 30 years)."""
    return [q for q, _, _ in duration_matches(text)]


def find_quantities(text: str) -> list[Quantity]:
    """Counted things and percentages in `text`; money, dates, years and periods excluded."""
    taken = [(s, e) for _, s, e in money_matches(text)]
    taken += [(s, e) for _, s, e in date_matches(text, None)]
    return [q for q, _, _ in quantity_matches(text, taken)]
