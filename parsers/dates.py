"""Date phrases in announcement text, resolved to an inclusive ISO [start, end] range.

The publication date supplies a missing year and anchors relative phrases ("later this year").
Year ranges: "2024-25" and "2024 to 2025" are read as the UK financial year (1 April to 31
March) unless "academic year" or "school year" is written next to them or in the same text,
which gives 1 September to 31 August. Government funding statements dominate GOV.UK SEND
releases, so the financial year is the better default.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache
from datetime import date, timedelta

from parsers.folding import Folded, guarded
from parsers.record import DateRef
from parsers.sentences import normalise_space

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

_DATE = Folded(
    r"(?<![\w£,.])"
    r"(?:(?P<pre>by|before|from|since|until|till|(?:starting|beginning)(?:\s+(?:in|from|on))?)\s+)?"
    r"(?P<edge>(?:the\s+)?(?:end|start|beginning|middle)\s+of\s+(?:the\s+)?|(?:early|late|mid)[\s-]+)?"
    r"(?P<core>"
    # 2024-25, 2024 to 2025, financial year 2024-25, the 2025 to 2026 financial year
    r"(?:(?P<ykind1>financial|academic|school)\s+years?\s+)?(?P<y1>(?:19|20)\d{2})\s*(?:-|–|/|\s+to\s+)\s*"
    r"(?P<y2>(?:19|20)\d{2}|\d{2})(?!\d|,\d)(?:\s+(?P<ykind2>financial|academic|school)\s+years?)?"
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
    r"over\s+the\s+next\s+(?P<nyears>\w+)\s+years|today|(?P<newyear>(?:in\s+)?the\s+[Nn]ew\s+[Yy]ear)(?!\s+[Hh]onours))"
    # "the end of the year": "year" alone only after an edge
    r"|(?(edge)(?P<edgeyear>(?:calendar\s+|financial\s+|academic\s+)?year)|(?!))"
    # 2026
    r"|(?P<y>(?:19[5-9]|20\d)\d)(?!\d|,\d|%|\s*per\s*cent)"
    r")\b",
    # The first two letters of every word a match can open with (prefix, edge, year kind, day,
    # month, season, relative phrase) or a digit: most word starts fail here, not in the alternation.
    starts=r"\d|a[cpu]|b[ey]|d[e]|e[an]|f[eir]|i[n]|j[au]|l[a]|m[aio]|n[eo]|o[cv]|s[aceiptu]|t[hiou]|u[n]|w[ei]",
)
_RANGE_TO = re.compile(r"\s*(?:to|-|–|—)\s*")
_AND = re.compile(r"\s+and\s+")
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_ACADEMIC_HINT = guarded(r"\b(?:academic|school)\s+years?\b", re.IGNORECASE)
# "the 2024 and 2025 academic years", "the 2026 academic year": each year starts an academic year.
_ACADEMIC_AFTER = re.compile(r"(?:\s*(?:,|and|or|&)\s*(?:the\s+)?(?:19|20)\d{2}\b)*\s+(?:academic|school)\s+years?\b",
                             re.IGNORECASE)
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
            academic = ykind in ("academic", "school") or (not ykind and _mentions_academic_years(text))
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
            g("pre") or _preposition_before(text, m.start())
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
    if g("nyears"):
        return None  # "over the next five years" is a duration, not a date
    if g("newyear"):
        # "early in the new year", "in the new year": the first quarter of the next calendar year
        if pub is None:
            return None, None, "relative"
        return date(pub.year + 1, 1, 1), date(pub.year + 1, 3, 31), "relative"
    if g("rel"):
        return _relative(normalise_space(g("rel")).lower(), g("nyears"), pub)
    if g("edgeyear"):
        return _relative("this " + normalise_space(g("edgeyear")).lower(), None, pub)
    if g("y"):
        if _NAME_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            return None  # "the Children and Families Act 2014": the year is part of a name
        year = int(g("y"))
        if _ACADEMIC_AFTER.match(text, m.end()):
            return date(year, 9, 1), date(year + 1, 8, 31), "academic_year"
        return date(year, 1, 1), date(year, 12, 31), "year"
    return None


# Instruments named with their year: "SEND Regulations 2014", "Equality Act 2010", "Code of Practice 2015".
_NAME_BEFORE = guarded(r"\b(?:Acts?|Regulations?|Orders?|Bill|Rules|Directions|Measure|Code\s+of\s+Practice)\s+$")


_IN_BEFORE = guarded(r"\b(?:in|on|of|during|throughout|until|by|from|since|early|late|mid|end|start)\s*$", re.I)


def _preposition_before(text: str, start: int) -> bool:
    """Whether a preposition ends right before `start`, looking only at the words just before it.

    Searching from 0 for each month made a long sentence of dates quadratic.
    """
    window = max(0, start - 40)
    if window:
        window = text.rfind(" ", 0, window) + 1  # start the window on a word boundary
    return _IN_BEFORE.search(text[window:start]) is not None


@lru_cache(maxsize=64)
def _mentions_academic_years(text: str) -> bool:
    """Once per text, not once per year range in it (a long page has hundreds)."""
    return _ACADEMIC_HINT.search(text) is not None


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
    if start.month == 1 and start.day == 1 and (end.month, end.day) == (12, 31) and start.year == end.year:
        # "early 2017" is read as its first quarter, "late 2017" as its last
        if edge.startswith("early"):
            return start, date(start.year, 3, 31)
        if edge.startswith("late"):
            return date(start.year, 10, 1), end
    if edge.startswith("early"):
        return start, start + timedelta(days=third)
    if edge.startswith("late"):
        return end - timedelta(days=third), end
    return start + timedelta(days=third), end - timedelta(days=third)  # mid, middle


def date_matches(text: str, published: str | None, lowered: str | None = None) -> list[tuple[DateRef, int, int]]:
    """Every date in `text` (relative ones read from `published`) with its offsets; `lowered` is text.lower()."""
    pub = _parse_published(published)
    found: list[tuple[DateRef, int, int]] = []
    for m in _DATE.finditer(text, lowered):
        core = _core_range(m, text, pub)
        if core is None:
            continue
        start, end, kind = core
        if m.group("edge") and start is not None and end is not None and not m.group("newyear"):
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
            and prev[0].kind in ("month", "from")
            and kind == "month"
            and prev[0].start is not None
            and ref.end is not None
            and prev[0].start < ref.end
            and (_RANGE_TO.fullmatch(text, prev[2], m.start())
                 or (_BETWEEN_BEFORE.search(text, max(0, prev[1] - 9), prev[1])
                     and _AND.fullmatch(text, prev[2], m.start())))
        ):
            # "April 2014 to March 2015", "from April to July 2025": one range
            found[-1] = (DateRef(normalise_space(text[prev[1] : m.end()]), prev[0].start, ref.end, "range"), prev[1], m.end())
            continue
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
    return [ref for ref, _, _ in date_matches(text, published)]
