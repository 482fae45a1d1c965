"""The wheel holds what an installed articlediff needs beyond its modules: the demo's sample
revisions, the templates, py.typed, and the ``articlediff`` console script."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "articlediff"


@pytest.mark.slow  # builds a wheel: several seconds
def test_the_wheel_ships_the_demo_sample(tmp_path: Path) -> None:
    # Built from a copy, so that the build's own folders never land in the work tree.
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, project / name)
    shutil.copytree(
        ROOT / "src", project / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), "."],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("articlediff-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        scripts = archive.read(entry_points).decode()
    sample = {
        path.relative_to(PACKAGE.parent).as_posix()
        for path in (PACKAGE / "demo_versions").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert "articlediff/demo_versions/README.md" in sample
    assert len(sample) >= 3
    assert sample <= names, sorted(sample - names)
    assert {"articlediff/py.typed", "articlediff/templates/site.css"} <= names
    assert "articlediff = articlediff.cli:cli" in scripts
