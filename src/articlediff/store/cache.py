"""What reading an article's history works out, remembered beside the repository.

Two things cost most when ``log``, ``show`` or ``save`` read an article:

- **its commits**: ``git log -- path`` walks every commit of the store, other articles' too;
- **what ``log`` shows of each revision's text** (words added and deleted, headline): each
  pair of files has to be read and diffed.

Both are kept in ``.git/articlediff/cache/<article path>.json``. The commits are kept with the
branch tip they were read at; when the branch has moved on from that tip, only the commits
since are read (``git log <tip>..HEAD -- path``); when it has moved elsewhere (the tip is no
longer in its history) or across a merge, the whole history is read again. The figures are
keyed by the blobs of the two files compared, so they are never stale. A command may keep
one result of its own there too (``check`` keeps the article's findings), under a key of
everything the result depends on (``kept_result``): a key that differs is a miss. This is
derived data, like git's own commit graph: safe to delete, and every write is best effort
(a read-only store just reads git each time).

**The cache can make a read faster, never change what it says.** A cache file is only ever
written by articlediff from what git said, so each is sealed with an HMAC-SHA256 of its
content and the article's path, keyed by a secret of this clone kept outside the cache
(``.git/articlediff/cache.key``, made on first use, never pushed). A file edited by hand, copied
from another article or another clone, or written by an older version does not match its
seal and is ignored as if it were absent (and replaced on the next read). What a sealed file
names is checked against the object database on every read all the same (see
``Store.revision_files``): each revision's commit must hold the cached blob at the article's
path, and a missing object is reported whether or not the cache is warm. ``verify`` reads
every cache file afresh and reports those that disagree with git; deleting
``.git/articlediff/cache`` (or ``verify --repair``) rebuilds them on the next reads.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from articlediff.errors import StoreError
from articlediff.store.files import write_file
from articlediff.store.gitrepo import LogEntry

CACHE_FOLDER: Final = Path("articlediff") / "cache"
KEY_FILE: Final = Path("articlediff") / "cache.key"
_FORMAT: Final = 2
_KEYS: dict[Path, bytes | None] = {}  # git folder -> this clone's key, read once per process


@dataclass(frozen=True)
class LogFigures:
    """A revision's words added and deleted (against the revision before) and headline."""

    words_added: int
    words_deleted: int
    headline: str


# (blob before, or "" for a first revision; blob after) -> figures
FiguresByPair = dict[tuple[str, str], LogFigures]


@dataclass(frozen=True)
class CachedHistory:
    """The commits that touched the article's file, as read at branch tip ``tip``."""

    tip: str
    entries: tuple[LogEntry, ...]


def cache_path(article_path: str) -> str:
    """The cache file of the article file ``article_path``, relative to the git folder."""
    return f"{CACHE_FOLDER.as_posix()}/{article_path}.json"


class ArticleCache:
    """The cache file of one article."""

    def __init__(self, git_dir: Path, article_path: str) -> None:
        self.git_dir = git_dir
        self.article_path = article_path
        self.relative = cache_path(article_path)
        self.file = git_dir / self.relative
        self._data: dict[str, Any] | None = None  # the file as read once, then as written

    def history(self) -> CachedHistory | None:
        """The cached commits, or ``None`` when there are none or the file is damaged."""
        data = self._read()
        tip, rows = data.get("tip"), data.get("entries")
        if not isinstance(tip, str) or not isinstance(rows, list):
            return None
        entries = []
        times: dict[str, datetime | None] = {}  # each time read once: imports share theirs
        for row in rows:
            entry = _entry(row, times)
            if entry is None:
                return None
            entries.append(entry)
        return CachedHistory(tip, tuple(entries))

    def figures(self) -> FiguresByPair:
        return _figures(self._read())

    def keep_history(self, tip: str, entries: tuple[LogEntry, ...] | list[LogEntry]) -> None:
        data = self._read()
        data["tip"] = tip
        data["entries"] = [
            [e.commit, e.author_date.isoformat(), e.committer_date.isoformat(), e.message, e.blob]
            for e in entries
        ]
        self._write(data)

    def keep_figures(self, figures: FiguresByPair) -> None:
        if not figures:
            return
        data = self._read()
        merged = {**_figures(data), **figures}
        data["figures"] = [
            [before, after, f.words_added, f.words_deleted, f.headline]
            for (before, after), f in merged.items()
        ]
        self._write(data)

    def kept_result(self, name: str, key: str) -> object | None:
        """The value kept under ``name`` if it was kept for ``key``, else ``None``."""
        results = self._read().get("results")
        row = results.get(name) if isinstance(results, dict) else None
        if not (isinstance(row, list) and len(row) == 2 and isinstance(row[0], str)):
            return None
        return row[1] if row[0] == key else None

    def keep_result(self, name: str, key: str, value: object) -> None:
        """Keep ``value`` (JSON) under ``name`` for ``key``, in place of what was kept."""
        data = self._read()
        results = data.get("results")
        data["results"] = {**(results if isinstance(results, dict) else {}), name: [key, value]}
        self._write(data)

    def _read(self) -> dict[str, Any]:
        if self._data is None:
            self._data = self.sealed() or {}
        return self._data

    def sealed(self) -> dict[str, Any] | None:
        """The file's content if it is well formed and its seal matches, else ``None``
        (absent, damaged, edited by hand, another article's or another clone's)."""
        key = clone_key(self.git_dir, create=False)
        try:
            outer = json.loads(self.file.read_bytes())
        except (OSError, ValueError):
            return None
        if key is None or not isinstance(outer, dict) or outer.get("format") != _FORMAT:
            return None
        text, seal = outer.get("data"), outer.get("mac")
        if not (isinstance(text, str) and isinstance(seal, str)):
            return None
        if not hmac.compare_digest(seal, self._seal(key, text)):
            return None
        try:
            data = json.loads(text)
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def exists(self) -> bool:
        return self.file.is_file()

    def stamp(self) -> tuple[int, int, int] | None:
        """What changes whenever the file is written (each write puts a new file in place):
        its inode, size and modification time; ``None`` when there is no file."""
        try:
            info = self.file.stat()
        except OSError:
            return None
        return (info.st_ino, info.st_size, info.st_mtime_ns)

    def _seal(self, key: bytes, text: str) -> str:
        message = f"articlediff-cache/{_FORMAT}\0{self.article_path}\0{text}".encode()
        return hmac.new(key, message, hashlib.sha256).hexdigest()

    def _write(self, data: dict[str, Any]) -> None:
        self._data = data
        key = clone_key(self.git_dir, create=True)
        if key is None:
            return  # nowhere to keep a key: git is read each time
        text = json.dumps(data, ensure_ascii=False)
        outer = {"format": _FORMAT, "mac": self._seal(key, text), "data": text}
        # A read-only store, a full disk, a link or something in the way: git is read again
        # next time (``write_file`` leaves nothing half-written).
        with contextlib.suppress(StoreError):
            write_file(self.git_dir, self.relative, json.dumps(outer, ensure_ascii=False).encode())


