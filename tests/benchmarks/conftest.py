"""The benchmark helpers live in benchmarks/verdicts (a package beside the bench scripts, not
part of the installed product); make them importable for these tests."""

from __future__ import annotations

import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))
