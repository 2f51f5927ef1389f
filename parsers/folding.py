"""Fast case-insensitive scans: a case-sensitive twin of the pattern runs over the lowercased text.

Python's re is several times slower with IGNORECASE on alternations of words (dates, number words,
qualifiers, programme names). For a pattern whose literals are ASCII, matching `text.lower()`
case-sensitively finds exactly the same spans as IGNORECASE on `text`; the exceptions are four
characters that case-fold to ASCII letters (İ ı ſ K), so a text holding one uses the original.
Matches are returned from the original pattern, so groups keep the text's own case.

`guarded` compiles a pattern behind a lookahead on the characters a match can start with: re
has no fast skip for patterns that open with a lookbehind or a group, so without it every
position runs the whole alternation; with it most positions fail on one character test.
"""

from __future__ import annotations

import re

try:  # re's own parser: private, present in 3.11-3.13; without it `guarded` compiles plainly
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - a future Python
    _c = _sre_parse = None

# The only code points that IGNORECASE equates with an ASCII letter, or whose lower() is longer.
FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")
_ESCAPE_OR_NAME = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)|\(\?\(\w+\)")


def _lower_literals(source: str) -> str:
    """The pattern source with literal letters lowercased; escapes (\\S, \\B) and group names kept."""
    out: list[str] = []
    pos = 0
    for m in _ESCAPE_OR_NAME.finditer(source):
        out.append(source[pos : m.start()].lower())
        out.append(m.group(0))
        pos = m.end()
    out.append(source[pos:].lower())
    return "".join(out)


if _c is not None:
    _CATEGORY_CLASS = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_WORD: r"\w", _c.CATEGORY_SPACE: r"\s"}
    _ZERO_WIDTH = (_c.ASSERT, _c.ASSERT_NOT, _c.AT)
    _REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT)


def _first_of_sequence(items) -> tuple[set[str], bool] | None:
    """Character-class pieces a match of the sequence can start with, and whether it can be empty;
    None when the sequence holds something not understood here (then no guard is added)."""
    out: set[str] = set()
    for op, av in items:
        got = _first_of_item(op, av)
        if got is None:
            return None
        out |= got[0]
        if not got[1]:
            return out, False
    return out, True


def _first_of_item(op, av) -> tuple[set[str], bool] | None:
    if op is _c.LITERAL:
        return {re.escape(chr(av))}, False
    if op is _c.IN:
        pieces: set[str] = set()
        for kind, value in av:
            if kind is _c.LITERAL:
                pieces.add(re.escape(chr(value)))
            elif kind is _c.RANGE:
                pieces.add(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
            elif kind is _c.CATEGORY and value in _CATEGORY_CLASS:
                pieces.add(_CATEGORY_CLASS[value])
            else:
                return None  # a negated class or category matches nearly anything
        return pieces, False
    if op is _c.ASSERT_NOT and not av[1].data:
        return set(), False  # "(?!)" never matches: nothing after it can start a match
    if op in _ZERO_WIDTH:
        return set(), True  # a lookaround only narrows the match, so leaving it out keeps a superset
    if op is _c.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _first_of_sequence(sub.data)
    if op is _c.ATOMIC_GROUP:
        return _first_of_sequence(av.data)
    if op in _REPEATS:
        low, _, sub = av
        got = _first_of_sequence(sub.data)
        return None if got is None else (got[0], got[1] or low == 0)
    if op is _c.BRANCH or op is _c.GROUPREF_EXISTS:
        branches = av[1] if op is _c.BRANCH else [b for b in av[1:] if b is not None]
        pieces, empty = set(), op is _c.GROUPREF_EXISTS and av[2] is None
        for branch in branches:
            got = _first_of_sequence(branch.data)
            if got is None:
                return None
            pieces |= got[0]
            empty = empty or got[1]
        return pieces, empty
    return None


def guarded(source: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)` with a lookahead on the possible first characters in front:
    the same matches, found faster. Patterns that can match empty text are compiled as they are."""
    if _sre_parse is None:
        return re.compile(source, flags)
    got = _first_of_sequence(_sre_parse.parse(source, flags).data)
    if got is None or got[1] or not got[0]:
        return re.compile(source, flags)
    return re.compile(f"(?=[{''.join(sorted(got[0]))}])(?:{source})", flags)


class Folded:
    """A case-insensitive pattern whose `finditer` scans the lowercased text with a case-sensitive twin."""

    __slots__ = ("pattern", "_twin")

    def __init__(self, source: str, flags: int = 0, *, starts: str | None = None) -> None:
        self.pattern = re.compile(source, flags | re.IGNORECASE)
        self._twin = guarded(_lower_literals(source), flags & ~re.IGNORECASE)
        if starts is not None:
            # `starts`: a lowercase lookahead every match start satisfies (the caller's proof), put
            # after the pattern's opening lookbehind so most word starts fail on two characters.
            twin = self._twin.pattern
            lookbehind = re.match(r"\(\?<!\[(?:\\.|[^\]])*\]\)", _lower_literals(source))
            if lookbehind is None:
                raise ValueError("`starts` needs a pattern that opens with a lookbehind")
            self._twin = re.compile(f"{lookbehind.group(0)}(?={starts})(?:{twin})", flags & ~re.IGNORECASE)
        if self._twin.groupindex != self.pattern.groupindex:
            raise ValueError(f"lowercasing changed the groups of {source!r}")

    def finditer(self, text: str, lowered: str | None = None) -> list[re.Match[str]]:
        """Every match of the pattern in `text`, as `pattern.finditer` gives; `lowered` is text.lower()."""
        if FOLDS_TO_ASCII.search(text):
            return list(self.pattern.finditer(text))
        match = self.pattern.match
        out: list[re.Match[str]] = []
        for m in self._twin.finditer(text.lower() if lowered is None else lowered):
            real = match(text, m.start())
            if real is None or real.end() != m.end():  # cannot happen by the argument above; stay exact if it does
                return list(self.pattern.finditer(text))
            out.append(real)
        return out
