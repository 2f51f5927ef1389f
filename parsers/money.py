"""Sterling amounts in announcement text, normalised.

"nearly £60 million" -> 60000000.0 with qualifier "nearly"; a period written right after the
amount ("£2,000 per pupil", "£1bn in 2025 to 2026", "over three years") is kept.
"""

from __future__ import annotations

import re
from decimal import Decimal

from parsers.folding import guarded
from parsers.record import Money
from parsers.sentences import normalise_space

# Shared with quantities: qualifiers ("nearly", "over"), multipliers and the number pattern.
QUALIFIERS = (
    r"just\s+over|just\s+under|well\s+over|nearly|almost|around|about|approximately|roughly|"
    r"over|under|more\s+than|fewer\s+than|less\s+than|up\s+to|at\s+least|in\s+excess\s+of|"
    r"an\s+extra|an\s+additional|a\s+further|another|additional|extra|a\s+total\s+of|"
    r"an\s+estimated|a\s+record|some"
)
MULTIPLIERS = {
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
NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

# The amount is found from its "£"; the qualifier is looked for just before it (a leading
# optional qualifier group would make the regex try every alternative at every position).
_MULT = r"trillion|billion|million|thousand|bn|mn|tn|m|k"
# A range is one figure: "£20-30 million", "£1.5–2bn", "£20m to £30m" ("to" needs its own "£",
# or "£740 million to 2026" would read as a range).
# Copies of GOV.UK pages sometimes print the pound sign as "GBP" ("GBP3.4 million").
MONEY = re.compile(
    rf"(?:£|\bGBP)\s?(?P<num>{NUMBER})(?:\s?(?P<mult>{_MULT})\b)?"
    rf"(?:(?:\s?[-–—]\s?(?:£|GBP)?|\s+to\s+(?:£|GBP))(?P<num2>{NUMBER})(?:\s?(?P<mult2>{_MULT})\b)?)?",
    re.IGNORECASE,
)
_QUALIFIER_BEFORE = guarded(rf"\b(?P<qual>{QUALIFIERS})\s+$", re.IGNORECASE)
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


def money_matches(text: str) -> list[tuple[Money, int, int]]:
    """Every amount written with £ or GBP in `text`, with its [start, end) offsets."""
    found: list[tuple[Money, int, int]] = []
    for m in MONEY.finditer(text):
        mult = (m.group("mult") or m.group("mult2") or "").lower()
        amount = Decimal(m.group("num").replace(",", "")) * MULTIPLIERS.get(mult, Decimal(1))
        high = None
        if m.group("num2"):
            high = Decimal(m.group("num2").replace(",", "")) * MULTIPLIERS.get(
                (m.group("mult2") or m.group("mult") or "").lower(), Decimal(1))
            if high <= amount or (not m.group("mult2") and re.fullmatch(r"(?:19|20)\d{2}", m.group("num2"))):
                high = None  # "£20-2025": not a range
        if m.group("num2") and high is None:
            # Not a range after all: read just the first amount.
            m = MONEY.match(text[: m.end("mult") if m.group("mult") else m.end("num")], m.start())
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
        words = normalise_space(text[start : m.end()])
        period = " ".join(periods) or None
        if high is None:
            found.append((Money(text=words, amount_gbp=float(amount), qualifier=qualifier, period=period), start, end))
        else:
            # Both ends, so moving either end is a change of money.
            found.append((Money(text=words, amount_gbp=float(amount), qualifier="from", period=period), start, end))
            found.append((Money(text=words, amount_gbp=float(high), qualifier="up to", period=period), start, end))
    return found


# Amounts printed without a pound sign (letters, PDF copies: "a maximum budget of 600,000"): a bare
# amount of at least a thousand that is not counting something, close after a word about money.
_BARE_CUE = re.compile(
    r"\b(?:budgets?|funding|funded|funds?|grants?|allocations?|allocated|investment|invest(?:ed|ing)?|worth|"
    r"costs?|costing|spend(?:ing)?|spent|awards?|awarded|pounds|sterling|revenue|capital|"
    # giving verbs: "will give councils a further 2,400,000" (a count after them names its noun)
    r"give|gives|giving|given)\b",
    re.IGNORECASE,
)
_BARE_AMOUNT = re.compile(
    rf"(?<![\w£$€.,/:-])(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?(?=\s?(?:million|billion|bn|m)\b))"
    rf"(?:\s?(?P<mult>million|billion|bn|m)\b)?(?!\d|[.,]\d|\s?%|\s?per\s?cent)",
    re.IGNORECASE,
)
# What may follow a bare amount: the end, punctuation, a preposition or "pounds", never a noun it counts.
_BARE_AFTER = re.compile(
    r"\s*(?:$|[.,;:)–—-]|(?:in|to|for|from|over|per|a|an|each|every|this|next|and|or|by|during|across|until|"
    r"between|of|with|towards|pounds)\b)",
    re.IGNORECASE,
)
# Every bare amount is comma-written or has a multiplier: a cheap test most sentences fail.
_BARE_HINT = re.compile(r"\d,\d{3}|\d\s?(?:million|billion|bn|m)\b", re.IGNORECASE)
_BARE_WINDOW = 60  # characters before the amount in which the money word must sit


def bare_money_matches(text: str) -> list[tuple[Money, int, int]]:
    """Amounts without a pound sign in a sentence about money and with no sterling amount of its own."""
    if "£" in text or "GBP" in text or _BARE_HINT.search(text) is None or _BARE_CUE.search(text) is None:
        return []
    found: list[tuple[Money, int, int]] = []
    for m in _BARE_AMOUNT.finditer(text):
        amount = Decimal(m.group("num").replace(",", "")) * MULTIPLIERS.get((m.group("mult") or "").lower(), Decimal(1))
        if amount < 1000 or not _BARE_AFTER.match(text, m.end()):
            continue
        window = text[max(0, m.start() - _BARE_WINDOW) : m.start()]
        window = re.split(r"[.;!?]\s", window)[-1]  # the money word must be in this sentence
        if _BARE_CUE.search(window) is None:
            continue
        q = _QUALIFIER_BEFORE.search(text, max(0, m.start() - 24), m.start())
        start = q.start() if q else m.start()
        found.append((Money(normalise_space(text[start : m.end()]), float(amount),
                            normalise_space(q.group("qual")).lower() if q else None), start, m.end()))
    return found


def find_money(text: str) -> list[Money]:
    """Every sterling amount in `text`, in order (amounts without a pound sign only in money sentences)."""
    return [money for money, _, _ in money_matches(text) or bare_money_matches(text)]
