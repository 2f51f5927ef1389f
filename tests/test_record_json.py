"""A record's stored form (its JSON and content hash through orjson) is exactly the stdlib's."""

from __future__ import annotations

import dataclasses
import json
import typing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import parse_content_item, parse_text
from parsers import record as rec
from parsers.record import Announcement, Commitment, Figure, Money, Quantity

FIXTURES = Path(__file__).parent / "fixtures"


def _stdlib_form(record: Announcement) -> tuple[str, str]:
    plain = record.to_dict()
    return json.dumps(plain, ensure_ascii=False), Announcement.hash_of(plain)


def _fixture_records() -> list[Announcement]:
    records = [parse_content_item(json.loads(p.read_text(encoding="utf-8")))
               for p in sorted((FIXTURES / "govuk").rglob("*.json"))]
    records.append(parse_text((FIXTURES / "send-nao-response-2024.txt").read_text(encoding="utf-8")))
    return records


def test_stored_form_matches_the_stdlib_json_and_hash_on_every_fixture():
    records = _fixture_records()
    assert len(records) >= 10
    for record in records:
        raw, digest = record.stored_form()
        plain_json, plain_hash = _stdlib_form(record)
        assert json.loads(raw) == json.loads(plain_json), record.base_path
        assert digest == plain_hash == record.content_hash(), record.base_path


def _with_figures(amount: float | None, value: float, figure: float | None, text: str = "Pupils") -> Announcement:
    commitment = Commitment(key="k", text=text, actor="DfE", action="fund", modality="will", firmness="firm",
                            status="planned", section=None, money=(Money("£x", amount),),
                            quantities=(Quantity("x", value, "schools"),))
    return Announcement(title=text, content_id="c", base_path="/p", commitments=(commitment,),
                        figures=(Figure("money", "x", figure, "GBP", text),))


@pytest.mark.parametrize("amount, value, figure, text", [
    (float("nan"), 1.0, 1.0, "plain"),
    (1.0, float("inf"), 1.0, "plain"),
    (1.0, 1.0, float("-inf"), "plain"),
    (1e-5, 1.0, 1.0, "plain"),  # orjson writes 0.00001, json 1e-05
    (1.0, 9.9e-10, 1.0, "plain"),
    (60_000_000.0, 1_600.0, 2.3e9, "ordinary"),
    (1e16, 1e-300, 5e-324, "\x00\x1f\x7f\u2028 é £ \"quoted\" \\ back"),
])
def test_awkward_values_give_the_stdlib_json_and_hash(amount, value, figure, text):
    record = _with_figures(amount, value, figure, text)
    raw, digest = record.stored_form()
    plain_json, plain_hash = _stdlib_form(record)
    assert digest == plain_hash
    assert raw == plain_json or json.loads(raw) == json.loads(plain_json)


def test_an_integer_beyond_64_bits_takes_the_stdlib_path():
    record = dataclasses.replace(_with_figures(1.0, 1.0, 1.0), commitments=(), title=None, problems=(str(2**70),))
    record = dataclasses.replace(record, figures=(Figure("quantity", "x", 2**70, None, "s"),))  # type: ignore[arg-type]
    assert record.stored_form() == _stdlib_form(record)


def _float_fields(cls: type, path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """Paths from Announcement to every field that can hold a float."""
    found: set[tuple[str, ...]] = set()
    for name, hint in typing.get_type_hints(cls).items():
        args = set(typing.get_args(hint)) | {hint}
        inner = {a for arg in args for a in typing.get_args(arg)} | args
        if float in inner:
            found.add(path + (name,))
        for kind in inner:
            if dataclasses.is_dataclass(kind):
                found |= _float_fields(kind, path + (name,))
    return found


def test_every_float_field_of_a_record_is_checked_before_the_fast_path():
    # A new float field must join FLOAT_FIELDS (and _floats_alike), or its NaNs would hash differently.
    assert _float_fields(Announcement) == set(rec.FLOAT_FIELDS)


@pytest.mark.parametrize("text", ["plain words", "£1.3 billion “quoted” – dash", "\x00\x1f\x7f\u2028\\\"/\t\n",
                                  "".join(map(chr, range(0x20, 0x3000)))])
def test_canonical_json_of_a_string_is_the_stdlib_one(text):
    assert rec.canonical_json(text) == json.dumps(text, separators=(",", ":"), ensure_ascii=False)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-2**70, max_value=2**70) | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_canonical_json_is_json_dumps_sorted_and_compact_whatever_the_value(value):
    # Every content hash and stored figure list is canonical_json: its fast path must never change a byte.
    try:
        expected = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    except (ValueError, UnicodeEncodeError) as err:
        with pytest.raises(type(err)):
            rec.canonical_json(value)
        return
    assert rec.canonical_json(value) == expected


def test_canonical_json_writes_every_character_and_every_magnitude_of_float_as_json_dumps_does():
    def dumped(value):
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)

    text = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert rec.canonical_json({text[::-1]: text, "k": [text]}) == dumped({text[::-1]: text, "k": [text]})
    floats = [sign * mantissa * 10.0 ** exponent for sign in (1, -1) for exponent in range(-320, 309)
              for mantissa in (1, 1.5, 2.5e-3, 3.141592653589793, 9.999999999999999)]
    assert rec.canonical_json(floats) == dumped(floats)
