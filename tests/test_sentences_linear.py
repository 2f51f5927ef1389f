"""Sentence splitting is linear in paragraph length (issue 9, D2): one long paragraph, many stops."""

from __future__ import annotations

import time

from parsers.sentences import split_sentences

# Full stops of every kind the splitter weighs: real ends, abbreviations, initials, numbers.
_UNIT = ("The department will fund 12 new schools by 2026. Dr. Smith said e.g. more places are needed. "
         "J. Jones confirmed £1.6bn for No. 10 priorities. Councils will publish plans! ")


def _paragraph(kb: int) -> str:
    reps = kb * 1024 // len(_UNIT) + 1
    return (_UNIT * reps)[: kb * 1024]


_calls = iter(range(10**9))


def _seconds(text: str) -> float:
    text += f" Run {next(_calls)}."  # split_sentences caches by text: each timing needs a new one
    t0 = time.process_time()
    split_sentences(text)
    return time.process_time() - t0


def test_a_320_kb_paragraph_splits_in_under_a_second():
    assert _seconds(_paragraph(320)) < 1.0


def test_time_per_kb_is_flat_from_20_to_320_kb():
    small = min(_seconds(_paragraph(20)) for _ in range(5)) / 20
    large = _seconds(_paragraph(320)) / 320
    assert large < 3 * max(small, 1e-6)


def test_abbreviations_and_initials_still_hold_the_sentence():
    assert split_sentences("Dr. Smith met J. Jones. They agreed No. 10 will act.") == [
        "Dr. Smith met J. Jones.", "They agreed No. 10 will act."]
