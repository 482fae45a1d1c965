"""Start-up stays light: reading the command line loads no heavy module.

Timing is measured in benchmarks/cli_bench.py; this checks the property that keeps it low.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = (
    "git",
    "jinja2",
    "feedgen",
    "trafilatura",
    "lxml",
    "yaml",
    "diff_match_patch",
    "dask",
    "distributed",
    "pyarrow",
    "pandas",
)


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


def test_batch_loads_dask_only_when_it_runs() -> None:
    """``batch --help`` loads nothing heavy; importing the batch module loads the diff
    engine but not Dask, pandas or pyarrow, which load when a batch runs."""
    loaded = modules_after(
        "from articlediff.cli import cli\n"
        "try:\n    cli(['batch', '--help'], prog_name='articlediff')\nexcept SystemExit:\n"
        "    pass"
    )
    assert not [name for name in HEAVY if name in loaded]
    loaded = modules_after("import articlediff.app.batch")
    assert not [name for name in ("dask", "distributed", "pyarrow", "pandas") if name in loaded]


def test_reading_the_store_loads_no_renderer_or_extractor() -> None:
    loaded = modules_after("import articlediff.store, articlediff.render.records")
    assert not [
        name for name in ("git", "jinja2", "feedgen", "trafilatura", "lxml") if name in loaded
    ]


def run_loading(args: list[str], cwd: Path) -> set[str]:
    """The modules loaded by one real run of the command ``args`` in ``cwd``."""
    return modules_after(
        f"import os\nos.chdir({str(cwd)!r})\nfrom articlediff.cli import cli\n"
        f"try:\n    cli({args!r}, prog_name='articlediff')\nexcept SystemExit as exit:\n"
        "    assert not exit.code, exit.code"
    )


def test_everyday_commands_run_without_gitpython(tmp_path: Path) -> None:
    """init, save, log, show, verify and sync run git directly: importing GitPython alone
    would take much of their time."""
    store = tmp_path / "store"
    source = tmp_path / "story.txt"
    source.write_text("Headline\n\nFirst paragraph.\n", encoding="utf-8")
    assert "git" not in run_loading(["init", str(store)], tmp_path)
    save = ["save", str(source), "--id", "news/story", "--at", "2024-01-01T10:00Z"]
    assert "git" not in run_loading(save, store)
    source.write_text("Headline\n\nFirst paragraph, longer.\n", encoding="utf-8")
    save[-1] = "2024-01-01T11:00Z"
    assert "git" not in run_loading(save, store)
    for command in (
        ["log", "news/story"],
        ["show", "news/story", "--at", "2024-01-01T10:30Z"],
        ["verify"],
    ):
        assert "git" not in run_loading(command, store)
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    subprocess.run(["git", "remote", "add", "origin", str(remote)], cwd=store, check=True)
    assert "git" not in run_loading(["sync"], store)
