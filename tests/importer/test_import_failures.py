"""A git failure during an import is a store problem: one line, exit 3, never a traceback,
and the store stays valid (the branch moved whole, or not at all)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from articlediff.store import gitprocess
from tests.conftest import Cli, git, repo_state


def revision_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in" / "local" / "a"
    folder.mkdir(parents=True)
    (folder / "r1.txt").write_text("Headline\n\nBody one.\n", encoding="utf-8")
    return tmp_path / "in"


def import_in_a_process(store_path: Path, source: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "articlediff", "--store", str(store_path), "import", str(source)],
        capture_output=True,
        text=True,
    )


def refs(store_path: Path) -> list[str]:
    return git(store_path, "for-each-ref", "--format=%(refname)").split()


def test_fast_import_failing_changes_nothing(store_path: Path, tmp_path: Path) -> None:
    """git cannot write its pack (the pack folder is a file): works as root too."""
    source = revision_folder(tmp_path)
    before = repo_state(store_path)
    pack = store_path / ".git" / "objects" / "pack"
    pack.rename(pack.with_name("pack.moved"))
    pack.write_bytes(b"")
    try:
        result = import_in_a_process(store_path, source)
    finally:
        pack.unlink()
        pack.with_name("pack.moved").rename(pack)
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith("Error: git fast-import failed: ")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert repo_state(store_path) == before
    assert refs(store_path) == ["refs/heads/main"]


def test_git_missing_for_fast_import_changes_nothing(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fast-import, and only it, is started with a PATH that holds no git."""
    source = revision_folder(tmp_path)
    before = repo_state(run.store_path)
    start = gitprocess.start
    nowhere = tmp_path / "no-git-here"
    nowhere.mkdir()

    def start_without_git(root: Path, args: Sequence[str], **options: Any) -> Any:
        if args[0] != "fast-import":
            return start(root, args, **options)
        with monkeypatch.context() as patch:
            patch.setenv("PATH", str(nowhere))
            return start(root, args, **options)

    monkeypatch.setattr(gitprocess, "start", start_without_git)
    result = run("import", str(source))
    assert result.exit_code == 3, result.output
    assert result.stderr == (
        "Error: git fast-import failed: cannot run git (No such file or directory)\n"
    )
    assert repo_state(run.store_path) == before
    assert refs(run.store_path) == ["refs/heads/main"]


def test_stale_index_lock_refuses_before_anything_is_written(
    store_path: Path, tmp_path: Path
) -> None:
    """A stale ``index.lock`` (not one a killed articlediff left, so it is kept) would stop
    the index refresh after the branch moved: the import refuses first, names the file and
    says how to clear it, and has changed nothing."""
    source = revision_folder(tmp_path)
    lock = store_path / ".git" / "index.lock"
    lock.write_bytes(b"")
    old = time.time() - 3600
    os.utime(lock, (old, old))
    before = repo_state(store_path)
    result = import_in_a_process(store_path, source)
    assert result.returncode == 3, result.stderr
    assert result.stderr == (
        f"Error: {lock} exists: a git command is running in this store, or one was stopped "
        f"before it finished; if none is running, remove it (rm {lock}) and try again\n"
    )
    assert lock.exists()
    lock.unlink()
    assert repo_state(store_path) == before
    assert git(store_path, "status", "--porcelain") == ""
    assert refs(store_path) == ["refs/heads/main"]
