"""Benchmark: parse time against body size (issue 9, D2: parsing must be linear in the body).

Run: .venv/bin/python bench/bench_parse_sizes.py [--sizes 10,100,1000,5000] [--cpu]. Builds synthetic
bodies of each size (KB) from the paragraphs of bench/fixtures/long-press-releases, in two shapes:
  paragraphs     the fixture paragraphs repeated, as a very long page;
  one paragraph  the same sentences run into a single <p>, the worst case for sentence splitting.
Every repeat after the first is marked ("Round 2: ...") at each sentence, so no sentence repeats
and no per-text cache makes a long body look cheaper than it is.
Prints seconds and milliseconds per KB for each; flat ms per KB means linear parsing.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from parsers import parse_content_item

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "long-press-releases"
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?] ))(?=[A-Z])")


def fixture_items() -> list[dict]:
    """Our own long press releases."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("*.json"))]


def fixture_paragraphs() -> list[str]:
    """The inner HTML of every <p> in the fixtures, in order."""
    return [m.group(1).strip() for item in fixture_items() for m in _PARAGRAPH.finditer(item["details"]["body"])]


def body(kb: int, *, one_paragraph: bool) -> str:
    """A govspeak body of about `kb` KB, built by repeating the fixture paragraphs."""
    paragraphs = fixture_paragraphs()
    target = kb * 1024
    parts: list[str] = []
    size = i = 0
    while size < target:
        p = paragraphs[i % len(paragraphs)]
        rounds = i // len(paragraphs)
        if rounds:
            p = _SENTENCE_START.sub(f"Round {rounds + 1}: ", p)
        parts.append(p)
        size += len(p.encode("utf-8")) + 8
        i += 1
    inner = " ".join(parts) if one_paragraph else "</p>\n\n<p>".join(parts)
    return f'<div class="govspeak"><p>{inner}</p></div>'


def item_with(body_html: str) -> dict:
    """The first fixture item with its body replaced."""
    item = fixture_items()[0]
    item["details"] = dict(item["details"], body=body_html)
    return item


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100,1000,5000", help="body sizes in KB, comma-separated")
    parser.add_argument("--cpu", action="store_true", help="time this process's CPU seconds (a busy machine)")
    parser.add_argument("--shape", choices=("both", "paragraphs", "one"), default="both")
    args = parser.parse_args()
    clock = time.process_time if args.cpu else time.perf_counter
    parse_content_item(item_with(body(5, one_paragraph=False)))  # warm-up: imports, regex compilation
    shapes = {"paragraphs": False, "one": True}
    for name, one in shapes.items():
        if args.shape not in ("both", name):
            continue
        print("one paragraph" if one else "paragraphs")
        for kb in (int(s) for s in args.sizes.split(",")):
            item = item_with(body(kb, one_paragraph=one))
            actual_kb = len(item["details"]["body"].encode("utf-8")) / 1024
            t0 = clock()
            parse_content_item(item)
            seconds = clock() - t0
            print(f"  {actual_kb:8.0f} KB  {seconds:8.2f} s  {seconds * 1000 / actual_kb:7.2f} ms/KB", flush=True)


if __name__ == "__main__":
    main()
