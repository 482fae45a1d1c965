"""Revisions with the words each added and removed: what ``log`` and ``save`` report.

Kept apart from the writing actions so that ``log`` loads only the store and the diff engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from articlediff.diff import words_changed
from articlediff.errors import InputError
from articlediff.model import Article, Revision
from articlediff.store import Store
from articlediff.timeutil import parse_time


@dataclass(frozen=True)
class RevisionChange:
    """A revision with the words it added and removed against the one before it."""

    revision: Revision
    words_added: int
    words_deleted: int


def body_change(previous: Article | None, current: Article) -> tuple[int, int]:
    """Words added and deleted in the body (a first revision adds all of its words)."""
    return words_changed(previous.body_text if previous else "", current.body_text)


def history_changes(history: Sequence[Revision]) -> list[RevisionChange]:
    """Each revision with its words added and deleted against the one before it."""
    changes = []
    previous: Article | None = None
    for revision in history:
        added, deleted = body_change(previous, revision.article)
        changes.append(RevisionChange(revision, added, deleted))
        previous = revision.article
    return changes


def article_log(
    store: Store,
    article_id: str,
    *,
    since: str | None = None,
    until: str | None = None,
) -> list[RevisionChange]:
    """The article's revisions, oldest first, within an optional window of revision times."""
    start = parse_time(since, store.tz) if since else None
    end = parse_time(until, store.tz) if until else None
    if start and end and end < start:
        raise InputError("--until is earlier than --since")
    return [
        change
        for change in history_changes(store.history(article_id))
        if _within(change.revision.at, start, end)
    ]


def _within(moment: datetime, start: datetime | None, end: datetime | None) -> bool:
    return (start is None or moment >= start) and (end is None or moment <= end)
