"""Start-up stays light: reading the command line loads no heavy module.

Timing is measured in benchmarks/cli_bench.py; this checks the property that keeps it low.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("git", "jinja2", "feedgen", "trafilatura", "lxml", "yaml", "diff_match_patch")


def modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_help_loads_no_heavy_module() -> None:
    loaded = modules_after(
        "from articlediff.cli import cli\n"
        "try:\n    cli(['--help'], prog_name='articlediff')\nexcept SystemExit:\n    pass"
    )
    assert not [name for name in HEAVY if name in loaded]
    assert not [
        name for name in loaded if name.startswith(("articlediff.diff", "articlediff.store"))
    ]


def test_reading_the_store_loads_no_renderer_or_extractor() -> None:
    loaded = modules_after("import articlediff.store, articlediff.render.records")
    assert "git" in loaded
    assert not [name for name in ("jinja2", "feedgen", "trafilatura", "lxml") if name in loaded]
