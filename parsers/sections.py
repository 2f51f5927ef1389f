"""Blocks to sections: headings split the body; background and contact sections are named by text."""

from __future__ import annotations

import re

from parsers.blocks import ATTACHMENT, CONTACT, HEADING, ITEM, PARAGRAPH, QUOTE, TABLE_ROW, Block
from parsers.record import Section, SectionItem

KIND_BODY = "body"
KIND_BACKGROUND = "background"
KIND_CONTACT = "contact"

# Headings matched by text (GOV.UK ids vary); a trailing colon is fine.
_BACKGROUND = re.compile(
    r"^(?:on background|background(?: information| notes)?|notes? (?:to|for) editors?"
    r"|editors?['’]?s? notes?|further information|additional information)\s*:?$",
    re.IGNORECASE,
)
_CONTACT = re.compile(
    r"^(?:contacts?|contact us|contact details|(?:[\w&]+ )?media enquiries|(?:[\w&]+ )?press enquiries|press contacts?"
    r"|(?:[\w&]+ )?press office)\s*:?$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$", re.DOTALL)
_CONTACT_HEADING = "Contact"


def heading_kind(text: str) -> str:
    """'background', 'contact' or 'body' for a heading's text."""
    if _BACKGROUND.match(text):
        return KIND_BACKGROUND
    if _CONTACT.match(text):
        return KIND_CONTACT
    return KIND_BODY


def is_known_heading(text: str) -> bool:
    """True for a line or paragraph that is only a background or contact heading."""
    return len(text) <= 40 and heading_kind(text) != KIND_BODY


def strip_number(text: str) -> tuple[int, str] | None:
    """(1, 'text') for a numbered paragraph '1. text', else None."""
    m = _NUMBERED.match(text)
    return (int(m.group(1)), m.group(2)) if m else None


def build_sections(blocks: list[Block]) -> tuple[Section, ...]:
    """Group blocks under their headings; contact blocks go to a trailing contact section."""
    sections: list[Section] = []
    heading: str | None = None
    kind = KIND_BODY
    items: list[SectionItem] = []
    background_level: int | None = None  # subheadings under a background heading stay background
    contacts: list[SectionItem] = []

    def close() -> None:
        if heading is not None or items:
            sections.append(Section(heading, kind, tuple(items)))

    for block in blocks:
        level = block.level
        if block.kind == PARAGRAPH and is_known_heading(block.text):
            # "<p><strong>Notes to editors</strong></p>" and pasted "On background" act as headings.
            block, level = Block(HEADING, block.text.rstrip(": ")), 2
        if block.kind == HEADING:
            close()
            heading, items = block.text.rstrip(": ") or block.text, []
            kind = heading_kind(block.text)
            if kind == KIND_BACKGROUND:
                background_level = level
            elif background_level is not None and kind == KIND_BODY and level > background_level:
                kind = KIND_BACKGROUND
            else:
                background_level = None
        elif block.kind in (PARAGRAPH, QUOTE):
            numbered = strip_number(block.text)
            if numbered:
                items.append(SectionItem(numbered[1], "numbered"))
            else:
                items.append(SectionItem(block.text, "paragraph"))
        elif block.kind == ITEM:
            items.append(SectionItem(block.text, "numbered" if block.ordered else "bullet", block.level))
        elif block.kind == TABLE_ROW:
            items.append(SectionItem(block.text, "table_row"))
        elif block.kind == CONTACT:
            contacts.append(SectionItem(block.text, "paragraph"))
        elif block.kind == ATTACHMENT:
            continue  # attachments are listed on the record, not body text
    close()
    if contacts:
        sections.append(Section(_CONTACT_HEADING, KIND_CONTACT, tuple(contacts)))
    return tuple(sections)
