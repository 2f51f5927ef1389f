"""Score the parser against the labelled set in eval/parser/<slug>/ (rules: eval/parser/README.md).

`score_document` compares one expected.json with one parsed `Announcement`; `score` runs the parser
over every case folder; `main` prints the report (`send-monitor eval-parser`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from parsers.record import Announcement, Commitment

DEFAULT_EVAL_DIR = Path(__file__).resolve().parent.parent / "eval" / "parser"
INPUT_NAMES = ("input.json", "input.html", "input.txt")
FIELDS = ("actor", "modality", "firmness", "status", "money", "quantities", "dates", "programmes", "speaker")
FIRMNESS_VALUES = ("firm", "hedged", "done")
STATUS_VALUES = ("planned", "ongoing", "done")
# Below this share of the anchor's tokens a predicted commitment is a different commitment.
OVERLAP_THRESHOLD = 0.6

Parse = Callable[..., Announcement]

_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-", "\u00a0": " ", "\u202f": " ", "\ufeff": "", "\u200b": "",
    }
)
_TOKEN = re.compile(r"[^\W_]+")
# Inflections of one modality word count as the same label ("have" = "has", "plan" = "plans").
_MODALITY_FOLD = {
    "have": "has", "had": "has", "are": "is", "am": "is", "was": "is", "were": "is",
    "plan": "plans", "planning": "plans", "planned": "plans",
    "aim": "aims", "aiming": "aims", "expect": "expects", "expecting": "expects",
    "intend": "intends", "intending": "intends", "considers": "consider", "considering": "consider",
    "announces": "announced", "announce": "announced", "publishes": "published",
    "commit": "commits", "committed": "commits",
}
_HONORIFICS = re.compile(
    r"^(?:the\s+)?(?:rt\.?\s+hon\.?\s+|right\s+honourable\s+)?(?:(?:dr|prof|professor|mr|mrs|ms|miss)\.?\s+)?"
)
_POSTNOMINALS = re.compile(r"(?:\s+(?:mp|cbe|obe|mbe|kc|qc|frs|ma|phd))+$")


def normalise_text(text: str | None) -> str:
    """Casefold, fold quote and dash styles, drop invisible characters, collapse whitespace."""
    text = unicodedata.normalize("NFKC", (text or "").translate(_FOLD)).translate(_FOLD)
    return " ".join(text.casefold().split())


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalise_text(text))


def _strip_the(text: str) -> str:
    """Casefold and drop a leading article: "the Government" = "Government"."""
    return re.sub(r"^(?:the|a|an)\s+", "", normalise_text(text).strip(" .,;:"))


def normalise_person(name: str | None) -> str:
    """Compare people by name: "The Rt Hon Bridget Phillipson MP" = "Bridget Phillipson"."""
    text = normalise_text(name).strip(" .,;:")
    text = _HONORIFICS.sub("", text)
    return _POSTNOMINALS.sub("", text).strip()


def normalise_modality(word: str | None) -> str:
    text = normalise_text(word)
    return _MODALITY_FOLD.get(text, text)


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ses") or word.endswith("xes") or word.endswith("ches"):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def normalise_unit(unit: str | None) -> str:
    """Casefold, "%" and "percent" as "per cent", every word singular."""
    text = normalise_text(unit).replace("%", " per cent ").replace("percent", "per cent")
    return " ".join(_singular(w) for w in _TOKEN.findall(text))


def units_match(expected: str | None, predicted: str | None) -> bool:
    """Units agree when one contains the other as whole words ("schools" ~ "special schools")."""
    e, p = normalise_unit(expected), normalise_unit(predicted)
    if not e or not p:
        return e == p
    return f" {e} " in f" {p} " or f" {p} " in f" {e} "


def _normalise_programme(name: str) -> str:
    text = _strip_the(name)
    return re.sub(r"\s+programme$", "", text)


def programme_present(expected: str, predicted: Sequence[str]) -> bool:
    """An expected programme is present if a predicted name equals or contains it (word-wise),
    or is a name of two or more words contained in it."""
    e = _normalise_programme(expected)
    for name in predicted:
        p = _normalise_programme(name)
        if p == e or f" {e} " in f" {p} ":
            return True
        if len(p.split()) >= 2 and f" {p} " in f" {e} ":
            return True
    return False


def _amount(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)


def _date_pair(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    return (start[:10] if start else None, end[:10] if end else None)


def compare_field(field: str, expected: Any, predicted: Commitment) -> bool:
    """Whether one labelled field of a commitment agrees with the predicted commitment."""
    if field == "actor":
        return _strip_the(expected or "") == _strip_the(predicted.actor or "")
    if field == "speaker":
        return normalise_person(expected) == normalise_person(predicted.speaker)
    if field == "modality":
        return normalise_modality(expected) == normalise_modality(predicted.modality)
    if field in ("firmness", "status"):
        return normalise_text(expected) == normalise_text(getattr(predicted, field))
    if field == "money":
        want = {_amount(v) for v in expected}
        got = {_amount(m.amount_gbp) for m in predicted.money if m.amount_gbp is not None}
        return want == got
    if field == "quantities":
        return _quantities_equal([(float(v), u) for v, u in expected], predicted)
    if field == "dates":
        want = {_date_pair(s, e) for s, e in expected}
        got = {_date_pair(d.start, d.end) for d in predicted.dates}
        return want == got
    if field == "programmes":
        return all(programme_present(name, predicted.programmes) for name in expected)
    raise ValueError(f"unknown field {field!r}")


def _quantities_equal(expected: list[tuple[float, str]], predicted: Commitment) -> bool:
    want = list(dict.fromkeys((_amount(v), u) for v, u in expected))
    unused = list(dict.fromkeys((_amount(q.value), q.unit) for q in predicted.quantities))
    if len(want) != len(unused):
        return False
    for value, unit in want:
        hit = next((g for g in unused if g[0] == value and units_match(unit, g[1])), None)
        if hit is None:
            return False
        unused.remove(hit)
    return True


def match_commitments(
    expected: Sequence[dict[str, Any]], predicted: Sequence[Commitment]
) -> list[tuple[int | None, str | None]]:
    """For each expected commitment, the index of its predicted commitment and how it matched.

    First pass: the earliest unmatched predicted commitment whose text contains the anchor,
    expected commitments taken in document order. Second pass, for the rest: the unmatched
    predicted commitment sharing the largest share (>= OVERLAP_THRESHOLD) of the anchor's tokens.
    """
    order = sorted(range(len(predicted)), key=lambda i: (predicted[i].position, i))
    texts = {i: normalise_text(predicted[i].text) for i in order}
    token_sets = {i: set(_tokens(predicted[i].text)) for i in order}
    used: set[int] = set()
    result: list[tuple[int | None, str | None]] = [(None, None)] * len(expected)
    for k, item in enumerate(expected):
        anchor = normalise_text(item["anchor"])
        hit = next((i for i in order if i not in used and anchor in texts[i]), None)
        if hit is not None:
            used.add(hit)
            result[k] = (hit, "anchor")
    for k, item in enumerate(expected):
        if result[k][0] is not None:
            continue
        anchor_tokens = set(_tokens(item["anchor"]))
        best, best_share = None, 0.0
        for i in order:
            if i in used or not anchor_tokens:
                continue
            share = len(anchor_tokens & token_sets[i]) / len(anchor_tokens)
            if share > best_share:
                best, best_share = i, share
        if best is not None and best_share >= OVERLAP_THRESHOLD:
            used.add(best)
            result[k] = (best, "overlap")
    return result


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _prf(matched_pred: int, predicted: int, matched_exp: int, *, expected: int) -> dict[str, float]:
    precision = _ratio(matched_pred, predicted) if predicted else (1.0 if not expected else 0.0)
    recall = _ratio(matched_exp, expected) if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def score_commitments(expected: Sequence[dict[str, Any]], predicted: Sequence[Commitment]) -> dict[str, Any]:
    """Matching counts, P/R/F1, per-field agreement over matched pairs, missed anchors."""
    matches = match_commitments(expected, predicted)
    fields = {f: {"correct": 0, "total": 0} for f in FIELDS}
    pairs, missed = [], []
    for item, (index, how) in zip(expected, matches):
        if index is None:
            missed.append(item["anchor"])
            continue
        agreement = {}
        for f in FIELDS:
            if f not in item and f != "speaker":
                continue
            ok = compare_field(f, item.get(f), predicted[index])
            agreement[f] = ok
            fields[f]["total"] += 1
            fields[f]["correct"] += int(ok)
        pairs.append({"anchor": item["anchor"], "predicted": predicted[index].text, "how": how, "fields": agreement})
    used = {i for i, _ in matches if i is not None}
    matched = len(used)
    return {
        "expected": len(expected),
        "predicted": len(predicted),
        "matched": matched,
        **_prf(matched, len(predicted), matched, expected=len(expected)),
        "missed": missed,
        "extra": [c.text for i, c in enumerate(predicted) if i not in used],
        "pairs": pairs,
        "fields": fields,
    }


def _quote_start(text: str | None) -> str:
    return normalise_text(text).lstrip("'\" ")


def score_quotes(expected: Sequence[dict[str, Any]], predicted: Announcement) -> dict[str, Any]:
    """Each expected quote finds the first unused predicted quote whose text starts with starts_with."""
    quotes = list(predicted.quotes)
    used: set[int] = set()
    counts = {"expected": len(expected), "found": 0, "speaker_correct": 0, "role_correct": 0, "paragraphs_correct": 0}
    wrong = []
    for item in expected:
        start = _quote_start(item["starts_with"])
        hit = next((i for i, q in enumerate(quotes) if i not in used and _quote_start(q.text).startswith(start)), None)
        if hit is None:
            wrong.append({"starts_with": item["starts_with"], "problem": "not found"})
            continue
        used.add(hit)
        quote = quotes[hit]
        counts["found"] += 1
        speaker_ok = normalise_person(item.get("speaker")) == normalise_person(quote.speaker)
        role_ok = _strip_the(item.get("role") or "") == _strip_the(quote.role or "")
        paragraphs = item.get("paragraphs")
        paragraphs_ok = paragraphs is None or paragraphs == (len(quote.paragraphs) or 1)
        counts["speaker_correct"] += int(speaker_ok)
        counts["role_correct"] += int(role_ok)
        counts["paragraphs_correct"] += int(paragraphs_ok)
        if not (speaker_ok and role_ok):
            wrong.append(
                {"starts_with": item["starts_with"], "problem": "attribution",
                 "expected": [item.get("speaker"), item.get("role")], "predicted": [quote.speaker, quote.role]}
            )
    return {**counts, "wrong": wrong}


def score_figures(expected: Sequence[dict[str, Any]], predicted: Announcement) -> dict[str, Any]:
    """Money and quantity figures compared as sets of (kind, value)."""
    want = {(f["kind"], _amount(f["value"])) for f in expected}
    got = {
        (f.kind, _amount(f.value))
        for f in predicted.figures
        if f.kind in ("money", "quantity") and f.value is not None
    }
    matched = len(want & got)
    prf = _prf(matched, len(got), matched, expected=len(want))
    return {"expected": len(want), "predicted": len(got), "matched": matched,
            "precision": prf["precision"], "recall": prf["recall"],
            "missed": sorted(want - got, key=str), "extra": sorted(got - want, key=str)}


def score_document(expected: dict[str, Any], predicted: Announcement) -> dict[str, Any]:
    """Compare one expected.json with one parsed record."""
    return {
        "commitments": score_commitments(expected.get("commitments", []), predicted.commitments),
        "quotes": score_quotes(expected.get("quotes", []), predicted),
        "figures": score_figures(expected.get("figures", []), predicted),
    }


def list_cases(eval_dir: Path) -> list[Path]:
    """Case folders (those holding an expected.json), sorted by name."""
    return sorted(p.parent for p in Path(eval_dir).glob("*/expected.json"))


def find_input(case_dir: Path) -> Path:
    """The one input file of a case folder."""
    found = [case_dir / n for n in INPUT_NAMES if (case_dir / n).exists()]
    if len(found) != 1:
        raise ValueError(f"{case_dir}: expected exactly one of {INPUT_NAMES}, found {[p.name for p in found]}")
    return found[0]


def score(eval_dir: Path = DEFAULT_EVAL_DIR, parse: Parse | None = None) -> dict[str, Any]:
    """Parse every case in `eval_dir` and score it; per-document and overall numbers."""
    if parse is None:
        from parsers import parse_document as parse  # the parser is imported late: written separately
    documents = []
    for case in list_cases(eval_dir):
        input_path = find_input(case)
        expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        error = None
        try:
            predicted = parse(input_path.read_bytes(), name=f"{case.name}/{input_path.name}")
        except Exception as exc:  # a report: one crashing document scores zero, the rest still count
            predicted, error = Announcement(), f"{type(exc).__name__}: {exc}"
        documents.append({"name": case.name, "input": input_path.name, "error": error,
                          **score_document(expected, predicted)})
    return {"eval_dir": str(eval_dir), "documents": documents, "overall": aggregate(documents)}


def aggregate(documents: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Micro-averaged totals over documents."""
    c = {k: sum(d["commitments"][k] for d in documents) for k in ("expected", "predicted", "matched")}
    fields = {}
    for f in FIELDS:
        correct = sum(d["commitments"]["fields"][f]["correct"] for d in documents)
        total = sum(d["commitments"]["fields"][f]["total"] for d in documents)
        fields[f] = {"correct": correct, "total": total, "accuracy": _ratio(correct, total)}
    q = {k: sum(d["quotes"][k] for d in documents)
         for k in ("expected", "found", "speaker_correct", "role_correct", "paragraphs_correct")}
    g = {k: sum(d["figures"][k] for d in documents) for k in ("expected", "predicted", "matched")}
    return {
        "documents": len(documents),
        "errors": sum(1 for d in documents if d.get("error")),
        "commitments": {**c, **_prf(c["matched"], c["predicted"], c["matched"], expected=c["expected"])},
        "fields": fields,
        "quotes": {**q, "found_rate": _ratio(q["found"], q["expected"]),
                   "speaker_accuracy": _ratio(q["speaker_correct"], q["expected"]),
                   "role_accuracy": _ratio(q["role_correct"], q["expected"])},
        "figures": {**g, **{k: v for k, v in _prf(g["matched"], g["predicted"], g["matched"],
                                                             expected=g["expected"]).items()
                           if k != "f1"}},
    }