def cache_format(file: Path) -> object:
    """The format a cache file says it has (``None`` when it says none)."""
    try:
        outer = json.loads(file.read_bytes())
    except (OSError, ValueError):
        return None
    return outer.get("format") if isinstance(outer, dict) else None


def clone_key(git_dir: Path, *, create: bool) -> bytes | None:
    """This clone's cache key (``.git/articlediff/cache.key``); made when ``create`` and
    absent. ``None`` when there is none and none can be made (a read-only store)."""
    known = _KEYS.get(git_dir)
    if known is not None or (git_dir in _KEYS and not create):
        return known
    path = git_dir / KEY_FILE
    key = _read_key(path)
    if key is None and create:
        key = _make_key(path)
    _KEYS[git_dir] = key
    return key


def _read_key(path: Path) -> bytes | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        return None
    return key if len(key) >= 32 else None


def _make_key(path: Path) -> bytes | None:
    """A new random key, written whole and linked into place only if no other process got
    there first (whose key then wins); ``None`` if it cannot be written."""
    temporary = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        descriptor = os.open(temporary, flags, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as out:
            out.write(os.urandom(32).hex() + "\n")
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    except OSError:
        return None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
    return _read_key(path)


def _entry(row: object, times: dict[str, datetime | None]) -> LogEntry | None:
    """A cached commit, or ``None`` unless ``row`` has exactly the shape written; ``times``
    holds the times already read (``None`` for a time that is not one)."""
    if type(row) is not list or len(row) != 5:
        return None
    commit, author, committer, message, blob = row
    if not (type(author) is str and type(committer) is str and type(message) is str):
        return None
    if not (_is_object_id(commit) and (blob is None or _is_object_id(blob))):
        return None
    author_date = times[author] if author in times else _time(author, times)
    committer_date = times[committer] if committer in times else _time(committer, times)
    if author_date is None or committer_date is None:
        return None
    return LogEntry(commit, author_date, committer_date, message, blob)


def _time(text: str, times: dict[str, datetime | None]) -> datetime | None:
    """``text`` read as an aware time (``None`` if it is not one), kept in ``times``."""
    try:
        moment: datetime | None = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    times[text] = moment if moment is not None and moment.tzinfo is not None else None
    return times[text]


def _figures(data: dict[str, Any]) -> FiguresByPair:
    rows = data.get("figures")
    found: FiguresByPair = {}
    for row in rows if isinstance(rows, list) else []:
        if not (isinstance(row, list) and len(row) == 5):
            continue
        before, after, added, deleted, headline = row
        if (
            isinstance(before, str)
            and isinstance(after, str)
            and isinstance(added, int)
            and isinstance(deleted, int)
            and isinstance(headline, str)
            and added >= 0
            and deleted >= 0
        ):
            found[(before, after)] = LogFigures(added, deleted, headline)
    return found


def _is_object_id(text: object) -> bool:
    return isinstance(text, str) and _OBJECT_ID.fullmatch(text) is not None


_OBJECT_ID: Final = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
