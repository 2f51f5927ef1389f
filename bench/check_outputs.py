"""Check that the parser and the differ give byte-identical output at a git revision and in the working tree.

Run: .venv/bin/python bench/check_outputs.py [--against REV]   (REV defaults to HEAD)

REV's code is checked out in a `git worktree` under /tmp; each side then runs in its own subprocess
with PYTHONPATH at its own tree, and writes one JSON file of outputs. Both sides read the same
inputs, the working tree's, so only the code differs:
  - parser: every case in eval/parser/ (as scoring/parser_eval.py reads it), every Content API item
    in replay/snapshot/round-{1,2}/content/, every document under tests/fixtures/ and
    bench/fixtures/;
  - differ: every pair in eval/changes/ (as scoring/differ_eval.py diffs it) and every snapshot page
    present in both rounds (replay/snapshot and tests/fixtures/replay_mini).
Only the top-level functions that every revision has are used (`parsers.parse_document`,
`parsers.parse_content_item`, `differ.diff_announcements`): modules inside the packages move.

Exit 0 with "identical: N parser outputs, M differ outputs", or 1 naming each document whose output
differs, with its first differing lines.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
EVAL_PARSER = Path("eval/parser")
EVAL_CHANGES = Path("eval/changes")
SNAPSHOTS = (Path("replay/snapshot"), Path("tests/fixtures/replay_mini"))
DOCUMENT_FOLDERS = (Path("tests/fixtures"), Path("bench/fixtures"))
INPUT_NAMES = ("input.json", "input.html", "input.txt")
DOCUMENT_SUFFIXES = (".json", ".html", ".txt")
SHOWN_LINES = 12


def _dump(value: Any) -> str:
    return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False, default=repr) + "\n"


def _guard(run: Callable[[], Any]) -> Any:
    """The output of run(), or the exception it raised: a refusal is output too."""
    try:
        return run()
    except Exception as exc:  # noqa: BLE001 - any exception is part of what must not change
        return {"raised": type(exc).__name__, "message": str(exc)}


def _url(content_dir: Path, path: Path) -> str:
    return "https://www.gov.uk/" + path.relative_to(content_dir).with_suffix("").as_posix()


def _side(folder: Path, stem: str) -> Path:
    for ext in (".json", ".txt", ".html"):
        if (folder / f"{stem}{ext}").exists():
            return folder / f"{stem}{ext}"
    raise FileNotFoundError(f"{folder} has no {stem}.json/.txt/.html")


def collect(data_root: Path) -> dict[str, dict[str, str]]:
    """Every parser and differ output of the code on sys.path, as canonical JSON text by name."""
    from differ import diff_announcements
    from parsers import parse_content_item, parse_document

    parser: dict[str, str] = {}
    differ: dict[str, str] = {}

    def record(text: Any) -> str:
        return _dump(text.to_dict() if hasattr(text, "to_dict") else text)

    def changes(old: Any, new: Any) -> Any:
        if isinstance(old, dict) or isinstance(new, dict):  # a side that did not parse
            return {"unparsed": True}
        return [c.to_dict() for c in diff_announcements(old, new)]

    for case in sorted(p for p in (data_root / EVAL_PARSER).iterdir() if p.is_dir()):
        for path in (case / n for n in INPUT_NAMES if (case / n).exists()):
            raw = path.read_bytes()
            parser[f"eval/parser/{case.name}/{path.name}"] = record(
                _guard(lambda: parse_document(raw, name=f"{case.name}/{path.name}")))

    for snapshot in SNAPSHOTS:
        rounds: dict[str, dict[Path, Any]] = {}
        for round_dir in sorted((data_root / snapshot).glob("round-*")):
            content = round_dir / "content"
            parsed = rounds.setdefault(round_dir.name, {})
            for path in sorted(content.rglob("*.json")):
                item = json.loads(path.read_text(encoding="utf-8"))
                result = _guard(lambda: parse_content_item(item, url=_url(content, path)))
                parsed[path.relative_to(content)] = result
                parser[(snapshot / round_dir.name / "content" / path.relative_to(content)).as_posix()] = record(result)
        first, last = rounds.get("round-1", {}), rounds.get("round-2", {})
        for page in sorted(set(first) & set(last)):
            differ[f"{snapshot.as_posix()}/round-1..round-2/{page.as_posix()}"] = _dump(changes(first[page], last[page]))

    for folder in DOCUMENT_FOLDERS:
        for path in sorted((data_root / folder).rglob("*")):
            if path.suffix in DOCUMENT_SUFFIXES and path.name != "responses.json" and path.is_file():
                raw = path.read_bytes()
                name = path.relative_to(data_root).as_posix()
                parser.setdefault(name, record(_guard(lambda: parse_document(raw, name=name))))

    for pair in sorted(p for p in (data_root / EVAL_CHANGES).iterdir() if (p / "expected.json").exists()):
        before, after = _side(pair, "before"), _side(pair, "after")
        old = _guard(lambda: parse_document(before.read_bytes(), name=before.name))
        new = _guard(lambda: parse_document(after.read_bytes(), name=after.name))
        differ[f"eval/changes/{pair.name}"] = _dump(_guard(lambda: changes(old, new)))

    return {"parser": parser, "differ": differ}


def worker(code_root: Path, data_root: Path, out: Path) -> None:
    """Subprocess side: import the packages from code_root and write collect()'s result to out."""
    sys.path.insert(0, str(code_root))
    import differ
    import parsers

    for module in (parsers, differ):
        if not Path(module.__file__).resolve().is_relative_to(code_root.resolve()):
            raise SystemExit(f"{module.__name__} came from {module.__file__}, not from {code_root}")
    out.write_text(json.dumps(collect(data_root), ensure_ascii=False), encoding="utf-8")


