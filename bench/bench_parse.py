"""Benchmark: parse + extraction throughput on the snapshot's press releases, one core.

Run: .venv/bin/python bench/bench_parse.py [--seconds N]. Prints documents per second per core
(the target is at least 200) and the median milliseconds per document.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from parsers import parse_content_item

SNAPSHOT = Path(__file__).resolve().parent.parent / "replay" / "snapshot" / "round-1" / "content"


def press_releases() -> list[dict]:
    items = [json.loads(p.read_text()) for p in sorted(SNAPSHOT.rglob("*.json"))]
    return [i for i in items if i.get("document_type") == "press_release"]


def largest_announcements(n: int = 5) -> list[dict]:
    """The longest bodies in the snapshot (speeches, statements), as a harder second measure."""
    items = [json.loads(p.read_text()) for p in sorted(SNAPSHOT.rglob("*.json"))]
    items = [i for i in items if isinstance(i.get("details", {}).get("body"), str)]
    return sorted(items, key=lambda i: -len(i["details"]["body"]))[:n]


def measure(docs: list[dict], seconds: float) -> list[float]:
    for d in docs:  # warm-up: imports, regex compilation
        parse_content_item(d)
    timings: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        for d in docs:
            t0 = time.perf_counter()
            parse_content_item(d)
            timings.append(time.perf_counter() - t0)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core, as the target says
    docs = press_releases()
    sizes = [len(d["details"]["body"]) for d in docs]
    timings = measure(docs, args.seconds)
    total = sum(timings)
    print(f"press releases: {len(docs)} (body {min(sizes)}-{max(sizes)} bytes, median {int(statistics.median(sizes))})")
    print(f"parsed {len(timings)} documents in {total:.2f} s on one core")
    print(f"throughput: {len(timings) / total:.0f} documents/s per core (target >= 200)")
    print(f"median {statistics.median(timings) * 1000:.2f} ms, p95 {sorted(timings)[int(len(timings) * 0.95)] * 1000:.2f} ms per document")
    big = largest_announcements()
    big_timings = measure(big, args.seconds / 2)
    print(f"longest {len(big)} announcements (body up to {max(len(d['details']['body']) for d in big)} bytes): "
          f"{len(big_timings) / sum(big_timings):.0f} documents/s per core")


if __name__ == "__main__":
    main()
