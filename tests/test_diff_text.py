"""Property tests for the differ's building blocks: optimal assignment, sequence ratio, normalisation."""

from __future__ import annotations

import difflib
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from differ.assignment import hungarian
from differ.text import normalise, sequence_ratio, text_equivalent

costs = st.integers(min_value=1, max_value=5).flatmap(
    lambda n: st.integers(min_value=1, max_value=5).flatmap(
        lambda m: st.lists(st.lists(st.floats(0, 1, allow_nan=False), min_size=m, max_size=m), min_size=n, max_size=n)))


@settings(max_examples=200, deadline=None)
@given(costs)
def test_hungarian_finds_the_minimum_cost_assignment(cost):
    pairs = hungarian(cost)
    n, m = len(cost), len(cost[0])
    assert len(pairs) == min(n, m)
    assert len({r for r, _ in pairs}) == len({c for _, c in pairs}) == len(pairs)
    best = min(sum(cost[r][c] for r, c in zip(rows, cols))
               for rows in itertools.permutations(range(n), min(n, m))
               for cols in itertools.permutations(range(m), min(n, m)))
    assert abs(sum(cost[r][c] for r, c in pairs) - best) < 1e-9


words = st.lists(st.sampled_from(["will", "fund", "schools", "£740m", "by", "2026", "councils", "the"]), max_size=12)


@settings(max_examples=300, deadline=None)
@given(words, words)
def test_sequence_ratio_equals_difflib(a, b):
    assert abs(sequence_ratio(a, b) - difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()) < 1e-9


def test_typography_alone_is_equivalent_and_a_real_edit_is_not():
    before = 'The department will publish a "toolkit"  for schools - by 2026.'
    after = "The Department will publish a \u201ctoolkit\u201d for schools \u2013 by 2026."
    assert normalise(before) == normalise(after)
    assert text_equivalent(before, after)
    assert not text_equivalent(before, before.replace("publish", "consider publishing"))
