"""Page text never reaches a terminal raw: escapes, OSC-8 links and bidi overrides are shown, not obeyed (D9)."""

from __future__ import annotations

import json

import pytest

from foundation.terminal import printable
from send_monitor.cli import main

HOSTILE = ("Funding for SEND places\n\nThe department will fund \x1b[2J\x1b[31m300 places\x1b[0m and "
           "\x1b]8;;https://evil.example/\x07click here\x1b]8;;\x07 in \u202eeno-ekam\u202c 2026.\n")
RAW = ("\x1b", "\x07", "\u202e", "\u202c", "\x9b")


def test_printable_shows_control_and_bidi_characters_as_escapes():
    assert printable("a\x1b[31mb\u202ec\x9bd\te\nf") == "a\\u001b[31mb\\u202ec\\u009bd\te\nf"


@pytest.mark.parametrize("command", [["parse"], ["parse", "--json"], ["diff"], ["diff", "--json"]])
def test_parse_and_diff_print_no_raw_escapes_from_page_text(tmp_path, capsys, command):
    old = tmp_path / "old.txt"
    new = tmp_path / "new.txt"
    old.write_text(HOSTILE.replace("300", "250"), encoding="utf-8")
    new.write_text(HOSTILE, encoding="utf-8")
    args = [command[0], *command[1:], *( [str(new)] if command[0] == "parse" else [str(old), str(new)])]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert not [c for c in RAW if c in out], out
    assert "\\u001b" in out
    if "--json" in command:
        # Still valid JSON, and nothing is lost: the escapes decode to the page's own characters.
        assert "\u202e" in json.dumps(json.loads(out), ensure_ascii=False)
