"""Pasted plain text to blocks, and the metadata a pasted page prints about itself.

`text_blocks` handles hard-wrapped email text, pages copied from a browser (a paragraph a line),
bullets and curly-quoted paragraphs. `read_header` reads the page's own header and footer lines
(type, title, "From:", "Published", "Last updated" and its change notes, copy-tool markers, Hansard
speaker lines) and removes them from the text.
"""

from __future__ import annotations

import re
from datetime import date

from parsers.blocks import ATTACHMENT, HEADING, ITEM, PARAGRAPH, Block, normalise_space
from parsers.quotes import byline_person
from parsers.record import ChangeNote
from parsers.sections import is_known_heading

_BULLET = re.compile(r"^[-•*▪◦·](?:\s+|$)")
_NUMBER = re.compile(r"^(\d{1,2})[.)](?:\s+|$)")
_OPENS_QUOTE = ("“", "‘", '"')
# A line that ends a sentence, a lead-in or a quote: a quote-opening line after it starts anew.
_ENDS_SENTENCE = re.compile(r"[.!?:;”’\"')|]$")


# The format line GOV.UK prints under each attachment title ("PDF, 212KB, 10 pages", "HTML",
# "MS Excel Spreadsheet, 37.9KB"): page chrome, whose sizes and page counts are not figures.
_ATTACHMENT_META = re.compile(
    r"^(?:PDF|HTML|ODS|ODT|ODP|CSV|TXT|RTF|ZIP|JSON|XML|XLSX?|DOCX?|PPTX?|Plain\s+text|"
    r"MS\s+(?:Excel\s+Spreadsheet|Word\s+Document|PowerPoint\s+Presentation)|"
    r"OpenDocument\s+(?:Spreadsheet|Text|Presentation))"
    r"(?:,\s*[\d.,]+\s*(?:[KMG]B|kB|bytes))?(?:,\s*\d[\d,]*\s+pages?)?$")
_ATTACHMENT_TITLE_LENGTH = 200
# Lines GOV.UK prints around an attachment: its reference numbers and accessibility notes.
_ATTACHMENT_CHROME = re.compile(
    r"^(?:ref:\s.*|isbn[\s:].*|this file may not be suitable for users of assistive technology\.?"
    r"|request an accessible format\.?|order a (?:printed|paper) copy\.?)$", re.IGNORECASE)

# A line this long is a paragraph, not a headline: if it stops without a full stop, it was broken.
_PARAGRAPH_LENGTH = 120


# Words no sentence, heading or bullet ends on: a line stopping on one was broken mid-sentence.
_BROKEN_ENDINGS = frozenset(
    "a an the to of for and or nor by with in on at from into as than that whose including between per via "
    "across through within towards among during without against upon".split())


def _continues(previous: str, line: str) -> bool:
    """A line that carries on the sentence of the line before it (a wrapped or broken line)."""
    if not previous or _ENDS_SENTENCE.search(previous):
        return False
    if line[:1].islower() or (len(previous) >= _PARAGRAPH_LENGTH and line[:1].isalnum()):
        return True
    return line[:1].isalnum() and previous.rsplit(" ", 1)[-1].lower() in _BROKEN_ENDINGS


# Words a wrapped line can stop on mid-sentence: a line ending on one carries on.
_OPEN_ENDINGS = frozenset(
    "a an the to of for and or nor but by with in on at from into onto as than that which who whose whom "
    "will would shall should must may might can could is are was were be been being has have had do does "
    "our their its his her your my this these those such per via about including between across through "
    "within towards toward among around during without against upon under over after before since until "
    "because while whether so if when where not also both either each every all any more most new".split())
# Capitalised common words that open a sentence but not a name ("To further support…", "This will…"):
# in hard-wrapped text a line starting with one after an unfinished bullet starts a new paragraph.
_SENTENCE_OPENERS = frozenset(
    "The This These That Those There It Its We Our I They Their He She His Her You Your To In On For From As "
    "At By With A An Each Every All Some Many Most Further Also However But And If When While Where Today "
    "Since After Before Following Under Through Alongside Together Other Both".split())
