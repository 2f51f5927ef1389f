"""Money over time per programme as SVG geometry: one stepped line per page, drawn by the report's template.

Only numbers and our own labels leave here; page titles go to the template, which escapes them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Sequence

from differ.fields import format_gbp
from warehouse.history import MoneyPoint

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 76, 20, 18, 44
# Okabe-Ito: told apart with most colour blindness; each series also has its own dash and marker.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
DASHES = ("", "6 3", "2 3", "8 3 2 3")
MARKERS = ("circle", "square", "triangle", "diamond")


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    label: str  # "£350m"
    version_number: int


@dataclass(frozen=True)
class Series:
    title: str
    base_path: str
    colour: str
    dash: str
    marker: str
    path: str  # SVG path data of the stepped line
    marks: tuple[Mark, ...]


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class Chart:
    programme: str
    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    series: tuple[Series, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    points: tuple[MoneyPoint, ...]


def _nice_step(top: float, ticks: int = 4) -> float:
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def money_chart(programme: str, points: Sequence[MoneyPoint], *, until: datetime) -> Chart:
    """One programme's chart: x is when each version was current, y the money it named; `until` ends open lines."""
    start = min(p.valid_from for p in points)
    end = max([until, *(p.valid_from for p in points), *(p.valid_to for p in points if p.valid_to)])
    if end <= start:
        end = start + timedelta(days=1)
    end += (end - start) * 0.12  # room after the last step, so its value shows as a line, not a dot
    top_amount = max(p.amount_gbp for p in points) or 1.0
    step = _nice_step(top_amount)
    y_max = step * math.ceil(top_amount * 1.1 / step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(at: datetime) -> float:
        return round(LEFT + plot_w * (at - start) / (end - start), 1)

    def y(amount: float) -> float:
        return round(TOP + plot_h * (1 - amount / y_max), 1)

    pages: dict[str, list[MoneyPoint]] = {}
    for p in points:
        pages.setdefault(p.content_id, []).append(p)
    series = []
    for i, (_, mine) in enumerate(sorted(pages.items(), key=lambda kv: kv[1][0].valid_from)):
        mine.sort(key=lambda p: p.valid_from)
        steps: list[str] = []
        for j, p in enumerate(mine):
            stop = mine[j + 1].valid_from if j + 1 < len(mine) else (p.valid_to or end)
            steps.append(f"{'M' if j == 0 else 'L'}{x(p.valid_from)} {y(p.amount_gbp)} L{x(stop)} {y(p.amount_gbp)}")
        last = mine[-1]
        series.append(Series(
            title=last.title or last.base_path, base_path=last.base_path, colour=COLOURS[i % len(COLOURS)],
            dash=DASHES[i % len(DASHES)], marker=MARKERS[i % len(MARKERS)], path=" ".join(steps),
            marks=tuple(Mark(x(p.valid_from), y(p.amount_gbp), format_gbp(p.amount_gbp), p.version_number) for p in mine)))
    y_ticks = tuple(Tick(y(k * step), format_gbp(k * step)) for k in range(int(round(y_max / step)) + 1))
    x_ticks = tuple(Tick(x(at), at.strftime("%Y-%m-%d")) for at in ((start, end) if end - start > timedelta(days=1)
                                                                    else (start,)))
    return Chart(programme, WIDTH, HEIGHT, LEFT, TOP, plot_w, plot_h, tuple(series), y_ticks, x_ticks, tuple(points))


def money_charts(points: Sequence[MoneyPoint], *, until: datetime, limit: int = 20) -> tuple[list[Chart], int]:
    """A chart per programme, those with the most versions first; and how many programmes were left out."""
    by_programme: dict[str, list[MoneyPoint]] = {}
    for p in points:
        by_programme.setdefault(p.programme, []).append(p)
    ordered = sorted(by_programme.items(), key=lambda kv: (-len(kv[1]), kv[0].lower()))
    return [money_chart(name, mine, until=until) for name, mine in ordered[:limit]], max(0, len(ordered) - limit)
