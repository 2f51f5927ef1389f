"""Specifications of the differ's scorer, and the score of the real labelled set."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from differ.changes import Change
from scoring.differ_eval import DEFAULT_DIR, change_matches, format_report, list_pairs, main, match_changes, score


def _mod(text: str, fields=("money",), tags=("re-costed", "re-costed-up"), kind="modified") -> Change:
    return Change(kind=kind, scope="commitment", significance="major", fields=tuple(fields), tags=tuple(tags),
                  old={"text": text.replace("760", "740")}, new={"text": text}, summary="x")


def test_change_matches_kind_anchor_fields_and_tags():
    c = _mod("The department will allocate £760 million to councils.")
    assert change_matches({"kind": "modified", "fields": ["money"], "anchor": "ALLOCATE £760"}, c)
    assert change_matches({"kind": "modified", "fields": ["money"], "anchor": "£740 million"}, c)  # old text counts
    assert not change_matches({"kind": "added", "anchor": "allocate"}, c)
    assert not change_matches({"kind": "modified", "fields": ["money", "date"], "anchor": "allocate"}, c)
    assert not change_matches({"kind": "modified", "fields": ["money"], "anchor": "to schools"}, c)
    assert change_matches({"kind": "modified", "fields": ["money"], "anchor": "", "tags": ["re-costed-up"]}, c)
    assert not change_matches({"kind": "modified", "fields": ["money"], "anchor": "", "tags": ["re-costed-down"]}, c)


def test_match_changes_is_one_to_one_and_maximal():
    a = _mod("The department will allocate £760 million to councils.")
    b = _mod("The department will allocate £760 million to schools.")
    expected = [
        {"kind": "modified", "fields": ["money"], "anchor": "allocate"},  # fits both
        {"kind": "modified", "fields": ["money"], "anchor": "to councils"},  # fits only a
    ]
    assert match_changes(expected, [a, b]) == [(0, 1), (1, 0)]
    assert match_changes(expected, [a]) == [(1, 0)] or match_changes(expected, [a]) == [(0, 0)]
    assert match_changes([], [a]) == []


def _item(title: str, when: str = "2025-01-01T10:00:00.000+00:00") -> dict:
    return {
        "base_path": "/government/news/test-page", "content_id": "00000000-0000-4000-8000-000000000001",
        "document_type": "press_release", "schema_name": "news_article", "locale": "en", "title": title,
        "description": "A test page.", "public_updated_at": when, "updated_at": when,
        "details": {"body": '<div class="govspeak"><p>Nothing promised here.</p></div>',
                    "change_history": [{"public_timestamp": when, "note": "First published."}]},
    }


def _write_pair(root: Path, name: str, before: dict, after: dict, expected: dict) -> None:
    d = root / name
    d.mkdir()
    (d / "before.json").write_text(json.dumps(before))
    (d / "after.json").write_text(json.dumps(after))
    (d / "expected.json").write_text(json.dumps(expected))


def test_score_counts_hits_misses_false_alarms_and_clean_pairs(tmp_path, capsys):
    _write_pair(tmp_path, "title-ok", _item("Old title"), _item("A new title"),
                {"kind": "title", "flagged": [{"kind": "title_changed", "anchor": "new title", "silent": True}]})
    _write_pair(tmp_path, "cosmetic-same", _item("Same"), _item("Same"), {"kind": "cosmetic", "flagged": []})
    _write_pair(tmp_path, "cosmetic-noisy", _item("Same"), _item("Quite different"), {"kind": "cosmetic", "flagged": []})
    _write_pair(tmp_path, "title-wrong", _item("Old"), _item("New"),
                {"kind": "title", "flagged": [{"kind": "title_changed", "anchor": "nowhere", "silent": False}]})
    result = score(tmp_path)
    assert {k: result[k] for k in ("pairs", "passed", "tp", "fp", "fn", "precision", "recall")} == {
        "pairs": 4, "passed": 2, "tp": 1, "fp": 2, "fn": 1, "precision": 0.3333, "recall": 0.5,
    }
    assert (result["clean_pairs"], result["clean_pairs_quiet"], result["clean_quiet_share"]) == (2, 1, 0.5)
    assert result["per_kind"]["title"] == {"pairs": 2, "passed": 1, "tp": 1, "fp": 1, "fn": 1, "precision": 0.5, "recall": 0.5}
    assert [f["pair"] for f in result["failures"]] == ["cosmetic-noisy", "title-wrong"]
    assert "title-wrong" in format_report(result)
    assert main([str(tmp_path), "--min-recall", "0.9"]) == 1
    assert main([str(tmp_path), "--json", "--min-precision", "0.3"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["pairs"] == 4


def test_score_reports_a_broken_pair_as_failing(tmp_path):
    d = tmp_path / "added-broken"
    d.mkdir()
    (d / "before.json").write_text("{not json")
    (d / "after.json").write_text("{}")
    (d / "expected.json").write_text(json.dumps({"kind": "added", "flagged": [{"kind": "added", "anchor": "x"}]}))
    result = score(tmp_path)
    assert (result["passed"], result["fn"], result["recall"]) == (0, 1, 0.0)
    assert result["failures"][0]["error"]


def test_eval_set_covers_every_kind():
    kinds = Counter(json.loads((p / "expected.json").read_text())["kind"] for p in list_pairs(DEFAULT_DIR))
    assert sum(kinds.values()) >= 40
    assert kinds["cosmetic"] >= 8 and kinds["reorder"] >= 3 and kinds["split"] >= 2 and kinds["merge"] >= 2
    for kind in ("re-costed", "re-dated", "softened", "hardened", "dropped", "added", "actor-changed", "status",
                 "programme-renamed", "quantity", "several", "moved-section", "silent", "withdrawn", "gone",
                 "redirected", "title", "quote"):
        assert kinds[kind] >= 2, kind


def test_eval_real_set_scores_high_and_cosmetic_pairs_stay_quiet():
    result = score(DEFAULT_DIR)
    report = format_report(result)
    assert result["precision"] >= 0.95, report
    assert result["recall"] >= 0.95, report
    assert result["clean_quiet_share"] == 1.0, report
