"""Package attributes loaded on first use (PEP 562), so importing a package stays cheap.

A command that only reads the store should not pay for the diff engine, the renderers or
the HTML extractor just because their package re-exports them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports each name in ``homes`` from its module."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(home), name)

    return __getattr__


def homes_of(exports: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """``{module: (name, ...)}`` turned into ``{name: module}``."""
    return {name: module for module, names in exports.items() for name in names}
