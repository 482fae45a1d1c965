"""Fuzz tests count the cases they run; the total is printed at the end of the session."""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, settings

CASES: Counter[str] = Counter()

# Modest in the default run; ``make stress`` and ``make test-all`` run the slow variants.
DEFAULT_EXAMPLES = int(os.environ.get("ARTICLEDIFF_FUZZ_EXAMPLES", "25"))
SLOW_EXAMPLES = int(os.environ.get("ARTICLEDIFF_FUZZ_SLOW_EXAMPLES", "400"))

FAST = settings(
    max_examples=DEFAULT_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SLOW = settings(FAST, max_examples=SLOW_EXAMPLES)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if CASES:
        total = sum(CASES.values())
        parts = ", ".join(f"{name} {count}" for name, count in sorted(CASES.items()))
        terminalreporter.write_line(f"fuzz cases run: {total} ({parts})")
