"""Pasted plain text (hard-wrapped, bullets, curly-quoted paragraphs) to blocks."""

from __future__ import annotations

import re

from parsers.blocks import HEADING, ITEM, PARAGRAPH, Block, normalise_space
from parsers.sections import is_known_heading

_BULLET = re.compile(r"^[-•*▪◦·](?:\s+|$)")
_NUMBER = re.compile(r"^(\d{1,2})[.)](?:\s+|$)")
_OPENS_QUOTE = ("“", "‘", '"')
# A line that ends a sentence, a lead-in or a quote: a quote-opening line after it starts anew.
_ENDS_SENTENCE = re.compile(r"[.!?:”’\"')]$")


def text_blocks(text: str) -> list[Block]:
    """Join hard-wrapped lines into paragraphs and list items; known heading lines become headings."""
    blocks: list[Block] = []
    lines: list[str] = []  # lines of the block being built
    kind = PARAGRAPH
    ordered = False
    previous = ""  # last non-blank line, to tell a wrapped line from a new paragraph

    def flush() -> None:
        nonlocal lines, kind, ordered
        joined = normalise_space(" ".join(lines))
        if joined:
            blocks.append(Block(kind, joined, ordered=ordered))
        lines, kind, ordered = [], PARAGRAPH, False

    for raw in text.splitlines():
        line = normalise_space(raw)  # also drops lines holding only "\ufeff"
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
        else:
            lines.append(line)
        previous = line
        if line.endswith(":") and kind == PARAGRAPH:
            flush()  # a lead-in ("... said:") stands alone
            previous = line
    flush()
    return blocks
