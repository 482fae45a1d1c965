"""What reading an article's history works out, remembered beside the repository.

Two things cost most when ``log``, ``show`` or ``save`` read an article:

- **its commits**: ``git log -- path`` walks every commit of the store, other articles' too;
- **what ``log`` shows of each revision's text** (words added and deleted, headline): each
  pair of files has to be read and diffed.

Both are kept in ``.git/articlediff/cache/<article path>.json``. The commits are kept with the
branch tip they were read at; when the branch has moved on from that tip, only the commits
since are read (``git log <tip>..HEAD -- path``); when it has moved elsewhere (the tip is no
longer in its history) or across a merge, the whole history is read again. The figures are
keyed by the blobs of the two files compared, so they are never stale. This is derived data,
like git's own commit graph: safe to delete, and every write is best effort (a read-only
store just reads git each time).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from articlediff.errors import StoreError
from articlediff.store.files import write_file
from articlediff.store.gitrepo import LogEntry

CACHE_FOLDER: Final = Path("articlediff") / "cache"
_FORMAT: Final = 1


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
        for row in rows:
            entry = _entry(row)
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

    def _read(self) -> dict[str, Any]:
        if self._data is None:
            try:
                data = json.loads(self.file.read_bytes())
            except (OSError, ValueError):
                data = {}
            valid = isinstance(data, dict) and data.get("format") == _FORMAT
            self._data = data if valid else {}
        return self._data

    def _write(self, data: dict[str, Any]) -> None:
        data["format"] = _FORMAT
        self._data = data
        # A read-only store, a full disk, a link or something in the way: git is read again
        # next time (``write_file`` leaves nothing half-written).
        with contextlib.suppress(StoreError):
            write_file(self.git_dir, self.relative, json.dumps(data, ensure_ascii=False).encode())


def _entry(row: object) -> LogEntry | None:
    """A cached commit, or ``None`` unless ``row`` has exactly the shape written."""
    if not (isinstance(row, list) and len(row) == 5):
        return None
    commit, author, committer, message, blob = row
    if not all(isinstance(text, str) for text in (commit, author, committer, message)):
        return None
    if not (_is_object_id(commit) and (blob is None or _is_object_id(blob))):
        return None
    try:
        author_date = datetime.fromisoformat(author)
        committer_date = datetime.fromisoformat(committer)
    except ValueError:
        return None
    if author_date.tzinfo is None or committer_date.tzinfo is None:
        return None
    return LogEntry(commit, author_date, committer_date, message, blob)


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
    return isinstance(text, str) and len(text) in (40, 64) and all(c in _HEX for c in text)


_HEX: Final = frozenset("0123456789abcdef")
