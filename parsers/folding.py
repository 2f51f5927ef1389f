"""Fast case-insensitive scans: a case-sensitive twin of the pattern runs over the lowercased text.

Python's re is several times slower with IGNORECASE on alternations of words (dates, number words,
qualifiers, programme names). For a pattern whose literals are ASCII, matching `text.lower()`
case-sensitively finds exactly the same spans as IGNORECASE on `text`; the exceptions are four
characters that case-fold to ASCII letters (İ ı ſ K), so a text holding one uses the original.
Matches are returned from the original pattern, so groups keep the text's own case.
"""

from __future__ import annotations

import re

# The only code points that IGNORECASE equates with an ASCII letter, or whose lower() is longer.
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")
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


class Folded:
    """A case-insensitive pattern whose `finditer` scans the lowercased text with a case-sensitive twin."""

    __slots__ = ("pattern", "_twin")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.pattern = re.compile(source, flags | re.IGNORECASE)
        self._twin = re.compile(_lower_literals(source), flags & ~re.IGNORECASE)
        if self._twin.groupindex != self.pattern.groupindex:
            raise ValueError(f"lowercasing changed the groups of {source!r}")

    def finditer(self, text: str, lowered: str | None = None) -> list[re.Match[str]]:
        """Every match of the pattern in `text`, as `pattern.finditer` gives; `lowered` is text.lower()."""
        if _FOLDS_TO_ASCII.search(text):
            return list(self.pattern.finditer(text))
        match = self.pattern.match
        out: list[re.Match[str]] = []
        for m in self._twin.finditer(text.lower() if lowered is None else lowered):
            real = match(text, m.start())
            if real is None or real.end() != m.end():  # cannot happen by the argument above; stay exact if it does
                return list(self.pattern.finditer(text))
            out.append(real)
        return out
