"""Text from GOV.UK pages made safe to print: a page must never drive the reader's terminal."""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls (0x9b is a one-byte CSI), and the bidi
# embeddings, overrides and isolates that can make a line read backwards (U+202E).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with control, escape and bidi-control characters shown as \\uXXXX (also valid inside JSON strings)."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _UNSAFE.search(text) else text
