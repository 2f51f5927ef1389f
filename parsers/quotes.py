"""Quotes: lead-ins ("Education Secretary Bridget Phillipson said:") and the words that follow them."""

from __future__ import annotations

import re

from parsers.blocks import PARAGRAPH, QUOTE, Block
from parsers.record import Quote

_OPEN = "“‘\"'"
_CLOSE = "”’\"'"
_PAIR = {"“": "”", "‘": "’", '"': '"', "'": "'"}
_VERBS = r"(?:said|says|added|adds|commented|comments|explained|continued|stated|remarked|warned|announced)"

# "<who> said:" standing alone (a few lowercase words may sit between verb and colon: "said today:").
_LEAD_IN = re.compile(rf"^(?P<who>.+?)\s+(?:will\s+)?(?:{_VERBS}|say)(?:\s+[a-z][a-z ]{{0,30}})?\s*:$")
# "<who> said: “...”" in one paragraph.
_INLINE_LEAD = re.compile(rf"^(?P<who>[^“”\"]+?)\s+{_VERBS}(?:\s+[a-z][a-z ]{{0,30}})?\s*[:,]?\s*(?P<q>[“\"‘].+)$")
# "<who> said: words" in one paragraph with no quotation marks (copies drop them).
_INLINE_UNMARKED = re.compile(rf"^(?P<who>[^“”\"‘:]{{3,120}}?)\s+(?:{_VERBS}|says)(?:\s+[a-z][a-z ]{{0,30}})?\s*:\s+(?P<q>[A-Z].+)$")
# "“...,” said Timpson." / "“...,” Timpson said." with an optional second part: ", “...”".
_TRAILING = re.compile(
    rf"^(?P<o>[“\"‘])(?P<q>.+?)(?P<c>[”\"’])\s*,?\s*"
    rf"(?:{_VERBS}\s+(?P<who1>[^“”\"]+?)|(?P<who2>[^“”\"]+?)\s+{_VERBS})"
    rf"\s*(?:[.,]\s*(?P<q2>[“\"‘].+))?[.]?$"
)

# Role titles matched first, longest first (lower case, straight apostrophes).
KNOWN_ROLES = sorted(
    [
        "education secretary", "secretary of state for education", "minister for school standards",
        "minister of state for school standards", "children's minister", "children and families minister",
        "minister for children and families", "minister for children, families and wellbeing",
        "minister for early education", "early education minister", "early years minister",
        "skills minister", "minister for skills", "schools minister", "chief executive", "prime minister",
        "deputy prime minister", "chancellor", "chancellor of the exchequer", "chief inspector",
        "his majesty's chief inspector", "children's commissioner", "children's commissioner for england",
        "minister for women and equalities", "minister for apprenticeships and skills",
        "minister for children and families", "minister for higher and further education",
    ],
    key=len,
    reverse=True,
)
_ROLE_HEADS = frozenset(
    "minister secretary commissioner inspector executive chancellor officer director chair chairman "
    "chairwoman chairperson president leader adviser advisor champion headteacher principal ceo "
    "spokesperson spokesman spokeswoman".split()
)
_TITLES = frozenset("sir dame lord lady baroness baron dr professor prof cllr councillor mr mrs ms miss".split())
_PEERAGES = frozenset("lord lady baroness baron viscount earl".split())
_PARTICLES = frozenset("de van von der den da du le la di bin al".split())
_NOT_NAMES = frozenset(
    "the a an this that these he she they it we i his her their our its today commenting speaking "
    "responding writing education children schools school skills families state department government "
    "council report minister secretary ofsted england uk britain national local chief said and or of "
    "care services health standards learning inclusion development equalities women needs provision "
    "for in on at with".split()
)
_CONNECTORS = frozenset({"and", "of", "for", "the", "&", "to", "in"})
_PRONOUNS = frozenset({"he", "she", "they"})
_SURNAME_TITLE = re.compile(r"^(?:mr|mrs|ms|miss|dr|sir|dame)\.?\s+(?=\S+$)", re.IGNORECASE)
_ADVERB_AFTER = re.compile(r"\s+(?:also|further|later|then|too|herself|himself)$", re.IGNORECASE)
_HONORIFICS = re.compile(r"^(?:the\s+)?(?:rt\.?\s+hon\.?|right\s+honourable|hon\.?)\s+|\s+(?:mp|kc|qc|cbe|obe|mbe|dbe|kbe|frs|cmg|kcmg|gcmg|cb|kcb|gcb|mep|msp|phd)$",
                         re.IGNORECASE)


