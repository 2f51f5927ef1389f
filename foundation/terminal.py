"""Text from GOV.UK pages made safe to print: a page must never drive the reader's terminal."""

from __future__ import annotations

import os
import re
import time
from typing import Callable, Mapping, TextIO

# C0 controls but tab and newline, DEL, C1 controls (0x9b is a one-byte CSI), and the bidi
# embeddings, overrides and isolates that can make a line read backwards (U+202E).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with control, escape and bidi-control characters shown as \\uXXXX (also valid inside JSON strings)."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _UNSAFE.search(text) else text


_RED, _GREEN, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[0m"
# The differ's marks for removed and added words, as git's --word-diff=plain writes them.
_REMOVED = re.compile(r"\[-(.+?)-\]")
_ADDED = re.compile(r"\{\+(.+?)\+\}")


def color_enabled(stream: TextIO, env: Mapping[str, str] | None = None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set to anything (https://no-color.org)."""
    env = os.environ if env is None else env
    if env.get("NO_COLOR") or env.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def color_word_diff(text: str) -> str:
    """Text marked `[-removed-]` / `{+added+}` with the marks kept and coloured red / green.

    The marks stay so the difference reads without colour too (colour-blind readers, copies).
    """
    text = _REMOVED.sub(lambda m: f"{_RED}[-{m.group(1)}-]{_RESET}", text)
    return _ADDED.sub(lambda m: f"{_GREEN}{{+{m.group(1)}+}}{_RESET}", text)


def describe_progress(done: int, total: int, elapsed: float, unit: str = "") -> str:
    """`300/3000 pages (10%), about 2 min 5 s left`: the estimate is the pace so far."""
    share = f"{done}/{total}{' ' + unit if unit else ''} ({100 * done // max(total, 1)}%)"
    if done <= 0 or done >= total or elapsed <= 0:
        return share
    minutes, seconds = divmod(int(elapsed * (total - done) / done + 0.5), 60)
    return f"{share}, about {f'{minutes} min ' if minutes else ''}{seconds} s left"


class ProgressBar:
    """`label [#####.....] 40/100 pages (40%), about 12 s left` on a terminal, redrawn in place; one line per step elsewhere."""

    WIDTH = 30

    def __init__(self, stream: TextIO, *, label: str, unit: str = "pages",
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.label = label
        self.unit = unit
        self.clock = clock
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self._last: tuple[int, int] | None = None
        self._started: float | None = None

    def __call__(self, done: int, total: int) -> None:
        if not total or (done, total) == self._last:
            return
        now = self.clock()
        if self._started is None:
            self._started = now
        self._last = (done, total)
        filled = self.WIDTH * done // total
        line = (f"{self.label} [{'#' * filled}{'.' * (self.WIDTH - filled)}] "
                f"{describe_progress(done, total, now - self._started, self.unit)}")
        if self.tty:
            # Clear to the end of the line: the estimate can get shorter between redraws.
            self.stream.write("\r" + line + "\x1b[K" + ("\n" if done >= total else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
