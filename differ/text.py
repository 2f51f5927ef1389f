"""Text comparison for the differ: normalisation, masked tokens, similarity and typo tolerance.

Everything here is a pure function of strings; the differ calls it once per commitment and caches
the results for the length of one diff.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

# Curly quotes to straight ones, every dash to "-", the byte-order mark to a space: one translate.
_TRANSLATE = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "′": "'", "\ufeff": " "}
    | {d: "-" for d in "‐‑‒–—―−"}
)
_PER_CENT = re.compile(r"\s*(\bper\s*cent\b|\bpercent\b|%)")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")
_PUNCT = re.compile(r"[^\w\s%£\x00]")
_FIGURE = re.compile(r"£?[\d.]+(st|nd|rd|th|m|bn|k)?|%")

_MODAL_WORDS = frozenset(
    """will shall would could may might can must should aim aims aiming plan plans planning
    intend intends intending expect expects expected hope hopes commit commits committed consider
    considers considering explore explores exploring propose proposes proposing seek seeks seeking
    going has have had is are was were be been being""".split()
)
_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
    thousand million billion bn m k half quarter dozen""".split()
)
_DATE_WORDS = frozenset(
    """january february march april may june july august september october november december jan feb
    mar apr jun jul aug sep sept oct nov dec spring summer autumn winter""".split()
) - {"may"}  # "may" is a modal far more often than a month in these releases
# Words that carry no meaning on their own.
STOPWORDS = frozenset(
    """a an the and or of to in on for with by at from as that this these those its their our it
    also which who be will""".split()
)
ARTICLES = frozenset({"a", "an", "the"})
_MASKS = ("MOD", "#")
_SUFFIXES = ("ing", "ed", "es", "s")  # tried in this order


def normalise(text: str | None) -> str:
    """Casefold, straight quotes, one dash, '%' for 'per cent', punctuation out, spaces collapsed."""
    if not text:
        return ""
    # ASCII is already NFKC and holds no curly quote, dash or BOM: skip both passes.
    t = text.lower() if text.isascii() else unicodedata.normalize("NFKC", text).translate(_TRANSLATE).casefold()
    if "%" in t or "per" in t:
        t = _PER_CENT.sub("%", t)
    if "," in t:
        t = _THOUSANDS.sub("", t)  # 10,000 -> 10000
    if "&" in t:
        t = t.replace("&", " and ")
    if "." in t:
        t = _DECIMAL.sub("\x00", t)  # keep decimal points through punctuation removal
    t = _PUNCT.sub(" ", t)
    if "\x00" in t:
        t = t.replace("\x00", ".")
    return " ".join(t.split())


_IZE = re.compile(r"iz(e|es|ed|ing|ation|ations)$")


def stem(token: str) -> str:
    """A crude suffix stripper: enough to see 'publish' and 'published' as one word (and -ize as -ise)."""
    if "iz" in token:
        token = _IZE.sub(r"is\1", token)
    if len(token) > 5 and token.endswith(_SUFFIXES):
        for suffix in _SUFFIXES:
            if token.endswith(suffix) and len(token) - len(suffix) >= 4:
                token = token[: -len(suffix)]
                break
    if len(token) > 4 and token.endswith("e"):
        token = token[:-1]
    return token


@lru_cache(maxsize=4096)
def _span_pattern(span: str) -> re.Pattern[str]:
    # Flexible spacing: the parser may have collapsed spaces, and "5 %" is "5%".
    return re.compile(r"\s+".join(re.escape(w) for w in span.split()).replace("%", r"\s*%"), re.IGNORECASE)


def _strip_spans(text: str, spans: list[str]) -> str:
    """Blank out figure, programme and actor spans the parser found, longest first."""
    for span in sorted({s for s in spans if s and len(s.strip()) > 1}, key=len, reverse=True):
        text = _span_pattern(span).sub(" # ", text)
    return text


def masked_tokens(text: str, spans: list[str] | None = None, *, mask_figures: bool = True) -> list[str]:
    """Normalised, stemmed tokens with modal verbs ('MOD') and figures ('#') masked.

    `spans` (figures and names the parser found) are always masked; with mask_figures=False other
    numbers and month names stay literal, so a figure the parser missed still shows as wording.
    """
    raw = normalise(_strip_spans(text, spans) if spans else text)
    out: list[str] = []
    for tok in raw.split():
        if tok in _MODAL_WORDS:
            tok = "MOD"
        elif mask_figures and (tok in _NUMBER_WORDS or tok in _DATE_WORDS or _FIGURE.fullmatch(tok)):
            tok = "#"
        elif tok == "to" and out and out[-1] == "MOD":
            continue  # "aims to publish" reads as "will publish"
        else:
            tok = stem(tok)
        if out and tok in _MASKS and out[-1] == tok:
            continue
        out.append(tok)
    return out