_STRICT_END = re.compile(r"[.!?:][\"”’')]?$")
_HEADING_WORDS = 7
_HEADING_LENGTH = 50


def _last_word(line: str) -> str:
    return line.rsplit(" ", 1)[-1].lower()


def _heading_line(previous: str, line: str, following: str) -> bool:
    """A short line without a full stop between two sentences: a heading in hard-wrapped text.

    "Visits in the autumn" between "…when it is right to do so." and "Ofsted has been asked…";
    a wrapped line stops mid-sentence (lower-case next line, or a word like "the" at its end)."""
    if previous and not _STRICT_END.search(previous):
        return False
    if not following or not following[:1].isupper() or not line[:1].isupper():
        return False
    if len(line) > _HEADING_LENGTH or line.count(" ") >= _HEADING_WORDS or re.search(r"[.,;:!?\"“”‘’]$", line):
        return False
    return _last_word(line) not in _OPEN_ENDINGS


def _ends_item(previous: str, line: str, width: int) -> bool:
    """A line that opens a new sentence after a bullet, in hard-wrapped text.

    A last bullet often has no full stop; the paragraph after it must not be read as its tail.
    The line does when it opens with a word like "To" or "This", or when its first word would
    have fitted on the line before (wrapping would have put it there: the break was meant)."""
    if previous.endswith((",", "-", "–", "—")) or _last_word(previous) in _OPEN_ENDINGS:
        return False
    first = line.split(" ", 1)[0]
    if first in _SENTENCE_OPENERS:
        return True
    return first[:1].isupper() and len(previous) + 1 + len(first) < width


