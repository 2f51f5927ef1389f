"""Score the differ against the labelled version pairs in eval/changes/.

Each pair folder holds before.(txt|json), after.(txt|json) and expected.json:
`{"kind": ..., "flagged": [{"kind", "anchor", "fields"?, "silent"?, "tags"?}], "notes": ...}`.
Both sides go through the real parser, then `diff_announcements`; flagged predictions are matched
one-to-one to expected changes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Iterable, Sequence

from differ.changes import Change, diff_announcements, is_flagged, normalise

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "eval" / "changes"


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


def change_matches(expected: dict, change: Change) -> bool:
    """Same kind, anchor inside the change's old or new text, equal field sets, expected tags present."""
    if expected.get("kind") != change.kind:
        return False
    anchor = normalise(expected.get("anchor") or "")
    if anchor and not any(anchor in normalise(s) for s in _strings([change.old, change.new])):
        return False
    if change.kind == "modified" and "fields" in expected and set(expected["fields"]) != set(change.fields):
        return False
    return set(expected.get("tags") or ()) <= set(change.tags)


def match_changes(expected: Sequence[dict], predicted: Sequence[Change]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching of expected to predicted changes (augmenting paths)."""
    ok = [[change_matches(e, p) for p in predicted] for e in expected]
    owner: dict[int, int] = {}  # predicted index -> expected index

    def augment(i: int, seen: set[int]) -> bool:
        for j, good in enumerate(ok[i]):
            if good and j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(expected)):
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())


def side_path(folder: Path, stem: str) -> Path:
    for ext in (".json", ".txt", ".html"):
        path = folder / f"{stem}{ext}"
        if path.exists():
            return path
    raise FileNotFoundError(f"{folder} has no {stem}.json/.txt/.html")


def list_pairs(eval_dir: Path) -> list[Path]:
    return sorted(p for p in Path(eval_dir).iterdir() if p.is_dir() and (p / "expected.json").exists())


def diff_pair(folder: Path) -> tuple[Any, Any, tuple[Change, ...]]:
    """Parse both sides of one pair folder with the real parser and diff them."""
    from parsers import parse_document  # imported late: the parser is a separate module

    before, after = side_path(folder, "before"), side_path(folder, "after")
    old = parse_document(before.read_bytes(), name=before.name)
    new = parse_document(after.read_bytes(), name=after.name)
    return old, new, diff_announcements(old, new)


def score_pair(folder: Path) -> dict[str, Any]:
    """One pair's matches, misses and false alarms."""
    expected_doc = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    expected = list(expected_doc.get("flagged") or [])
    result: dict[str, Any] = {
        "pair": folder.name,
        "kind": expected_doc.get("kind") or folder.name.split("-")[0],
        "expected": len(expected),
        "error": None,
    }
    try:
        _, _, changes = diff_pair(folder)
    except Exception as exc:  # a broken pair is a failing pair, not a crashed report
        result.update(predicted=0, tp=0, fp=0, fn=len(expected), missing=expected, unexpected=[],
                      silent_mismatches=[], error=f"{type(exc).__name__}: {exc}")
        return result
    flagged = [c for c in changes if is_flagged(c)]
    pairs = match_changes(expected, flagged)
    hit_e, hit_p = {i for i, _ in pairs}, {j for _, j in pairs}
    result.update(
        predicted=len(flagged),
        tp=len(pairs),
        fp=len(flagged) - len(pairs),
        fn=len(expected) - len(pairs),
        missing=[e for i, e in enumerate(expected) if i not in hit_e],
        unexpected=[_brief(c) for j, c in enumerate(flagged) if j not in hit_p],
        silent_mismatches=[
            {"expected": expected[i], "predicted_silent": flagged[j].silent}
            for i, j in pairs
            if "silent" in expected[i] and bool(expected[i]["silent"]) != flagged[j].silent
        ],
    )
    return result


def _brief(c: Change) -> dict:
    text = (c.new or {}).get("text") or (c.old or {}).get("text")
    return {"kind": c.kind, "fields": list(c.fields), "tags": list(c.tags), "significance": c.significance,
            "silent": c.silent, "summary": c.summary, "text": text}


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 1.0


def score(eval_dir: Path | str = DEFAULT_DIR) -> dict[str, Any]:
    """Precision, recall, quiet share of clean pairs, per-kind figures and the failing pairs."""
    results = [score_pair(p) for p in list_pairs(Path(eval_dir))]
    tp = sum(r["tp"] for r in results)
    fp = sum(r["fp"] for r in results)
    fn = sum(r["fn"] for r in results)
    clean = [r for r in results if r["expected"] == 0]
    quiet = [r for r in clean if r["predicted"] == 0 and not r["error"]]
    per_kind: dict[str, dict[str, Any]] = {}
    for r in results:
        k = per_kind.setdefault(r["kind"], {"pairs": 0, "passed": 0, "tp": 0, "fp": 0, "fn": 0})
        k["pairs"] += 1
        k["passed"] += int(_passed(r))
        for key in ("tp", "fp", "fn"):
            k[key] += r[key]
    for k in per_kind.values():
        k["precision"] = _ratio(k["tp"], k["tp"] + k["fp"])
        k["recall"] = _ratio(k["tp"], k["tp"] + k["fn"])
    silent_checked = sum(r["tp"] for r in results)
    silent_wrong = sum(len(r["silent_mismatches"]) for r in results)
    return {
        "eval_dir": str(eval_dir),
        "pairs": len(results),
        "passed": sum(1 for r in results if _passed(r)),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, tp + fn),
        "clean_pairs": len(clean),
        "clean_pairs_quiet": len(quiet),
        "clean_quiet_share": _ratio(len(quiet), len(clean)),
        "silent_agreement": _ratio(silent_checked - silent_wrong, silent_checked),
        "per_kind": dict(sorted(per_kind.items())),
        "failures": [r for r in results if not _passed(r) or r["silent_mismatches"]],
    }


