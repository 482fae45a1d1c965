"""What reading an article's history works out, remembered beside the repository.

Two things cost most when ``log``, ``show`` or ``save`` read an article:

- **its commits**: ``git log -- path`` walks every commit of the store, other articles' too;
- **what ``log`` shows of each revision's text** (words added and deleted, headline): each
  pair of files has to be read and diffed.

Both are kept in ``.git/articlediff/cache/<article path>.json``. The commits are kept with the
branch tip they were read at; when the branch has moved on from that tip, only the commits
since are read (``git log <tip>..HEAD -- path``), and when it has moved elsewhere (the tip is
no longer in its history) the whole history is read again. The figures are keyed by the blobs
of the two files compared, so they are never stale. This is derived data, like git's own
commit graph: safe to delete, and every write is best effort (a read-only store just reads
git each time).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

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


class ArticleCache:
    """The cache file of one article."""

    def __init__(self, git_dir: Path, article_path: str) -> None:
        self.file = git_dir / CACHE_FOLDER / f"{article_path}.json"

    def history(self) -> CachedHistory | None:
        data = self._read()
        try:
            tip = data["tip"]
            entries = tuple(
                LogEntry(
                    commit=commit,
                    author_date=datetime.fromisoformat(author),
                    committer_date=datetime.fromisoformat(committer),
                    message=message,
                    blob=blob,
                )
                for commit, author, committer, message, blob in data["entries"]
            )
        except (KeyError, TypeError, ValueError):
            return None
        return CachedHistory(tip, entries) if isinstance(tip, str) else None

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
        try:
            data = json.loads(self.file.read_bytes())
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) and data.get("format") == _FORMAT else {}

    def _write(self, data: dict[str, Any]) -> None:
        data["format"] = _FORMAT
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.file.with_name(f".{self.file.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, self.file)
        except OSError:
            pass  # a read-only store: the history is read from git again next time


def _figures(data: dict[str, Any]) -> FiguresByPair:
    found: FiguresByPair = {}
    for item in data.get("figures", []):
        try:
            before, after, added, deleted, headline = item
            found[(str(before), str(after))] = LogFigures(int(added), int(deleted), str(headline))
        except (TypeError, ValueError):
            continue
    return found
