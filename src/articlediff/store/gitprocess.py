"""Every git process the store starts: a command run to its end (``run``, ``output``), or a
long-running one fed through its pipes (``start``), or one whose output is read as it comes
(``lines``).

This is the one place where git is started, so it is the one place that turns what can go
wrong into a ``StoreError`` of one line, worded by the caller: git missing or not startable,
and (``output``) a command that exits with an error, with the reason git printed.

It is also the one place that sets git's environment (``environment``): replace refs are
ignored (``GIT_NO_REPLACE_OBJECTS``), so ``git replace`` cannot make the store read an
object other than the one a commit names, and git speaks the C locale, so what the store
parses from git's output (push status, messages) is the same on every machine.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Final

from articlediff.errors import StoreError

GIT_ENVIRONMENT: Final = {"GIT_NO_REPLACE_OBJECTS": "1", "LC_ALL": "C", "LANGUAGE": "C"}
"""What the store sets in git's environment, whatever the caller's."""


def run(
    root: Path, args: Sequence[str], stdin: bytes | None = None, failure: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    """``git <args>`` run in ``root`` to its end, its output captured, whatever its exit
    status; ``StoreError`` when git cannot be started."""
    try:
        return subprocess.run(
            ["git", *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            check=False,
            env=environment(),
        )
    except OSError as error:
        raise _not_started(args, failure, error) from None


def output(
    root: Path, args: Sequence[str], stdin: bytes | None = None, failure: str | None = None
) -> bytes:
    """What ``git <args>`` prints; ``StoreError`` if it fails ("``failure``: reason")."""
    result = run(root, args, stdin, failure)
    if result.returncode != 0:
        raise StoreError(f"{_wording(args, failure)}: {reason(result.stderr)}")
    return result.stdout


def start(
    root: Path, args: Sequence[str], *, stdout: int = subprocess.PIPE
) -> subprocess.Popen[bytes]:
    """A long-running ``git <args>`` in ``root``, its stdin and stderr piped (``stdout`` as
    given); ``StoreError`` when git cannot be started."""
    try:
        return subprocess.Popen(
            ["git", *args],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=environment(),
        )
    except OSError as error:
        raise _not_started(args, None, error) from None


def lines(root: Path, args: Sequence[str], failure: str | None = None) -> Iterator[bytes]:
    """What ``git <args>`` prints, line by line as git prints it (memory holds one line, not
    the whole output; what git says on stderr goes to a temporary file, so that git never
    waits on it); ``StoreError`` ("``failure``: reason") when git fails, after the lines it
    printed."""
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(
                ["git", *args],
                cwd=root,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=errors,
                env=environment(),
            )
        except OSError as error:
            raise _not_started(args, failure, error) from None
        assert process.stdout is not None
        try:
            yield from process.stdout
        finally:
            process.stdout.close()
            status = process.wait()
        if status != 0:
            errors.seek(0)
            raise StoreError(f"{_wording(args, failure)}: {reason(errors.read())}")


def environment() -> dict[str, str]:
    """The environment every git process of the store runs in: this process's, with replace
    refs ignored and the C locale (see the module docstring)."""
    return {**os.environ, **GIT_ENVIRONMENT}


def reason(text: str | bytes) -> str:
    """Why git failed, from what it printed: its first ``fatal:`` or ``error:`` line (the
    hints that follow it say less), else its last line."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    said = [line for line in lines if line.startswith(("fatal: ", "error: "))]
    return (said or lines or ["git failed"])[0 if said else -1]


def _wording(args: Sequence[str], failure: str | None) -> str:
    return failure or f"git {args[0]} failed"


def _not_started(args: Sequence[str], failure: str | None, error: OSError) -> StoreError:
    return StoreError(f"{_wording(args, failure)}: cannot run git ({error.strerror or error})")
