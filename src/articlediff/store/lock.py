"""The store's write lock: one writer at a time, waiting a bounded time for its turn.

An advisory ``flock`` on ``.git/articlediff.lock`` is released by the kernel when its holder
exits, however it exits, so a killed save can never leave the store locked. The file itself
stays; it only records the last holder's PID for the "store is busy" message.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from articlediff.errors import StoreBusyError

DEFAULT_WAIT_SECONDS = 30.0
_POLL_SECONDS = 0.01


def lock_wait_seconds() -> float:
    """The wait allowed for the lock: ``ARTICLEDIFF_LOCK_TIMEOUT`` seconds, else 30."""
    value = os.environ.get("ARTICLEDIFF_LOCK_TIMEOUT", "")
    try:
        return max(0.0, float(value)) if value else DEFAULT_WAIT_SECONDS
    except ValueError:
        return DEFAULT_WAIT_SECONDS


@contextmanager
def store_lock(path: Path, wait_seconds: float | None = None) -> Iterator[None]:
    """Hold the exclusive lock at ``path`` for the block, waiting up to ``wait_seconds``."""
    wait = lock_wait_seconds() if wait_seconds is None else wait_seconds
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _read_holder(fd)
                    raise StoreBusyError(
                        f"store is busy: another articlediff process{holder} has held its "
                        f"lock for over {wait:g}s; try again later"
                    ) from None
                time.sleep(_POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock


def _read_holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode().strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""