def _wrap_width(lines: list[str]) -> int:
    """The width hard-wrapped text was wrapped at: its longest lines, ignoring a few outliers."""
    lengths = sorted(len(line) for line in lines if line)
    return lengths[(len(lengths) * 19) // 20] if lengths else 0


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
    width = _wrap_width(all_lines) if wrapped else 0

    def flush() -> None:
        nonlocal lines, kind, ordered
        joined = normalise_space(" ".join(lines))
        if joined:
            blocks.append(Block(kind, joined, ordered=ordered))
        lines, kind, ordered = [], PARAGRAPH, False

    following = [*all_lines[1:], ""]  # the line after each line ("" when blank: a blank ends a block anyway)
    for k, line in enumerate(all_lines):
        if not line:
            flush()
            previous = ""
            continue
        if _ATTACHMENT_CHROME.match(line):
            continue  # the title above stays the last block, for the format line below
        if _ATTACHMENT_META.match(line):
            flush()
            last = blocks[-1] if blocks else None
            if (last is not None and last.kind in (PARAGRAPH, HEADING) and len(last.text) <= _ATTACHMENT_TITLE_LENGTH
                    and not last.text.endswith(".")):
                blocks[-1] = Block(ATTACHMENT, last.text)  # the line above is the attachment's title
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
        if wrapped and not (bullet or number) and _heading_line(previous, line, following[k]):
            flush()
            blocks.append(Block(HEADING, line, level=2))
            previous = ""
            continue
        if wrapped and kind == ITEM and not (bullet or number) and lines and _ends_item(previous, line, width):
            flush()
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


# Pasted GOV.UK pages open with the page's own header: a type line ("Press release"), the title,
# a summary, "From: …" and "Published …" / "Last updated …" lines; copy tools add markers.
_TYPE_LINES = {
    "press release": "press_release", "news story": "news_story", "speech": "speech",
    "written statement": "written_statement", "written statement to parliament": "written_statement",
    "oral statement": "oral_statement", "oral statement to parliament": "oral_statement",
    "guidance": "guidance", "statutory guidance": "statutory_guidance", "policy paper": "policy_paper",
    "consultation outcome": "consultation_outcome", "open consultation": "open_consultation",
    "closed consultation": "closed_consultation", "foi release": "foi_release",
    "correspondence": "correspondence", "research and analysis": "research_and_analysis",
    "official statistics": "official_statistics", "national statistics": "national_statistics",
    "accredited official statistics": "official_statistics", "transparency data": "transparency",
    "corporate report": "corporate_report", "impact assessment": "impact_assessment", "notice": "notice",
    "independent report": "independent_report", "government response": "government_response",
    "authored article": "authored_article", "decision": "decision", "form": "form",
    "promotional material": "promotional", "case study": "case_study", "collection": "document_collection",
    "detailed guide": "detailed_guide", "statement to parliament": "written_statement",
    "policy statement": "policy_paper", "blog post": "blog_post", "working group": "working_group",
    "written statements": "written_statement", "oral statements": "oral_statement", "speeches": "speech",
}  # fmt: skip
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)")
_DAY_MONTH_YEAR = rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH})\.?,?\s+(?P<y>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_PUBLISHED = re.compile(
    rf"^(?:volume\s+\d+:\s*)?(?P<what>published|first published|last updated|updated|debated|delivered)(?:\s+on)?:?\s+"
    rf"{_WEEKDAY}{_DAY_MONTH_YEAR}\b",
    re.IGNORECASE,
)
# A line holding only a date (WiredGov "1 Sep 2014 03:05 PM", Hansard "Monday 15th December 2025").
# A letter's date line may carry its salutation ("10 December 2013 Dear Colleagues").
_DATE_LINE = re.compile(
    rf"^{_WEEKDAY}{_DAY_MONTH_YEAR}(?:\s+\d{{1,2}}[:.]\d\d(?:\s*[AP]M)?)?(?:\s+Dear\s+[\w ,]{{1,40}})?\s*$", re.IGNORECASE)
# The " date 2025-05-29 " marker some copying tools put in front of the text.
_DATE_MARKER = re.compile(r"^\s*date\s+(?P<iso>(?:19|20)\d\d-\d\d-\d\d)\b\s*")
_FROM = re.compile(r"^from:\s*(?P<who>.+)$", re.IGNORECASE)
# "Department for Education" alone on a line: the publishing organisation of a copied release.
ORGANISATION_LINE = re.compile(r"^(?:Department|Ministry|Office)\s+(?:for|of)\s+[A-Z][\w,&' ]{2,60}$")
# A whole "Published 30 April 2020" or "Last updated 29 June 2020 + show all updates" line.
_PUBLISHED_LINE = re.compile(
    rf"^(?P<what>published|first published|last updated|updated)(?:\s+on)?:?\s+{_WEEKDAY}{_DAY_MONTH_YEAR}"
    r"(?:\s*[+—–-]?\s*(?P<all>(?:show|see|hide) all updates))?\s*$",
    re.IGNORECASE,
)
# One change note: "1. Guidance updated …" (the copied list) or the note line after its date.
_NOTE = re.compile(r"^(?:\d{1,2}[.)]\s+)(?P<note>\S.*)$")
# GOV.UK blogs: "Posted by: Media team, Posted on: 28 July 2017 - Categories: SEND".
_BLOG_LINE = re.compile(r"^(?:posted\s+(?:by|on)|categories)\s*:", re.IGNORECASE)
_POSTED_ON = re.compile(rf"posted\s+on:?\s+{_WEEKDAY}{_DAY_MONTH_YEAR}", re.IGNORECASE)
# Lines the browser or the copying site adds around a page: not part of the announcement.
_CHROME = re.compile(
    r"^(?:skip to main content|printable version\s*\|?|print this page|share this page|applies to (?:england|wales|"
    r"scotland|northern ireland|the uk|all of the uk)(?:[ ,]+(?:and\s+)?(?:england|wales|scotland|northern ireland))*"
    r"|from education to employment|contents|history|see all updates|is this page useful\?.*"
    r"|you are on page \d+\s*of\s*\d+|\(\d+ (?:years?|months?|weeks?|days?|hours?)[\w ,]* ago\)"
    r"|-\s*hansard\b[\s\w-]*|read (?:full debate|hansard text|debate)\b.*|full debate:.*)$",
    re.IGNORECASE,
)
_HEADER_LINES = 12  # the header sits in the first few non-blank lines
# Hansard names who makes a statement as "The Secretary of State for Education (Jane Holloway)";
# Parliament-tracking sites put "Jane Holloway Portrait" in front.
_HANSARD_SPEAKER = re.compile(
    r"^(?:[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3}\s+Portrait\s+)?(?P<role>(?:The\s+)?(?:Parliamentary\s+)?"
    r"(?:Under-Secretary|Minister|Secretary|Prime\s+Minister|Chancellor|Leader|Solicitor|Attorney)[^()]{0,120}?)"
    r"\s*\((?P<name>[A-Z][^()]{2,60})\)\s*$"
)
# Parliament-tracking sites (Parallel Parliament) mark each speech with "<Name> Portrait", then
# the name again or "<Role> (<Name>)"; a written answer prints "Answered by", the portrait line,
# the name and the minister's role.
_PORTRAIT = re.compile(
    r"^(?P<who>(?!The\s)[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,4})\s+Portrait(?:\s+(?P<rest>[^.!?]{0,200}))?$")
_MINISTER_ROLE = re.compile(
    r"^(?:The\s+)?(?:Parliamentary\s+|Minister\s+of\s+State\b|Parliamentary\s+Secretary\b)?"
    r"(?:Under-Secretary|Minister|Secretary|Prime\s+Minister|Chancellor|Leader|Solicitor|Attorney)\b")
_ORGANISATION_NAME = re.compile(r"^(?:the\s+)?(?:Department|Ministry|Office|Cabinet|House|HM\s)", re.IGNORECASE)
# Navigation lines those sites print around every speech, anywhere in the page.
_DEBATE_CHROME = re.compile(
    r"^(?:-\s*)?(?:view speech\s*-\s*)?hansard(?:\s*-)*(?:\s*excerpts)?$|^-+\s*later in debate\s*-+$"
    r"|^answered by$|^(?:commons|lords) chamber$|^\(asked on [^()]{4,40}\)(?:\s*-\s*view source)?$"
    r"|^question (?:to|for) (?:the )?[\w ,&'’]{3,80}:?$",
    re.IGNORECASE)
# "An open letter to parents … from Children and Families Minister Will Quince": a letter's writer.
_LETTER_FROM = re.compile(r"^(?:an?\s+)?(?:open\s+)?letter\b[^.:;!?]*?\bfrom\s+(?P<who>[^.:;!?]{3,100})$", re.IGNORECASE)
# A party or crossbench tag after a speaker's name: "(Baroness Barran) (Con)".
_PARTY_TAG = re.compile(r"\s*\((?:Con|Lab|Lab/Co-op|Lab Co-op|LD|Lib Dem|SNP|CB|Crossbench|Non-Afl|DUP|PC|Green|Ind|UUP|"
                        r"SDLP|Alliance|Reform|Bishops?)\)\s*$")
# Hansard opens a minister's statement or answer "The Minister for School Standards (Nick Gibb): I am …".
_HANSARD_SPEECH = re.compile(r"^(?P<who>[^():]{6,160}?\s*\((?P<name>[A-Z][^()]{2,60})\)(?:\s*\([\w /-]{2,20}\))?):\s+(?P<speech>\S.*)$")
_ANSWERED_ON = re.compile(rf"^this question was answered on\s+{_WEEKDAY}{_DAY_MONTH_YEAR}\s*$", re.IGNORECASE)
_MONTH_NUMBER = {m: i for i, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), start=1) for m in names}


