"""Real file-system faults for tests: a small tmpfs that fills up, a read-only bind mount.

Both need mount(2): root, in a container that allows it. Where it is not allowed the test
is skipped and says why; chmod is no substitute, since root writes through file modes.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(*args: str, purpose: str) -> None:
    try:
        result = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    except OSError as error:
        pytest.skip(f"cannot run mount ({error.strerror}): {purpose}")
    if result.returncode != 0:
        why = (result.stderr.strip().splitlines() or ["not allowed"])[-1]
        pytest.skip(f"cannot mount here ({why}): {purpose}")


def _unmount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


@contextmanager
def small_tmpfs(path: Path, size: str = "4m") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``path`` (created) for the block."""
    path.mkdir(parents=True, exist_ok=True)
    _mount(
        "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path),
        purpose="the disk-full tests need a small tmpfs",
    )  # fmt: skip
    try:
        yield path
    finally:
        _unmount(path)


@contextmanager
def read_only(path: Path) -> Iterator[Path]:
    """``path`` (a folder) made read-only in place, for root too: a read-only bind mount of
    the folder onto itself."""
    purpose = "the read-only tests need a read-only bind mount"
    _mount("--bind", str(path), str(path), purpose=purpose)
    try:
        _mount("-o", "remount,bind,ro", str(path), purpose=purpose)
        yield path
    finally:
        _unmount(path)


def free_bytes(folder: Path) -> int:
    stats = os.statvfs(folder)
    return stats.f_bavail * stats.f_frsize


def fill(folder: Path, leave: int = 0, name: str = "filler") -> Path:
    """Fill the file system holding ``folder`` until about ``leave`` bytes are free (a
    tmpfs counts in pages of 4 KiB); returns the file that fills it."""
    filler = folder / name
    with filler.open("ab") as handle:
        remaining = free_bytes(folder) - leave
        chunk = b"\0" * 65536
        try:
            while remaining > 0:
                handle.write(chunk[: min(remaining, len(chunk))])
                remaining -= len(chunk)
            handle.flush()
        except OSError:
            pass  # full already
    return filler
