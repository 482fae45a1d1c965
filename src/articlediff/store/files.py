"""The store's own files outside git's object database: the working copy of the articles and
their sources, the caches under ``.git/articlediff/``, the lock file.

Three rules hold for every one of them, here in one place:

- **An OS error is one line** naming the file and the cause (``guard_os_error``): no space
  left, a read-only file system, permission denied, a name too long, something in the way.
  ``StoreError`` (exit 3), never a traceback.
- **Nothing is written through a symbolic link** (``check_no_links``): a store cloned from
  elsewhere may commit ``versions/<outlet>`` as a link to any folder on the machine. Every
  path is checked part by part before anything is written, and refused with the link named.
- **A file is replaced whole** (``write_file``): written to a temporary file beside it,
  created exclusively and never through a link, then renamed over it; on failure the
  temporary file is removed, so nothing is left half-written.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from articlediff.errors import StoreError


def os_error_line(path: Path | str, error: OSError, action: str = "write") -> str:
    """One line for ``error``: what could not be done to which file, and why."""
    cause = error.strerror or type(error).__name__
    return f"cannot {action} {path}: {cause}"


@contextmanager
def guard_os_error(path: Path | str, action: str = "write") -> Iterator[None]:
    """Turn an ``OSError`` raised in the block into a ``StoreError`` naming ``path`` and the
    cause ("cannot write <path>: No space left on device")."""
    try:
        yield
    except OSError as error:
        raise StoreError(os_error_line(path, error, action)) from None


def check_no_links(root: Path, relative: str, *, in_the_way: bool = True) -> None:
    """``StoreError`` unless ``root/relative`` can be written without following a link:
    no part of it may be a symbolic link and (``in_the_way``) every part but the last that
    exists must be a folder, and the last, if it exists, a file. Parts that do not exist
    yet are fine."""
    current = root
    parts = relative.split("/")
    for depth, part in enumerate(parts, 1):
        current = current / part
        with guard_os_error(current, "read"):
            try:
                info = os.lstat(current)
            except FileNotFoundError:
                return
            if stat.S_ISLNK(info.st_mode):
                raise StoreError(
                    f"{current} is a symbolic link (to {os.readlink(current)}): articlediff "
                    "never writes through a link; replace it with a real folder or file"
                )
        last = depth == len(parts)
        if not in_the_way:
            if not stat.S_ISDIR(info.st_mode):
                return
            continue
        if not last and not stat.S_ISDIR(info.st_mode):
            raise StoreError(f"{current} is in the way: it should be a folder")
        if last and not stat.S_ISREG(info.st_mode):
            raise StoreError(f"{current} is in the way: it should be a file")


def write_file(root: Path, relative: str, data: bytes) -> None:
    """Replace ``root/relative`` whole with ``data`` (see the module docstring);
    ``StoreError`` naming the file and the cause if it cannot, with nothing left behind."""
    check_no_links(root, relative)
    target = root / relative
    with guard_os_error(target):
        _make_folders(root, relative.split("/")[:-1])
        temporary = target.with_name(f".{target.name}.{os.urandom(4).hex()}.tmp")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(temporary, flags, 0o644)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


def _make_folders(root: Path, parts: list[str]) -> None:
    """Create the folders ``parts`` below ``root`` one at a time (never through a link:
    ``check_no_links`` has looked at those that exist)."""
    current = root
    for part in parts:
        current = current / part
        with contextlib.suppress(FileExistsError):
            os.mkdir(current)
        if os.path.islink(current) or not current.is_dir():
            raise StoreError(f"{current} is in the way: it should be a folder")


def probe_write(folder: Path) -> str | None:
    """Why a new file cannot be written in ``folder`` (e.g. "No space left on device"), or
    ``None`` when one can: the cause git's own message sometimes leaves out."""
    probe = folder / f".articlediff-probe-{os.urandom(4).hex()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            os.write(fd, b"\n")
        finally:
            os.close(fd)
    except OSError as error:
        return error.strerror or type(error).__name__
    finally:
        with contextlib.suppress(OSError):
            os.unlink(probe)
    return None