def _iso(m: re.Match[str]) -> str | None:
    try:
        return date(int(m.group("y")), _MONTH_NUMBER[m.group("m").lower()], int(m.group("d"))).isoformat()
    except ValueError:
        return None


def _headline(line: str) -> bool:
    """Headlines end without a full stop (sentences and lead-ins end with one); quotes open with a mark."""
    return not re.search(r"[.:;!]$", line) and line[0] not in "“‘\"" and len(line) <= 300


def _unwrapped(lines: list[str], start: int) -> str:
    """The line at `start` joined with the wrapped lines that carry on its sentence."""
    parts = [normalise_space(lines[start])]
    for raw in lines[start + 1:]:
        line = normalise_space(raw)
        if not line or not _continues(parts[-1], line):
            break
        parts.append(line)
    return " ".join(parts)


# A person's name in a Hansard speaker line: two to five capitalised words ("Nick Gibb",
# "Baroness Barran", "Dr Caroline Johnson"), not an acronym ("(SEND)") or a department.
_PERSON_NAME = re.compile(r"(?:[A-Z][a-z][\w'’.-]*)(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|of))*\s+[A-Z][a-z][\w'’.-]*")


def _minister_name(role: re.Match[str] | None) -> str | None:
    """The name in a "<ministerial role> (<Name>)" match, when it names a minister."""
    if role is None or not _MINISTER_ROLE.match(role.group("role")) or re.search(r"[.;!?]", role.group("role")):
        return None
    name = normalise_space(role.group("name"))
    if _ORGANISATION_NAME.match(name) or not _PERSON_NAME.fullmatch(name) or name.count(" ") > 4:
        return None
    return name