def worst_documents(report: dict[str, Any], n: int = 5) -> list[dict[str, Any]]:
    """The n documents with the lowest commitment F1 (ties by name)."""
    return sorted(report["documents"], key=lambda d: (d["commitments"]["f1"], d["name"]))[:n]


def format_report(report: dict[str, Any]) -> str:
    """The readable table `main` prints."""
    o = report["overall"]
    c = o["commitments"]
    lines = [
        f"Parser evaluation: {o['documents']} documents in {report['eval_dir']}"
        + (f" ({o['errors']} failed to parse)" if o["errors"] else ""),
        "",
        f"Commitments  P {c['precision']:.3f}  R {c['recall']:.3f}  F1 {c['f1']:.3f}"
        f"   (expected {c['expected']}, predicted {c['predicted']}, matched {c['matched']})",
        "",
        "Field accuracy over matched commitments",
    ]
    for f, v in o["fields"].items():
        lines.append(f"  {f:<11} {v['accuracy']:.3f}  ({v['correct']}/{v['total']})")
    q, g = o["quotes"], o["figures"]
    lines += [
        "",
        f"Quotes       found {q['found']}/{q['expected']}   speaker {q['speaker_accuracy']:.3f}"
        f"   role {q['role_accuracy']:.3f}",
        f"Figures      P {g['precision']:.3f}  R {g['recall']:.3f}"
        f"   (expected {g['expected']}, predicted {g['predicted']}, matched {g['matched']})",
        "",
        "Per document                                 P      R      F1    quotes  figures R",
    ]
    for d in report["documents"]:
        dc, dq, dg = d["commitments"], d["quotes"], d["figures"]
        lines.append(
            f"  {d['name'][:40]:<40} {dc['precision']:.2f}   {dc['recall']:.2f}   {dc['f1']:.2f}"
            f"   {dq['speaker_correct']}/{dq['expected']}     {dg['recall']:.2f}" + ("   ERROR" if d["error"] else "")
        )
    lines += ["", "Worst documents"]
    for d in worst_documents(report):
        lines.append(f"  {d['name']}  F1 {d['commitments']['f1']:.2f}" + (f"  [{d['error']}]" if d["error"] else ""))
        for anchor in d["commitments"]["missed"]:
            lines.append(f"    missed: {anchor}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None, parse: Parse | None = None) -> int:
    """Print the report; exit 1 only when --min-f1 is given and commitment F1 falls below it."""
    parser = argparse.ArgumentParser(prog="send-monitor eval-parser", description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", nargs="?", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.add_argument("--min-f1", type=float, default=None, help="exit 1 when commitment F1 is below this")
    args = parser.parse_args(argv)
    report = score(args.eval_dir, parse)
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else format_report(report))
    if args.min_f1 is not None and report["overall"]["commitments"]["f1"] < args.min_f1:
        print(f"commitment F1 {report['overall']['commitments']['f1']:.3f} < --min-f1 {args.min_f1}", file=sys.stderr)
        return 1
    return 0


# Label checks: used by tests/test_evaluate_parser.py to keep expected.json honest.

def validate_expected(expected: Any) -> list[str]:
    """Problems with the shape of one expected.json (empty when it is valid)."""
    problems: list[str] = []
    if not isinstance(expected, dict):
        return ["expected.json is not an object"]
    for key in ("document_type", "published", "quotes", "commitments", "figures"):
        if key not in expected:
            problems.append(f"missing {key}")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(expected.get("published", ""))):
        problems.append("published is not YYYY-MM-DD")
    commitments = expected.get("commitments") or []
    if not commitments:
        problems.append("no commitments")
    for i, c in enumerate(commitments):
        where = f"commitment {i} ({c.get('anchor')!r})"
        for key in ("anchor", "actor", "modality", "firmness", "status", "money", "quantities", "dates", "programmes"):
            if key not in c:
                problems.append(f"{where}: missing {key}")
        if c.get("firmness") not in FIRMNESS_VALUES:
            problems.append(f"{where}: firmness {c.get('firmness')!r}")
        if c.get("status") not in STATUS_VALUES:
            problems.append(f"{where}: status {c.get('status')!r}")
        if not all(isinstance(v, (int, float)) for v in c.get("money", [])):
            problems.append(f"{where}: money must be numbers")
        for q in c.get("quantities", []):
            if not (isinstance(q, list) and len(q) == 2 and isinstance(q[0], (int, float)) and isinstance(q[1], str)):
                problems.append(f"{where}: quantity {q!r} is not [value, unit]")
        for d in c.get("dates", []):
            if not (isinstance(d, list) and len(d) == 2 and any(d)
                    and all(x is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", x) for x in d)
                    and (None in d or d[0] <= d[1])):
                problems.append(f"{where}: date {d!r} is not [start, end]")
    for q in expected.get("quotes", []):
        if not q.get("starts_with") or "speaker" not in q or "role" not in q:
            problems.append(f"quote {q!r}: needs speaker, role and starts_with")
    for f in expected.get("figures", []):
        if f.get("kind") not in ("money", "quantity") or not isinstance(f.get("value"), (int, float)):
            problems.append(f"figure {f!r}: kind money|quantity and a numeric value")
    return problems


def input_text(path: Path) -> str:
    """The readable text of an input file (JSON body, HTML page or plain text), for label checks."""
    from bs4 import BeautifulSoup

    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        details = json.loads(raw).get("details", {})
        raw = " ".join(str(details.get(k) or "") for k in ("body", "final_outcome_detail"))
    if path.suffix in (".json", ".html"):
        raw = BeautifulSoup(raw, "lxml").get_text("")
    return normalise_text(raw)


if __name__ == "__main__":
    sys.exit(main())
