"""Pasted plain text (hard-wrapped, bullets, curly-quoted paragraphs) to blocks."""

from __future__ import annotations

import re

from parsers.blocks import HEADING, ITEM, PARAGRAPH, Block, normalise_space
from parsers.sections import is_known_heading

_BULLET = re.compile(r"^[-•*▪◦·](?:\s+|$)")
_NUMBER = re.compile(r"^(\d{1,2})[.)](?:\s+|$)")
_OPENS_QUOTE = ("“", "‘", '"')
# A line that ends a sentence, a lead-in or a quote: a quote-opening line after it starts anew.
_ENDS_SENTENCE = re.compile(r"[.!?:;”’\"')|]$")


def _continues(previous: str, line: str) -> bool:
    """A line that carries on the sentence of the line before it (a wrapped or broken line)."""
    return bool(previous) and not _ENDS_SENTENCE.search(previous) and line[:1].islower()


def is_hard_wrapped(lines: list[str]) -> bool:
    """Whether line breaks inside a paragraph are wrapping (an email) or paragraph ends (a copied page).

    Wrapped text breaks mid-sentence often; a page copied from a browser puts each paragraph on
    one line and breaks mid-sentence almost never."""
    breaks = wraps = 0
    for previous, line in zip(lines, lines[1:]):
        if previous and line:
            breaks += 1
            wraps += _continues(previous, line)
    return wraps >= 2 and wraps * 4 >= breaks


def text_blocks(text: str) -> list[Block]:
    """Join hard-wrapped lines into paragraphs and list items; known heading lines become headings.

    In text that is not hard-wrapped every line is a paragraph of its own, unless it plainly
    continues the sentence of the line before."""
    blocks: list[Block] = []
    lines: list[str] = []  # lines of the block being built
    kind = PARAGRAPH
    ordered = False
    previous = ""  # last non-blank line, to tell a wrapped line from a new paragraph
    all_lines = [normalise_space(raw) for raw in text.splitlines()]  # also drops lines holding only "\ufeff"
    wrapped = is_hard_wrapped(all_lines)

    def flush() -> None:
        nonlocal lines, kind, ordered
        joined = normalise_space(" ".join(lines))
        if joined:
            blocks.append(Block(kind, joined, ordered=ordered))
        lines, kind, ordered = [], PARAGRAPH, False

    for line in all_lines:
        if not line:
            flush()
            previous = ""
            continue
        boundary = not previous or bool(_ENDS_SENTENCE.search(previous))
        bullet = _BULLET.match(line)
        number = _NUMBER.match(line) if boundary or kind == ITEM else None
        if is_known_heading(line):
            flush()
            blocks.append(Block(HEADING, line.rstrip(": "), level=2))
            previous = ""
            continue
        if bullet or number:
            flush()
            kind, ordered = ITEM, bool(number)
            rest = line[(bullet or number).end():]
            if rest:  # a bare "-" line leaves the item open for the lines after it
                lines.append(rest)
        elif line.startswith(_OPENS_QUOTE) and boundary and kind == PARAGRAPH:
            flush()
            lines.append(line)
        elif not wrapped and lines and not _continues(previous, line):
            flush()
            lines.append(line)
        else:
            lines.append(line)
        previous = line
        if line.endswith(":") and kind == PARAGRAPH:
            flush()  # a lead-in ("... said:") stands alone
            previous = line
    flush()
    return blocks