# Personal titles before a full name ("Dr Jane Smith"); knighthoods and peerages are kept as part of
# the name ("Dame Rachel de Souza", "Baroness Barran").
_PERSONAL_TITLE = re.compile(r"^(?:dr|prof|professor|mr|mrs|ms|miss|cllr|councillor)\.?\s+(?=\S+\s+\S)",
                             re.IGNORECASE)


def person_name(title: str) -> str:
    """'The Rt Hon Bridget Phillipson MP' -> 'Bridget Phillipson'; 'Dr Jane Smith OBE' -> 'Jane Smith'."""
    name = title.strip()
    while True:
        stripped = _PERSONAL_TITLE.sub("", _HONORIFICS.sub("", name).strip())
        if stripped == name:
            return name
        name = stripped


def is_person(text: str) -> bool:
    """Whether a name as a page lists it ("Jane Holloway MP", "The Rt Hon Jane Holloway") is a person."""
    return _is_name(person_name(text).split())


def speaker_name(text: str) -> str:
    """The person in a speaker line: "Dr Helen Marsh, Chair of the SEND Review Advisory Group" -> "Helen Marsh"."""
    resolved = _Who([]).resolve(text) if "," in text else None
    return resolved[0] if resolved and resolved[0] else person_name(text)


def byline_person(line: str) -> str | None:
    """The person of a by-line such as "Children and Families Minister Vicky Ford", else None."""
    if len(line.split()) > 12 or re.search(r"[.:;!?\"“”]", line):
        return None
    if _HONORIFICS.search(line) and is_person(line):
        return person_name(line)  # "The Rt Hon Damian Hinds MP" under a GOV.UK headline
    resolved = _Who([]).resolve(re.sub(r"^by\s+", "", line, flags=re.IGNORECASE))
    return resolved[0] if resolved and resolved[0] and (resolved[1] or line.lower().startswith("by ")) else None


def _fold(text: str) -> str:
    return text.replace("’", "'").lower()


def _is_name(tokens: list[str]) -> bool:
    tokens = _HONORIFICS.sub("", _HONORIFICS.sub("", " ".join(tokens)).strip()).split()  # "The Rt Hon … MP"
    peer = bool(tokens) and tokens[0].lower() in _PEERAGES  # "Baroness Smith of Malvern"
    while tokens and tokens[0].lower().rstrip(".") in _TITLES:
        tokens = tokens[1:]
    if not 1 <= len(tokens) <= 4:
        return False
    for tok in tokens:
        low = tok.lower()
        if low in _PARTICLES or (peer and low == "of"):
            continue
        if low in _NOT_NAMES or low in _ROLE_HEADS or not tok[:1].isupper() or not re.fullmatch(r"[\w'’.-]+", tok):
            return False
    return True


def _clean_role(role: str) -> str | None:
    role = role.strip(" ,")
    if role[:4].lower() == "the ":
        role = role[4:]
    return role or None


