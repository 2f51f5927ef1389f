"""Money, quantities and dates in announcement text, normalised.

Money: "nearly £60 million" -> 60000000.0 with qualifier "nearly"; a period written right after
the amount ("£2,000 per pupil", "£1bn in 2025 to 2026", "over three years") is kept.
Quantities: counted things ("11,100 schools", "over 50 local authorities", "20 per cent",
"one in five"); money, dates, years and periods of time ("three years") are never quantities.
Dates: resolved to an inclusive ISO [start, end] range; the publication date supplies a missing
year and anchors relative phrases ("later this year").

Year ranges: "2024-25" and "2024 to 2025" are read as the UK financial year (1 April to 31
March) unless "academic year" or "school year" is written next to them or in the same text,
which gives 1 September to 31 August. Government funding statements dominate GOV.UK SEND
releases, so the financial year is the better default.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from parsers.folding import Folded
from parsers.record import DateRef, Figure, Money, Quantity, Section
from parsers.sentences import comparable, normalise_space, split_sentences

# ---------------------------------------------------------------- shared vocabulary

_QUALIFIERS = (
    r"just\s+over|just\s+under|well\s+over|nearly|almost|around|about|approximately|roughly|"
    r"over|under|more\s+than|fewer\s+than|less\s+than|up\s+to|at\s+least|in\s+excess\s+of|"
    r"an\s+extra|an\s+additional|a\s+further|another|additional|extra|a\s+total\s+of|"
    r"an\s+estimated|a\s+record|some"
)
_MULTIPLIERS = {
    "k": Decimal(1_000),
    "thousand": Decimal(1_000),
    "m": Decimal(1_000_000),
    "mn": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "bn": Decimal(1_000_000_000),
    "billion": Decimal(1_000_000_000),
    "tn": Decimal(1_000_000_000_000),
    "trillion": Decimal(1_000_000_000_000),
}
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_FULL_MONTHS = frozenset(calendar.month_name[i].lower() for i in range(1, 13))
_DAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# (first month, last month) of each season; winter runs December to February.
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}

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

# ---------------------------------------------------------------- money

# The amount is found from its "£"; the qualifier is looked for just before it (a leading
# optional qualifier group would make the regex try every alternative at every position).
_MONEY = re.compile(
    rf"£\s?(?P<num>{_NUMBER})(?:\s?(?P<mult>trillion|billion|million|thousand|bn|mn|tn|m|k)\b)?",
    re.IGNORECASE,
)
_QUALIFIER_BEFORE = re.compile(rf"\b(?P<qual>{_QUALIFIERS})\s+$", re.IGNORECASE)
# What may follow an amount to say what it is per, or over which period it is spent.
_MONEY_PER = re.compile(
    r"\s+(?P<per>(?:per|a|an|each|every)\s+(?:year|annum|month|week|day|pupil|child|student|"
    r"learner|school|place|head|person|family|setting|council|local\s+authority|authority))\b",
    re.IGNORECASE,
)
_MONEY_SPAN = re.compile(
    r"\s+(?:(?:in|for|during)\s+(?:the\s+)?(?P<years>(?:(?:financial|academic)\s+year\s+)?"
    r"(?:19|20)\d{2}(?:\s*(?:-|–|/|to)\s*(?:19|20)?\d{2})?(?:\s+(?:financial|academic)\s+year)?)"
    r"(?!\d|,\d)"
    r"|(?P<between>between\s+(?:19|20)\d{2}\s+and\s+(?:19|20)\d{2})"
    r"|(?P<over>(?:over|across)\s+(?:the\s+)?(?:next\s+|coming\s+|following\s+)?(?:\w+\s+)?"
    r"(?:years|months|spending\s+review(?:\s+period)?|parliament))"
    r"|(?P<rel>(?:this|next)\s+(?:financial\s+|academic\s+)?year))\b",
    re.IGNORECASE,
)


def _money_matches(text: str) -> list[tuple[Money, int, int]]:
    found: list[tuple[Money, int, int]] = []
    for m in _MONEY.finditer(text):
        mult = (m.group("mult") or "").lower()
        amount = Decimal(m.group("num").replace(",", "")) * _MULTIPLIERS.get(mult, Decimal(1))
        q = _QUALIFIER_BEFORE.search(text, max(0, m.start() - 24), m.start())
        qualifier = normalise_space(q.group("qual")).lower() if q else None
        start = q.start() if q else m.start()
        end = m.end()
        periods: list[str] = []
        for pattern in (_MONEY_PER, _MONEY_PER, _MONEY_SPAN):
            p = pattern.match(text, end)
            if p is None:
                continue
            if pattern is _MONEY_SPAN:
                periods.append(normalise_space(p.group("years") or p.group("between") or p.group("over") or p.group("rel")))
            else:
                periods.append(normalise_space(p.group("per")))
            end = p.end()
        money = Money(
            text=normalise_space(text[start : m.end()]),
            amount_gbp=float(amount),
            qualifier=qualifier,
            period=" ".join(periods) or None,
        )
        found.append((money, start, end))
    return found


def find_money(text: str) -> list[Money]:
    """Every sterling amount in `text`, in order."""
    return [money for money, _, _ in _money_matches(text)]


# ---------------------------------------------------------------- dates

_DATE = Folded(
    r"(?<![\w£,.])"
    r"(?:(?P<pre>by|before|from|since|until|till|(?:starting|beginning)(?:\s+(?:in|from|on))?)\s+)?"
    r"(?P<edge>(?:the\s+)?(?:end|start|beginning|middle)\s+of\s+(?:the\s+)?|(?:early|late|mid)[\s-]+)?"
    r"(?P<core>"
    # 2024-25, 2024 to 2025, financial year 2024-25, the 2025 to 2026 financial year
    r"(?:(?P<ykind1>financial|academic|school)\s+year\s+)?(?P<y1>(?:19|20)\d{2})\s*(?:-|–|/|\s+to\s+)\s*"
    r"(?P<y2>(?:19|20)\d{2}|\d{2})(?!\d|,\d)(?:\s+(?P<ykind2>financial|academic|school)\s+year)?"
    # between 2022 and 2025
    r"|between\s+(?P<b1>(?:19|20)\d{2})\s+and\s+(?P<b2>(?:19|20)\d{2})(?!\d|,\d)"
    # Thursday 24th October (2024)
    rf"|(?:(?P<dow>{_DAY_RE}),?\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH_RE})"
    r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?(?!\d|,\d)"
    # October 24, 2024
    rf"|(?:(?P<dow2>{_DAY_RE}),?\s+)?(?P<mon2>{_MONTH_RE})\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year2>(?:19|20)\d{{2}})(?!\d|,\d)"
    # July 2024, July
    rf"|(?P<mon3>{_MONTH_RE})(?:\s+(?P<year3>(?:19|20)\d{{2}})(?!\d|,\d))?"
    # spring 2025, this autumn, next spring
    r"|(?P<season>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ww]inter)(?:\s+term)?\s+(?P<year4>(?:19|20)\d{2})(?!\d|,\d)"
    r"|(?P<rseason>(?:this|next|last)\s+(?:spring|summer|autumn|winter))"
    r"|the\s+(?P<bseason>spring|summer|autumn|winter)(?!\s+(?:budget|statement|term\s+\d))"
    # relative phrases anchored on the publication date
    r"|(?P<rel>later\s+this\s+(?:year|month)|earlier\s+this\s+(?:year|month)|"
    r"(?:this|next|last)\s+(?:calendar\s+|financial\s+|academic\s+)?year|(?:this|next)\s+(?:month|week)|"
    r"(?:in|over)\s+the\s+coming\s+(?:days|weeks|months|year|years)|"
    r"over\s+the\s+next\s+(?P<nyears>\w+)\s+years|today)"
    # "the end of the year": "year" alone only after an edge
    r"|(?(edge)(?P<edgeyear>(?:calendar\s+|financial\s+|academic\s+)?year)|(?!))"
    # 2026
    r"|(?P<y>(?:19[5-9]|20\d)\d)(?!\d|,\d|%|\s*per\s*cent)"
    r")\b",
)
_ACADEMIC_HINT = re.compile(r"\b(?:academic|school)\s+year\b", re.IGNORECASE)
_WORD_YEARS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "ten": 10}


def _parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _season_range(season: str, year: int) -> tuple[date, date]:
    first, last = _SEASONS[season]
    if first > last:  # winter 2025 = December 2025 to February 2026
        return date(year, first, 1), _month_end(year + 1, last)
    return date(year, first, 1), _month_end(year, last)


def _add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _core_range(m: re.Match[str], text: str, pub: date | None) -> tuple[date | None, date | None, str] | None:
    """The [start, end] range and kind of the core date phrase, before by/from/edge."""
    g = m.group
    if g("y1"):
        y1 = int(g("y1"))
        raw2 = g("y2")
        y2 = int(raw2) if len(raw2) == 4 else (y1 // 100) * 100 + int(raw2)
        ykind = (g("ykind1") or g("ykind2") or "").lower()
        if y2 == y1 + 1:
            academic = ykind in ("academic", "school") or (not ykind and _ACADEMIC_HINT.search(text))
            if academic:
                return date(y1, 9, 1), date(y2, 8, 31), "academic_year"
            return date(y1, 4, 1), date(y2, 3, 31), "financial_year"
        if y2 > y1:
            return date(y1, 1, 1), date(y2, 12, 31), "range"
        return None
    if g("b1"):
        y1, y2 = int(g("b1")), int(g("b2"))
        return (date(y1, 1, 1), date(y2, 12, 31), "range") if y2 > y1 else None
    if g("day"):
        month = _MONTHS[g("mon").lower().rstrip(".")]
        year = int(g("year")) if g("year") else (pub.year if pub else None)
        return _single_day(year, month, int(g("day")))
    if g("day2"):
        month = _MONTHS[g("mon2").lower().rstrip(".")]
        return _single_day(int(g("year2")), month, int(g("day2")))
    if g("mon3"):
        word = g("mon3")
        if not word[0].isupper():
            return None
        month = _MONTHS[word.lower().rstrip(".")]
        if g("year3"):
            year = int(g("year3"))
        elif (word == "May" or word.rstrip(".").lower() not in _FULL_MONTHS) and not (
            g("pre") or _IN_BEFORE.search(text, 0, m.start())
        ):
            return None  # "May" the modal, "Mar" the verb: only a month with a year or a preposition
        elif pub is None:
            return None, None, "month"
        else:
            year = pub.year
        return date(year, month, 1), _month_end(year, month), "month"
    if g("season"):
        start, end = _season_range(g("season").lower(), int(g("year4")))
        return start, end, "season"
    if g("rseason"):
        which, season = g("rseason").lower().split()
        if pub is None:
            return None, None, "relative"
        start, end = _season_range(season, pub.year)
        if which == "next" and start <= pub:
            start, end = _season_range(season, pub.year + 1)
        elif which == "last" and end >= pub:
            start, end = _season_range(season, pub.year - 1)
        return start, end, "relative"
    if g("bseason"):
        # "in the spring": the next one on or after the publication date.
        if pub is None:
            return None, None, "relative"
        start, end = _season_range(g("bseason").lower(), pub.year)
        if end < pub:
            start, end = _season_range(g("bseason").lower(), pub.year + 1)
        return start, end, "relative"
    if g("rel"):
        return _relative(normalise_space(g("rel")).lower(), g("nyears"), pub)
    if g("edgeyear"):
        return _relative("this " + normalise_space(g("edgeyear")).lower(), None, pub)
    if g("y"):
        year = int(g("y"))
        return date(year, 1, 1), date(year, 12, 31), "year"
    return None


_IN_BEFORE = re.compile(r"\b(?:in|on|of|during|throughout|until|by|from|since|early|late|mid|end|start)\s*$", re.I)


def _single_day(year: int | None, month: int, day: int) -> tuple[date | None, date | None, str] | None:
    if year is None:
        return None, None, "date"
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    return d, d, "date"


def _relative(phrase: str, nyears: str | None, pub: date | None):
    if pub is None:
        return None, None, "relative"
    y = pub.year
    if phrase == "today":
        return pub, pub, "relative"
    if phrase == "later this year":
        return None, date(y, 12, 31), "relative"  # a deadline, as an analyst reads it
    if phrase == "earlier this year":
        return date(y, 1, 1), pub, "relative"
    if phrase == "later this month":
        return None, _month_end(y, pub.month), "relative"
    if phrase == "earlier this month":
        return date(y, pub.month, 1), pub, "relative"
    if phrase.endswith("financial year"):
        fy = y if pub.month >= 4 else y - 1
        fy += 1 if phrase.startswith("next") else -1 if phrase.startswith("last") else 0
        return date(fy, 4, 1), date(fy + 1, 3, 31), "relative"
    if phrase.endswith("academic year"):
        ay = y if pub.month >= 9 else y - 1
        ay += 1 if phrase.startswith("next") else -1 if phrase.startswith("last") else 0
        return date(ay, 9, 1), date(ay + 1, 8, 31), "relative"
    if phrase.endswith("year") and not phrase.endswith("coming year"):
        yy = y + 1 if phrase.startswith("next") else y - 1 if phrase.startswith("last") else y
        return date(yy, 1, 1), date(yy, 12, 31), "relative"
    if phrase == "this month":
        return date(y, pub.month, 1), _month_end(y, pub.month), "relative"
    if phrase == "next month":
        first = _add_months(date(y, pub.month, 1), 1)
        return first, _month_end(first.year, first.month), "relative"
    if phrase.endswith("week"):
        monday = pub - timedelta(days=pub.weekday())
        if phrase.startswith("next"):
            monday += timedelta(days=7)
        return monday, monday + timedelta(days=6), "relative"
    if "coming" in phrase:
        last = phrase.rsplit(" ", 1)[1]
        if last in ("days", "weeks"):
            return pub, pub + timedelta(days=14 if last == "days" else 56), "relative"
        months = {"months": 6, "year": 12, "years": 36}[last]
        return pub, _add_months(pub, months), "relative"
    if phrase.startswith("over the next"):
        n = _WORD_YEARS.get((nyears or "").lower()) or (int(nyears) if nyears and nyears.isdigit() else None)
        if n is None:
            return None
        return pub, _add_months(pub, 12 * n), "relative"
    return None


def _apply_edge(edge: str, start: date, end: date) -> tuple[date, date]:
    """Narrow a range to its start, end, early, mid or late part."""
    span = (end - start).days
    edge = edge.lower()
    if "end" in edge:
        return max(start, end - timedelta(days=min(30, span))), end
    if "start" in edge or "beginning" in edge:
        return start, min(end, start + timedelta(days=min(30, span)))
    third = span // 3
    if edge.startswith("early"):
        return start, start + timedelta(days=third)
    if edge.startswith("late"):
        return end - timedelta(days=third), end
    return start + timedelta(days=third), end - timedelta(days=third)  # mid, middle


def _date_matches(text: str, published: str | None, lowered: str | None = None) -> list[tuple[DateRef, int, int]]:
    pub = _parse_published(published)
    found: list[tuple[DateRef, int, int]] = []
    for m in _DATE.finditer(text, lowered):
        core = _core_range(m, text, pub)
        if core is None:
            continue
        start, end, kind = core
        if m.group("edge") and start is not None and end is not None:
            start, end = _apply_edge(m.group("edge"), start, end)
        pre = (m.group("pre") or "").lower().split(" ")[0]
        if pre == "from" and m.group("y1") and start is not None and end is not None:
            # "from 2022 to 2025" is a closed range of calendar years.
            start, end, kind = date(int(m.group("y1")), 1, 1), date(end.year, 12, 31), "range"
        elif pre in ("by", "before"):
            if pre == "before" and start is not None:
                end = start - timedelta(days=1)
            start, kind = None, "deadline"
        elif pre in ("until", "till"):
            start, kind = None, "until"
        elif pre:
            end, kind = None, "from"
        ref = DateRef(
            text=normalise_space(m.group(0)),
            start=start.isoformat() if start else None,
            end=end.isoformat() if end else None,
            kind=kind,
        )
        prev = found[-1] if found else None
        if (
            prev is not None
            and prev[0].kind == "from"
            and kind in ("until", "deadline")
            and not text[prev[2] : m.start()].strip()
        ):
            # "from September 2023 until March 2025" is one range.
            merged = DateRef(normalise_space(text[prev[1] : m.end()]), prev[0].start, ref.end, "range")
            found[-1] = (merged, prev[1], m.end())
            continue
        found.append((ref, m.start(), m.end()))
    return found


def find_dates(text: str, *, published: str | None) -> list[DateRef]:
    """Every date phrase in `text`, resolved against the publication date (ISO string)."""
    return [ref for ref, _, _ in _date_matches(text, published)]


# ---------------------------------------------------------------- quantities

_QUANTITY = Folded(
    rf"(?<![\w£$€.,/-])(?:(?P<qual>{_QUALIFIERS})\s+)?"
    rf"(?:(?P<num>{_NUMBER})|(?P<word>{_NUMBER_WORD_RE}))(?!\w|[.,]\d)"
    r"(?:\s?(?P<mult>million|billion|thousand|bn|m)\b)?"
    r"(?:\s*(?P<pct>%|per\s*cent\b|percent\b|percentage\s+points?\b))?",
)
_RATIO = Folded(
    rf"\b(?P<a>\d{{1,2}}|{_NUMBER_WORD_RE})\s+in\s+(?P<b>\d{{1,3}}|{_NUMBER_WORD_RE})\b(?![,.]\d)",
)
_NEXT_WORD = re.compile(r"\s+([A-Za-z][\w'’-]*)")
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
_LABEL_BEFORE = re.compile(
    r"(?:\b(?:stage|year|section|level|no|number|article|clause|part|phase|wave|tier|grade|"
    r"schedule|chapter|page|paragraph|annex|figure|table|step|round|cohort|question)\.?\s+)$",
    re.IGNORECASE,
)
_MODIFIERS = re.compile(
    r"\s+(early\s+years|special\s+educational\s+needs(?:\s+and\s+disabilities)?|high\s+needs|"
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
    while len(words) < 4:
        mod = _MODIFIERS.match(text, pos)
        if mod is not None:
            words.append((normalise_space(mod.group(1)), mod.end()))
            pos = mod.end()
            continue
        m = _NEXT_WORD.match(text, pos)
        if m is None or m.group(1).lower() in _UNIT_STOP:
            break
        words.append((m.group(1), m.end()))
        pos = m.end()
        if _is_plural(m.group(1)):
            return " ".join(w for w, _ in words), pos
    if words and not words[0][0].lower().endswith(("ed", "ly")):
        return words[0][0], words[0][1]
    return "", pos


def _word_value(word: str) -> float:
    w = normalise_space(word.lower().replace("-", " "))
    if w in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[w])
    tens, ones = w.split(" ")
    return float(_NUMBER_WORDS[tens] + _NUMBER_WORDS[ones])


def _quantity_matches(
    text: str, taken: list[tuple[int, int]], lowered: str | None = None
) -> list[tuple[Quantity, int, int]]:
    found: list[tuple[Quantity, int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    lowered = text.lower() if lowered is None else lowered
    for m in _RATIO.finditer(text, lowered):
        if not free(m.start(), m.end()):
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
            value *= _MULTIPLIERS[mult]
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
            if not unit or unit.split()[-1].lower() in _PERIOD_UNITS:
                continue
            if raw is None and not _is_plural(unit.split()[-1]):
                continue  # "one school" or "one of": number words need a plural noun
        if not free(start, end):
            continue
        qualifier = normalise_space(m.group("qual")).lower() if m.group("qual") else None
        if not m.group("pct") and qualifier_after:
            qualifier = qualifier or qualifier_after
        found.append((Quantity(normalise_space(text[start:end]), float(value), unit, qualifier), start, end))
    found.sort(key=lambda item: item[1])
    return found


# Cheap pre-checks: most sentences hold no number or date word, and the full scanners are the
# slowest part of figure extraction.
_DIGIT = re.compile(r"\d")
_DATE_WORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|autumn|winter|today|"
    r"this|next|last|later|earlier|coming)"
)
_NUMBER_WORDS_HINT = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand)\b"
)


def find_quantities(text: str) -> list[Quantity]:
    """Counted things and percentages in `text`; money, dates, years and periods excluded."""
    taken = [(s, e) for _, s, e in _money_matches(text)]
    taken += [(s, e) for _, s, e in _date_matches(text, None)]
    return [q for q, _, _ in _quantity_matches(text, taken)]


# ---------------------------------------------------------------- all figures of a text


@dataclass(frozen=True)
class Scan:
    """The figures of one text with their [start, end) offsets in it."""

    money: tuple[tuple[Money, int, int], ...]
    quantities: tuple[tuple[Quantity, int, int], ...]
    dates: tuple[tuple[DateRef, int, int], ...]

    def within(self, ranges: list[tuple[int, int]]) -> tuple[list[Money], list[Quantity], list[DateRef]]:
        """The figures that start inside any of `ranges`."""

        def inside(start: int) -> bool:
            return any(a <= start < b for a, b in ranges)

        return (
            [x for x, s, _ in self.money if inside(s)],
            [x for x, s, _ in self.quantities if inside(s)],
            [x for x, s, _ in self.dates if inside(s)],
        )


@lru_cache(maxsize=4096)
def scan_figures(text: str, published: str | None) -> Scan:
    """Money, dates, then quantities outside them: one pass of each scanner over `text`."""
    digits = _DIGIT.search(text) is not None
    lower = text.lower()
    money = _money_matches(text) if "£" in text else []
    dates = _date_matches(text, published, lower) if digits or _DATE_WORDS.search(lower) else []
    taken = [(s, e) for _, s, e in money] + [(s, e) for _, s, e in dates]
    quantities = _quantity_matches(text, taken, lower) if digits or _NUMBER_WORDS_HINT.search(lower) else []
    return Scan(tuple(money), tuple(quantities), tuple(dates))


def figures_in(text: str, *, published: str | None) -> tuple[list[Money], list[Quantity], list[DateRef]]:
    """Money, quantities and dates of one text."""
    scan = scan_figures(text, published)
    return [x for x, _, _ in scan.money], [x for x, _, _ in scan.quantities], [x for x, _, _ in scan.dates]


def _sentence_figures(sentence: str, section: str | None, published: str | None) -> list[Figure]:
    scan = scan_figures(sentence, published)
    items: list[tuple[int, Figure]] = []
    for mo, s, _ in scan.money:
        items.append((s, Figure("money", mo.text, mo.amount_gbp, "GBP", sentence, section)))
    for q, s, _ in scan.quantities:
        items.append((s, Figure("quantity", q.text, q.value, q.unit, sentence, section)))
    for d, s, _ in scan.dates:
        items.append((s, Figure("date", d.text, None, d.kind, sentence, section)))
    items.sort(key=lambda item: item[0])
    return [f for _, f in items]




def extract_figures(sections: tuple[Section, ...], commitments, *, published: str | None) -> tuple[Figure, ...]:
    """Every money amount, quantity and date in the body, with the sentence it sits in.

    Contact sections are skipped. A sentence holding a quote commitment is labelled section
    "quote"; commitment texts that appear in no section (a quote given only as a Quote) add theirs.
    """
    # Only quote commitments can sit outside the body sections, so only they are compared.
    quote_texts = [comparable(c.text) for c in commitments if c.section == "quote"]
    figures: list[Figure] = []
    seen: list[str] = []
    for section in sections:
        if section.kind == "contact":
            continue
        label = "quote" if section.kind == "quote" else section.heading
        for item in section.items:
            for sentence in split_sentences(item.text):
                where = label
                if quote_texts:
                    norm = comparable(sentence)
                    seen.append(norm)
                    if any(q and q in norm for q in quote_texts):
                        where = "quote"
                figures.extend(_sentence_figures(sentence, where, published))
    for c, norm in zip([c for c in commitments if c.section == "quote"], quote_texts):
        if not any(norm in s for s in seen):
            seen.append(norm)
            figures.extend(_sentence_figures(c.text, c.section, published))
    return tuple(figures)
