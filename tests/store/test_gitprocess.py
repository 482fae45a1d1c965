"""Every git process the store starts goes through ``store.gitprocess``: whatever fails —
git missing, a command exiting with an error — is a ``StoreError`` of one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from articlediff.errors import StoreError
from articlediff.store import gitprocess
from tests.conftest import Cli


def test_output_and_the_callers_wording(store_path: Path) -> None:
    assert gitprocess.output(store_path, ["rev-parse", "--is-inside-work-tree"]) == b"true\n"
    with pytest.raises(StoreError) as raised:
        gitprocess.output(store_path, ["rev-parse", "--verify", "no-such-ref"])
    assert str(raised.value) == "git rev-parse failed: fatal: Needed a single revision"
    with pytest.raises(StoreError, match=r"^cannot read the branch: fatal: "):
        gitprocess.output(store_path, ["cat-file", "-p", "nope"], failure="cannot read the branch")


def test_run_gives_any_exit_status(store_path: Path) -> None:
    assert gitprocess.run(store_path, ["rev-parse", "--verify", "-q", "nope"]).returncode == 1


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        (
            b"fatal: Unable to create '/s/.git/index.lock': File exists.\n\nAnother git "
            b"process seems to be running.\nremove the file manually to continue.\n",
            "fatal: Unable to create '/s/.git/index.lock': File exists.",
        ),
        ("hint: one\nerror: failed to push some refs\n", "error: failed to push some refs"),
        ("warning: x\nsomething went wrong\n", "something went wrong"),
        ("", "git failed"),
    ],
)
def test_reason(printed: str | bytes, expected: str) -> None:
    assert gitprocess.reason(printed) == expected


def test_git_that_cannot_start_is_a_store_error(
    store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    with pytest.raises(StoreError, match=r"^git log failed: cannot run git \(No such file"):
        gitprocess.run(store_path, ["log"])
    with pytest.raises(StoreError, match=r"^cannot list: cannot run git \(No such file"):
        gitprocess.output(store_path, ["ls-tree", "HEAD"], failure="cannot list")
    with pytest.raises(StoreError, match=r"^git cat-file failed: cannot run git"):
        gitprocess.start(store_path, ["cat-file", "--batch"])


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (["list"], None),
        (["show", "local/a"], None),
        (["save", "-", "--id", "local/b"], b"Headline\n\nBody.\n"),
        (["import", "in"], None),
        (["verify"], None),
    ],
)
def test_commands_without_git_fail_in_one_line(
    run: Cli, tmp_path: Path, args: list[str], stdin: bytes | None
) -> None:
    assert run("save", "-", "--id", "local/a", input="Headline\n\nBody.\n").exit_code == 0
    folder = tmp_path / "in" / "local" / "c"
    folder.mkdir(parents=True)
    (folder / "r1.txt").write_text("Headline\n\nText.\n", encoding="utf-8")
    (tmp_path / "no-git-here").mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "articlediff", "--store", str(run.store_path), *args],
        input=stdin,
        capture_output=True,
        cwd=tmp_path,
        env={"PATH": str(tmp_path / "no-git-here"), "HOME": str(tmp_path)},
    )
    stderr = result.stderr.decode()
    assert result.returncode == 3, stderr
    assert len(stderr.strip().splitlines()) == 1 and "cannot run git" in stderr, stderr
