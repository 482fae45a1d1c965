"""Every diff format on the sample article and on tricky cases, compared with golden files.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 pytest tests/render`` and review
the changes to ``tests/golden/`` like any other diff.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from articlediff.render import render_diff
from tests import golden_files
from tests.render.cases import CASES

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "diff"

VARIANTS: dict[str, tuple[str, str, dict[str, Any]]] = {
    # name: (format, file suffix, options)
    "plain": ("plain", "txt", {}),
    "plain-all": ("plain", "all.txt", {"context": 10_000}),
    "terminal": ("terminal", "ansi", {"color": True}),
    "terminal-mono": ("terminal", "mono.txt", {"color": False}),
    "markdown": ("markdown", "md", {}),
    "html": ("html", "html", {}),
    "html-side": ("html", "side.html", {"side_by_side": True}),
    "json": ("json", "json", {}),
}


def check_golden(name: str, text: str) -> None:
    golden_files.check_golden(GOLDEN / name, text, "tests/render")


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_golden(case: str, variant: str) -> None:
    fmt, suffix, options = VARIANTS[variant]
    diff, old, new = CASES[case]()
    check_golden(f"{case}.{suffix}", render_diff(diff, old, new, fmt, **options))


@pytest.mark.parametrize("part", ["stat", "fields", "body"])
def test_parts_of_the_sample(part: str) -> None:
    diff, old, new = CASES["sample"]()
    check_golden(f"sample.{part}.txt", render_diff(diff, old, new, "plain", part=part))  # type: ignore[arg-type]


def test_rendering_is_deterministic() -> None:
    for case in CASES.values():
        diff, old, new = case()
        for fmt, _, options in VARIANTS.values():
            assert render_diff(diff, old, new, fmt, **options) == render_diff(
                diff, old, new, fmt, **options
            )
