"""Exit statuses: each way a command can stop gives one line on stderr and its status, and
only cli/status.py decides the status."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from articlediff.cli.status import ExitStatus
from articlediff.errors import InputError, StoreBusyError
from tests.conftest import SAMPLE_LATEST, Cli

CLI = Path(__file__).resolve().parents[2] / "src" / "articlediff" / "cli"


def test_statuses_are_the_documented_numbers() -> None:
    assert [(s.name, int(s)) for s in ExitStatus] == [
        ("OK", 0),
        ("FINDINGS", 1),
        ("BAD_INPUT", 2),
        ("STORE", 3),
        ("INTERRUPTED", 130),
    ]


@pytest.mark.parametrize(
    ("raised", "status", "stderr"),
    [
        (InputError("cannot read time 'soon'"), 2, "Error: cannot read time 'soon'\n"),
        (StoreBusyError("store is busy"), 3, "Error: store is busy\n"),
        (KeyboardInterrupt(), 130, "interrupted; the store is unchanged\n"),
    ],
)
def test_what_stops_a_command_decides_its_status(
    run: Cli, monkeypatch: pytest.MonkeyPatch, raised: BaseException, status: int, stderr: str
) -> None:
    def stop(*args: object, **kwargs: object) -> None:
        raise raised

    monkeypatch.setattr("articlediff.app.log.article_log", stop)
    result = run("log", "local/story")
    assert (result.exit_code, result.stdout, result.stderr) == (status, "", stderr)


def test_a_closed_pipe_ends_the_command_quietly(run: Cli, store_path: Path) -> None:
    assert run("save", str(SAMPLE_LATEST), "--id", "local/story").exit_code == 0
    command = [sys.executable, "-m", "articlediff", "--store", str(store_path)]
    reader = subprocess.Popen(
        [*command, "show", "local/story"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.close()  # the reader goes away before the article is written
    stderr = reader.stderr.read().decode()
    assert reader.wait() == ExitStatus.FINDINGS
    assert stderr == "local/story r1 2024-06-19T08:14:00+01:00 published\n"


def test_only_the_status_module_exits() -> None:
    """No ``sys.exit`` and no exit status written as a number outside cli/status.py."""
    stray = []
    for path in sorted(CLI.rglob("*.py")):
        if path.name == "status.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = ast.unparse(node.func)
            numbered = any(isinstance(arg, ast.Constant) for arg in node.args)
            if name in ("sys.exit", "exit") or (name.endswith(".exit") and numbered):
                stray.append(f"{path.relative_to(CLI)}:{node.lineno} {ast.unparse(node)}")
    assert stray == []
