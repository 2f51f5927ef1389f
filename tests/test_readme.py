"""The README is the user's manual: every command, option, config key, env var, table and view is in it."""

from __future__ import annotations

import re
import tomllib

from foundation.settings import ENVIRONMENT
from send_monitor.cli import build_parser

from conftest import REPO

README = (REPO / "README.md").read_text()


def test_readme_names_both_setup_commands_and_ci_runs_the_test_one():
    assert "make demo" in README and "make test" in README
    assert "make test" in (REPO / ".ci" / "run").read_text()


def test_readme_documents_every_cli_command_and_option():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    rows = {line.split("`")[1].split()[1]: line for line in README.splitlines()
            if line.startswith("| `send-monitor ")}
    for name, command in sub.choices.items():
        assert name in rows, f"no row for send-monitor {name} in the Commands table"
        for action in command._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help":
                    assert flag in rows[name], f"send-monitor {name} {flag} missing from its row"


def test_readme_documents_every_config_key_and_environment_variable():
    config = tomllib.loads((REPO / "send-monitor.toml").read_text())
    for key in config["monitor"]:
        assert f"`{key}`" in README, key
    for key in ("name", "description", "q", "taxon", "filters", "rejects"):
        assert f"`{key}`" in README, key
    for variable in ENVIRONMENT:
        assert variable in README, variable


def test_readme_documents_every_table_and_view():
    names = set()
    for sql in (REPO / "warehouse" / "schema").glob("*.sql"):
        names |= set(re.findall(r"CREATE (?:TABLE|VIEW) (\w+)", sql.read_text()))
    missing = sorted(n for n in names if f"`{n}`" not in README)
    assert not missing, missing
