"""Without the batch extra, ``articlediff batch`` says what to install in one line (exit 2)
and writes nothing; ``--help`` works without it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import Cli, repo_state


@pytest.mark.parametrize("missing", ["dask", "pyarrow", "distributed"])
def test_batch_without_the_extra(
    run: Cli, store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    for name in [name for name in sys.modules if name.split(".")[0] == missing]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, missing, None)  # import fails as when not installed
    before = repo_state(store_path)
    out = tmp_path / "pairs.parquet"
    args = ["--scheduler", "tcp://127.0.0.1:8786"] if missing == "distributed" else []
    result = run("batch", "-o", str(out), *args)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: articlediff batch needs the batch extra ({missing} is not installed): "
        "pip install 'articlediff[batch]'\n"
    )
    assert not out.exists()
    assert repo_state(store_path) == before


def test_batch_help_needs_no_extra(run: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask", None)
    result = run("batch", "--help")
    assert result.exit_code == 0
    assert "--scheduler NAME|ADDRESS" in result.stdout
