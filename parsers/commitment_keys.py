"""Commitment keys: stable across re-costing, re-dating, softening, case, quote styles and typo fixes."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import groupby

from parsers.folding import guarded
from parsers.money import MONEY
from parsers.record import stable_hash

_KEY_ACTORS = (
    (guarded(r"\b(?:this|the|our)\s+government\b|\bgovernment\b|\bwe\b"), " government "),
    (guarded(r"\b(?:the\s+)?department\s+for\s+education\b|\bdfe\b|\bthe\s+department\b"), " dfe "),
)
_KEY_WORD = re.compile(r"[a-z]+")
_KEY_DROP = frozenset(
    """will would shall should may might could can must plan plans planned planning aim aims
    aiming aimed expect expects expecting intend intends intending hope hopes hoping seek seeks
    seeking want wants propose proposes proposing consider considers considering considered is
    are am was were be been being has have had having going set due to also now already today
    further still then currently recently soon shortly continue continues continued continuing
    commit commits committed committing remain remains the an this that these those its our
    their over nearly almost around about approximately roughly more than less fewer up least
    extra additional another some just total estimated record per cent percent year years month
    months week weeks day days by in on from since until till before during for within end start
    beginning early late mid later earlier next last coming financial academic calendar
    january february march april may june july august september october november december jan
    feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday spring summer autumn winter term th st nd rd one two three four five six
    seven eight nine ten eleven twelve twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million billion trillion bn mn tn""".split()
)
_NO_VOWELS = str.maketrans("", "", "aeiou")


@lru_cache(maxsize=65536)
def _key_token(word: str) -> str:
    if len(word) > 4:
        for suffix in ("ing", "ed", "es", "s"):
            if word.endswith(suffix) and not word.endswith("ss"):
                word = word[: -len(suffix)]
                break
    # A consonant skeleton with doubled letters collapsed survives most typos and their fixes
    # ("accomodation"/"accommodation", "recieve"/"receive").
    skeleton = word[0] + word[1:].translate(_NO_VOWELS)
    return "".join(ch for ch, _ in groupby(skeleton))


def commitment_key(text: str) -> str:
    """A stable key for a commitment: survives re-costing, re-dating, softening, case, spacing,
    quote styles and most typo fixes, so the differ can follow one commitment across versions."""
    lowered = text.lower().replace("’", "'")
    if "£" in lowered:
        lowered = MONEY.sub(" ", lowered)
    for pattern, replacement in _KEY_ACTORS:
        lowered = pattern.sub(replacement, lowered)
    tokens = [w for w in _KEY_WORD.findall(lowered) if len(w) > 1 and w not in _KEY_DROP]
    return stable_hash(" ".join(_key_token(w) for w in tokens))