def _passed(r: dict) -> bool:
    return not r["error"] and r["fp"] == 0 and r["fn"] == 0


def format_report(result: dict[str, Any]) -> str:
    """The score as a few readable lines, failing pairs last."""
    lines = [
        f"differ eval: {result['pairs']} pairs, {result['passed']} passed ({result['eval_dir']})",
        f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
        f"(tp {result['tp']}, fp {result['fp']}, fn {result['fn']})",
        f"clean pairs flagging nothing: {result['clean_pairs_quiet']}/{result['clean_pairs']} "
        f"({result['clean_quiet_share']:.0%});  silent flag agreement {result['silent_agreement']:.0%}",
        "",
        f"{'kind':<18} {'pairs':>5} {'passed':>6} {'prec':>6} {'recall':>6}",
    ]
    for kind, k in result["per_kind"].items():
        lines.append(f"{kind:<18} {k['pairs']:>5} {k['passed']:>6} {k['precision']:>6.2f} {k['recall']:>6.2f}")
    if result["failures"]:
        lines += ["", "failing pairs:"]
    for r in result["failures"]:
        lines.append(f"- {r['pair']}" + (f": ERROR {r['error']}" if r["error"] else ""))
        for e in r["missing"]:
            lines.append(f"    missing    {e.get('kind')} {e.get('fields', '')} anchor={e.get('anchor')!r}")
        for u in r["unexpected"]:
            lines.append(f"    unexpected {u['kind']} {u['fields']} {u['summary']}")
        for s in r["silent_mismatches"]:
            lines.append(f"    silent     expected {s['expected'].get('silent')} got {s['predicted_silent']}: {s['expected'].get('anchor')!r}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: print the report (or --json); exit 1 below --min-precision / --min-recall."""
    ap = argparse.ArgumentParser(prog="send-monitor eval-differ", description=__doc__.splitlines()[0])
    ap.add_argument("eval_dir", nargs="?", default=str(DEFAULT_DIR), help="folder of pair folders")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--min-precision", type=float, default=None)
    ap.add_argument("--min-recall", type=float, default=None)
    ap.add_argument("--show", metavar="PAIR", help="print the rendered changes of one pair and exit")
    args = ap.parse_args(argv)
    if args.show:
        from differ.render import render_changes

        old, new, changes = diff_pair(Path(args.eval_dir) / args.show)
        from foundation.terminal import color_enabled

        print(render_changes(changes, old=old, new=new, color=color_enabled(sys.stdout)))
        return 0
    result = score(args.eval_dir)
    print(json.dumps(result, ensure_ascii=False) if args.json else format_report(result))
    low = (args.min_precision is not None and result["precision"] < args.min_precision) or (
        args.min_recall is not None and result["recall"] < args.min_recall
    )
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
