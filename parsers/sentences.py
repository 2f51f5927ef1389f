"""Split paragraph text into sentences, and sentences into full clauses joined by "; ".

Rule-based and fast: one regex finds candidate boundaries; a boundary is refused after an
abbreviation ("Dr.", "e.g.", "No. 10"), an initial ("J. Smith") or inside a number ("£1.6bn").
"""

from __future__ import annotations

import re
from functools import lru_cache

from parsers.folding import guarded

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

# A full stop, ! or ? (plus closing quotes/brackets), then space, then something that can
# open a sentence: a capital, a digit, £, or an opening quote/bracket.
_BOUNDARY = guarded(r"([.!?…]+)([\"”’')\]]*)\s+(?=[\"“‘'(\[]?[A-Z0-9£])")

# Words that end with a full stop without ending the sentence. Compared lowercased, without
# the final dot. "No" only counts when a number follows ("No. 10").
_ABBREVIATIONS = frozenset(
    "dr mr mrs ms mx prof rev st sr jr rt hon cllr gen col capt lt sgt insp supt "
    "e.g eg i.e ie cf vs viz approx est dept govt inc incl excl esp ltd co corp min max fig para "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun".split()
)
_NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "para", "paras", "p", "pp", "vol", "art"})

_LAST_TOKEN = re.compile(r"(\S+)$")

# Evidence that a stretch of text is a clause: a finite verb or a pronoun subject.
_FINITE = guarded(
    r"\b(?:will|would|shall|should|can|could|may|might|must|is|are|was|were|has|have|had|"
    r"do|does|did|am|we|they|it|he|she|i)\b|\b[a-z]{3,}ed\b",
    re.IGNORECASE,
)
_SEMICOLON = re.compile(r";\s+")


def normalise_space(text: str) -> str:
    """Collapse every run of whitespace (including newlines) to one space."""
    return " ".join(text.split())


# Punctuation (ASCII and the typographic marks GOV.UK uses) mapped to spaces, for comparisons.
_PUNCTUATION = str.maketrans({c: " " for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’–—…£€\u00a0"})


@lru_cache(maxsize=8192)  # commitments and figures both compare every body sentence of a document
def comparable(text: str) -> str:
    """Lowercase words only: for matching the same sentence written with different punctuation."""
    return " ".join(text.lower().translate(_PUNCTUATION).split())


def split_sentences(text: str) -> list[str]:
    """Sentences of `text`, whitespace-normalised; full clauses joined by "; " are split too."""
    return list(_split_cached(text))


@lru_cache(maxsize=8192)
def _split_cached(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        paragraph = normalise_space(paragraph)
        if not paragraph:
            continue
        for sentence in _split_paragraph(paragraph):
            out.extend(_split_clauses(sentence))
    return tuple(out)


def _split_paragraph(paragraph: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(paragraph):
        if m.group(1) == "." and not _is_real_stop(paragraph, m):
            continue
        end = m.end(2)
        piece = paragraph[start:end].strip()
        if piece:
            sentences.append(piece)
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _is_real_stop(paragraph: str, m: re.Match[str]) -> bool:
    # The token before the stop starts after the last space: searching from there, not from 0,
    # keeps splitting linear (the paragraph is space-normalised, so no other whitespace is left).
    end = m.start(1)
    before = _LAST_TOKEN.search(paragraph, paragraph.rfind(" ", 0, end) + 1, end)
    if before is None:
        return True
    token = before.group(1).lstrip("\"“‘'([").lower()
    if token in _ABBREVIATIONS:
        return False
    nxt = paragraph[m.end() : m.end() + 1]
    if token in _NUMBER_ABBREVIATIONS and nxt.isdigit():
        return False
    # A single capital letter is an initial ("J. Smith"); "U.K" and "e.g" style tokens are
    # dotted abbreviations.
    if len(token) == 1 and token.isalpha():
        return False
    if "." in token and all(len(part) <= 2 for part in token.split(".")):
        return False
    return True


def _split_clauses(sentence: str) -> list[str]:
    if "; " not in sentence:
        return [sentence]
    parts = _SEMICOLON.split(sentence)
    if all(_is_full_clause(p) for p in parts):
        return parts
    return [sentence]


def _is_full_clause(text: str) -> bool:
    return len(text.split()) >= 4 and _FINITE.search(text) is not None
