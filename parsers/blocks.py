"""Body HTML (govspeak) to an ordered list of text blocks, in one walk of the tree."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag

from parsers.sentences import normalise_space as collapse_spaces

# Blocks kinds: heading, paragraph, item (list item), quote (paragraph inside a blockquote),
# table_row, contact, attachment. Contact and attachment blocks are not body text.
HEADING = "heading"
PARAGRAPH = "paragraph"
ITEM = "item"
QUOTE = "quote"
TABLE_ROW = "table_row"
CONTACT = "contact"
ATTACHMENT = "attachment"


@dataclass(frozen=True, slots=True)
class Block:
    kind: str
    text: str
    level: int = 0  # heading level (1-6) or list nesting depth (0 = top level)
    ordered: bool = False  # list item of an <ol>
    group: int | None = None  # index of the blockquote a quote block came from
    href: str | None = None  # link of an attachment block


@dataclass
class BodyBlocks:
    blocks: list[Block] = field(default_factory=list)
    abbreviations: dict[str, str] = field(default_factory=dict)
    attachments: list[tuple[str, str | None]] = field(default_factory=list)  # (title, href)
    problems: list[str] = field(default_factory=list)


# Invisible characters GOV.UK bodies carry: BOM (stray "\ufeff" lines), zero-width spaces and
# joiners, soft hyphens, word joiners.
_INVISIBLE_CHARS = "\ufeff\u200b\u200c\u200d\u2060\u00ad"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS), None)
_HAS_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")


def normalise_space(text: str) -> str:
    """Drop invisible characters, turn every run of whitespace (NBSP included) into one space."""
    # translate() with a dict is slow on non-ASCII text, so it runs only when needed; str.split()
    # (in collapse_spaces) splits on every Unicode space, NBSP, thin and ideographic too.
    if _HAS_INVISIBLE.search(text) is not None:
        text = text.translate(_INVISIBLE)
    return collapse_spaces(text)


_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "img", "figure", "iframe", "button",
                   "input", "select", "form", "nav", "hr", "head", "title", "meta", "link"})
# Tags whose content flows inline inside a paragraph.
_INLINE = frozenset({"a", "abbr", "acronym", "b", "strong", "i", "em", "span", "sup", "sub", "small",
                     "code", "q", "cite", "mark", "u", "s", "del", "ins", "time", "bdi", "bdo", "dfn",
                     "kbd", "samp", "var", "font", "br", "wbr", "big", "tt", "label"})
_PARAGRAPH_LIKE = frozenset({"p", "pre", "address", "dt", "dd", "figcaption", "caption", "summary"})
_ATTACHMENT_CLASSES = frozenset({"attachment", "gem-c-attachment", "embedded-attachment"})
# Real GOV.UK pages nest a few dozen elements deep. The walk recurses about two frames per level,
# so below this depth a subtree is read flat, without recursion, instead of raising RecursionError.
MAX_NESTING = 100


def parse_fragment(html: str) -> BeautifulSoup:
    """One bs4 parse with the lxml tree builder."""
    return BeautifulSoup(html, "lxml")


def html_blocks(html: str) -> BodyBlocks:
    """Parse a govspeak body and return its blocks."""
    return element_blocks(parse_fragment(html))


def element_blocks(root: Tag) -> BodyBlocks:
    """Walk an element once and return its blocks, abbreviations and embedded attachments."""
    walker = _Walker()
    walker.container(root, 0, False, None)
    problems = []
    if walker.flattened:
        problems.append(f"body HTML nested more than {MAX_NESTING} elements deep: the deeper part read as plain paragraphs")
    return BodyBlocks(walker.blocks, walker.abbreviations, walker.attachments, problems)


def _classes(tag: Tag) -> list[str]:
    cls = tag.attrs.get("class")
    if cls is None:
        return []
    return cls if isinstance(cls, list) else str(cls).split()


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.abbreviations: dict[str, str] = {}
        self.attachments: list[tuple[str, str | None]] = []
        self.quote_count = 0
        self.nesting = 0  # elements entered by block() or inline() and not yet left
        self.flattened = False

    def container(self, el: Tag, depth: int, ordered: bool, group: int | None) -> None:
        """Children of a block container; runs of inline content become paragraphs."""
        run: list[str] = []
        for child in el.children:
            if not isinstance(child, Tag):
                if type(child) is NavigableString:  # not comments, doctypes, CDATA
                    run.append(child)
                continue
            name = child.name
            if name in _INLINE:
                self.inline(child, run)
                continue
            if run:
                self.emit_text(run, group)
                run = []
            self.block(child, depth, ordered, group)
        if run:
            self.emit_text(run, group)

    def emit_text(self, parts: list[str], group: int | None) -> None:
        text = normalise_space("".join(parts))
        if text:
            self.blocks.append(Block(QUOTE if group is not None else PARAGRAPH, text, group=group))

    def block(self, el: Tag, depth: int, ordered: bool, group: int | None) -> None:
        if self.nesting >= MAX_NESTING:
            self.flat(el, group)
            return
        self.nesting += 1
        try:
            self.block_at(el, depth, ordered, group)
        finally:
            self.nesting -= 1

    def flat(self, el: Tag, group: int | None) -> None:
        """A too-deep subtree as paragraphs split at its block elements."""
        self.flattened = True
        run: list[str] = []
        for piece in flat_text(el):
            if piece is None:
                if run:
                    self.emit_text(run, group)
                    run = []
            else:
                run.append(piece)
        if run:
            self.emit_text(run, group)

    def block_at(self, el: Tag, depth: int, ordered: bool, group: int | None) -> None:
        name = el.name
        if name in _SKIP:
            return
        if name in _PARAGRAPH_LIKE:
            self.emit_text(self.inline_of(el), group)
        elif name in _HEADINGS:
            text = normalise_space("".join(self.inline_of(el)))
            if text:
                self.blocks.append(Block(HEADING, text, level=_HEADINGS[name]))
        elif name in ("ul", "ol"):
            for li in el.children:
                if isinstance(li, Tag):
                    if li.name == "li":
                        self.list_item(li, depth, name == "ol", group)
                    else:
                        self.block(li, depth, ordered, group)
        elif name == "li":  # stray <li> outside a list
            self.list_item(el, depth, ordered, group)
        elif name == "blockquote":
            self.quote_count += 1
            self.container(el, depth, ordered, self.quote_count - 1)
        elif name == "table":
            self.table(el)
        else:
            classes = _classes(el)
            if "contact" in classes:
                text = normalise_space(el.get_text(" "))
                if text:
                    self.blocks.append(Block(CONTACT, text))
            elif _ATTACHMENT_CLASSES.intersection(classes):
                self.attachment(el)
            else:  # div, section, main, article, callouts (call-to-action, application-notice): see through
                self.container(el, depth, ordered, group)

    def list_item(self, li: Tag, depth: int, ordered: bool, group: int | None) -> None:
        # The item's own text, then any nested lists one level deeper.
        parts: list[str] = []
        nested: list[Tag] = []
        for child in li.children:
            if not isinstance(child, Tag):
                if type(child) is NavigableString:
                    parts.append(child)
            elif child.name in ("ul", "ol"):
                nested.append(child)
            elif child.name in _PARAGRAPH_LIKE or child.name == "div":
                if parts and not parts[-1].endswith(" "):
                    parts.append(" ")
                parts.extend(self.inline_of(child))
                parts.append(" ")
            elif child.name not in _SKIP:
                self.inline(child, parts)
        text = normalise_space("".join(parts))
        if text:
            self.blocks.append(Block(ITEM, text, level=depth, ordered=ordered, group=group))
        for sub in nested:
            self.block(sub, depth + 1, sub.name == "ol", group)

    def table(self, table: Tag) -> None:
        caption = table.find("caption", recursive=False)
        if caption is not None:
            self.emit_text(self.inline_of(caption), None)
        for row in table.find_all("tr"):
            cells = [normalise_space("".join(self.inline_of(c))) for c in row.find_all(("td", "th"), recursive=False)]
            cells = [c for c in cells if c]
            if cells:
                self.blocks.append(Block(TABLE_ROW, " | ".join(cells)))

    def attachment(self, el: Tag) -> None:
        link = el.select_one(".title a, .gem-c-attachment__title a, h2 a, h3 a") or el.find("a", href=True)
        title = normalise_space(link.get_text(" ")) if link is not None else normalise_space(el.get_text(" "))
        href = link.get("href") if link is not None else None
        if title:
            self.attachments.append((title, href))
            self.blocks.append(Block(ATTACHMENT, title, href=href))

    def inline_of(self, el: Tag) -> list[str]:
        parts: list[str] = []
        self.children_into(el, parts)
        return parts

    def children_into(self, el: Tag, parts: list[str]) -> None:
        # Plain text only: comments, CDATA and doctypes are NavigableString subclasses.
        for child in el.children:
            if not isinstance(child, Tag):
                if type(child) is NavigableString:
                    parts.append(child)
            else:
                self.inline(child, parts)

    def inline(self, el: Tag, parts: list[str]) -> None:
        if self.nesting >= MAX_NESTING:
            self.flattened = True
            parts.extend(" " if p is None else p for p in flat_text(el))
            return
        self.nesting += 1
        try:
            self.inline_at(el, parts)
        finally:
            self.nesting -= 1

    def inline_at(self, el: Tag, parts: list[str]) -> None:
        name = el.name
        if name in ("br", "wbr"):
            parts.append(" ")
            return
        if name in _SKIP:
            return
        if name == "sup" and str(el.get("id", "")).startswith("fnref"):
            return  # footnote marker: would glue a digit to the word before it
        if name == "a" and "reversefootnote" in _classes(el):
            return
        if name in ("abbr", "acronym"):
            title = el.get("title")
            short = normalise_space(el.get_text())
            if title and short:
                self.abbreviations.setdefault(short, normalise_space(str(title)))
        self.children_into(el, parts)
        if name not in _INLINE:  # a block element nested in inline content keeps words apart
            parts.append(" ")


def flat_text(el: Tag) -> Iterator[str | None]:
    """The plain text of a subtree in document order, None at each block element's edges.

    An explicit stack, not recursion, so any depth is read in one linear pass."""
    stack: list[tuple[Iterator, bool]] = [(iter(el.children), False)]
    while stack:
        children, is_block = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if is_block:
                yield None
            continue
        if not isinstance(child, Tag):
            if type(child) is NavigableString:
                yield child
            continue
        name = child.name
        if name in _SKIP:
            continue
        if name in ("br", "wbr"):
            yield " "
            continue
        is_block = name not in _INLINE
        if is_block:
            yield None
        stack.append((iter(child.children), is_block))