def content_words(tokens: list[str]) -> set[str]:
    """The tokens that carry meaning: no masks, no stopwords."""
    return {t for t in tokens if t not in _MASKS and t not in STOPWORDS}


def _osa_distance(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbouring letters as one edit."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def is_typo_fix(a: str, b: str) -> bool:
    """One word corrected: one edit (a swapped pair counts as one), long words, same start.

    Two edits already turn real words into other real words (extend/expand, review/revise).
    """
    if a == b:
        return True
    if not (a.isalpha() and b.isalpha()) or len(a) < 5 or len(b) < 5 or abs(len(a) - len(b)) > 2 or a[:2] != b[:2]:
        return False
    return _osa_distance(a, b) <= 1


def tokens_equivalent(old: list[str], new: list[str]) -> bool:
    """Equal token lists, or lists that differ by one typo fix or one joined/split word."""
    if old == new:
        return True
    ops = [op for op in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if op[0] != "equal"]
    if len(ops) != 1 or ops[0][0] != "replace":
        return False
    _, i1, i2, j1, j2 = ops[0]
    a, b = old[i1:i2], new[j1:j2]
    if len(a) == 1 and len(b) == 1:
        return is_typo_fix(a[0], b[0])
    return "".join(a) == "".join(b)  # "well being" -> "wellbeing"


def text_equivalent(old: str | None, new: str | None) -> bool:
    """Same text up to typography, case, punctuation and one typo fix."""
    a, b = normalise(old).split(), normalise(new).split()
    return a == b or tokens_equivalent(a, b)


def jaccard(a: set[str], b: set[str]) -> float:
    """Shared share of two word sets; two empty sets are the same."""
    union = len(a | b)
    return len(a & b) / union if union else 1.0


def _index(b: list[str]) -> dict[str, list[int]]:
    """Positions of each token in `b`, ascending: difflib's b2j without junk."""
    b2j: dict[str, list[int]] = {}
    for j, tok in enumerate(b):
        b2j.setdefault(tok, []).append(j)
    return b2j


def _matched(a: list[str], b2j: dict[str, list[int]], len_b: int) -> int:
    """Tokens in difflib's matching blocks of `a` against `b` (autojunk off, no junk).

    The same recursion as SequenceMatcher.get_matching_blocks (longest block, earliest in `a` then
    `b`, then both sides of it), without its bookkeeping: only the total is needed for a ratio.
    """
    total = 0
    todo = [(0, len(a), 0, len_b)]
    while todo:
        alo, ahi, blo, bhi = todo.pop()
        besti, bestj, bestsize = alo, blo, 0
        j2len: dict[int, int] = {}
        for i in range(alo, ahi):
            get = j2len.get
            new_j2len = {}
            for j in b2j.get(a[i], ()):
                if j < blo:
                    continue
                if j >= bhi:
                    break
                k = new_j2len[j] = get(j - 1, 0) + 1
                if k > bestsize:
                    besti, bestj, bestsize = i - k + 1, j - k + 1, k
            j2len = new_j2len
        if bestsize:
            total += bestsize
            if alo < besti and blo < bestj:
                todo.append((alo, besti, blo, bestj))
            if besti + bestsize < ahi and bestj + bestsize < bhi:
                todo.append((besti + bestsize, ahi, bestj + bestsize, bhi))
    return total


def sequence_ratio(a: list[str], b: list[str], b2j: dict[str, list[int]] | None = None) -> float:
    """difflib.SequenceMatcher(None, a, b, autojunk=False).ratio(), computed the same way but faster."""
    length = len(a) + len(b)
    if not length:
        return 1.0
    return 2.0 * _matched(a, b2j if b2j is not None else _index(b), len(b)) / length


def similarity(a: list[str], b: list[str]) -> float:
    """Mean of content-word Jaccard and the token-sequence ratio of two masked token lists."""
    return (jaccard(content_words(a), content_words(b)) + sequence_ratio(a, b)) / 2


def similarity_matrix(rows: list[list[str]], cols: list[list[str]]) -> list[list[float]]:
    """`similarity` of every row against every column, equal to calling it pair by pair.

    Faster: content words and each column's token index are computed once, not once a pair.
    """
    row_words = [content_words(r) for r in rows]
    out = [[0.0] * len(cols) for _ in rows]
    for j, col in enumerate(cols):
        b2j, col_words = _index(col), content_words(col)
        for i, row in enumerate(rows):
            out[i][j] = (jaccard(row_words[i], col_words) + sequence_ratio(row, col, b2j)) / 2
    return out


def containment(part: set[str], whole: set[str]) -> float:
    """Share of `part` found in `whole`."""
    return len(part & whole) / len(part) if part else 0.0


def _spells(acronym: str, words: list[str]) -> bool:
    """Whether `words` are the expansion of `acronym`, small words skipped or not ("send" = special ... disability)."""
    if not (2 <= len(acronym) <= 8 and acronym.isalpha()) or len(words) < 2:
        return False
    initials = "".join(w[0] for w in words if w)
    content = "".join(w[0] for w in words if w and w not in STOPWORDS)
    return acronym in (initials, content)


def _acronym_beside_typo(a: list[str], b: list[str], old: list[str], *, new: list[str], i1: int, j1: int,
                         typos: int) -> bool:
    """"disabillity (SEND)" -> "disability": a bracketed acronym dropped (or added) next to a corrected word."""
    longer, shorter, seq, start = (a, b, old, i1) if len(a) > len(b) else (b, a, new, j1)
    for at in (len(longer) - 1, 0):
        rest = longer[:at] + longer[at + 1:]
        fixed = sum(x != y for x, y in zip(rest, shorter))
        if fixed > typos or not all(x == y or is_typo_fix(x, y) for x, y in zip(rest, shorter)):
            continue
        context = seq[max(0, start + at - 10):start + at]
        if any(_spells(longer[at], context[k:]) for k in range(len(context))):
            return True
    return False


def acronym_equivalent(old: list[str], new: list[str]) -> bool:
    """Token lists equal once acronyms and their expansions are read as one ("EHC" = "education, health and care (EHC)")."""
    ops = [op for op in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if op[0] != "equal"]
    typos = 1  # one corrected misspelling alongside is still cosmetic
    for _, i1, i2, j1, j2 in ops:
        a, b = old[i1:i2], new[j1:j2]
        if len(a) == 1 and len(b) == 1 and typos and is_typo_fix(a[0], b[0]):
            typos -= 1
            continue
        if a and b and abs(len(a) - len(b)) == 1 and _acronym_beside_typo(a, b, old, new=new, i1=i1, j1=j1,
                                                                          typos=typos):
            typos = 0
            continue
        if a and b:  # an acronym replaced by its expansion, or the reverse
            short, long_ = (a, b) if len(a) <= len(b) else (b, a)
            if len(short) != 1:
                return False
            expansion = [w for w in long_ if w != short[0]]
            if not _spells(short[0], expansion):
                return False
            continue
        inserted, seq, start, end = (a, old, i1, i2) if a else (b, new, j1, j2)
        if len(inserted) == 1:  # "(EHC)" added after its unchanged expansion
            before = seq[max(0, start - 10):start]
            if not any(_spells(inserted[0], before[k:]) for k in range(len(before))):
                return False
        else:  # the expansion added before (or after) an unchanged acronym
            neighbours = [seq[end]] if end < len(seq) else []
            neighbours += [seq[start - 1]] if start > 0 else []
            if not any(_spells(n, inserted) for n in neighbours):
                return False
    return True


# The modal verbs that decide how firm a statement is ("will" firm; "could", "aims to" hedged).
FIRM_MODALS = frozenset("will shall must".split())
HEDGED_MODALS = frozenset(
    """would could may might should aim aims aiming plan plans planning intend intends intending expect expects
    hope hopes consider considers considering explore explores exploring propose proposes seek seeks""".split()
)


def modals(text: str) -> list[str]:
    """The modal words of a text in order, normalised ("won't" reads as "will not" upstream)."""
    return [t for t in normalise(text).split() if t in FIRM_MODALS or t in HEDGED_MODALS]


def firmness_of(words: list[str]) -> str | None:
    """"firm" or "hedged" by the first modal word, or None without one."""
    for w in words:
        return "firm" if w in FIRM_MODALS else "hedged"
    return None
