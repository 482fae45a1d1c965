"""``watch``'s own memory: ``.git/articlediff/watch-state.json``.

What it holds is local and can be rebuilt, never evidence: the validators (``ETag``,
``Last-Modified``) of each listing and article page, when each is next due, the SHA-256 of the
page last saved, failures in a row, and each host's circuit breaker. Losing the file costs
one round of full requests: the next round reads the listings again, every page is fetched
without validators, and unchanged text makes no commit. It lives under ``.git/``, so it is
never committed, pushed or shown by ``git status``.

The file is written whole to a temporary file beside it, flushed to disk and renamed over the
old one: a watch killed at any moment leaves the old state or the new, never half of one.
A file that cannot be read (damaged, or from a newer version) is set aside as
``watch-state.json.bad`` and the watch starts afresh.

One watch at a time per store: ``watch_lock`` holds ``.git/articlediff/watch.lock``.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from articlediff.errors import StoreBusyError, StoreError
from articlediff.store.files import check_no_links, guard_os_error

STATE_DIR: Final = "articlediff"
STATE_NAME: Final = "watch-state.json"
LOCK_FILE: Final = "watch.lock"
VERSION: Final = 1


@dataclass(slots=True)
class ListingState:
    """A feed or sitemap: its validators and when it is next read."""

    validators: dict[str, str] = field(default_factory=dict)
    next_due: str = ""  # ISO time; "" = now
    failures: int = 0


@dataclass(slots=True)
class ArticleState:
    """An article page being followed."""

    article_id: str
    source: str
    first_seen: str  # ISO time the age is counted from
    next_due: str = ""
    validators: dict[str, str] = field(default_factory=dict)
    sha256: str = ""  # of the page last read
    extractor: str = ""  # the articlediff version that read it
    failures: int = 0
    last_fetched: str = ""


@dataclass(slots=True)
class HostState:
    """A host's failures in a row, and until when its circuit breaker is open."""

    failures: int = 0
    open_until: str = ""


@dataclass
class WatchState:
    listings: dict[str, ListingState] = field(default_factory=dict)
    articles: dict[str, ArticleState] = field(default_factory=dict)
    hosts: dict[str, HostState] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "listings": {url: asdict(item) for url, item in sorted(self.listings.items())},
            "articles": {url: asdict(item) for url, item in sorted(self.articles.items())},
            "hosts": {host: asdict(item) for host, item in sorted(self.hosts.items())},
        }

    @classmethod
    def from_json(cls, data: Any) -> WatchState:
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise ValueError("unknown version")
        return cls(
            {url: ListingState(**item) for url, item in data.get("listings", {}).items()},
            {url: ArticleState(**item) for url, item in data.get("articles", {}).items()},
            {host: HostState(**item) for host, item in data.get("hosts", {}).items()},
        )


def state_path(git_dir: Path) -> Path:
    return git_dir / STATE_DIR / STATE_NAME


def load_state(git_dir: Path) -> tuple[WatchState, str]:
    """The saved state, and a note when it could not be read and was set aside."""
    path = state_path(git_dir)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return WatchState(), ""
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror}") from None
    try:
        return WatchState.from_json(json.loads(raw)), ""
    except (ValueError, TypeError, AttributeError):
        with contextlib.suppress(OSError):
            os.replace(path, path.with_name(f"{STATE_NAME}.bad"))
        return WatchState(), f"{path} could not be read; set aside as {STATE_NAME}.bad"


def save_state(git_dir: Path, state: WatchState) -> None:
    """Write ``state`` atomically (a temporary file, flushed, renamed over the old one)."""
    path = state_path(git_dir)
    data = json.dumps(state.to_json(), separators=(",", ":"), sort_keys=True).encode()
    temporary = path.with_name(f".{STATE_NAME}.{os.getpid()}.tmp")
    check_no_links(git_dir, f"{STATE_DIR}/{STATE_NAME}")
    try:
        path.parent.mkdir(exist_ok=True)
        with temporary.open("wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise StoreError(f"cannot write {path}: {error.strerror}") from None


@contextmanager
def watch_lock(git_dir: Path) -> Iterator[None]:
    """Hold the store's watch lock for the block; ``StoreBusyError`` if another watch has it."""
    folder = git_dir / STATE_DIR
    check_no_links(git_dir, f"{STATE_DIR}/{LOCK_FILE}")
    try:
        folder.mkdir(exist_ok=True)
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as error:
        raise StoreError(f"cannot open {folder / LOCK_FILE}: {error.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            who = f" (pid {holder})" if holder.isdigit() else ""
            raise StoreBusyError(
                f"another 'articlediff watch'{who} is running on this store"
            ) from None
        with guard_os_error(folder / LOCK_FILE):  # e.g. no space left for the holder's PID
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def moment_of(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
