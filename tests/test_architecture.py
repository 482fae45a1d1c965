"""The layers stay as drawn in ``ALLOWED`` below (each layer's package docstring says the
same): imports point down only, and no module imports another that (directly or not)
imports it back.

Every import counts, including those inside functions and under ``TYPE_CHECKING``: a lazy
import that points up a layer is still a dependency the layer must not have.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "articlediff"

BOTTOM = frozenset({"errors", "model", "common"})
PURE = BOTTOM | {"diff", "analysis", "render", "notes", "check"}
ALLOWED: dict[str, frozenset[str]] = {
    "errors": frozenset(),
    "common": frozenset({"errors"}),
    "model": frozenset({"errors", "common"}),
    "ingest": BOTTOM,
    "store": BOTTOM | {"ingest"},
    "diff": BOTTOM,
    "analysis": BOTTOM | {"diff"},
    "render": BOTTOM | {"diff", "analysis"},
    "check": BOTTOM | {"diff", "analysis"},
    "notes": BOTTOM | {"diff", "analysis", "render"},
    "site": BOTTOM | {"diff", "analysis", "render", "notes"},
    "app": BOTTOM | {"ingest", "store", "diff", "analysis", "render", "check", "notes", "site"},
    "cli": BOTTOM
    | {"ingest", "store", "diff", "analysis", "render", "check", "notes", "site", "app"},
}
"""What each layer may import, besides itself (the package root only exports, lazily)."""

ROOT_NAMES = frozenset({"__version__"})
"""Names the application layer and the CLI may take from the package root."""


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imported(path: Path, name: str, known: set[str]) -> Iterator[tuple[str, bool]]:
    """(module imported, whether at module level) for each import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    top_level = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        at_top = id(node) in top_level
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, at_top
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                yield (candidate if candidate in known else base), at_top


def layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "articlediff" or len(parts) == 1:
        return None
    return parts[1]


def test_every_module_belongs_to_a_layer() -> None:
    unplaced = [
        name
        for name in modules()
        if layer(name) not in ALLOWED and name not in ("articlediff", "articlediff.__main__")
    ]
    assert unplaced == []


@pytest.mark.parametrize("name", sorted(modules()))
def test_imports_point_down_only(name: str) -> None:
    known = set(modules())
    own = layer(name)
    if own is None or name == "articlediff.__main__":
        return  # the package root and ``python -m`` sit above every layer
    upward = []
    for target, _ in imported(modules()[name], name, known):
        if not target.startswith("articlediff"):
            continue
        if target == "articlediff":
            if own in ("app", "cli"):
                continue
            upward.append(target)
            continue
        other = layer(target)
        if other != own and other not in ALLOWED[own]:
            upward.append(target)
    assert upward == [], f"{name} ({own}) imports {upward}"


def test_pure_layers_do_no_io() -> None:
    """diff, analysis, render, notes and check are pure: no git, files, network or clock."""
    banned = {"subprocess", "git", "os", "socket", "urllib.request", "shutil", "tempfile"}
    known = set(modules())
    offenders = []
    for name, path in modules().items():
        if layer(name) in PURE - BOTTOM:
            offenders += [
                f"{name}: {target}"
                for target, _ in imported(path, name, known)
                if target.split(".")[0] in banned or target in banned
            ]
    assert offenders == []


def test_no_import_cycles() -> None:
    known = set(modules())
    graph = {
        name: {
            target
            for target, at_top in imported(path, name, known)
            if target in known and target != name
        }
        for name, path in modules().items()
    }
    # A package's __init__ importing its own modules is how it re-exports, not a cycle.
    for name in graph:
        graph[name] = {t for t in graph[name] if not name.startswith(t + ".")}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target, [*stack, target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_every_layer_says_what_it_may_import() -> None:
    missing = [
        package
        for package in ALLOWED
        if (PACKAGE / package / "__init__.py").exists()
        and "may import"
        not in (
            ast.get_docstring(
                ast.parse((PACKAGE / package / "__init__.py").read_text(encoding="utf-8"))
            )
            or ""
        )
    ]
    assert missing == []
