"""Stress runs report their figures at the end of the session."""

from __future__ import annotations

import os
from typing import Any

FIGURES: dict[str, str] = {}
SECONDS = float(os.environ.get("ARTICLEDIFF_STRESS_SECONDS", "20"))
KILLS = int(os.environ.get("ARTICLEDIFF_STRESS_KILLS", "120"))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for name, text in FIGURES.items():
        terminalreporter.write_line(f"stress {name}: {text}")