class _Who:
    """Resolves the words before "said" to (speaker, role), using the page's people when it can."""

    def __init__(self, people: list[str]) -> None:
        self.people = [person_name(p) for p in people if p]
        self.previous: tuple[str | None, str | None] = (None, None)
        self.speakers: dict[str, str | None] = {}  # earlier speakers' full names and roles, for a later "said Timpson"

    def resolve(self, who: str) -> tuple[str | None, str | None] | None:
        who = _ADVERB_AFTER.sub("", who.strip(" ,"))  # "She also said:"
        if who.lower() in _PRONOUNS:
            return self.previous
        clauses = [c.strip() for c in who.split(",") if c.strip()]
        if len(clauses) > 1 and clauses[-1].lower() in _PRONOUNS:
            return self.previous  # "Speaking at the conference, she said:"
        # "Bridget Phillipson, Secretary of State for Education," (role may hold commas itself)
        for j in range(len(clauses) - 1):
            if _is_name(clauses[j].split()):
                role = ", ".join(clauses[j + 1:])
                if j == 0 or self._role_head(role):
                    return self._canonical(clauses[j]), _clean_role(role)
        # "British High Commissioner to Pakistan, Jane Marriott CMG OBE,"
        if len(clauses) >= 2 and _is_name(clauses[-1].split()) and self._role_head(clauses[-2]):
            return self._canonical(clauses[-1]), _clean_role(clauses[-2])
        # "Minister for Children, Families and Wellbeing Claire Coutinho": the role holds the commas
        if len(clauses) >= 2 and self._role_head(clauses[0]):
            whole = self._role_name(who)
            if whole and whole[0]:
                return whole
        return self._role_name(clauses[-1]) if clauses else None

    def _role_head(self, text: str) -> bool:
        low = _fold(text)
        return any(w in _ROLE_HEADS for w in low.split()) or any(r in low for r in KNOWN_ROLES)

    def _canonical(self, name: str) -> str:
        """A surname or a name as written, mapped to the page's person when they match."""
        name = person_name(name)
        low = _SURNAME_TITLE.sub("", name).lower()  # "Mr Timpson" is Timpson
        for person in self.people + list(self.speakers):
            p = person.lower()
            if low == p or p.endswith(" " + low) or low.endswith(" " + p):
                return person
        return name

    def _role_name(self, text: str) -> tuple[str | None, str | None] | None:
        """'<Role> <Name>', '<Role>', '<Name>' (or a page person inside the text)."""
        low = text.lower()
        for person in self.people:  # a known person anywhere in the text splits it best
            p = person.lower()
            i = low.rfind(p)
            if i >= 0:
                return person, _clean_role(text[:i])
        for person in self.people:
            surname = person.rsplit(" ", 1)[-1].lower()
            if low.endswith(" " + surname) or low == surname:
                return person, _clean_role(text[: len(text) - len(surname)])
        tokens = text.split()
        if tokens and tokens[0].lower() == "the":
            tokens = tokens[1:]
        folded = _fold(" ".join(tokens))
        for role in KNOWN_ROLES:
            if folded == role or folded.startswith(role + " "):
                n = len(role.split())
                rest = tokens[n:]
                if not rest:
                    return self._sole_person(), " ".join(tokens)
                if _is_name(rest):
                    return self._canonical(" ".join(rest)), " ".join(tokens[:n])
        heads = [i for i, t in enumerate(tokens) if _fold(t) in _ROLE_HEADS]
        if heads:
            h = heads[-1]
            if h + 1 < len(tokens) and tokens[h + 1].lower() in ("for", "of"):
                # "Minister for X Y Firstname Lastname": the name is the last two words (three with a title)
                tail = tokens[h + 2:]
                take = 3 if len(tail) >= 4 and tail[-3].lower().rstrip(".") in _TITLES | _PARTICLES else 2
                # "...of Primary and Community Care": words after a connector still belong to the role
                if len(tail) > take and tail[-take - 1].lower() not in _CONNECTORS and _is_name(tail[-take:]):
                    return self._canonical(" ".join(tail[-take:])), " ".join(tokens[: len(tokens) - take])
                return self._sole_person(), " ".join(tokens)
            rest = tokens[h + 1:]
            if not rest:
                return self._sole_person(), " ".join(tokens)
            if _is_name(rest):
                return self._canonical(" ".join(rest)), " ".join(tokens[: h + 1])
            return None
        if _is_name(tokens):
            return self._canonical(" ".join(tokens)), None
        return None

    def _sole_person(self) -> str | None:
        return self.people[0] if len(self.people) == 1 else None


def _opens(text: str) -> bool:
    return bool(text) and text[0] in _OPEN


def _first_close(text: str, close: str) -> int:
    """Index of the first closing mark that is not an apostrophe inside a word (It’s), or -1."""
    i = text.find(close)
    while i >= 0 and close in "’'" and 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha():
        i = text.find(close, i + 1)
    return i


