"""Money, quantities and dates of announcement text: one scan per sentence, and the Figure records.

The scanners live in `money`, `dates` and `quantities`; `find_money`, `find_dates` and
`find_quantities` are re-exported here for the modules and tests that import them from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from parsers.dates import date_matches, find_dates
from parsers.folding import FOLDS_TO_ASCII, guarded
from parsers.money import bare_money_matches, find_money, money_matches
from parsers.quantities import duration_matches, find_quantities, quantity_matches
from parsers.record import DateRef, Figure, Money, Quantity, Section
from parsers.sentences import comparable, split_sentences

__all__ = ["Scan", "extract_figures", "figures_in", "find_dates", "find_money", "find_quantities", "scan_figures"]

# Cheap pre-checks: most sentences hold no number or date word, and the full scanners are the
# slowest part of figure extraction.
_DIGIT = re.compile(r"\d")
_DATE_WORDS = guarded(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|autumn|winter|today|"
    r"this|next|last|later|earlier|coming|end|year|month|week)"
)
# Every date match holds a date word above, a 19xx/20xx number or "year" ("the end of the year"):
# a sentence with digits but none of these (most "£2 billion for 500 schools") holds no date.
_YEARISH = re.compile(r"(?:19|20)\d\d|year")
_NUMBER_WORDS_HINT = guarded(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand)\b"
)


_PERIOD_HINT = re.compile(r"year|month|week|day|decade|term")
# Figure kinds beside money, quantity and date: a proportion ("one in five") is a share, not a count.
KIND_PROPORTION = "proportion"
KIND_DURATION = "duration"


@dataclass(frozen=True)
class Scan:
    """The figures of one text with their [start, end) offsets in it."""

    money: tuple[tuple[Money, int, int], ...]
    quantities: tuple[tuple[Quantity, int, int], ...]
    dates: tuple[tuple[DateRef, int, int], ...]
    durations: tuple[tuple[Quantity, int, int], ...] = ()  # "for 30 years": figures, never counts or dates

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
    money = money_matches(text) if "£" in text or "GBP" in text else []
    if not money and digits:
        money = bare_money_matches(text)
    if digits:
        # Texts with a character Folded treats specially are always scanned (lower() is not exact there).
        dated = _DATE_WORDS.search(lower) or _YEARISH.search(lower) or FOLDS_TO_ASCII.search(text)
    else:
        dated = _DATE_WORDS.search(lower)
    dates = date_matches(text, published, lower) if dated else []
    taken = [(s, e) for _, s, e in money] + [(s, e) for _, s, e in dates]
    numbers = digits or _NUMBER_WORDS_HINT.search(lower) is not None
    quantities = quantity_matches(text, taken, lower) if numbers else []
    durations = duration_matches(text, lower) if numbers and _PERIOD_HINT.search(lower) else []
    return Scan(tuple(money), tuple(quantities), tuple(dates), tuple(durations))


def figures_in(text: str, *, published: str | None) -> tuple[list[Money], list[Quantity], list[DateRef]]:
    """Money, quantities and dates of one text."""
    scan = scan_figures(text, published)
    return [x for x, _, _ in scan.money], [x for x, _, _ in scan.quantities], [x for x, _, _ in scan.dates]


MAX_QUOTE_COMPARISONS = 200_000  # sentences x quote commitments searched by substring (a real page: hundreds)
CONTEXT_CHARS = 160  # of a long sentence, each figure keeps this much on either side


def context(sentence: str, start: int, end: int) -> str:
    """The figure's sentence, or in a long one the words around the figure ("…" where cut).

    A figure must not copy its whole sentence: one body of thousands of amounts in one sentence
    would make a record quadratic in the body's size.
    """
    if len(sentence) <= 2 * CONTEXT_CHARS:
        return sentence
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(sentence), end + CONTEXT_CHARS)
    if lo > 0:
        space = sentence.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    if hi < len(sentence):
        space = sentence.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    return ("…" if lo > 0 else "") + sentence[lo:hi] + ("…" if hi < len(sentence) else "")


def _sentence_figures(sentence: str, section: str | None, published: str | None) -> list[Figure]:
    scan = scan_figures(sentence, published)
    items: list[tuple[int, Figure]] = []
    for mo, s, e in scan.money:
        items.append((s, Figure("money", mo.text, mo.amount_gbp, "GBP", context(sentence, s, e), section)))
    for q, s, e in scan.quantities:
        kind = KIND_PROPORTION if q.unit.startswith("proportion") else "quantity"
        items.append((s, Figure(kind, q.text, q.value, q.unit, context(sentence, s, e), section)))
    for q, s, e in scan.durations:
        items.append((s, Figure(KIND_DURATION, q.text, q.value, q.unit, context(sentence, s, e), section)))
    for d, s, e in scan.dates:
        items.append((s, Figure("date", d.text, None, d.kind, context(sentence, s, e), section)))
    items.sort(key=lambda item: item[0])
    return [f for _, f in items]


def extract_figures(sections: tuple[Section, ...], commitments, *, published: str | None) -> tuple[Figure, ...]:
    """Every money amount, quantity and date in the body, with the sentence it sits in.

    Contact sections are skipped. A sentence holding a quote commitment is labelled section
    "quote"; commitment texts that appear in no section (a quote given only as a Quote) add theirs.
    """
    # Only quote commitments can sit outside the body sections, so only they are compared.
    quoted = [c for c in commitments if c.section == "quote"]
    quote_texts = [comparable(c.text) for c in quoted]
    body = [(sentence, "quote" if section.kind == "quote" else section.heading)
            for section in sections if section.kind != "contact"
            for item in section.items for sentence in split_sentences(item.text)]
    # Exact matches always; the substring search only while it stays small, so a hostile page of
    # thousands of quoted sentences cannot make this quadratic.
    search = len(quote_texts) * len(body) <= MAX_QUOTE_COMPARISONS
    exact = set(quote_texts)
    figures: list[Figure] = []
    seen: list[str] = []
    for sentence, label in body:
        where = label
        if quote_texts:
            norm = comparable(sentence)
            seen.append(norm)
            if norm in exact or (search and any(q and q in norm for q in quote_texts)):
                where = "quote"
        figures.extend(_sentence_figures(sentence, where, published))
    seen_set = set(seen)
    for c, norm in zip(quoted, quote_texts):
        if norm in seen_set or (search and any(norm in s for s in seen)):
            continue
        seen.append(norm)
        seen_set.add(norm)
        figures.extend(_sentence_figures(c.text, c.section, published))
    return tuple(figures)
