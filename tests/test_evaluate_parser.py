"""Specifications of the parser scorer (scoring/parser_eval.py) and of the labelled set in eval/parser/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scoring.parser_eval import (
    DEFAULT_EVAL_DIR,
    INPUT_NAMES,
    compare_field,
    find_input,
    format_report,
    input_text,
    list_cases,
    main,
    match_commitments,
    normalise_text,
    score,
    score_document,
    score_figures,
    score_quotes,
    units_match,
    validate_expected,
)
from parsers.record import Announcement, Commitment, DateRef, Figure, Money, Quantity, Quote

CASES = list_cases(DEFAULT_EVAL_DIR)


def commitment(text: str, position: int, **fields) -> Commitment:
    base = dict(key=f"k{position}", text=text, actor=None, action=None, modality=None, firmness="firm",
                status="planned", section=None, position=position)
    base.update(fields)
    return Commitment(**base)


def expected_commitment(anchor: str, **fields) -> dict:
    base = {"anchor": anchor, "actor": "Department for Education", "modality": "will", "firmness": "firm",
            "status": "planned", "money": [], "quantities": [], "dates": [], "programmes": []}
    base.update(fields)
    return base


def test_normalise_text_folds_quotes_dashes_case_and_whitespace():
    assert normalise_text("  The NAO\u2019s report \u2013 \u201cfailing\u201d\n\tfamilies\ufeff ") == "the nao's report - \"failing\" families"


def test_match_commitments_takes_earliest_containing_prediction_in_document_order():
    predicted = [
        commitment("We will publish guidance later this year.", 2),
        commitment("The Department will strengthen accountability on mainstream settings.", 0),
        commitment("We will also publish a toolkit.", 1),
    ]
    expected = [expected_commitment("strengthen accountability on mainstream"), expected_commitment("publish")]
    assert match_commitments(expected, predicted) == [(1, "anchor"), (2, "anchor")]


def test_match_commitments_uses_each_prediction_once_so_an_unsplit_list_loses_recall():
    predicted = [commitment("DfE will strengthen accountability, support the workforce and encourage units.", 0)]
    expected = [expected_commitment("strengthen accountability"), expected_commitment("support the workforce"),
                expected_commitment("encourage units")]
    assert match_commitments(expected, predicted) == [(0, "anchor"), (None, None), (None, None)]


def test_match_commitments_falls_back_to_token_overlap_at_threshold():
    predicted = [commitment("We will publish the national standards in 2025.", 0),
                 commitment("Councils must publish a local offer.", 1)]
    # 3 of 5 anchor words (0.6) in the first prediction; 2 of 5 in the second.
    expected = [expected_commitment("publish new national standards quickly"),
                expected_commitment("councils should publish offers online today")]
    assert match_commitments(expected, predicted) == [(0, "overlap"), (None, None)]


def test_compare_field_applies_the_documented_folding():
    c = commitment(
        "x", 0, actor="The Department for Education", modality="have", speaker="The Rt Hon Bridget Phillipson MP",
        money=(Money("£740 million", 740_000_000.0), Money("£1.6bn", 1_600_000_000.0)),
        quantities=(Quantity("over 50 local authorities", 50, "local authorities"), Quantity("20%", 20, "%")),
        dates=(DateRef("2024-25", "2024-04-01", "2025-03-31", "financial_year"), DateRef("by 2028", None, "2028-12-31")),
        programmes=("Nuffield Early Language Intervention (NELI)", "Ofsted"),
    )
    results = {
        "actor": compare_field("actor", "Department for Education", c),
        "modality": compare_field("modality", "has", c),
        "speaker": compare_field("speaker", "Bridget Phillipson", c),
        "money": compare_field("money", [1600000000, 740000000], c),
        "money_extra": compare_field("money", [740000000], c),
        "quantities": compare_field("quantities", [[50, "local authority"], [20, "per cent"]], c),
        "quantities_wrong_unit": compare_field("quantities", [[50, "schools"], [20, "per cent"]], c),
        "dates": compare_field("dates", [[None, "2028-12-31"], ["2024-04-01", "2025-03-31"]], c),
        "programmes": compare_field("programmes", ["Nuffield Early Language Intervention", "ofsted"], c),
        "programmes_missing": compare_field("programmes", ["Delivering Better Value"], c),
        "programmes_none_expected": compare_field("programmes", [], c),
    }
    assert results == {
        "actor": True, "modality": True, "speaker": True, "money": True, "money_extra": False,
        "quantities": True, "quantities_wrong_unit": False, "dates": True, "programmes": True,
        "programmes_missing": False, "programmes_none_expected": True,
    }


def test_units_match_is_casefold_plural_insensitive_containment():
    pairs = [("schools", "special schools"), ("Local Authorities", "local authority"), ("per cent", "%"),
             ("places", "schools"), ("early years SENCOs", "SENCO")]
    assert [units_match(e, p) for e, p in pairs] == [True, True, True, False, True]


def test_score_document_whole_result():
    expected = {
        "document_type": "press_release", "published": "2024-10-24",
        "quotes": [{"speaker": "Bridget Phillipson", "role": "Education Secretary",
                    "starts_with": "The NAO's report exposes", "paragraphs": 2}],
        "commitments": [
            expected_commitment("strengthen accountability on mainstream settings", programmes=["Ofsted"]),
            expected_commitment("publishing a toolkit", actor="the Government", modality="is", status="ongoing"),
            expected_commitment("work with the sector"),
        ],
        "figures": [{"kind": "money", "value": 740000000}, {"kind": "quantity", "value": 11100, "unit": "schools"}],
    }
    predicted = Announcement(
        quotes=(Quote("Bridget Phillipson", "Secretary of State for Education", "\u201cThe NAO\u2019s report exposes a system\n\nEvery child",
                      paragraphs=("The NAO's report exposes a system", "Every child")),),
        commitments=(
            commitment("The Department for Education will strengthen accountability on mainstream settings through Ofsted.", 0,
                       actor="Department for Education", modality="will", programmes=("Ofsted",)),
            commitment("We are also publishing a toolkit.", 1, actor="the Government", modality="are", status="planned"),
            commitment("The reform will take time.", 2, actor=None, modality="will"),
        ),
        figures=(Figure("money", "£740 million", 740_000_000.0, "GBP", "s"),
                 Figure("quantity", "50 local authorities", 50.0, "local authorities", "s"),
                 Figure("date", "July 2024", None, None, "s")),
    )
    result = score_document(expected, predicted)
    assert result == {
        "commitments": {
            "expected": 3, "predicted": 3, "matched": 2,
            "precision": 2 / 3, "recall": 2 / 3, "f1": pytest.approx(2 / 3),
            "missed": ["work with the sector"],
            "extra": ["The reform will take time."],
            "pairs": [
                {"anchor": "strengthen accountability on mainstream settings",
                 "predicted": "The Department for Education will strengthen accountability on mainstream settings through Ofsted.",
                 "how": "anchor",
                 "fields": {"actor": True, "modality": True, "firmness": True, "status": True, "money": True,
                            "quantities": True, "dates": True, "programmes": True, "speaker": True}},
                {"anchor": "publishing a toolkit", "predicted": "We are also publishing a toolkit.", "how": "anchor",
                 "fields": {"actor": True, "modality": True, "firmness": True, "status": False, "money": True,
                            "quantities": True, "dates": True, "programmes": True, "speaker": True}},
            ],
            "fields": {"actor": {"correct": 2, "total": 2}, "modality": {"correct": 2, "total": 2},
                       "firmness": {"correct": 2, "total": 2}, "status": {"correct": 1, "total": 2},
                       "money": {"correct": 2, "total": 2}, "quantities": {"correct": 2, "total": 2},
                       "dates": {"correct": 2, "total": 2}, "programmes": {"correct": 2, "total": 2},
                       "speaker": {"correct": 2, "total": 2}},
        },
        "quotes": {"expected": 1, "found": 1, "speaker_correct": 1, "role_correct": 0, "paragraphs_correct": 1,
                   "wrong": [{"starts_with": "The NAO's report exposes", "problem": "attribution",
                              "expected": ["Bridget Phillipson", "Education Secretary"],
                              "predicted": ["Bridget Phillipson", "Secretary of State for Education"]}]},
        "figures": {"expected": 2, "predicted": 2, "matched": 1, "precision": 0.5, "recall": 0.5,
                    "missed": [("quantity", 11100.0)], "extra": [("quantity", 50.0)]},
    }


def test_score_quotes_counts_a_missing_quote_and_a_null_speaker():
    expected = [{"speaker": None, "role": "Department for Education spokesperson", "starts_with": "We inherited"},
                {"speaker": "Will Quince", "role": "Children and Families Minister", "starts_with": "We want every child"}]
    predicted = Announcement(quotes=(Quote(None, "A Department for Education spokesperson", "We inherited a SEND system"),))
    result = score_quotes(expected, predicted)
    assert result == {"expected": 2, "found": 1, "speaker_correct": 1, "role_correct": 1, "paragraphs_correct": 1,
                      "wrong": [{"starts_with": "We want every child", "problem": "not found"}]}


def test_score_figures_ignores_dates_and_repeats():
    expected = [{"kind": "money", "value": 2.3e6}, {"kind": "quantity", "value": 20, "unit": "per cent"}]
    predicted = Announcement(figures=(Figure("money", "£2.3m", 2_300_000.0, "GBP", "s"),
                                      Figure("money", "£2.3 million", 2_300_000.0, "GBP", "s"),
                                      Figure("date", "2024-25", None, None, "s")))
    assert score_figures(expected, predicted) == {
        "expected": 2, "predicted": 1, "matched": 1, "precision": 1.0, "recall": 0.5,
        "missed": [("quantity", 20.0)], "extra": []}


def _write_case(root: Path, slug: str, expected: dict, text: str = "body") -> None:
    (root / slug).mkdir()
    (root / slug / "input.txt").write_text(text, encoding="utf-8")
    (root / slug / "expected.json").write_text(json.dumps(expected), encoding="utf-8")


def _tiny_set(root: Path) -> None:
    base = {"document_type": "press_release", "published": "2024-01-01", "quotes": [], "figures": []}
    _write_case(root, "a-good", {**base, "commitments": [expected_commitment("fund new places")]})
    _write_case(root, "b-crash", {**base, "commitments": [expected_commitment("publish guidance")]})


def _fake_parse(data: bytes, name: str) -> Announcement:
    if name.startswith("b-crash/"):
        raise ValueError("cannot parse")
    return Announcement(commitments=(commitment("We will fund new places.", 0, actor="Department for Education",
                                                modality="will"),))


def test_score_runs_the_parser_over_every_case_and_survives_a_crash(tmp_path):
    _tiny_set(tmp_path)
    report = score(tmp_path, parse=_fake_parse)
    assert [(d["name"], d["input"], d["error"], d["commitments"]["f1"]) for d in report["documents"]] == [
        ("a-good", "input.txt", None, 1.0), ("b-crash", "input.txt", "ValueError: cannot parse", 0.0)]
    assert report["overall"]["commitments"] == {"expected": 2, "predicted": 1, "matched": 1, "precision": 1.0,
                                                "recall": 0.5, "f1": pytest.approx(2 / 3)}
    assert report["overall"]["errors"] == 1


def test_main_prints_the_table_and_fails_only_below_min_f1(tmp_path, capsys):
    _tiny_set(tmp_path)
    codes = [main([str(tmp_path)], parse=_fake_parse), main([str(tmp_path), "--min-f1", "0.6"], parse=_fake_parse),
             main([str(tmp_path), "--min-f1", "0.7"], parse=_fake_parse)]
    out = capsys.readouterr().out
    assert codes == [0, 0, 1]
    assert "Commitments  P 1.000  R 0.500  F1 0.667" in out
    assert "b-crash  F1 0.00  [ValueError: cannot parse]\n    missed: publish guidance" in out


def test_main_json_prints_one_object(tmp_path, capsys):
    _tiny_set(tmp_path)
    assert main([str(tmp_path), "--json"], parse=_fake_parse) == 0
    report = json.loads(capsys.readouterr().out)
    assert sorted(report) == ["documents", "eval_dir", "overall"]
    assert report["overall"]["documents"] == 2


def test_format_report_lists_at_most_five_worst_documents(tmp_path):
    base = {"document_type": "news_story", "published": "2024-01-01", "quotes": [], "figures": []}
    for i in range(7):
        _write_case(tmp_path, f"doc-{i}", {**base, "commitments": [expected_commitment(f"anchor number {i}")]})
    text = format_report(score(tmp_path, parse=lambda data, name: Announcement()))
    assert text.split("Worst documents\n")[1].count("  F1 0.00") == 5


# The labelled set itself.

def test_eval_set_has_at_least_25_documents():
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_eval_case_has_one_input_and_valid_labels(case: Path):
    inputs = [n for n in INPUT_NAMES if (case / n).exists()]
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    assert (len(inputs), validate_expected(expected)) == (1, [])
    assert len(expected["commitments"]) >= 1


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_eval_case_anchors_and_quotes_occur_in_the_input(case: Path):
    text = input_text(find_input(case))
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    counts = {c["anchor"]: text.count(normalise_text(c["anchor"])) for c in expected["commitments"]}
    assert counts == {c["anchor"]: 1 for c in expected["commitments"]}
    assert [q["starts_with"] for q in expected["quotes"] if normalise_text(q["starts_with"]) not in text] == []


def test_eval_seed_is_the_users_release():
    seed = DEFAULT_EVAL_DIR / "nao-response-2024-seed" / "input.txt"
    fixture = Path(__file__).parent / "fixtures" / "send-nao-response-2024.txt"
    assert seed.read_bytes() == fixture.read_bytes()


def test_validate_expected_reports_bad_labels():
    bad = {"document_type": "x", "published": "24 October 2024", "quotes": [{"starts_with": "Hi"}],
           "commitments": [{**expected_commitment("a b c"), "firmness": "soft", "dates": [["2025-01-01", "2024-01-01"]]}],
           "figures": [{"kind": "date", "value": 2024}]}
    assert validate_expected(bad) == [
        "published is not YYYY-MM-DD",
        "commitment 0 ('a b c'): firmness 'soft'",
        "commitment 0 ('a b c'): date ['2025-01-01', '2024-01-01'] is not [start, end]",
        "quote {'starts_with': 'Hi'}: needs speaker, role and starts_with",
        "figure {'kind': 'date', 'value': 2024}: kind money|quantity and a numeric value",
    ]
