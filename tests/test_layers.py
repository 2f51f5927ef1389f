"""The layers read from the folder names: imports only point down, and no module imports itself round a cycle.

Every import counts, including the ones inside functions: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

# Lower numbers are lower layers; a module may import its own package or any lower layer.
LAYERS = {
    "foundation": 0,                  # errors, settings and shared names, timestamps, URL and terminal safety
    "parsers": 1, "govuk": 1,         # pure parsing; HTTP to GOV.UK (client, rate limits, discovery)
    "replay": 1,                      # the loopback imitation of GOV.UK (a tool, beside the client)
    "differ": 2,                      # pure diffing of parsed records
    "warehouse": 3, "scoring": 3,     # DuckDB storage and planning; the labelled-set scorers
    "outputs": 4,                     # what people read: the Atom feed and the HTML change report
    "chaos": 5,                       # fault injection around the client and the replay
    "flows": 5,                       # Prefect orchestration
    "send_monitor": 6, "deployments": 6,  # entry points: cli, demo, service; deployment definitions
}
PACKAGES = tuple(LAYERS)


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (REPO / package).rglob("*.py"):
            if "snapshot" in path.parts:
                continue  # replay/snapshot/ holds build scripts for the fixture, run as scripts
            parts = list(path.relative_to(REPO).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imports_of(path: Path, name: str, known: dict[str, Path]) -> set[str]:
    """Our modules that `path` imports, resolved to the longest known module name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(path, name, known) for name, path in known.items()}


def test_imports_only_point_down():
    upward = sorted(
        f"{name} imports {target}"
        for name, targets in graph().items() for target in targets
        if LAYERS[target.split(".")[0]] > LAYERS[name.split(".")[0]]
        or (LAYERS[target.split(".")[0]] == LAYERS[name.split(".")[0]] and target.split(".")[0] != name.split(".")[0])
    )
    assert upward == []


def test_no_import_cycles():
    edges = graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the stack, 2 done

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                cycles.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [])
    assert cycles == []


def test_the_graph_sees_real_imports():
    edges = graph()
    assert "foundation.errors" in edges["parsers.content_item"]
    assert "govuk.client" in edges["flows.tasks"]
    assert {t for name, targets in edges.items() if name.startswith("foundation") for t in targets} <= {
        n for n in edges if n.startswith("foundation")}


def test_no_module_imports_another_modules_private_name():
    known = modules()
    private = []
    for name, path in known.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in LAYERS:
                private += [f"{name} imports {node.module}.{a.name}" for a in node.names
                            if a.name.startswith("_") and not a.name.startswith("__")]
    assert private == []