def _debate_line(line: str, after_portrait: bool) -> tuple[str, str | None] | None:
    """What a Parliament-tracking site's speaker or navigation line says, or None for body text.

    ("answered", None) for "Answered by", ("portrait", name) for "<Name> Portrait [<Name>]",
    ("minister", name) for "<Name> Portrait <Role> (<Name>)", ("repeat", None) for the name or
    role printed under a portrait, ("answered_on", ISO day), ("chrome", None) for navigation."""
    answered = _ANSWERED_ON.match(line)
    if answered:
        return "answered_on", _iso(answered)
    if _DEBATE_CHROME.match(line):
        return ("answered", None) if line.lower() == "answered by" else ("chrome", None)
    if line.endswith(")") and not _PORTRAIT.match(line):
        name = _minister_name(_HANSARD_SPEAKER.match(_PARTY_TAG.sub("", line)))
        if name:
            return "minister", name  # "The Minister for … (Name)" alone on a line
    if "Portrait" in line:
        portrait = _PORTRAIT.match(line)
        if portrait is None:
            return None
        who, rest = portrait.group("who"), _PARTY_TAG.sub("", (portrait.group("rest") or "").strip())
        name = _minister_name(_HANSARD_SPEAKER.match(rest)) if rest else None
        if name:
            return "minister", name
        if not rest or rest.startswith(who) or rest.startswith("("):
            return "portrait", who
        return None
    if after_portrait and len(line) <= 160 and not re.search(r"[.!?:]$", line):
        if _MINISTER_ROLE.match(line) or re.fullmatch(r"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,4}", line):
            return "repeat", None
    return None


