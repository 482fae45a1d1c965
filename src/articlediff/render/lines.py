"""One-line messages about what a command shows or did: a revision's header, files written,
a store verified. The CLI prints them on stderr."""

from __future__ import annotations

from pathlib import Path

from articlediff.common.timeutil import format_time
from articlediff.model import RevisionInfo


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 file``, ``2 files``; ``words`` for an irregular plural (``entries``)."""
    return f"{count} {word}" if count == 1 else f"{count} {words or word + 's'}"


def revision_header(revision: RevisionInfo, *, kind: bool = True) -> str:
    """``gbnews/putin-kim-visit r2 2024-06-19T08:14:00+01:00 update`` (the kind optional)."""
    header = f"{revision.article_id} {revision.label} {format_time(revision.at)}"
    return f"{header} {revision.kind}" if kind else header


def feed_written(entries: int, out: Path) -> str:
    return f"wrote {plural(entries, 'entry', 'entries')} to {out}"


def site_written(files: int, articles: int, outdir: Path) -> str:
    return f"wrote {plural(files, 'file')} for {plural(articles, 'article')} to {outdir}"


def _verified(revisions: int, articles: int) -> str:
    return f"{plural(revisions, 'revision')} of {plural(articles, 'article')}"


def store_verified(revisions: int, articles: int, commits: int) -> str:
    """``verified 7 revisions of 2 articles in 8 commits: ok``."""
    return f"verified {_verified(revisions, articles)} in {plural(commits, 'commit')}: ok"


def store_damaged(problems: int, revisions: int, articles: int) -> str:
    """``store has 2 problems (7 revisions of 2 articles checked)``."""
    return f"store has {plural(problems, 'problem')} ({_verified(revisions, articles)} checked)"


__all__ = [
    "feed_written",
    "plural",
    "revision_header",
    "site_written",
    "store_damaged",
    "store_verified",
]
