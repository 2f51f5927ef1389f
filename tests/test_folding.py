"""The parser's fast regex forms find exactly what the plain patterns find."""

from __future__ import annotations

import importlib
import pkgutil
import re

from hypothesis import given, settings
from hypothesis import strategies as st

import parsers
from parsers.folding import Folded, guarded


def guarded_patterns() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    """Every module-level guarded pattern in parsers/, with the plain pattern it stands for."""
    pairs = []
    for info in pkgutil.iter_modules(parsers.__path__):
        module = importlib.import_module(f"parsers.{info.name}")
        for value in vars(module).values():
            if isinstance(value, re.Pattern) and value.pattern.startswith("(?=[") and ")(?:" in value.pattern:
                source = value.pattern[value.pattern.index(")(?:") + 4:-1]
                pairs.append((value, re.compile(source, value.flags)))
    return pairs


PAIRS = guarded_patterns()
PIECES = list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.-£%()'’–İſ") + [
    "will ", "July ", "2024-25", "£740 million", "schools", "by 2028", "the Department for Education ", "NELI",
    "Delivering Better Value ", "spring 2025", "over 50 local authorities", "20 per cent", "later this year"]
text = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def test_parsers_use_guarded_patterns():
    assert len(PAIRS) >= 5


@settings(max_examples=300, deadline=None)
@given(text)
def test_guarded_patterns_match_the_same_spans_as_plain_ones(sample):
    for fast, plain in PAIRS:
        assert [m.span() for m in fast.finditer(sample)] == [m.span() for m in plain.finditer(sample)], plain.pattern


@settings(max_examples=300, deadline=None)
@given(text)
def test_folded_scan_equals_ignorecase(sample):
    pattern = r"\b(?:january|july|spring|autumn)\s+(?:\d{4}|next year)\b"
    folded = Folded(pattern)
    assert [m.span() for m in folded.finditer(sample)] == [m.span() for m in re.finditer(pattern, sample, re.I)]


def test_guarded_keeps_patterns_that_match_empty_text_unchanged():
    assert guarded(r"a*").pattern == "a*"
