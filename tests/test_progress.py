"""Progress people can read: counts, share and an estimate of the time left, on a terminal or in a log."""

from __future__ import annotations

import io

from foundation.terminal import ProgressBar, describe_progress


def test_describe_progress_estimates_the_time_left_from_the_pace_so_far():
    assert describe_progress(0, 3000, 0.0, "pages") == "0/3000 pages (0%)"
    assert describe_progress(300, 3000, 12.5, "pages") == "300/3000 pages (10%), about 1 min 53 s left"
    assert describe_progress(2999, 3000, 60.0) == "2999/3000 (99%), about 0 s left"
    assert describe_progress(3000, 3000, 99.0, "documents") == "3000/3000 documents (100%)"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_bar_writes_one_line_per_step_off_a_terminal_with_its_estimate():
    out, clock = io.StringIO(), Clock()
    bar = ProgressBar(out, label="reparse", unit="documents", clock=clock)
    bar(0, 40)
    clock.now += 5
    bar(10, 40)
    bar(10, 40)  # the same step again: nothing new to say
    clock.now += 15
    bar(40, 40)
    assert out.getvalue().splitlines() == [
        f"reparse [{'.' * 30}] 0/40 documents (0%)",
        f"reparse [{'#' * 7}{'.' * 23}] 10/40 documents (25%), about 15 s left",
        f"reparse [{'#' * 30}] 40/40 documents (100%)",
    ]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_redraws_in_place_on_a_terminal_and_ends_the_line_when_done():
    out, clock = Terminal(), Clock()
    bar = ProgressBar(out, label="first run", clock=clock)
    bar(0, 2)
    clock.now += 1
    bar(1, 2)
    bar(2, 2)
    assert out.getvalue() == (f"\rfirst run [{'.' * 30}] 0/2 pages (0%)\x1b[K"
                              f"\rfirst run [{'#' * 15}{'.' * 15}] 1/2 pages (50%), about 1 s left\x1b[K"
                              f"\rfirst run [{'#' * 30}] 2/2 pages (100%)\x1b[K\n")
