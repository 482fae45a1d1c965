"""Golden files: output compared whole with the file that holds what it should be.

After an intended change of output, run the tests concerned with ``UPDATE_GOLDEN=1`` set:
each golden file is rewritten with what the code now prints. Review the diff of the golden
files like any other change before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path


def check_golden(path: Path, text: str, tests: str) -> None:
    """``text`` must equal the golden file at ``path``, byte for byte (``tests``: the pytest
    arguments that regenerate it, for the message)."""
    regenerate = f"UPDATE_GOLDEN=1 .venv/bin/python -m pytest {tests}"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    assert path.exists(), f"{path} missing: run {regenerate}"
    assert text == path.read_bytes().decode("utf-8"), (
        f"{path.name} differs from its golden file; if intended, run {regenerate}"
    )