def read_header(text: str) -> tuple[dict[str, object], str]:
    """Title, document type, dates and 'From:' names from a pasted page's header lines.

    Returns the fields found (record field names; "from" holds the raw 'From:' names) and the
    text with the header's metadata lines and the title removed (GOV.UK keeps the title out of the
    body). The title is the first line of the text proper when it reads as a headline; the summary
    stays in the body, since its figures and promises are the page's own."""
    fields: dict[str, object] = {}
    lines = text.splitlines()
    kept: list[str] = []
    seen = title_at = 0
    wrapped = is_hard_wrapped([normalise_space(line) for line in lines])
    notes: list[ChangeNote] = []
    history = False  # inside the change notes under "Last updated … show all updates"
    pending: str | None = None  # a note's date printed on the line before it
    answering: str | None = None  # the minister a written answer names under "Answered by"
    minister: str | None = None  # a minister named in a "<Name> Portrait <Role> (<Name>)" line
    after_answered = after_portrait = False
    for k, raw in enumerate(lines):
        line = normalise_space(raw)
        spoken = _HANSARD_SPEECH.match(line) if "):" in line else None
        if spoken:
            name = _minister_name(_HANSARD_SPEAKER.match(_PARTY_TAG.sub("", spoken.group("who"))))
            if name:
                minister = minister or name
                raw = line = spoken.group("speech")  # the speech itself is body text
        debate = _debate_line(line, after_portrait) if line else None
        if debate is not None:
            kind, value = debate
            if kind == "portrait" and value and after_answered:
                answering = answering or value
            elif kind == "minister":
                minister = minister or value
            elif kind == "answered_on":
                fields.setdefault("first_published_at", value)
            after_answered = kind == "answered" or (after_answered and kind in ("portrait", "repeat"))
            after_portrait = kind == "portrait" or (after_portrait and kind == "repeat")
            continue
        if line:
            after_answered = after_portrait = False
        if history and line:
            note = _NOTE.match(line)
            day = _DATE_LINE.match(line)
            if day and not note:
                pending = _iso(day)
                continue
            if note or pending:
                notes.append(ChangeNote(pending, note.group("note") if note else line))
                pending = None
                continue
            history = False
        footer = _PUBLISHED_LINE.match(line) if line else None
        if footer:
            # "Published …" / "Last updated … + show all updates" lines are page metadata wherever they sit
            when = _iso(footer)
            key = "public_updated_at" if "updated" in footer.group("what").lower() else "first_published_at"
            if when:
                fields.setdefault(key, when)
            history = history or key == "public_updated_at" or bool(footer.group("all"))
            seen += 1
            continue
        if seen >= _HEADER_LINES or not line:
            kept.append(raw)
            continue
        seen += 1
        marker = _DATE_MARKER.match(raw)
        if marker:
            fields.setdefault("first_published_at", marker.group("iso"))
            raw = raw[marker.end():]
            line = normalise_space(raw)
            if not line:
                continue
        low = line.lower()
        if low in _TYPE_LINES and "document_type" not in fields:
            fields["document_type"] = _TYPE_LINES[low]
            continue
        speaker = _minister_name(_HANSARD_SPEAKER.match(line))
        if speaker and "speaker" not in fields:
            fields["speaker"] = speaker
            continue
        published = _PUBLISHED.match(line)
        if published and re.sub(r"\(.*\)$", "", line[published.end():]).strip(" ,.—–-+"):
            published = None  # "Published 2 April 2024, the plan …" is a sentence
        date_line = None if published else _DATE_LINE.match(line)
        from_line = _FROM.match(line)
        blog = _BLOG_LINE.match(line)
        if blog:
            posted = _POSTED_ON.search(line)
            when = _iso(posted) if posted else None
            if when:
                fields.setdefault("first_published_at", when)
            fields.setdefault("document_type", "blog_post")
            continue
        if published or date_line:
            when = _iso(published or date_line)
            what = published.group("what").lower() if published else "published"
            key = "public_updated_at" if "updated" in what else "first_published_at"
            if when:
                fields.setdefault(key, when)
            continue
        if from_line:
            fields["from"] = from_line.group("who")
            continue
        if _CHROME.match(line):
            continue
        letter = _LETTER_FROM.match(line)
        if letter and "letter_from" not in fields:
            writer = byline_person(letter.group("who"))
            if writer:
                fields["letter_from"] = writer  # a heading, kept in the body
        if "title" not in fields and (ORGANISATION_LINE.match(line) or byline_person(line)):
            kept.append(raw)  # the publisher or a by-line above the headline: names, not the title
            continue
        if "title" not in fields:
            # The first line of the text proper when it reads as a headline: headlines end without
            # a full stop, lead-ins and sentences with one; quotes open with a mark.
            fields["title"] = line.rstrip(" |") if _headline(line) else None
            title_at = k
            if fields["title"] and not wrapped:
                continue  # the page's title, as on GOV.UK, is not part of the body
        kept.append(raw)
    if fields.get("title") is None:
        fields.pop("title", None)
    elif wrapped:
        title = _unwrapped(lines, title_at)
        if _headline(title):
            fields["title"] = title
        else:
            del fields["title"]
    if answering or minister:
        fields["speaker"] = answering or minister  # the answering minister, not a department or the asker
    elif fields.get("speaker") and _ORGANISATION_NAME.match(str(fields["speaker"])):
        del fields["speaker"]
    writer = fields.pop("letter_from", None)
    if writer and "speaker" not in fields:
        fields["speaker"] = writer  # the letter is the writer's own words, as a speech is
    if "public_updated_at" in fields and "first_published_at" not in fields:
        fields["first_published_at"] = fields["public_updated_at"]  # the one date the page shows
    if notes:
        fields["change_history"] = _dated_notes(notes, fields)
    if "first_published_at" not in fields:
        when = _dated_today(text)
        if when:
            fields["first_published_at"] = when
    return fields, "\n".join(kept)