def _strip_marks(text: str) -> str:
    """Remove the quote's own surrounding marks, leaving marks that belong to words inside it."""
    text = text.strip()
    if text and text[0] in _OPEN:
        close = _PAIR[text[0]]
        body = text[1:].lstrip()
        end = _first_close(body, close)
        if end < 0:
            text = body  # an older-style paragraph: opens, the last one closes
        elif end == len(body) - 1:
            text = body[:-1].rstrip()
        elif end == len(body) - 2 and body[-1] in ".,":  # ...needed”.
            text = body[:-2] + body[-1]
        # else the opening mark quotes a title inside the text: keep it
    elif text and text[-1] in "”\"" and _first_close(text, text[-1]) == len(text) - 1:
        text = text[:-1].rstrip()
    if text.endswith(","):  # “We will,” said X.
        text = text[:-1]
    return text


def _closes(text: str) -> bool:
    t = text.rstrip(" .")
    return bool(t) and t[-1] in _CLOSE


# Unmarked paragraphs after a lead-in: how many at most, and what shows narrative has resumed.
_MAX_UNMARKED = 6
_FIRST_PERSON = re.compile(r"\b(?:I|I['’](?:m|ve|ll|d)|we|we['’](?:re|ve|ll|d)|our|ours|us|my|me|myself|ourselves)\b",
                           re.IGNORECASE)
