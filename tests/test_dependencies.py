"""Every third-party module the package imports is a declared dependency (of the package,
or of the optional extra that needs it, such as `batch`).

An installer only brings what ``pyproject.toml`` names: a module that is present because some
other dependency happened to pull it in (MarkupSafe through Jinja2, lxml's HTML cleaner
through a newer resolver honouring ``lxml[html_clean]``) is missing from an install made by
an older pip, and then a command fails at run time. Every import in ``src/`` counts, also
those inside functions and under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "articlediff"


def _normal(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(*, extras: bool = False) -> set[str]:
    """The distributions ``pyproject.toml`` declares: the dependencies, and with ``extras``
    those of every optional extra but ``test`` (a command such as ``batch`` that needs an
    extra says so when it is missing)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    if extras:
        for name, listed in project.get("optional-dependencies", {}).items():
            if name != "test":
                requirements += listed
    names = set()
    for requirement in requirements:
        match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
        assert match, requirement
        names.add(_normal(match.group()))
    return names


def third_party_imports() -> dict[str, list[str]]:
    """Top-level module -> the files importing it, for modules outside the standard library."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.partition(".")[0]
                if top != "articlediff" and top not in sys.stdlib_module_names:
                    found.setdefault(top, []).append(path.relative_to(ROOT).as_posix())
    return found


def test_every_imported_module_is_a_declared_dependency() -> None:
    distributions = importlib.metadata.packages_distributions()
    wanted = declared(extras=True)
    imports = third_party_imports()
    assert {"click", "yaml", "git", "markupsafe"} <= set(imports)  # the scan sees imports
    undeclared = {}
    for module, files in sorted(imports.items()):
        providers = {_normal(name) for name in distributions.get(module, [])}
        assert providers, f"{module} (imported by {files[0]}) is not installed"
        if not providers & wanted:
            undeclared[module] = (sorted(providers), files[0])
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"


def test_the_html_cleaner_is_declared_and_importable() -> None:
    """jusText (trafilatura's fallback extractor) imports ``lxml.html.clean``, which lxml 5.2
    moved to the separate ``lxml_html_clean`` project; only a resolver that honours the
    ``lxml[html_clean]`` extra installs it without being told."""
    assert "lxml-html-clean" in declared()
    import lxml.html.clean  # noqa: F401 - the import is the test

    assert importlib.metadata.version("lxml_html_clean")
