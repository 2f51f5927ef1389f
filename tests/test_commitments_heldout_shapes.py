"""Commitment shapes found in held-out real text (joint actors, document descriptions, lead-ins,
"committed to"), each written here in our own sentences with the same structure."""

from __future__ import annotations

import pytest

from parsers.commitments import extract_commitments
from parsers.record import Commitment, Section, SectionItem

PUBLISHED = "2025-03-12T09:30:00+00:00"


def _all(*paragraphs: str) -> tuple[Commitment, ...]:
    section = Section(None, "body", tuple(SectionItem(p) for p in paragraphs))
    return extract_commitments((section,), (), published=PUBLISHED)


def _actors(*paragraphs: str) -> list[str | None]:
    return [c.actor for c in _all(*paragraphs)]


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("Ofsted and the Care Quality Commission (CQC) have today opened a consultation on joint area visits.",
         "Ofsted and Care Quality Commission"),
        ("Ofsted and CQC will visit twenty local areas this spring.", "Ofsted and Care Quality Commission"),
        ("The Department for Education and Ofsted will publish the revised handbook in June.",
         "Department for Education and Ofsted"),
    ],
)
def test_joint_named_bodies_keep_both(sentence, actor):
    assert _actors(sentence) == [actor]


def test_a_body_after_a_preposition_is_not_joined():
    assert _actors("Working with Ofsted and the CQC will publish a new handbook.") != ["Ofsted and Care Quality Commission"]
