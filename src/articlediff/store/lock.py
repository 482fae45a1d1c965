"""The store's write lock: one writer at a time, waiting a bounded time for its turn.

An advisory ``flock`` on ``.git/articlediff.lock`` is released by the kernel when its holder
exits, however it exits, so a killed save can never leave the store locked. The file itself
stays: it holds the PID of the current holder (for the "store is busy" message), and a
holder that finishes clears it.

A PID still in the file when the lock is next taken means its holder was killed while
writing. If that process is gone, the git lock files it may have left in the repository
(``index.lock``, ``HEAD.lock``, ``packed-refs.lock``, ``refs/heads/*.lock``, created after it
took the lock and open in no live process) are removed: otherwise git would refuse every
later write. So are git's temporary files (``objects/??/tmp_obj_*`` and the like) and the
temporary copies of files being replaced in the working copy, which are also removed after a
write that failed (``remove_stale_git_files``). A lock whose holder
is alive is never touched.

Once the lock is held, a git operation someone left half-done in the repository (a merge
with conflicts, a rebase, cherry-pick, revert or bisect) refuses the write
(:func:`check_no_git_operation`): a revision committed in the middle of one would be
folded into whatever that operation does next.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from articlediff.errors import StoreBusyError, StoreError
from articlediff.store.files import guard_os_error

LOCK_NAME = "articlediff.lock"  # in the repository's folder: .git/articlediff.lock
DEFAULT_WAIT_SECONDS = 30.0
_POLL_SECONDS = 0.01
_EXIT_WAIT_SECONDS = 2.0


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
    with guard_os_error(path):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise StoreError(
                    f"{path} is a symbolic link: articlediff never writes through a link; remove it"
                ) from None
            raise
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
        previous = _holder_pid(fd)
        if previous is not None and previous != os.getpid() and _gone(previous):
            remove_stale_git_files(path.parent, since=os.fstat(fd).st_mtime)
        with guard_os_error(path):  # e.g. no space left for the holder's PID
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            check_no_git_operation(path.parent)
            yield
        finally:
            os.ftruncate(fd, 0)  # a clean finish: nothing for the next holder to recover
    finally:
        os.close(fd)  # closing the descriptor releases the flock


_OPERATIONS: Final = (
    ("MERGE_HEAD", "a git merge", "git merge --continue", "git merge --abort"),
    ("rebase-merge", "a git rebase", "git rebase --continue", "git rebase --abort"),
    ("rebase-apply", "a git rebase or am", "git rebase --continue", "git rebase --abort"),
    (
        "CHERRY_PICK_HEAD",
        "a git cherry-pick",
        "git cherry-pick --continue",
        "git cherry-pick --abort",
    ),
    ("REVERT_HEAD", "a git revert", "git revert --continue", "git revert --abort"),
    ("BISECT_LOG", "a git bisect", "", "git bisect reset"),
)
"""What git leaves in its folder while an operation is under way: (file, what, finish, undo)."""


def check_no_git_operation(git_dir: Path) -> None:
    """``StoreError`` when ``git_dir`` shows a merge, rebase, cherry-pick, revert or bisect
    in progress (see the module docstring)."""
    for name, what, finish, undo in _OPERATIONS:
        if (git_dir / name).exists():
            how = (
                f"finish it ('{finish}') or undo it ('{undo}')" if finish else f"end it ('{undo}')"
            )
            raise StoreError(
                f"the store is in the middle of {what} ({git_dir.name}/{name}): {how} first"
            )


def _holder_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode().strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def _gone(pid: int, wait: float = _EXIT_WAIT_SECONDS) -> bool:
    """Whether the holder ``pid``, which let the lock go without clearing its PID, is gone.
    A killed process drops its lock as the kernel closes its files, a moment before it is
    dead: it is given ``wait`` seconds to finish dying."""
    deadline = time.monotonic() + wait
    while pid_alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(_POLL_SECONDS)
    return True


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie (a killed, unreaped child)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


def git_lock_files(git_dir: Path) -> list[Path]:
    """The git lock files an articlediff write can leave behind in ``git_dir``."""
    found = [git_dir / name for name in ("index.lock", "HEAD.lock", "packed-refs.lock")]
    found += sorted((git_dir / "refs" / "heads").rglob("*.lock"))
    return [path for path in found if path.is_file()]


def git_temporary_files(git_dir: Path) -> list[Path]:
    """The temporary files a git command that failed (a full disk) or was killed can leave
    in ``git_dir``: loose objects, packs and split-index files being written."""
    objects = git_dir / "objects"
    found = [
        *objects.glob("??/tmp_obj_*"),
        *(objects / "pack").glob("tmp_*"),
        *git_dir.glob("sharedindex_*"),
    ]
    return sorted(path for path in found if path.is_file())


def working_temporary_files(git_dir: Path) -> list[Path]:
    """The temporary files a write killed while replacing a file (``files.write_file``:
    ``.<name>.<8 hex digits>.tmp`` beside it) can leave: in the working copy's
    ``versions/<outlet>/`` and ``sources/<outlet>/`` folders and at its root, and in
    ``.git/articlediff/`` (not its reader-written cache)."""
    root = git_dir.parent
    if git_dir.name != ".git":
        return []
    found = [
        *root.glob(".*.tmp"),
        *root.glob("versions/*/.*.tmp"),
        *root.glob("sources/*/.*.tmp"),
        *(git_dir / "articlediff").glob(".*.tmp"),
    ]
    return sorted(p for p in found if _TEMPORARY.fullmatch(p.name) and p.is_file())


_TEMPORARY: Final = re.compile(r"\..+\.[0-9a-f]{8}\.tmp")


def remove_stale_git_files(git_dir: Path, *, since: float, locks: bool = True) -> list[Path]:
    """Remove the git temporary files and (``locks``: a killed write's) lock files and the
    working copy's temporary files a write left: those created at or after ``since`` (when
    it took the store's lock) that no live process has open. After a write that failed,
    only git's temporary files: git removes its own lock files when it fails, one that is
    there is someone else's, and ``files.write_file`` removes its own temporary file."""
    removed = []
    found = [
        *(git_lock_files(git_dir) if locks else []),
        *git_temporary_files(git_dir),
        *(working_temporary_files(git_dir) if locks else []),
    ]
    for path in found:
        try:
            if path.stat().st_mtime < since - 1 or _open_anywhere(path):
                continue
            path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
    return removed


def _open_anywhere(path: Path) -> bool:
    """Whether a process we can see holds ``path`` open (Linux ``/proc``; else ``False``)."""
    target = str(path.resolve())
    proc = Path("/proc")
    if not proc.is_dir():
        return False
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            for fd in (entry / "fd").iterdir():
                if os.readlink(fd) == target:
                    return True
        except OSError:
            continue
    return False


def _read_holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode().strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""
