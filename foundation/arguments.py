"""argparse types every command shares: a bad value is one line naming the argument and the rule."""

from __future__ import annotations

import argparse


def port(value: str) -> int:
    """A TCP port, 0-65535."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port: use 0-65535")
    return number


def seconds(value: str) -> float:
    """A finite number of seconds, 0 or more."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not 0 <= number < float("inf"):  # NaN too; a timer cannot wait forever
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds: use 0 or more")
    return number