def first_differences(name: str, old: str | None, new: str | None) -> list[str]:
    if old is None or new is None:
        return [f"{name}: only at {'the working tree' if old is None else 'REV'}"]
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), "REV", "working tree", n=2, lineterm="")
    lines = list(diff)
    shown = [f"{name}:"] + ["    " + line for line in lines[:SHOWN_LINES]]
    if len(lines) > SHOWN_LINES:
        shown.append(f"    ... {len(lines) - SHOWN_LINES} more diff lines")
    return shown


def compare(old: dict[str, dict[str, str]], new: dict[str, dict[str, str]]) -> list[str]:
    report: list[str] = []
    for part in ("parser", "differ"):
        a, b = old.get(part, {}), new.get(part, {})
        for name in sorted(set(a) | set(b)):
            if a.get(name) != b.get(name):
                report += first_differences(f"{part} {name}", a.get(name), b.get(name))
    return report


def _run_sides(rev: str, tmp: Path) -> tuple[dict, dict]:
    tree = tmp / "rev"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(tree), rev], check=True)
    try:
        sides = {"rev": tree, "work": ROOT}
        procs = {}
        for side, code_root in sides.items():
            env = dict(os.environ, PYTHONPATH=str(code_root), PYTHONHASHSEED="0")
            cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", str(code_root),
                   "--data", str(ROOT), "--out", str(tmp / f"{side}.json")]
            procs[side] = subprocess.Popen(cmd, env=env, cwd=str(tmp))
        failed = [side for side, proc in procs.items() if proc.wait() != 0]
        if failed:
            raise SystemExit(f"the {' and '.join(failed)} side failed to run (see above)")
        return tuple(json.loads((tmp / f"{s}.json").read_text(encoding="utf-8")) for s in ("rev", "work"))
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="HEAD", help="git revision to compare the working tree with")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.data, args.out)
        return 0
    with tempfile.TemporaryDirectory(prefix="check-outputs-") as tmp:
        old, new = _run_sides(args.against, Path(tmp))
    report = compare(old, new)
    if report:
        print("\n".join(report))
        differing = sum(1 for line in report if not line.startswith(" "))
        print(f"different: {differing} outputs differ from {args.against}")
        return 1
    print(f"identical: {len(new['parser'])} parser outputs, {len(new['differ'])} differ outputs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