# A paragraph that reports rather than speaks: an attribution, the speaker in the third person,
# page furniture, or the publishing body as the subject.
_NARRATIVE = re.compile(
    rf"\b(?:he|she)\s+(?:also\s+)?(?:{_VERBS}|has|had|was|will|is)\b"
    r"|\bthe\s+(?:minister|secretary\s+of\s+state|education\s+secretary|prime\s+minister)\b"
    r"|^(?:to\s+(?:read|find|see|learn)|for\s+more|find\s+out|read\s+(?:more|the)|more\s+information|see\s+|visit\s+"
    r"|notes?\s+to\s+editors|ends\b|the\s+(?:government|department)\b|ministers\b|dfe\b)",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")


def _names(resolved: tuple[str | None, str | None] | None) -> tuple[str, ...]:
    """Lower-case name, surname and role of a speaker, to spot them named in narrative."""
    if not resolved:
        return ()
    speaker, role = resolved
    out = [speaker.lower(), speaker.lower().rsplit(" ", 1)[-1]] if speaker else []
    return tuple(out + ([role.lower()] if role else []))


_SENTENCE_END = re.compile(r"[.!?…”’\"')]\s*$")
_SHORT_QUESTION = re.compile(r"^(?:\S+\s+){0,11}\S+\?$")


def _speaker_goes_on(text: str, names: tuple[str, ...], last: bool = False) -> bool:
    """Whether an unmarked paragraph after a quoted one is still the speaker's words.

    Speakers talk in the first person and in whole sentences; narrative names them in the third
    person, reports statistics and the publisher's own work, opens a new quote, or starts a new
    part under a heading (a line with no full stop; only the cut-off end of a text lacks one)."""
    if not text or text[0] in _OPEN or text.rstrip().endswith(":") or _TRAILING.match(text):
        return False
    if (not last and not _SENTENCE_END.search(text)) or (_SHORT_QUESTION.match(text) and not _FIRST_PERSON.search(text)):
        return False
    low = text.lower()
    if any(re.search(rf"\b{re.escape(name)}\b", low) for name in names):
        return False
    if _NARRATIVE.search(text):
        return False
    if _FIRST_PERSON.search(text):
        return True
    return _DIGIT.search(text) is None


def find_quotes(blocks: list[Block], people: list[str] = ()) -> tuple[Quote, ...]:
    """Every quote in the body, in order; consecutive blockquotes after a lead-in are one quote."""
    who = _Who(list(people))
    quotes: list[Quote] = []
    n = len(blocks)

    def emit(speaker_role, paragraphs: list[str], position: int, lead_in: str | None) -> None:
        paras = tuple(p for p in (_strip_marks(p) for p in paragraphs) if p)
        if not paras:
            return
        speaker, role = speaker_role if speaker_role else (None, None)
        if speaker and role is None:
            role = who.speakers.get(speaker)  # "..., said Timpson." after "Children's Minister Edward Timpson said:"
        quotes.append(Quote(speaker, role, "\n\n".join(paras), paras, position, lead_in))
        if speaker or role:
            who.previous = (speaker, role)
            if speaker and " " in speaker and who.speakers.get(speaker) is None:
                who.speakers[speaker] = role

    def following(start: int, first_open: bool, names: tuple[str, ...] = ()) -> list[int]:
        """Indexes of the quote after a lead-in: blockquote blocks, else quote-opening paragraphs."""
        taken: list[int] = []
        i = start
        if i < n and blocks[i].kind == QUOTE:
            while i < n and blocks[i].kind == QUOTE:
                taken.append(i)
                i += 1
            return taken
        # Older pages open every paragraph with a mark and close only the last one; newer ones
        # close each. Either way the run of quote-opening paragraphs is the speaker's.
        while i < n and blocks[i].kind == PARAGRAPH and _opens(blocks[i].text) and not _TRAILING.match(blocks[i].text):
            taken.append(i)
            i += 1
        if taken and not _closes(blocks[taken[-1]].text):
            # Opened and not yet closed: the words run on to the paragraph that closes the mark.
            j = i
            while j < n and j - i < _MAX_UNMARKED and blocks[j].kind == PARAGRAPH and not _opens(blocks[j].text):
                if _closes(blocks[j].text):
                    taken.extend(range(i, j + 1))
                    break
                j += 1
        if not taken and not first_open and i < n and blocks[i].kind == PARAGRAPH:
            # A lead-in followed by unmarked paragraphs (copied pages lose the marks; blogs omit
            # them): the speaker's words run on until narrative resumes.
            taken.append(i)
            i += 1
            while (i < n and blocks[i].kind == PARAGRAPH and len(taken) < _MAX_UNMARKED
                   and _speaker_goes_on(blocks[i].text, names, i == n - 1)):
                taken.append(i)
                i += 1
        return taken

    i = 0
    while i < n:
        block = blocks[i]
        if block.kind not in (PARAGRAPH, QUOTE):
            i += 1
            continue
        text = block.text
        if block.kind == PARAGRAPH:
            m = _LEAD_IN.match(text)
            if m and len(text) <= 300:  # long lead-ins say where and when: "Speaking at …, X said:"
                resolved = who.resolve(m.group("who"))
                idx = following(i + 1, False, _names(resolved))
                if idx:
                    emit(resolved, [blocks[j].text for j in idx], idx[0], text)
                    i = idx[-1] + 1
                    continue
            m = _TRAILING.match(text)
            if m:
                quote = m.group("o") + m.group("q") + m.group("c")
                if m.group("q2"):  # “A,” said X, “B.”: one quote in two parts
                    quote = m.group("q") + " " + _strip_marks(m.group("q2"))
                resolved = who.resolve(m.group("who1") or m.group("who2"))
                if resolved is not None:
                    emit(resolved, [quote], i, None)
                    i += 1
                    continue
            m = _INLINE_LEAD.match(text)
            if m:
                resolved = who.resolve(m.group("who"))
                if resolved is not None:
                    first = m.group("q")
                    paragraphs = [first]
                    last = i
                    if not _closes(first):
                        idx = following(i + 1, True)
                        paragraphs += [blocks[j].text for j in idx]
                        last = idx[-1] if idx else i
                    emit(resolved, paragraphs, i, text[: m.start("q")].strip())
                    i = last + 1
                    continue
            m = _INLINE_UNMARKED.match(text)
            if m:
                resolved = who.resolve(m.group("who"))
                if resolved is not None and (resolved[0] or resolved[1]):
                    idx = following(i + 1, True, _names(resolved))
                    if not idx:
                        j = i + 1
                        while (j < n and blocks[j].kind == PARAGRAPH and j - i < _MAX_UNMARKED
                               and _speaker_goes_on(blocks[j].text, _names(resolved), j == n - 1)):
                            idx.append(j)
                            j += 1
                    emit(resolved, [m.group("q")] + [blocks[j].text for j in idx], i, text[: m.start("q")].strip())
                    i = (idx[-1] if idx else i) + 1
                    continue
        if block.kind == QUOTE:
            # A blockquote with no lead-in: the speaker is unknown, but the words are still a quote.
            idx = following(i, True)
            emit(None, [blocks[j].text for j in idx], i, None)
            i = idx[-1] + 1
            continue
        i += 1
    return tuple(quotes)