# "announced today (Sunday 16 December)", "has today, Sunday 19 July, announced", "today (29 January 2016)"
_TODAY_DATED = re.compile(
    rf"\btoday\s*[(,]\s*(?:(?P<wd>Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+"
    rf"(?P<m>{_MONTH})\b(?:,?\s+(?P<y>(?:19|20)\d\d))?",
    re.IGNORECASE,
)
# "met parents on Monday 9 January": a weekday-dated day without a year, the week a release reports on.
_WEEKDAY_DATED = re.compile(
    rf"\b(?P<wd>Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH})\b"
    r"(?!,?\s+(?:19|20)\d\d)")
_WEEKDAYS = ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")
# Years the text mentions, except deadlines and targets ("by 2030"), which run ahead of the release.
_YEAR_MENTION = re.compile(r"(?<!\bby )(?<!\buntil )(?<!\bbefore )\b((?:19|20)\d\d)\b")


def _dated_today(text: str) -> str | None:
    """The publication day a release names for "today" when it prints no date line.

    Without a year, the weekday decides: the latest year up to the newest year the text mentions
    (looking back six years, over which a weekday and date recur) in which that day fell on it.
    Failing a dated "today", the first weekday-dated day the text names stands for the release day."""
    m = _TODAY_DATED.search(text) or _WEEKDAY_DATED.search(text)
    if m is None:
        return None
    month = _MONTH_NUMBER[m.group("m").lower()]
    if m.groupdict().get("y"):
        return _iso(m)
    if not m.group("wd"):
        return None
    years = [int(y) for y in _YEAR_MENTION.findall(text)]
    if not years:
        return None
    weekday = _WEEKDAYS.index(m.group("wd").lower())
    for year in range(max(years), max(years) - 7, -1):
        try:
            day = date(year, month, int(m.group("d")))
        except ValueError:
            continue
        if day.weekday() == weekday:
            return day.isoformat()
    return None


def _dated_notes(notes: list[ChangeNote], fields: dict[str, object]) -> tuple[ChangeNote, ...]:
    """Notes newest first as GOV.UK lists them. A copied list prints no dates; only "First published"
    is sure of its date (guessing the newest from "Last updated" would re-date it once a newer note comes)."""
    out = []
    for note in notes:
        when = note.public_timestamp
        if when is None and note.note.lower().startswith("first published"):
            when = fields.get("first_published_at")
        out.append(ChangeNote(str(when) if when else None, note.note))
    return tuple(out)
