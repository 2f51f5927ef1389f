"""Benchmark: parse + extraction throughput (bs4 + lxml, everything in parse_content_item), one core.

Run: .venv/bin/python bench/bench_parse.py [--seconds N]. Reports documents per second per core
(the issue's floor is 200 typical press releases; we aim for the same on long pages) with
median and p95 milliseconds per document, for
  (a) the snapshot's press releases (2-3 KB bodies, like GOV.UK's own news_article examples),
  (b) bench/fixtures/long-press-releases: six unusually long releases (6-9 KB bodies),
  (c) the longest announcements in the snapshot (speeches, statements), for information.

"new" is the realistic figure: the parser's per-text caches (sentences, figure and programme
scans) are cleared before every document, as when each document is parsed once (word-level
caches stay warm). "repeat" keeps
them warm across the loop, which is what re-parsing the same documents measures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

from parsers import parse_content_item

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "replay" / "snapshot" / "round-1" / "content"
LONG_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "long-press-releases"
TARGET = 200


def _load(folder: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.rglob("*.json"))]


def press_releases() -> list[dict]:
    """The snapshot's press releases."""
    return [i for i in _load(SNAPSHOT) if i.get("document_type") == "press_release"]


def long_press_releases() -> list[dict]:
    """Our own press releases of realistic GOV.UK length."""
    return _load(LONG_FIXTURES)


def largest_announcements(n: int = 5) -> list[dict]:
    """The longest bodies in the snapshot (speeches, statements), as a harder extra measure."""
    items = [i for i in _load(SNAPSHOT) if isinstance(i.get("details", {}).get("body"), str)]
    return sorted(items, key=lambda i: -len(i["details"]["body"]))[:n]


# Caches keyed by a single word stay warm: a stream of new documents shares its vocabulary.
WORD_CACHES = frozenset({"_key_token"})


def parser_caches() -> list:
    """The functools caches of the parsers package keyed by whole texts, to clear between documents."""
    found = {id(f): f for name, module in list(sys.modules.items()) if name == "parsers" or name.startswith("parsers.")
             for f in vars(module).values()
             if hasattr(f, "cache_clear") and getattr(f, "__module__", "").startswith("parsers")
             and f.__name__ not in WORD_CACHES}
    return list(found.values())


CLOCK = time.perf_counter  # --cpu: time.process_time, this process's CPU time, unmoved by other load


def measure(docs: list[dict], seconds: float, *, cold: bool = True) -> list[float]:
    """Seconds per parse, looping over `docs` for about `seconds`, after one warm-up pass."""
    for d in docs:  # warm-up: imports, regex compilation
        parse_content_item(d)
    caches = parser_caches() if cold else []
    timings: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        for d in docs:
            for cache in caches:
                cache.cache_clear()
            t0 = CLOCK()
            parse_content_item(d)
            timings.append(CLOCK() - t0)
    return timings


def report(label: str, docs: list[dict], seconds: float, target: int | None = TARGET,
           goal: str = "issue floor, typical press releases") -> float:
    """Print the figures for `docs`, new and repeated; return new documents per second."""
    sizes = [len(d["details"]["body"].encode("utf-8")) for d in docs]
    print(f"{label}: {len(docs)} docs, body {min(sizes)}-{max(sizes)} bytes (median {int(statistics.median(sizes))})")
    rates = []
    for cold in (True, False):
        timings = sorted(measure(docs, seconds / 2, cold=cold))
        rate = len(timings) / sum(timings)
        rates.append(rate)
        verdict = "" if target is None or not cold else f"  [{goal} >= {target}: {'ok' if rate >= target else 'not yet'}]"
        print(f"  {'new   ' if cold else 'repeat'} {rate:5.0f} documents/s per core, median "
              f"{statistics.median(timings) * 1000:.2f} ms, p95 {timings[int(len(timings) * 0.95)] * 1000:.2f} ms "
              f"({len(timings)} parses){verdict}")
    return rates[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=6.0, help="time per set, split between new and repeat")
    parser.add_argument("--cpu", action="store_true",
                        help="time CPU seconds of this process instead of wall time (for a busy machine)")
    args = parser.parse_args()
    if args.cpu:
        global CLOCK
        CLOCK = time.process_time
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core, as the target says
    report("(a) snapshot press releases", press_releases(), args.seconds)
    report("(b) long press releases (bench/fixtures)", long_press_releases(), args.seconds, target=200,
           goal="our aim for long pages")
    report("(c) longest snapshot announcements", largest_announcements(), args.seconds / 2, target=None)


if __name__ == "__main__":
    main()
