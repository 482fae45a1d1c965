"""Every third-party module the package imports is a declared dependency (of the package,
or of the optional extra that needs it, `scale`, in the files that may import it).

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
from typing import Any

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "articlediff"


def _normal(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


SCALE_MODULES = ("src/articlediff/app/batch.py",)
"""The files that may import the ``scale`` extra's modules (inside their functions)."""


def _project() -> dict[str, Any]:
    project: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"
    ]
    return project


def declared(extra: str | None = None) -> set[str]:
    """The distributions the core install names, or the extra ``extra`` names."""
    project = _project()
    requirements = project["optional-dependencies"][extra] if extra else project["dependencies"]
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
    wanted = declared()
    scale = declared("scale")
    imports = third_party_imports()
    assert {"click", "yaml", "git", "markupsafe"} <= set(imports)  # the scan sees imports
    undeclared = {}
    for module, files in sorted(imports.items()):
        providers = {_normal(name) for name in distributions.get(module, [])}
        assert providers, f"{module} (imported by {files[0]}) is not installed"
        # The scale extra's modules count as declared in the files that may import them.
        allowed = wanted | scale if set(files) <= set(SCALE_MODULES) else wanted
        if not providers & allowed:
            undeclared[module] = (sorted(providers), files[0])
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"


def test_the_html_cleaner_is_declared_and_importable() -> None:
    """jusText (trafilatura's fallback extractor) imports ``lxml.html.clean``, which lxml 5.2
    moved to the separate ``lxml_html_clean`` project; only a resolver that honours the
    ``lxml[html_clean]`` extra installs it without being told."""
    assert "lxml-html-clean" in declared()
    import lxml.html.clean  # noqa: F401 - the import is the test

    assert importlib.metadata.version("lxml_html_clean")


def test_the_scale_extra_and_its_earlier_name() -> None:
    """``pip install 'articlediff[scale]'`` brings what ``batch`` imports; ``[batch]``, its
    earlier name, is an alias of it; the tests install it."""
    extras = _project()["optional-dependencies"]
    assert {"dask", "distributed", "pandas", "pyarrow"} <= declared("scale")
    assert extras["batch"] == ["articlediff[scale]"]
    assert "articlediff[scale]" in extras["test"]
