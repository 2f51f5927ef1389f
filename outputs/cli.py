"""The `feed` and `report` commands, added to the `send-monitor` parser."""

from __future__ import annotations

import argparse


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register this package's commands on the CLI's subparsers."""
