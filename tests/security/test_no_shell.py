"""No shell is ever invoked, and nothing a user types can reach git as an option."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from articlediff.errors import InputError
from articlediff.model import Article
from articlediff.store import Store
from articlediff.store.sync import validate_remote
from tests.conftest import ROOT, Cli, git, repo_state

SOURCES = sorted((ROOT / "src" / "articlediff").rglob("*.py"))


def test_the_source_has_no_shell_calls() -> None:
    found = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "shell":
                found.append(f"{path.name}:{node.value.lineno} shell=")
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                name = f"{node.value.id}.{node.attr}"
                if name in ("os.system", "os.popen", "os.execl", "os.execlp", "os.spawnl"):
                    found.append(f"{path.name}:{node.lineno} {name}")
                if name in ("subprocess.getoutput", "subprocess.getstatusoutput"):
                    found.append(f"{path.name}:{node.lineno} {name}")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("eval", "exec")
            ):
                found.append(f"{path.name}:{node.lineno} {node.func.id}()")
    assert found == []
    assert len(SOURCES) > 20  # the scan saw the package


def test_subprocess_calls_pass_argument_lists() -> None:
    """Every ``subprocess.run``/``Popen`` call passes a list, never one command string."""
    found = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("run", "Popen", "check_output", "call")
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "subprocess"
                and node.args
                and isinstance(node.args[0], (ast.Constant, ast.JoinedStr, ast.BinOp))
            ):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


def test_paths_reach_git_after_a_double_dash() -> None:
    """Every git call of the store that takes paths (log, ls-tree, diff-tree) puts ``--``
    before them, so no path can be read as an option."""
    calls = []
    for path in sorted((ROOT / "src" / "articlediff" / "store").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "git_output"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value in ("log", "ls-tree", "diff-tree")
            ):
                has_dash = any(
                    isinstance(arg, ast.Constant) and arg.value == "--" for arg in node.args
                )
                calls.append((f"{path.name}:{node.lineno}", has_dash))
    assert calls, "the scan found the store's git calls"
    assert [where for where, has_dash in calls if not has_dash] == []


@pytest.mark.parametrize(
    "value", ["-x", "--upload-pack=touch pwned", "--exec=sh", "-oProxyCommand=touch pwned"]
)
def test_option_like_values_are_refused(store: Store, value: str) -> None:
    with pytest.raises(InputError):
        store.commits_after(value)
    with pytest.raises(InputError):
        validate_remote(value)
    with pytest.raises(InputError):
        store.save(f"{value}/x", Article("Headline", ("Body.",)))


def test_option_like_arguments_change_nothing(run: Cli, store_path: Path, tmp_path: Path) -> None:
    pwned = tmp_path / "pwned"
    before = repo_state(store_path)
    for args in (
        ["check", "--since", f"--output={pwned}"],
        ["sync", f"--upload-pack=touch {pwned}"],
        ["sync", "--", f"--upload-pack=touch {pwned}"],
        ["sync", "--", "-oProxyCommand=touch pwned"],
        ["show", "local/x", "--at", f"--output={pwned}"],
    ):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
    assert not pwned.exists()
    assert repo_state(store_path) == before


def test_a_remote_url_cannot_run_commands(store_path: Path, tmp_path: Path) -> None:
    """A remote configured as ``ext::`` (git's command transport) is not run by sync."""
    pwned = tmp_path / "pwned"
    git(store_path, "remote", "add", "origin", f"ext::sh -c touch% {pwned}")
    result = subprocess.run(
        [sys.executable, "-m", "articlediff", "--store", str(store_path), "sync"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 3, result.stderr
    assert not pwned.exists()
    assert len(result.stderr.strip().splitlines()) == 1
