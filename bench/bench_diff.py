"""Time diff_announcements on two versions of a SEND press release (target: < 5 ms a diff).

Run: `python bench/bench_diff.py [--runs N]`. Two measures, each reporting median and p95:
  (a) a typical release: twelve bullets, parsed with the real parser when it yields commitments,
      otherwise hand-built records with the same twelve commitments;
  (b) a long release (>= 25 commitments a side): the longest fixture in
      bench/fixtures/long-press-releases with scripted edits, or else labelled eval pairs
      concatenated;
and, for information, (b) again with every commitment key changed (all pairs go through the
similarity matrix and the assignment, as after a parser change).
We aim for median <= 1.5 ms and p95 <= 3 ms on (a) so that the 5 ms target holds on slower CI.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parsers.record import Announcement, Commitment, DateRef, Money, Quantity, Quote, stable_hash  # noqa: E402
from differ.changes import diff_announcements, is_flagged  # noqa: E402

BULLETS = [
    "The Department for Education will allocate £740 million of high needs capital funding to local authorities for the 2025-26 financial year.",
    "Local authorities will be expected to use the funding to create around 10,000 new places in mainstream schools.",
    "The department will publish allocations for each local authority by March 2025.",
    "Ofsted will review how inclusive mainstream settings are as part of its renewed inspection framework from September 2025.",
    "The department has published guidance on designing accessible and sensory-friendly classrooms.",
    "The government will consider extending the programme to further education colleges.",
    "The Delivering Better Value programme will offer each participating council up to £1 million in grant funding.",
    "The department will continue to support the 38 local authorities in the Safety Valve programme.",
    "The department will review the statutory override on dedicated schools grant deficits before March 2026.",
    "Funded support will continue for the 11,100 schools already registered for the NELI programme.",
    "The department will invest £21 million to train 400 educational psychologists in each of the next two cohorts.",
    "The department will publish a workforce plan for specialist support staff in summer 2025.",
]
EDITS = [  # re-costed, re-dated, softened, reworded, typography
    ("£740 million", "£760 million"),
    ("by March 2025", "by September 2025"),
    ("Ofsted will review", "Ofsted will consider reviewing"),
    ("sensory-friendly classrooms", "sensory–friendly classrooms"),
    ("in each of the next two cohorts", "in each of the next three cohorts"),
]
ADDED = "The department will fund 20 new special free schools to open from September 2026."
QUOTE = "Every child deserves a school place that meets their needs, close to home."


def versions_text() -> tuple[str, str]:
    """Two versions of the release as pasted text: the second edited, reordered, one bullet dropped, one added."""
    new = list(BULLETS)
    for a, b in EDITS:
        new = [x.replace(a, b) for x in new]
    new = new[6:] + new[:6]  # sections rearranged
    new.remove(next(x for x in new if "Safety Valve" in x))
    new.insert(3, ADDED)
    head = "The government will invest £740 million to create new SEND places in mainstream schools.\n\n"
    head += f"Minister for School Standards Catherine McKinnell said:\n“{QUOTE}”\n\nBackground\n"
    return head + "\n".join(f"- {b}" for b in BULLETS) + "\n", head + "\n".join(f"- {b}" for b in new) + "\n"


def _hand_commitment(text: str, i: int) -> Commitment:
    money = tuple(Money(m, float(m[1:-8]) * 1e6) for m in ("£740 million", "£760 million", "£21 million") if m in text)
    dates = tuple(DateRef(d, s, e, "month") for d, s, e in (
        ("by March 2025", "2025-03-01", "2025-03-31"), ("by September 2025", "2025-09-01", "2025-09-30"),
        ("summer 2025", "2025-06-01", "2025-08-31"), ("before March 2026", "2026-03-01", "2026-03-31")) if d in text)
    qty = tuple(Quantity(q, v, u) for q, v, u in (("10,000 new places", 10000, "places"), ("38 local authorities", 38, "local authorities")) if q in text)
    hedged = "consider" in text
    done = "has published" in text
    return Commitment(
        key=stable_hash(text.split(" will ")[-1][:40]), text=text, actor=text.split(" will ")[0] if " will " in text else None,
        action=None, modality="has" if done else "consider" if hedged else "will",
        firmness="done" if done else "hedged" if hedged else "firm", status="done" if done else "planned",
        section="Background", money=money, quantities=qty, dates=dates, position=i,
    )


def versions_records() -> tuple[Announcement, Announcement, str]:
    old_txt, new_txt = versions_text()
    try:
        from parsers import parse_document

        old = parse_document(old_txt.encode(), name="before.txt")
        new = parse_document(new_txt.encode(), name="after.txt")
        if len(old.commitments) >= 8:
            return old, new, "parser"
    except ImportError:
        pass
    quote = (Quote("Catherine McKinnell", "Minister for School Standards", QUOTE, (QUOTE,), 1),)

    def build(text: str) -> Announcement:
        bullets = [line[2:] for line in text.splitlines() if line.startswith("- ")]
        return Announcement(title="SEND places", quotes=quote, commitments=tuple(_hand_commitment(b, i) for i, b in enumerate(bullets)))

    return build(old_txt), build(new_txt), "hand-built"


LONG_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "long-press-releases"
EVAL_PAIRS = Path(__file__).resolve().parents[1] / "eval" / "changes"
LONG_MIN = 25  # commitments a side


def _edit_body(body: str) -> str:
    """A later version of a release body: re-costed, softened, retyped, one paragraph dropped, one added."""
    body = re.sub(r"£(\d+)", lambda m: f"£{int(m.group(1)) + 20}", body, count=1)
    body = body.replace(" will provide ", " aims to provide ", 1)
    body = body.replace("'", "’", 1)
    paras = re.findall(r"<p>[^<]*</p>", body)
    if len(paras) > 6:
        body = body.replace(paras[5], "", 1)  # dropped
        body = body.replace(paras[2], paras[2] + f"\n\n<p>{ADDED}</p>", 1)  # added
    return body


def _long_from_fixtures() -> tuple[Announcement, Announcement, str] | None:
    import json

    from parsers import parse_content_item

    best = None
    for path in sorted(LONG_FIXTURES.glob("*.json")) if LONG_FIXTURES.is_dir() else []:
        item = json.loads(path.read_text(encoding="utf-8"))
        old = parse_content_item(item)
        edited = {**item, "details": {**item["details"], "body": _edit_body(item["details"]["body"])}}
        new = parse_content_item(edited)
        size = min(len(old.commitments), len(new.commitments))
        if size >= LONG_MIN and (best is None or size > best[0]):
            best = (size, old, new, f"fixture {path.name}, scripted edits")
    return best[1:] if best else None


def _long_from_eval() -> tuple[Announcement, Announcement, str]:
    """Before and after sides of consecutive eval pairs, concatenated until each has LONG_MIN commitments."""
    from parsers import parse_document
    from scoring.differ_eval import side_path, list_pairs

    olds: list[Announcement] = []
    news: list[Announcement] = []
    for folder in list_pairs(EVAL_PAIRS):
        before, after = side_path(folder, "before"), side_path(folder, "after")
        olds.append(parse_document(before.read_bytes(), name=before.name))
        news.append(parse_document(after.read_bytes(), name=after.name))
        if min(sum(len(a.commitments) for a in side) for side in (olds, news)) >= LONG_MIN:
            break

    def cat(docs: list[Announcement]) -> Announcement:
        return replace(docs[0], commitments=tuple(c for d in docs for c in d.commitments),
                       quotes=tuple(q for d in docs for q in d.quotes))

    return cat(olds), cat(news), f"{len(olds)} eval pairs concatenated"


def long_versions() -> tuple[Announcement, Announcement, str]:
    """Two versions of a long release: from the long fixtures when one is long enough, else eval pairs."""
    return _long_from_fixtures() or _long_from_eval()


def measure(old: Announcement, new: Announcement, runs: int) -> list[float]:
    """Milliseconds a diff, `runs` times after a warm-up, sorted."""
    for _ in range(20):
        diff_announcements(old, new)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        diff_announcements(old, new)
        times.append((time.perf_counter() - t0) * 1000)
    return sorted(times)


def report(label: str, old: Announcement, new: Announcement, source: str, runs: int,
           aim: tuple[float, float] | None = None) -> None:
    """Print the pair's size and the diff's median and p95 in milliseconds, against an aim if given."""
    changes = diff_announcements(old, new)
    times = measure(old, new, runs)
    med, p95 = statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]
    verdict = ""
    if aim:
        ok = med <= aim[0] and p95 <= aim[1]
        verdict = f"  [aim median <= {aim[0]:g}, p95 <= {aim[1]:g}: {'ok' if ok else 'MISSED'}]"
    print(f"{label} ({source}): {len(old.commitments)} → {len(new.commitments)} commitments, "
          f"{len(changes)} changes, {sum(map(is_flagged, changes))} flagged")
    print(f"  over {runs} runs: median {med:.3f} ms, p95 {p95:.3f} ms{' (target < 5 ms)' if aim else ''}{verdict}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=1000)
    args = ap.parse_args(argv)
    old, new, source = versions_records()
    report("(a) typical release", old, new, f"records: {source}", args.runs, aim=(1.5, 3.0))
    old, new, source = long_versions()
    report("(b) long release", old, new, source, args.runs, aim=(5.0, 5.0))
    rekeyed = replace(new, commitments=tuple(replace(c, key=f"re-{c.key}") for c in new.commitments))
    report("(c) long release, every key changed", old, rekeyed, "for information", max(1, args.runs // 5))
    return 0


if __name__ == "__main__":
    sys.exit(main())
